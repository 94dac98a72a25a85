"""Text search in queries: case-insensitive "contains", with the typed text taken literally
(a typed % or _ is not a wildcard) on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func


def literal_pattern(text: str) -> str:
    """`text` inside a LIKE pattern that matches it anywhere, its wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def contains(column: ColumnElement[Any] | Any, text: str) -> ColumnElement[bool]:
    """`column` contains `text`, ignoring case."""
    return func.lower(column).like(literal_pattern(text), escape="\\")
