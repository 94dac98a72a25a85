"""A rule is a small pure function with an id, a version and a citation; its docstring is the
text a user reads. A finding is what one rule says about one case.

A finding's reason is a catalogue message with named values (`N_("%(item)s is MTCR Category
I: …")`, values `{"item": …}`), so it reads in each person's language where it is shown, while
the stored reason and the audit trail stay English. A value is data shown as it is
(a name, a control entry, a reference), a number or a date (formatted for the reader's locale),
a stored code (`Code("co_production")`: the code in English, its label where shown), a state
(`Country("IR", "Iran")`: its name in the reader's language where the locale has one), a nested
message (`phrase(N_("end user"))`: its words are translated too) or a list of values (joined
with the reader's list separator). `render` writes a stored finding in any language:
English for the stored `reason`, the reader's through `amanah.present.finding_reason`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeAlias

import orjson

from amanah.compliance.facts import CaseFacts
from amanah.i18n import N_, SEPARATOR


class Outcome(StrEnum):
    PASS = "pass"
    WARNING = "warning"
    NEEDS_APPROVAL = "needs_approval"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        return SEVERITY[self]


SEVERITY = {outcome: n for n, outcome in enumerate(Outcome)}
# a member read from its class, or its value, is a descriptor call (Python 3.11): hot code
# reads these instead
_PROHIBITED = Outcome.PROHIBITED
_VALUES = {outcome: outcome.value for outcome in Outcome}


#: a finding's value as the rules give it (see the module's docstring)
Value: TypeAlias = "str | int | float | date | Code | Country | Phrase | Sequence[Value]"
#: a value as stored with the finding (JSON): str, number, {"date": iso}, {"code": code},
#: {"country": code, "name": English name}, {"message": …, "values": {…}} or a list
Stored: TypeAlias = Any


@dataclass(frozen=True)
class Code:
    """A value that is a stored code (a transfer kind, a classification): the stored English
    reason keeps the code, a reader sees its label (`amanah.labels.LABELS`)."""

    code: str


@dataclass(frozen=True)
class Country:
    """A state: its ISO 3166-1 code and English name (the stored reason's)."""

    code: str
    name: str


@dataclass(frozen=True)
class Phrase:
    """A value that is itself a catalogue message (with values of its own)."""

    message: str
    values: Mapping[str, Value] = field(default_factory=dict, hash=False)


def phrase(message: str, values: Mapping[str, Value] | None = None) -> Phrase:
    return Phrase(message, values or {})


def stored(value: Value) -> Stored:
    """A value as JSON: kept with the finding, read back by `render`."""
    kind = type(value)
    if kind is str or kind is int or kind is float:
        return value
    # the common values first, by their exact type: a bulk re-run stores millions
    if kind is Phrase:
        return {"message": value.message, "values": stored_values(value.values)}  # type: ignore[union-attr]
    if kind is Country:
        return {"country": value.code, "name": value.name}  # type: ignore[union-attr]
    if isinstance(value, str):  # a StrEnum: its code, as an f-string would show it
        return str(value)
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Code):
        return {"code": value.code}
    if isinstance(value, Country):
        return {"country": value.code, "name": value.name}
    if isinstance(value, Phrase):
        return {"message": value.message, "values": stored_values(value.values)}
    if isinstance(value, Sequence):
        return [stored(v) for v in value]
    raise TypeError(f"a finding's value cannot be {type(value).__name__}")


def stored_values(values: Mapping[str, Value]) -> dict[str, Stored]:
    kept: dict[str, Stored] = {}
    for name, v in values.items():
        kind = type(v)  # the common kinds without a call: a bulk re-run stores millions
        if kind is str:
            kept[name] = v
        elif kind is Phrase:
            kept[name] = {"message": v.message, "values": stored_values(v.values)}  # type: ignore[union-attr]
        else:
            kept[name] = stored(v)
    return kept


@dataclass(frozen=True)
class Style:
    """How `render` writes a message: its translation, numbers, dates and codes."""

    translate: Callable[[str], str]
    number: Callable[[int | float], str]
    day: Callable[[str], str]
    label: Callable[[str], str]
    country: Callable[[str, str], str]
    data: Callable[[str], str]  # a value shown as it is (a name, a control entry)


def _same(text: str) -> str:
    return text


#: the stored reason's style: English, numbers grouped by commas, ISO dates
ENGLISH = Style(_same, lambda n: f"{n:,}", _same, _same, lambda _code, name: name, _same)


def render(message: str, values: Mapping[str, Stored], style: Style = ENGLISH) -> str:
    """A message with its stored values, written in `style` (a message without values is
    translated as it is: a `%` in it is then no placeholder)."""
    if style is ENGLISH:
        return _english(message, values) if values else message
    translated = style.translate(message)
    if not values:
        return translated
    return translated % {name: _value(v, style) for name, v in values.items()}


def _value(value: Stored, style: Style) -> str:
    if isinstance(value, str):
        return style.data(value)
    if isinstance(value, int | float):
        return style.number(value)
    if isinstance(value, list):
        return style.translate(SEPARATOR).join(_value(v, style) for v in value)
    if "date" in value:
        return style.day(value["date"])
    if "code" in value:
        return style.label(value["code"])
    if "country" in value:
        return style.country(value["country"], value["name"])
    return render(value["message"], value.get("values") or {}, style)


def _english(message: str, values: Mapping[str, Stored]) -> str:
    """`render` in the `ENGLISH` style without its calls through the style: every stored
    reason is written so."""
    return message % {
        name: v if type(v) is str else _english_value(v) for name, v in values.items()
    }


def _english_value(value: Stored) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, list):
        return SEPARATOR.join([_english_value(v) for v in value])
    if "date" in value:
        return str(value["date"])
    if "code" in value:
        return str(value["code"])
    if "country" in value:
        return str(value["name"])
    nested = value.get("values")
    return _english(value["message"], nested) if nested else str(value["message"])


def reason_in(row: Mapping[str, Any], style: Style) -> str:
    """A stored finding's reason (`Finding.as_dict`) in `style`; a finding stored before its
    rule gave values has only its English reason, which is translated as a message."""
    message = row.get("message")
    if message is None:
        return style.translate(str(row["reason"]))
    return render(message, row.get("values") or {}, style)


#: a stored finding's fields (`Finding.as_dict`), besides `message` and `values`
FINDING_FIELDS = ("rule_id", "rule_version", "outcome", "reason", "citation", "blocking", "level")


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_version: int
    outcome: Outcome
    message: str  # a catalogue message; with `values` it is the reason in any language
    citation: str
    blocking: bool = False
    level: str = ""  # e.g. "leadership" when only leadership may approve
    values: Mapping[str, Stored] = field(default_factory=dict, hash=False)

    @property
    def reason(self) -> str:
        """The reason in English (stored and audited). (Cached by hand, not with
        functools.cached_property, whose lock a forked bulk-assessment worker could inherit
        held.)"""
        text: str | None = self.__dict__.get("_reason")
        if text is None:
            text = render(self.message, self.values) if self.values else self.message
            object.__setattr__(self, "_reason", text)
        return text

    @property
    def fingerprint(self) -> bytes:
        """What an assessment's digest is made of: `fingerprint` of the finding as stored, with
        its message and values in place of the reason they render (equal messages and values,
        equal reasons), so that no reason is rendered for a case whose findings did not change.
        Cached by hand: a finding without values is mostly shared (`Rule.passed`,
        `Rule.constant`)."""
        found: bytes | None = self.__dict__.get("_fingerprint")
        if found is None:
            found = fingerprint((self.rule_id, self.rule_version, _VALUES[self.outcome],
                                 self.message, self.values, self.citation,
                                 self.blocking or self.outcome is _PROHIBITED, self.level))  # fmt: skip
            object.__setattr__(self, "_fingerprint", found)
        return found

    def _fields(self) -> tuple[object, ...]:
        """The values of `FINDING_FIELDS`, in order."""
        return (self.rule_id, self.rule_version, _VALUES[self.outcome], self.reason,
                self.citation, self.blocking or self.outcome is _PROHIBITED, self.level)  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        """The finding as stored; `message` and `values` only when the reason has values (the
        reason of one without is its message)."""
        row: dict[str, object] = dict(zip(FINDING_FIELDS, self._fields(), strict=True))
        if self.values:
            row["message"], row["values"] = self.message, dict(self.values)
        return row


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    citation: str
    check: Callable[[CaseFacts, Rule], list[Finding]]

    @property
    def text(self) -> str:
        return (self.check.__doc__ or "").strip()

    def finding(
        self, outcome: Outcome, message: str, *, blocking: bool = False, level: str = "",
        citation: str | None = None, values: Mapping[str, Value] | None = None,
    ) -> Finding:  # fmt: skip
        """A finding whose reason is `message` (a catalogue message, `N_("…")`) with `values`
        filling its `%(name)s` places."""
        return Finding(self.id, self.version, outcome, message, citation or self.citation,
                       blocking, level, stored_values(values) if values else {})  # fmt: skip

    passed: Finding = field(init=False, repr=False, compare=False)  # the finding when silent

    def __post_init__(self) -> None:
        silent = self.finding(Outcome.PASS, N_("nothing in the facts engages this rule"))
        object.__setattr__(self, "passed", silent)

    def constant(
        self, outcome: Outcome, message: str, *, blocking: bool = False, level: str = "",
        citation: str | None = None,
    ) -> Finding:  # fmt: skip
        """`finding`, made once per distinct set of arguments: a finding whose words do not
        depend on the case (no values) is shared."""
        key = (outcome, message, blocking, level, citation)
        made: dict[tuple[object, ...], Finding] = self.__dict__.setdefault("_constants", {})
        found = made.get(key)
        if found is None:
            found = made[key] = self.finding(outcome, message, blocking=blocking, level=level,
                                             citation=citation)  # fmt: skip
        return found

    def run(self, facts: CaseFacts) -> list[Finding]:
        return self.check(facts, self) or [self.passed]


def rule(
    id: str, version: int, citation: str
) -> Callable[[Callable[[CaseFacts, Rule], list[Finding]]], Rule]:
    def wrap(check: Callable[[CaseFacts, Rule], list[Finding]]) -> Rule:
        return Rule(id, version, citation, check)

    return wrap


def stored_fingerprint(row: Mapping[str, Any]) -> bytes:
    """`Finding.fingerprint` of a stored finding (`Finding.as_dict`, read back); one stored
    before reasons had values has its reason as its message."""
    get = row.get
    return fingerprint((get("rule_id"), get("rule_version"), get("outcome"),
                        get("message", get("reason")), get("values") or {}, get("citation"),
                        get("blocking"), get("level")))  # fmt: skip


def fingerprint(fields: tuple[object, ...]) -> bytes:
    """16 bytes of BLAKE2b of a finding's fields as JSON, with sorted keys: values read back
    from a database (PostgreSQL's jsonb reorders keys) give the fingerprint they were stored
    with."""
    body = orjson.dumps(fields, default=dict, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(body, digest_size=16).digest()


def worst(findings: list[Finding]) -> Outcome:
    return max((f.outcome for f in findings), key=SEVERITY.__getitem__, default=Outcome.PASS)
