"""The error responses every API operation may give, documented once for the OpenAPI: domain
errors and validation errors share one shape, `{"code", "message", "field"}`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorOut(BaseModel):
    code: str
    message: str
    field: str | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut, "description": "Not logged in, or not allowed"},
    404: {"model": ErrorOut, "description": "No such record (or not visible to the caller)"},
    409: {"model": ErrorOut, "description": "Refused by the rules, or changed by someone else"},
    422: {"model": ErrorOut, "description": "Invalid input; `field` names it"},
    429: {"model": ErrorOut, "description": "Too many failed logins; wait `Retry-After` seconds"},
}


def download(*media_types: str, description: str = "The file") -> dict[int | str, dict[str, Any]]:
    """The OpenAPI of a 200 answer that is a file in one of `media_types` (with the route's
    `response_class=Response`, no JSON is documented for it)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = {media.split(";")[0].strip(): binary for media in media_types}  # no charset
    return {200: {"description": description, "content": content}}
