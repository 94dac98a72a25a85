"""Domain errors: each carries a stable code, a message a person understands and, where one
input is to blame, the field. The web layer maps them to 4xx, the CLI to exit code 2."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from amanah.i18n import N_, Text


class AmanahError(Exception):
    code = "error"
    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        """`message` is a catalogue message (`N_("no case %(id)s")`); `values` fill its
        `%(name)s` places after translation, so the catalogue holds one message, not one per
        value (a value that is itself a message or a code, `amanah.i18n.Text`/`Word`/`Words`, is
        translated too)."""
        self.text = message
        self.values = dict(values or {})
        self.field = field
        super().__init__(message % self.values if self.values else message)

    @property
    def message(self) -> str:
        """The message in the language of the request (pages and the API's `message` alike):
        a message marked with `N_()` where it is raised is in the catalogues; the field names
        and the code stay English."""
        return Text(self.text, self.values).translated()

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(AmanahError):
    code = "invalid_input"
    status = 422


def invalid_from(
    errors: Sequence[Mapping[str, Any]],
    *,
    where: str | None = None,
    drop: Collection[str] = (),
    default_field: str | None = None,
) -> InvalidInput:
    """Pydantic's validation errors reduced to the first one: its field (dotted path, without the
    `drop` parts such as `body`) and its reason, in the reader's language
    (`amanah.i18n.validation`); when `where` is given, the message names the field after it
    (`parties.csv line 3: name: …`)."""
    from amanah.i18n.validation import reason

    first = errors[0]
    field = ".".join(str(p) for p in first["loc"] if p not in drop) or default_field
    why = reason(first)
    if where is None:
        return InvalidInput(why.message, field=field, values=why.values)
    return InvalidInput(N_("%(where)s%(field)s: %(reason)s"), field=field,
                        values={"where": where, "field": field, "reason": why})  # fmt: skip


class NotFound(AmanahError):
    code = "not_found"
    status = 404


class Forbidden(AmanahError):
    code = "forbidden"
    status = 403


class Refused(AmanahError):
    """A request that is well formed but not allowed by the rules of the case lifecycle."""

    code = "refused"
    status = 409


class Conflict(AmanahError):
    """Someone else changed the record first (optimistic locking)."""

    code = "conflict"
    status = 409


class Throttled(AmanahError):
    """Too many failed attempts: the caller must wait `retry_after` seconds."""

    code = "throttled"
    status = 429

    def __init__(
        self, message: str, retry_after: int, *, field: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message, field=field, values=values)
        self.retry_after = retry_after
