"""The versioned rule set and the pure evaluation: facts in, findings out."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any

import orjson

from amanah import __version__
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import SEVERITY, Finding, Outcome, Rule, stored_fingerprint
from amanah.compliance.rulesets import (
    att,
    authorisation,
    countries,
    embargo,
    eu_common_position,
    mtcr,
    releasability,
    screening,
)

RULESET_VERSION = "2026.12.1"

RULES: tuple[Rule, ...] = (
    countries.country_codes,
    embargo.un_embargo,
    embargo.other_obligations,
    embargo.atrocity_knowledge,
    att.export_assessment,
    att.diversion,
    mtcr.missile_technology,
    releasability.releasability,
    releasability.know_how,
    releasability.end_use_certificate,
    screening.screening,
    authorisation.authorisation_limits,
    eu_common_position.eu_common_position,
)


@dataclass(frozen=True)
class Assessment:
    ruleset_version: str
    outcome: Outcome
    findings: tuple[Finding, ...]

    @property
    def findings_json(self) -> list[dict[str, Any]]:
        return [dict(_stored(f)) if not f.values else f.as_dict() for f in self.findings]

    @property
    def digest(self) -> str:
        return _digest(self.ruleset_version, [f.fingerprint for f in self.findings])

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking or f.outcome is Outcome.PROHIBITED)

    @property
    def prohibited(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.outcome is Outcome.PROHIBITED)


@lru_cache(maxsize=4096)
def _stored(finding: Finding) -> dict[str, Any]:
    """`Finding.as_dict` of a finding without values, made once: most of a case's findings are
    such (`Rule.passed`, `Rule.constant`), shared by many cases (copied for each; equal
    findings, equal rows)."""
    return finding.as_dict()


def findings_digest(ruleset_version: str, findings: list[dict[str, Any]]) -> str:
    """The digest of stored findings (`Finding.as_dict` rows): equal to the digest of the
    assessment that stored them."""
    return _digest(ruleset_version, [stored_fingerprint(f) for f in findings])


def _digest(ruleset_version: str, fingerprints: list[bytes]) -> str:
    """A fingerprint of an assessment's findings: equal digests, equal findings."""
    return hashlib.blake2b(
        b"".join([ruleset_version.encode(), b"\x1e", *fingerprints]), digest_size=20
    ).hexdigest()


def facts_digest(facts: CaseFacts) -> str:
    """A fingerprint of the facts an assessment reads and of the rules that read them: equal
    digests, equal findings. A bulk re-run compares it with the one its case's current
    assessment was made from and evaluates only the cases whose facts changed (an embargo on
    one state changes the facts of the cases that concern that state, and no others). The
    rules' part is this release's: the rule set's version, every rule's id and version and
    Amanah's own version, so new rules or new reference data re-assess every case. Each
    dataclass is its fields in order (not its cached, worked-out properties), sets sorted."""
    body = orjson.dumps(facts, default=_as_json, option=_AS_JSON)
    return hashlib.blake2b(_RULES_KEY + body, digest_size=20).hexdigest()


_RULES_KEY = orjson.dumps([__version__, RULESET_VERSION, [(r.id, r.version) for r in RULES]])
_AS_JSON = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
_FIELDS: dict[type, Callable[[Any], Any]] = {}


def _as_json(value: Any) -> Any:
    """What orjson does not write itself: a dataclass as its fields (one getter per type: a
    tuple of them, or the one field's value), a set sorted, a Decimal as its digits, any other
    mapping as a dict."""
    getter = _FIELDS.get(type(value))
    if getter is not None:
        return getter(value)
    if is_dataclass(value) and not isinstance(value, type):
        getter = _FIELDS[type(value)] = attrgetter(*(f.name for f in fields(value)))
        return getter(value)
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"facts cannot hold a {type(value).__name__}")


_BY_ID = tuple(sorted(RULES, key=attrgetter("id")))
_SEVERITIES = len(Outcome)
_OUTCOMES = tuple(Outcome)  # by severity


def evaluate(facts: CaseFacts, rules: tuple[Rule, ...] = RULES) -> Assessment:
    """Every rule's findings, the most severe first and, among equals, by rule id (each rule's
    own in the order it gave them); the outcome is the most severe finding's. The findings are
    sorted into one list per severity, with the rules run in the order of their ids: no sort
    of each case's findings."""
    by_severity: list[list[Finding]] = [[] for _ in range(_SEVERITIES)]
    severity = SEVERITY
    for r in _BY_ID if rules is RULES else sorted(rules, key=attrgetter("id")):
        found = r.check(facts, r)
        if not found:
            by_severity[0].append(r.passed)
            continue
        for finding in found:
            by_severity[severity[finding.outcome]].append(finding)
    findings: list[Finding] = []
    outcome = Outcome.PASS
    for level in range(_SEVERITIES - 1, -1, -1):
        if by_severity[level]:
            if not findings:
                outcome = _OUTCOMES[level]
            findings += by_severity[level]
    return Assessment(RULESET_VERSION, outcome, tuple(findings))
