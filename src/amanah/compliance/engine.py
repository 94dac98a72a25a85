"""The versioned rule set and the pure evaluation: facts in, findings out."""

from __future__ import annotations

from dataclasses import dataclass

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, worst
from amanah.compliance.rulesets import att, embargo, mtcr, releasability, screening

RULESET_VERSION = "2026.11.1"

RULES: tuple[Rule, ...] = (
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
)


@dataclass(frozen=True)
class Assessment:
    ruleset_version: str
    outcome: Outcome
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking or f.outcome is Outcome.PROHIBITED)

    @property
    def prohibited(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.outcome is Outcome.PROHIBITED)


def evaluate(facts: CaseFacts, rules: tuple[Rule, ...] = RULES) -> Assessment:
    findings = [finding for r in rules for finding in r.run(facts)]
    findings.sort(key=lambda f: (-f.outcome.severity, f.rule_id))
    return Assessment(RULESET_VERSION, worst(findings), tuple(findings))
