"""Releasability as a specification at its boundaries: an item exactly at the partner's
releasable level may go, one level above may not; an unclassified item needs no
security-of-information agreement, a RESTRICTED one does. And which control entries are
intangible (software and technology): ML21/ML22, MTCR sections D and E, dual-use product groups
D and E — each needing technology release."""

from __future__ import annotations

from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome
from amanah.compliance.rulesets.releasability import is_intangible
from tests.factories.compliance import facts, item, partner


def releasability(case: CaseFacts) -> list[Finding]:
    return [f for f in evaluate(case).findings
            if f.rule_id == "releasability" and f.outcome is not Outcome.PASS]  # fmt: skip


def test_exactly_the_releasable_level_may_go_and_one_above_may_not() -> None:
    at = facts(recipient=partner(releasable_level=Classification.RESTRICTED),
               items=(item(classification=Classification.RESTRICTED),))  # fmt: skip
    assert releasability(at) == []
    above = facts(recipient=partner(releasable_level=Classification.RESTRICTED),
                  items=(item(classification=Classification.CONFIDENTIAL),))  # fmt: skip
    (refused,) = releasability(above)
    assert refused.outcome is Outcome.PROHIBITED and "may receive up to" in refused.reason


def test_only_classified_items_need_a_security_of_information_agreement() -> None:
    no_soia = partner(agreements=())
    plain = item(classification=Classification.UNCLASSIFIED)
    assert releasability(facts(recipient=no_soia, items=(plain,))) == []
    restricted = item(classification=Classification.RESTRICTED)
    (refused,) = releasability(facts(recipient=no_soia, items=(restricted,)))
    assert "no security-of-information agreement" in refused.reason


def test_which_entries_are_software_or_technology() -> None:
    intangible = ["ML21", "ML22.a", "5D002", "5E002", "MTCR-I-2.E.1", "MTCR-II-19.D.1"]
    tangible = ["ML4", "5A002", "MTCR-I-1.A.1", "MTCR-II-19.A.1"]
    assert [is_intangible(parse_control_entry(c)) for c in intangible] == [True] * len(intangible)
    assert [is_intangible(parse_control_entry(c)) for c in tangible] == [False] * len(tangible)
