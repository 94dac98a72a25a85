"""Gettext, digits and calendars per request: Arabic from the catalogue (compiled in memory
from the .po when no fresh .mo exists), Babel's numbering systems, Hijri dates beside the
Gregorian ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hijridate import Hijri
from hypothesis import given
from hypothesis import strategies as st

import amanah.i18n as i18n
from amanah import labels, present
from amanah.i18n import choose_language, current_digits, current_hijri, current_language, gettext


@contextmanager
def speaking(language: str, digits: str = "latn", hijri: bool = False) -> Iterator[None]:
    tokens = (current_language.set(language), current_digits.set(digits), current_hijri.set(hijri))
    try:
        yield
    finally:
        current_language.reset(tokens[0])
        current_digits.reset(tokens[1])
        current_hijri.reset(tokens[2])


def test_arabic_comes_from_the_catalogue_and_english_is_the_message() -> None:
    with speaking("ar"):
        assert gettext("Cases") == "القضايا"
        assert labels.label("approved") == "موافق عليها"
    with speaking("en"):
        assert gettext("Cases") == "Cases"


def test_the_po_is_compiled_in_memory_when_no_fresh_mo_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = i18n.LOCALE_DIR / "ar" / "LC_MESSAGES" / "messages.po"
    target = tmp_path / "ar" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").write_bytes(source.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert not (target / "messages.mo").exists()
        assert i18n.translations("ar").gettext("Inbox") == "صندوق الوارد"
    finally:
        i18n.translations.cache_clear()


@pytest.mark.parametrize(
    ("header", "language"),
    [("ar-SA,ar;q=0.9,en;q=0.8", "ar"), ("fr-FR,en;q=0.5", "en"), ("", "en"),
     ("ar;q=0,en;q=0.3", "en"), ("de", "en"), ("en-GB,ar;q=0.9", "en"), ("*", "en")],
)  # fmt: skip
def test_accept_language_picks_the_first_language_amanah_speaks(header: str, language: str) -> None:
    assert choose_language(header) == language


@pytest.mark.parametrize(
    ("environ", "language"),
    [({"AMANAH_LANGUAGE": "ar"}, "ar"), ({"LANG": "ar_SA.UTF-8"}, "ar"), ({"LANG": "C.UTF-8"}, "en"),
     ({"LC_ALL": "en_GB.UTF-8", "LANG": "ar_SA.UTF-8"}, "en"), ({}, "en"), ({"LANG": "fr_FR"}, "en")],
)  # fmt: skip
def test_the_command_line_speaks_the_language_of_its_environment(
    environ: dict[str, str], language: str
) -> None:
    assert i18n.process_language(environ) == language


def test_money_and_numbers_in_the_digits_a_person_prefers() -> None:
    with speaking("ar", "arab"):
        assert present.number(1234567) == "١٬٢٣٤٬٥٦٧"
        assert "١٬٢٥٠٬٠٠٠٫٠٠" in present.money(Decimal("1250000"), "USD")
        assert present.day(date(2027, 3, 1)) == "١ مارس ٢٠٢٧"
    with speaking("ar", "latn"):
        assert present.number(1234567) == "1,234,567"
        assert present.day(date(2027, 3, 1)) == "1 مارس 2027"
    with speaking("en"):
        assert present.money(Decimal("1250000"), "USD") == "$1,250,000.00"


def test_the_hijri_date_stands_beside_the_gregorian_one() -> None:
    # 1 March 2027 is 22 Ramadan 1448 in the Umm al-Qura calendar
    with speaking("en", hijri=True):
        assert present.day(date(2027, 3, 1)) == "March 1, 2027 (22 Ramadan 1448 AH)"
    with speaking("ar", "arab", hijri=True):
        assert present.day(date(2027, 3, 1)) == "١ مارس ٢٠٢٧ (٢٢ رمضان ١٤٤٨ هـ)"
    with speaking("en"):
        assert present.day(datetime(2027, 3, 1, 9, 0)) == "March 1, 2027"


@given(st.dates(min_value=date(1924, 8, 1), max_value=date(2077, 11, 16)))
def test_the_hijri_date_shown_is_the_same_day(day: date) -> None:
    with speaking("en"):
        words = present.hijri(day).split()  # "22 Ramadan 1448 AH"
    assert words[-1] == "AH"
    month = present.HIJRI_MONTHS.index(" ".join(words[1:-2])) + 1
    assert Hijri(int(words[-2]), month, int(words[0])).to_gregorian() == day


def test_a_date_outside_the_calendar_has_no_hijri_date() -> None:
    assert present.hijri(date(1900, 1, 1)) == ""


@given(st.text(min_size=1, max_size=20))
def test_an_error_message_with_values_is_translated_then_filled(typed: str) -> None:
    from amanah.cli.common import parse_day
    from amanah.errors import InvalidInput

    with pytest.raises(InvalidInput) as raised:
        parse_day(typed + "x", "on")  # never an ISO date: it ends in a letter
    error = raised.value
    assert error.field == "on"
    with speaking("en"):
        assert error.message == f"on {typed + 'x'!r} is not a date (YYYY-MM-DD)"
    with speaking("ar"):
        assert "ليست تاريخًا" in error.message
        assert repr(typed + "x") in error.message
    assert str(error) == f"on {typed + 'x'!r} is not a date (YYYY-MM-DD)"
