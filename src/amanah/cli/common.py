"""What every command shares: one transaction per command, and bad input as exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanah import bus
from amanah.db.engine import default_engine, migrate, transaction
from amanah.errors import AmanahError

console = Console()
errors = Console(stderr=True)


def fail(error: AmanahError) -> None:
    field = escape(f" [{error.field}]") if error.field else ""
    errors.print(f"[bold red]error{field}:[/] {escape(error.message)}", highlight=False)
    raise typer.Exit(2)


def ready_engine() -> Engine:
    bus.start()
    engine = default_engine()
    migrate(engine)
    return engine


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction for the command; a domain error rolls it back and exits with 2."""
    try:
        with transaction(ready_engine()) as session:
            yield session
    except AmanahError as error:
        fail(error)


def is_tty() -> bool:
    return sys.stdout.isatty()
