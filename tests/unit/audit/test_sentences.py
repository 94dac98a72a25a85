"""An audit event reads as a sentence in the reader's language: every verb has its own, the
values (actor, case reference, states) are filled in after translation, and an unknown verb
still reads as a sentence naming it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.audit.search import describe
from amanah.audit.verbs import SENTENCES, Verb
from amanah.i18n import current_language

ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"\b(?:case|moved|added|recorded|from)\b")


@dataclass
class Row:
    verb: str
    actor: str = "officer"
    entity_type: str = "case"
    entity_id: str = "3"
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None


def test_every_verb_has_its_own_sentence() -> None:
    assert set(SENTENCES) == set(Verb)
    assert len(set(SENTENCES.values())) == len(SENTENCES)


@pytest.mark.parametrize("language", ["en", "ar"])
@given(
    verb=st.sampled_from(list(Verb)), actor=st.from_regex(r"[a-z][a-z0-9.%]{2,15}", fullmatch=True)
)
def test_a_sentence_names_the_actor_and_the_case_by_its_reference(
    language: str, verb: Verb, actor: str
) -> None:
    token = current_language.set(language)
    try:
        text = describe(Row(verb.value, actor=actor), {"3": "AMN-2026-000003"})
    finally:
        current_language.reset(token)
    if "%(actor)s" in SENTENCES[verb]:
        assert actor in text
    if "%(entity_id)s" in SENTENCES[verb]:
        assert "AMN-2026-000003" in text
    assert "%(" not in text
    if language == "ar":
        assert ARABIC.search(text)
        assert not LATIN_WORD.search(text.replace(actor, ""))


def test_a_transition_names_both_states_in_the_reader_language() -> None:
    row = Row(Verb.CASE_TRANSITIONED.value, before={"state": "draft"}, after={"state": "submitted"})
    assert describe(row) == "officer moved case 3 from Draft to Submitted"
    token = current_language.set("ar")
    try:
        arabic = describe(row, {"3": "AMN-2026-000003"})
    finally:
        current_language.reset(token)
    assert "AMN-2026-000003" in arabic and "Draft" not in arabic and ARABIC.search(arabic)


def test_an_unknown_verb_is_named() -> None:
    assert describe(Row("legacy.thing", entity_type="user")) == "officer did legacy.thing"
