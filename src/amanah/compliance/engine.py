"""The versioned rule set and the pure evaluation: facts in, findings out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import FINDING_FIELDS, Finding, Outcome, Rule, fingerprint, worst
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
        return [f.as_dict() for f in self.findings]

    @property
    def digest(self) -> str:
        return _digest(self.ruleset_version, [f.fingerprint for f in self.findings])

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking or f.outcome is Outcome.PROHIBITED)

    @property
    def prohibited(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.outcome is Outcome.PROHIBITED)


def findings_digest(ruleset_version: str, findings: list[dict[str, Any]]) -> str:
    """The digest of stored findings (`Finding.as_dict` rows): equal to the digest of the
    assessment that stored them."""
    return _digest(
        ruleset_version, [fingerprint(f.get(k) for k in FINDING_FIELDS) for f in findings]
    )


def _digest(ruleset_version: str, fingerprints: list[str]) -> str:
    """A fingerprint of an assessment's findings: equal digests, equal findings."""
    body = "\x1e".join([ruleset_version, *fingerprints])
    return hashlib.blake2b(body.encode(), digest_size=20).hexdigest()


def _order(finding: Finding) -> tuple[int, str]:
    return -finding.outcome.severity, finding.rule_id


def evaluate(facts: CaseFacts, rules: tuple[Rule, ...] = RULES) -> Assessment:
    findings = [finding for r in rules for finding in r.run(facts)]
    findings.sort(key=_order)
    return Assessment(RULESET_VERSION, worst(findings), tuple(findings))
