"""Codes inside translated sentences (issue 19): a case state, a role or a transfer kind given as
a message's value reads as its words in the reader's language; English keeps the code, as the
stored reasons, the audit trail and the API always had it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.cases.workflow import CaseState
from amanah.errors import InvalidInput, Refused
from amanah.i18n import N_, Text, Word, Words, current_language, gettext, say
from amanah.labels import LABELS, label
from amanah.users.roles import Role

CODES = sorted({state.value for state in CaseState} | {role.value for role in Role})
ARABIC_LETTER = "\u0621-\u064a"


@pytest.fixture
def arabic() -> Iterator[None]:
    token = current_language.set("ar")
    yield
    current_language.reset(token)


@given(st.sampled_from(CODES))
def test_english_keeps_the_code(code: str) -> None:
    assert say(N_("case %(reference)s is %(state)s"), reference="AMN-1", state=Word(code)) == (
        f"case AMN-1 is {code}"
    )
    assert str(Text(N_("case %(reference)s is %(state)s"), {"reference": "A", "state": Word(code)}))


@given(st.sampled_from(CODES))
def test_arabic_reads_the_codes_label(code: str) -> None:
    token = current_language.set("ar")
    try:
        text = say(N_("case %(reference)s is %(state)s"), reference="AMN-1", state=Word(code))
        word = label(code)
    finally:
        current_language.reset(token)
    assert code in LABELS
    assert word in text and not re.search(rf"\b{code}\b", text), text
    assert re.search(f"[{ARABIC_LETTER}]", word), word


def test_a_word_with_its_own_label_reads_that_message(arabic: None) -> None:
    assert Word("approve", N_("Approve")).translated() == gettext("Approve") != "approve"


@given(st.lists(st.sampled_from(CODES), min_size=1, max_size=4))
def test_a_list_of_codes_joins_with_the_readers_separator(codes: list[str]) -> None:
    listed = Words(tuple(Word(code) for code in codes))
    assert listed.translated() == str(listed) == ", ".join(codes)
    token = current_language.set("ar")
    try:
        arabic = listed.translated()
        words = [label(code) for code in codes]
    finally:
        current_language.reset(token)
    assert arabic == "، ".join(words)


def test_a_domain_errors_values_are_words_in_arabic(arabic: None) -> None:
    error = InvalidInput(N_("case %(reference)s is %(state)s"), field="state",
                         values={"reference": "AMN-2026-000007", "state": Word("in_delivery")})  # fmt: skip
    assert label("in_delivery") in error.message and "in_delivery" not in error.message
    assert str(error) == "case AMN-2026-000007 is in_delivery"  # the log's English


def test_a_refusals_problems_join_with_the_arabic_semicolon(arabic: None) -> None:
    refused = Refused(N_("Cannot %(action)s: %(problems)s"),
                      values={"action": Word("approve", N_("Approve")),
                              "problems": Words(("a", "b"), N_("; "))})  # fmt: skip
    assert refused.message.endswith("a؛ b") and "approve" not in refused.message


def test_every_timeline_action_reads_as_words() -> None:
    """A case timeline entry's action (written by `_event`/`_noted` or as a row) has a label,
    so the timeline never shows "rfi sent" as a code in either language."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[3] / "src" / "amanah"
    written = re.compile(
        r"""(?:_event|_noted)\(\s*case,\s*\w+,\s*"([a-z_]+)"|action="([a-z_]+)\""""
    )
    actions = {
        a or b for path in source.rglob("*.py") for a, b in written.findall(path.read_text())
    }
    assert {"rfi_sent", "party_added", "modified"} <= actions
    assert sorted(actions - set(LABELS)) == []


def test_every_audit_verb_and_alert_kind_reads_as_words() -> None:
    """The audit trail's event column and its filter, and the alerts' kind column, show
    `labels.label` of the stored code: each has a label, never "user.roles set" (issue 19)."""
    from amanah.audit.verbs import Verb

    kinds = {"newly_prohibited", "screening_hit", "reassess_authorisation",
             "embargo_renewal_overdue", "end_use_discrepancy", "end_use_violation"}  # fmt: skip
    assert sorted({verb.value for verb in Verb} - set(LABELS)) == []
    assert sorted(kinds - set(LABELS)) == []


def test_every_offset_credit_kind_reads_as_words(arabic: None) -> None:
    from amanah.reference import offset_multipliers

    for kind in offset_multipliers():
        assert kind in LABELS and re.search(f"[{ARABIC_LETTER}]", label(kind)), kind


def test_a_typed_choice_reads_with_its_code_in_arabic(arabic: None) -> None:
    """An enum's choices in a refusal ('expected one of') are what the command line and the
    API expect typed: Arabic gives each one's words and its code, English the codes."""
    from amanah.cases.domain import TransferKind, parse_enum

    with pytest.raises(InvalidInput) as refused:
        parse_enum(TransferKind, "gift", "kind")
    assert f"{label('know_how')} (know_how)" in refused.value.message
    assert "، " in refused.value.message and "'gift'" in refused.value.message
    assert str(refused.value).endswith(
        "expected one of: " + ", ".join(k.value for k in TransferKind)
    )
    assert Word("unknown_code", typed=True).translated() == "unknown code (unknown_code)"


def test_an_rfis_missing_text_and_amanahs_own_actor_read_in_arabic(arabic: None) -> None:
    from amanah.audit.models import AuditEventRow
    from amanah.audit.search import describe
    from amanah.cases.rfi import _text

    with pytest.raises(InvalidInput) as refused:
        _text("  ", "answer")
    assert refused.value.message == "أدخل الرد" and str(refused.value) == "enter the answer"
    row = AuditEventRow(
        actor="system", verb="compliance.assessed", entity_type="case", entity_id="7"
    )
    assert describe(row).startswith("قيّم النظام") and "system" not in describe(row)
    token = current_language.set("en")
    try:
        assert describe(row) == "system assessed case 7"
    finally:
        current_language.reset(token)
