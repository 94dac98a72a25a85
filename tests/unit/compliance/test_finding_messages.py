"""A finding's reason is a catalogue message with values: the stored reason (audit, digest) is
English and as it always was, and a reader sees it in their language, with names and control
entries as typed, numbers in their digits and codes as labels (issue 19)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from amanah import present
from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.engine import evaluate, findings_digest
from amanah.compliance.facts import (
    ART7_GROUNDS,
    CaseFacts,
    PartyFacts,
    ReleaseDecision,
    RiskAssessment,
    RiskLevel,
    ScreeningState,
)
from amanah.compliance.rule import ENGLISH, Finding, reason_in, render
from amanah.compliance.rulesets.notification import notification_threshold
from amanah.i18n import current_digits, current_language, translations
from amanah.partners.domain import RelationshipTier
from tests.factories.compliance import facts, item, partner

CONVERTED = {"mtcr", "releasability", "know_how", "end_use_certificate", "screening",
             "countries", "eu_cp", "notification"}  # fmt: skip


@contextmanager
def speaking(language: str, digits: str = "latn") -> Iterator[None]:
    tokens = current_language.set(language), current_digits.set(digits)
    try:
        yield
    finally:
        current_language.reset(tokens[0])
        current_digits.reset(tokens[1])


def engaging_cases() -> list[CaseFacts]:
    """Facts that make each converted rule speak (every message it has, or nearly)."""
    uav = item(description="UAV", control_entries=(parse_control_entry("MTCR-II-19.A.1"),))
    tech = item(control_entries=(parse_control_entry("5E002"),), att_category=None,
                kind=TransferKind.KNOW_HOW)  # fmt: skip
    engineer = PartyFacts(PartyRole.AGENT, "Visiting engineer", "XH", type="person",
                          nationality="KE")  # fmt: skip
    deemed = facts(items=(tech,), parties=facts().parties + (engineer,))
    risk = RiskAssessment(tuple((g, RiskLevel.LOW) for g in ART7_GROUNDS),
                          eu_criteria=(("1", RiskLevel.OVERRIDING), ("2", RiskLevel.SUBSTANTIAL),
                                       ("5", RiskLevel.OVERRIDING), ("7", RiskLevel.SUBSTANTIAL)))  # fmt: skip
    return [
        facts(
            items=(
                item(
                    control_entries=(parse_control_entry("MTCR-I-1.B.1"),),
                    kind=TransferKind.CO_PRODUCTION,
                ),
                item(control_entries=(parse_control_entry("MTCR-I-1.A.1"),)),
                uav,
                item(flags=frozenset({"wmd_delivery"}), control_entries=(), att_category=None),
                item(
                    description="Shells",
                    att_category=None,
                    control_entries=(parse_control_entry("ML3"),),
                ),
                item(
                    description="Gearbox",
                    att_category=None,
                    control_entries=(),
                    flags=frozenset({"parts_components"}),
                ),
            ),
            documents=frozenset(),
        ),  # fmt: skip
        facts(
            items=(uav,),
            documents=frozenset({"end_use_assurance"}),
            recipient=partner(memberships=frozenset()),
        ),  # fmt: skip
        facts(items=(uav,), documents=frozenset({"end_use_assurance"})),
        facts(
            items=(item(classification=Classification.TOP_SECRET),),
            recipient=partner(agreements=()),
        ),  # fmt: skip
        deemed,
        replace(deemed, release_decision=ReleaseDecision.REFUSED),
        facts(
            parties=(
                PartyFacts(
                    PartyRole.END_USER,
                    "Acme",
                    "XA",
                    screening=ScreeningState.TRUE_MATCH,
                    screening_note="UN QDe.1",
                ),
                PartyFacts(
                    PartyRole.BROKER,
                    "Bcme",
                    "XA",
                    screening=ScreeningState.UNRESOLVED,
                    screening_note="OFAC 123",
                ),
                PartyFacts(PartyRole.CONSIGNEE, "Nowhere Ltd", "YY"),
            )
        ),  # fmt: skip
        facts(recipient=partner(code="YY")),
        facts(options=frozenset({"eu_common_position"}), risk_assessment=risk),
    ]


def findings() -> list[Finding]:
    found = [f for case in engaging_cases() for f in evaluate(case).findings if f.values]
    notified = replace(facts(), recipient=partner(tier=RelationshipTier.PRIORITY),
                       extra={"value_usd": Decimal("123456789.5"),
                              "mde_value_usd": Decimal("60000000")})  # fmt: skip
    return found + notification_threshold.run(notified)


def messages(value: Any) -> Iterator[str]:
    """Every catalogue message inside a stored finding's values."""
    if isinstance(value, list):
        for v in value:
            yield from messages(v)
    elif isinstance(value, dict):
        if "message" in value:
            yield value["message"]
        for v in (value.get("values") or {}).values():
            yield from messages(v)


def test_every_converted_rule_speaks_in_messages_with_values() -> None:
    assert {f.rule_id for f in findings()} >= CONVERTED


def test_the_stored_reason_stays_english_as_before() -> None:
    reasons = {f.reason for f in findings()}
    assert (
        "UAV (MTCR-II-19.A.1) is MTCR Category II and Republic of Alpha is not an MTCR partner: "
        "case-by-case review" in reasons
    )
    assert (
        "the case transfers know_how, Armoured patrol vehicle (5E002), release to Visiting "
        "engineer, a national of Kenya inside the home state (deemed export) and no "
        "release-board decision is recorded" in reasons
    )
    assert (
        "major defence equipment value USD 60,000,000 reaches the priority tier's threshold of "
        "USD 14,000,000: notify, then wait 30 days before signing" in reasons
    )
    assert "the consignee Nowhere Ltd is in 'YY', which is not a known country code: correct it " \
        "before the case can be assessed" in reasons  # fmt: skip


def test_every_message_of_a_finding_is_in_the_arabic_catalogue() -> None:
    catalogue = translations("ar")
    for finding in findings():
        row = finding.as_dict()
        for message in [row["message"], *messages(row["values"])]:
            assert catalogue.gettext(str(message)) != message or message == "%(item)s (%(why)s)", (
                message
            )


def test_a_reader_sees_the_reason_in_arabic_with_names_as_typed() -> None:
    rows = [json.loads(json.dumps(f.as_dict())) for f in findings()]  # as stored (JSON)
    with speaking("ar", digits="arab"):
        shown = {present.finding_reason(row) for row in rows}
    assert (
        "UAV (MTCR-II-19.A.1) من الفئة الثانية في نظام مراقبة تكنولوجيا القذائف (MTCR)، "
        "وRepublic of Alpha ليست شريكاً في النظام: تُراجَع كل حالة على حدة" in shown
    )
    # a code reads as its label, a state by its Arabic name, numbers in Arabic-Indic digits
    assert any("إنتاج مشترك" in text for text in shown)
    assert any("من رعايا كينيا" in text for text in shown)
    assert any("٦٠٬٠٠٠٬٠٠٠" in text for text in shown)
    assert all(not any(w in text for w in ("presumption", "criterion", "release to", "the end user"))
               for text in shown)  # fmt: skip


def test_pages_isolate_names_inside_arabic_text() -> None:
    row = next(f.as_dict() for f in findings() if f.reason.startswith("UAV (MTCR-II-19.A.1) is"))
    with speaking("ar"):
        assert present.finding_reason(row, isolate_names=True).startswith(
            "\u2068UAV\u2069 (\u2068MTCR-II-19.A.1\u2069)"
        )
    with speaking("en"):
        assert "\u2068" not in present.finding_reason(row, isolate_names=True)


def test_the_digest_of_stored_findings_is_the_assessments_digest() -> None:
    for case in engaging_cases():
        result = evaluate(case)
        stored = json.loads(json.dumps(result.findings_json))
        assert findings_digest(result.ruleset_version, stored) == result.digest


def test_a_finding_stored_before_values_reads_as_its_translated_reason() -> None:
    old = {"reason": "nothing in the facts engages this rule"}
    with speaking("ar"):
        assert present.finding_reason(old) == "لا شيء في الوقائع يستدعي تطبيق هذه القاعدة"
    assert reason_in({"reason": "made up"}, ENGLISH) == "made up"


@given(st.text(min_size=1, max_size=40))
def test_any_description_is_kept_as_typed(description: str) -> None:
    """A name with `%`, `%(x)s` or Arabic in it is a value, never part of the format."""
    case = facts(items=(item(description=description, classification=Classification.TOP_SECRET),))
    (finding,) = [f for f in evaluate(case).findings if f.rule_id == "releasability"]
    assert finding.reason.startswith(f"{description} is top_secret;")
    with speaking("ar"):
        assert present.finding_reason(finding.as_dict()).startswith(f"درجة تصنيف {description} هي")


@given(st.dictionaries(st.sampled_from(["a", "b"]), st.integers(-(10**9), 10**9), min_size=2))
def test_numbers_are_grouped_in_english(values: dict[str, int]) -> None:
    assert render("%(a)s and %(b)s", values) == f"{values['a']:,} and {values['b']:,}"


def test_a_user_assigned_code_keeps_its_registered_name() -> None:
    """CLDR names XA a pseudo-locale region: a partner registered as XA keeps its own name."""
    with speaking("ar"):
        assert present.country("XA", "Republic of Alpha") == "Republic of Alpha"
        assert present.country("QZ", "Q-land") == "Q-land"
        assert present.country("KE", "Kenya") == "كينيا"
        assert present.country("XK", "Kosovo") == "كوسوفو"
