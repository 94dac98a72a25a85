"""A rule is a small pure function with an id, a version and a citation; its docstring is the
text a user reads. A finding is what one rule says about one case."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from amanah.compliance.facts import CaseFacts
from amanah.i18n import N_


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


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_version: int
    outcome: Outcome
    reason: str
    citation: str
    blocking: bool = False
    level: str = ""  # e.g. "leadership" when only leadership may approve

    @property
    def fingerprint(self) -> str:
        """`as_dict`'s values as one string, which an assessment's digest is made of. (Cached by
        hand, not with functools.cached_property, whose lock a forked bulk-assessment worker
        could inherit held.)"""
        text: str | None = self.__dict__.get("_fingerprint")
        if text is None:
            text = fingerprint((self.rule_id, self.rule_version, _VALUES[self.outcome],
                                self.reason, self.citation,
                                self.blocking or self.outcome is _PROHIBITED, self.level))  # fmt: skip
            object.__setattr__(self, "_fingerprint", text)
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "rule_version": self.rule_version,
            "outcome": _VALUES[self.outcome],
            "reason": self.reason,
            "citation": self.citation,
            "blocking": self.blocking or self.outcome is _PROHIBITED,
            "level": self.level,
        }


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
        self, outcome: Outcome, reason: str, *, blocking: bool = False, level: str = "",
        citation: str | None = None,
    ) -> Finding:  # fmt: skip
        return Finding(self.id, self.version, outcome, reason, citation or self.citation,
                       blocking, level)  # fmt: skip

    passed: Finding = field(init=False, repr=False, compare=False)  # the finding when silent

    def __post_init__(self) -> None:
        silent = self.finding(Outcome.PASS, N_("nothing in the facts engages this rule"))
        object.__setattr__(self, "passed", silent)

    def constant(
        self, outcome: Outcome, reason: str, *, blocking: bool = False, level: str = "",
        citation: str | None = None,
    ) -> Finding:  # fmt: skip
        """`finding`, made once per distinct set of arguments: a finding whose words do not
        depend on the case is shared, and its fingerprint computed once."""
        key = (outcome, reason, blocking, level, citation)
        made: dict[tuple[object, ...], Finding] = self.__dict__.setdefault("_constants", {})
        found = made.get(key)
        if found is None:
            found = made[key] = self.finding(outcome, reason, blocking=blocking, level=level,
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


def fingerprint(values: Iterable[object]) -> str:
    return "\x1f".join(map(str, values))


def worst(findings: list[Finding]) -> Outcome:
    return max((f.outcome for f in findings), key=SEVERITY.__getitem__, default=Outcome.PASS)
