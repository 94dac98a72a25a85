"""The versioned rule set and the pure evaluation: facts in, findings out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

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
