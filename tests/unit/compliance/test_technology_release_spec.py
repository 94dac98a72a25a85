"""Technology release and end-use certificates as a specification: controlled technology
needs the release board before approval (no decision blocks, a refusal prohibits, a grant
clears), a release to a foreign national inside the home state is a deemed export named in the
finding; and the end-use certificate states why each item needs one."""

from __future__ import annotations

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts, PartyFacts, ReleaseDecision
from amanah.compliance.rule import Finding, Outcome
from tests.factories.compliance import facts, item

SOFTWARE = item(description="Fire-control software", control_entries=(parse_control_entry("ML21"),),
                att_category=None)  # fmt: skip


def found(rule_id: str, case: CaseFacts) -> list[Finding]:
    return [
        f for f in evaluate(case).findings if f.rule_id == rule_id and f.outcome is not Outcome.PASS
    ]


def test_technology_waits_for_the_release_board() -> None:
    (pending,) = found("know_how", facts(items=(SOFTWARE,)))
    assert pending.blocking and pending.outcome is Outcome.NEEDS_APPROVAL
    (refused,) = found(
        "know_how", facts(items=(SOFTWARE,), release_decision=ReleaseDecision.REFUSED)
    )
    assert refused.outcome is Outcome.PROHIBITED
    assert (
        found("know_how", facts(items=(SOFTWARE,), release_decision=ReleaseDecision.GRANTED)) == []
    )


def test_a_foreign_national_at_home_is_a_deemed_export_named_first() -> None:
    engineers = (PartyFacts(PartyRole.END_USER, "Dr Amal", "XH", type="person", nationality="XA"),
                 PartyFacts(PartyRole.END_USER, "Dr Bilal", "XH", type="person", nationality="XB"))  # fmt: skip
    (finding,) = found("know_how", facts(items=(SOFTWARE,), parties=engineers))
    assert (
        "release to Dr Amal, a national of" in finding.reason and "deemed export" in finding.reason
    )
    citizen = (PartyFacts(PartyRole.END_USER, "Dr Omar", "XH", type="person", nationality=""),)
    (plain,) = found("know_how", facts(items=(SOFTWARE,), parties=citizen))
    assert "deemed export" not in plain.reason


def reason_for(**changes: object) -> str:
    (finding,) = found(
        "end_use_certificate", facts(items=(item(**changes),), documents=frozenset())
    )
    assert finding.blocking
    return finding.reason


def test_the_certificate_says_why_each_item_needs_one() -> None:
    bare = {
        "control_entries": (),
        "att_category": None,
        "classification": Classification.UNCLASSIFIED,
    }
    assert "(conventional arms (ATT Art. 2(1)))" in reason_for(**{**bare, "att_category": "II"})
    assert "(conventional arms" in reason_for(**{**bare, "un_register_category": "II"})
    assert "(ammunition/munitions" in reason_for(**{**bare, "flags": ("ammunition",)})
    assert "(ammunition/munitions" in reason_for(
        **{**bare, "control_entries": (parse_control_entry("ML4.a"),)}
    )
    assert "(parts and components" in reason_for(**{**bare, "flags": ("parts_components",)})
    assert "(classified)" in reason_for(**{**bare, "classification": Classification.RESTRICTED})
    assert found("end_use_certificate", facts(items=(item(**bare),), documents=frozenset())) == []
    assert (
        found("end_use_certificate", facts(items=(item(kind=TransferKind.SALE),))) == []
    )  # on file


def test_military_list_and_mtcr_items_need_a_certificate_too() -> None:
    bare = {"att_category": None, "classification": Classification.UNCLASSIFIED}
    listed = reason_for(**bare, control_entries=(parse_control_entry("ML11"),))
    assert "(a military-list item)" in listed
    mtcr = reason_for(**bare, control_entries=(parse_control_entry("MTCR-II-19.A.1"),))
    assert "(an MTCR item)" in mtcr
    # each item with its own reason; an item needing none is not named
    plain = item(description="Office chairs", control_entries=(), att_category=None,
                 classification=Classification.UNCLASSIFIED)  # fmt: skip
    (finding,) = found("end_use_certificate", facts(items=(item(), plain), documents=frozenset()))
    assert "Armoured patrol vehicle (conventional arms" in finding.reason
    assert "Office chairs" not in finding.reason


def test_know_how_without_controlled_technology_is_no_deemed_export() -> None:
    """Handing over know-how needs the board, but a release to a foreign national at home is a
    deemed export only of controlled software or technology."""
    course = item(description="Maintenance course", kind=TransferKind.KNOW_HOW,
                  control_entries=(parse_control_entry("ML6"),))  # fmt: skip
    engineer = PartyFacts(PartyRole.END_USER, "Dr Amal", "XH", type="person", nationality="XA")
    (finding,) = found("know_how", facts(items=(course,), parties=(engineer,)))
    assert finding.blocking and "know_how" in finding.reason
    assert "deemed export" not in finding.reason
    # a foreign national abroad: no deemed export either
    abroad = PartyFacts(PartyRole.END_USER, "Dr Amal", "XA", type="person", nationality="XA")
    (plain,) = found("know_how", facts(items=(SOFTWARE,), parties=(abroad,)))
    assert "deemed export" not in plain.reason and "ML21" in plain.reason
    # an ordinary sale of hardware: nothing to release
    assert found("know_how", facts(parties=(engineer,))) == []
