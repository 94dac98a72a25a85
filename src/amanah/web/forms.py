"""Forms in pages: read and check a posted form, run a change in a savepoint, and on bad input
re-render the same form with every error linked to its field and everything typed kept.

Post/redirect/get throughout: a change that worked redirects with a success banner (`flash`), so
a reload never repeats it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from amanah.errors import AmanahError, Forbidden, InvalidInput, NotFound
from amanah.i18n import N_, gettext
from amanah.web.deps import FLASH_COOKIE, check_csrf

T = TypeVar("T")


@dataclass
class FormState:
    """What a person typed, and what was wrong with it, field by field."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def value(self, name: str, default: object = "") -> str:
        return self.values.get(name, "" if default is None else str(default))

    def error(self, name: str) -> dict[str, str] | None:
        """govukErrorMessage's parameters; its hidden prefix too is in the reader's language."""
        if name not in self.errors:
            return None
        return {"text": self.errors[name], "visuallyHiddenText": gettext(N_("Error"))}

    def error_list(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]


def errors_of(error: Exception, default_field: str = "form") -> dict[str, str]:
    """Each field's first problem, in words, from a domain error or Pydantic's validation."""
    if isinstance(error, ValidationError):
        found: dict[str, str] = {}
        for problem in error.errors():
            name = ".".join(str(p) for p in problem["loc"]) or default_field
            found.setdefault(name, _sentence(str(problem["msg"])))
        return found
    assert isinstance(error, AmanahError)
    return {error.field or default_field: _sentence(error.message)}


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return message[:1].upper() + message[1:]


def attempt(session: Session, change: Callable[[], T]) -> tuple[T | None, dict[str, str]]:
    """Run a change in a savepoint: its result, or nothing stored and the errors it met.

    Forbidden and NotFound are not form errors: they propagate to the error page."""
    savepoint = session.begin_nested()
    try:
        result = change()
    except (Forbidden, NotFound):
        savepoint.rollback()
        raise
    except (AmanahError, ValidationError) as error:
        savepoint.rollback()
        return None, errors_of(error)
    savepoint.commit()
    return result, {}


def done(url: str, message: str) -> Response:
    """Redirect after a change that worked, with its success banner."""
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(FLASH_COOKIE, quote(message), httponly=True, samesite="strict", max_age=60)
    return response


async def posted(request: Request) -> dict[str, str]:
    """The posted text fields, after checking the form came from Amanah (CSRF)."""
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, values.pop("csrf", ""))
    return values


def date_field(values: dict[str, str], name: str) -> date | None:
    """A GOV.UK date input (`name-day`, `name-month`, `name-year`) as a date; empty: not given."""
    parts = [values.get(f"{name}-{p}", "") for p in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            gettext("Enter a real date, for example 27 3 2027"), field=name
        ) from None


def version_of(values: dict[str, str]) -> int | None:
    """The case version a form was drawn at (its hidden `version` field), if it sent one."""
    text = values.get("version", "")
    return int(text) if text.isdigit() and len(text) < 10 else None
