"""The MTCR Guidelines as a specification: Category I production facilities (section B) and
production technology (section E, or any know-how transfer) are not to be authorised; other
Category I items carry a strong presumption of denial (leadership); Category II items need the
recipient government's end-use assurances first (a missing document blocks); an item for the
delivery of weapons of mass destruction is presumed denied and blocks until leadership decides."""

from __future__ import annotations

from amanah.cases.domain import TransferKind
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import facts, item


def mtcr(case: CaseFacts) -> list[Finding]:
    return [
        f for f in evaluate(case).findings if f.rule_id == "mtcr" and f.outcome is not Outcome.PASS
    ]


def test_category_one_production_equipment_is_prohibited_even_when_sold() -> None:
    plant = item(control_entries=(parse_control_entry("MTCR-I-1.B.1"),), kind=TransferKind.SALE)
    assert [f.outcome for f in mtcr(facts(items=(plant,)))] == [Outcome.PROHIBITED]
    technology = item(
        control_entries=(parse_control_entry("MTCR-I-2.E.1"),), kind=TransferKind.SALE
    )
    assert [f.outcome for f in mtcr(facts(items=(technology,)))] == [Outcome.PROHIBITED]
    rocket = item(control_entries=(parse_control_entry("MTCR-I-1.A.1"),), kind=TransferKind.SALE)
    (presumed,) = mtcr(facts(items=(rocket,)))
    assert (presumed.outcome, presumed.level) == (Outcome.NEEDS_APPROVAL, "leadership")


def test_category_two_without_assurances_blocks() -> None:
    uav = item(control_entries=(parse_control_entry("MTCR-II-19.A.1"),))
    (missing,) = mtcr(facts(items=(uav,), documents=frozenset()))
    assert missing.blocking and "end-use assurances" in missing.reason
    (assured,) = mtcr(facts(items=(uav,), documents=frozenset({"end_use_assurance"})))
    assert assured.outcome is Outcome.WARNING and not assured.blocking


def test_the_wmd_catch_all_blocks_at_leadership_level() -> None:
    flagged = item(flags=frozenset({"wmd_delivery"}), control_entries=(), att_category=None)
    (finding,) = mtcr(facts(items=(flagged,)))
    assert finding.blocking and finding.level == "leadership"
    assert finding.outcome is Outcome.NEEDS_APPROVAL
