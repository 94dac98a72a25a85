"""Money, numbers and references inside translated sentences keep their own direction
(issue 19): in Arabic, "US$ 300,000.00" inside "القيمة …، منها …" is an isolate (`<bdi>` on the
pages, FSI … PDI in plain text), so the Arabic around it does not reorder its symbol, digits and
punctuation; English pages are unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.i18n import current_language
from amanah.present import isolate, money
from amanah.web.templating import TEMPLATE_DIR, TEMPLATES

CLEARANCE = ('{{ _("Value %(v)s, of which major defence equipment %(m)s; partner tier: %(t)s.", '
             'v=v|money("USD")|bdi, m=m|money("USD")|bdi, t="strategic"|label) }}')  # fmt: skip
amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)


@pytest.fixture
def arabic() -> Iterator[None]:
    token = current_language.set("ar")
    yield
    current_language.reset(token)


def render(source: str, **values: object) -> str:
    return TEMPLATES.env.from_string(source).render(**values)


@given(amounts, amounts)
def test_money_in_an_arabic_sentence_is_isolated(value: Decimal, mde: Decimal) -> None:
    token = current_language.set("ar")
    try:
        page = render(CLEARANCE, v=value, m=mde)
        shown = (money(value, "USD"), money(mde, "USD"))
    finally:
        current_language.reset(token)
    assert page.startswith("القيمة") or re.match("[\u0621-\u064a]", page), page
    for amount in shown:
        assert f"<bdi>{amount}</bdi>" in page, page


def test_english_reads_the_same_words_with_the_isolate() -> None:
    page = render(CLEARANCE, v=Decimal("300000"), m=Decimal("1000"))
    assert page == ("Value <bdi>$300,000.00</bdi>, of which major defence equipment "
                    "<bdi>$1,000.00</bdi>; partner tier: Strategic.")  # fmt: skip


def test_a_value_is_escaped_inside_its_isolate() -> None:
    assert render("{{ v|bdi }}", v="<b>AMN</b>") == "<bdi>&lt;b&gt;AMN&lt;/b&gt;</bdi>"


@given(st.text(min_size=1, max_size=30))
def test_plain_text_isolates_only_right_to_left(text: str) -> None:
    assert isolate(text) == text
    token = current_language.set("ar")
    try:
        assert isolate(text) == f"\u2068{text}\u2069"
    finally:
        current_language.reset(token)


SENTENCE = re.compile(r"_\(\"[^\"]*\"(?P<values>[^()]*(?:\([^()]*\)[^()]*)*)\)")
FORMATTED = re.compile(r"\|(?:money|number)(?:\([^)]*\))?(?P<after>\|bdi)?")


def test_every_formatted_value_in_a_template_sentence_is_isolated() -> None:
    """A template that inserts money or a number into a `_()` sentence without `|bdi` fails."""
    bare, isolated = [], 0
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        for sentence in SENTENCE.finditer(path.read_text()):
            for value in FORMATTED.finditer(sentence.group("values")):
                if not value.group("after"):
                    bare.append(f"{path.name}: {sentence.group(0)[:80]}")
                isolated += 1
    assert bare == [] and isolated >= 6  # clearances, change, jobs, audit
