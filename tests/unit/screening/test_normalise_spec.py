"""Each spelling rule of the name key on its own, as a specification: a pair of spellings that
differ exactly in what the rule rewrites meets on one skeleton, so a rule that is lost or
changed fails here (the family tests elsewhere mostly send both spellings through the same
rewrite). And the Arabic article: cut from Arabic-script words longer than four letters only."""

from __future__ import annotations

import pytest

from amanah.screening.normalise import fold, is_latin, latin, parts, same_name, skeleton

RULES = [
    # (the rule, a spelling that needs it, the other spelling, the skeleton both reach)
    ("ph → f", "phaisal", "faisal", "fsl"),
    ("ch → sh", "chadi", "shadi", "sd"),
    ("q → k", "qasim", "kasim", "ksm"),
    ("c → k", "cassim", "kassim", "ksm"),
    ("dj → j", "djamel", "jamel", "jml"),
    ("sh → s", "shadi", "sadi", "sd"),
    ("kh → k", "khalid", "kalid", "kld"),
    ("th → t", "thamer", "tamer", "tmr"),
    ("dh → d", "dhafer", "dafer", "dfr"),
    ("gh → g", "ghassan", "gassan", "gsn"),
    ("zh → z", "zhukov", "zukov", "zkv"),
    ("doubled letters collapse", "hassan", "hasan", "hsn"),
    ("inner vowels and y, w drop", "mohammed", "mhmd", "mhmd"),
    ("a leading vowel drops", "omar", "mr", "mr"),
    ("a leading y drops", "yusuf", "usuf", "sf"),
]


@pytest.mark.parametrize(("rule", "one", "other", "expected"), RULES, ids=[r[0] for r in RULES])
def test_each_spelling_rule_joins_its_pair(rule: str, one: str, other: str, expected: str) -> None:
    assert skeleton(one) == skeleton(other) == expected


def test_a_leading_consonant_is_kept() -> None:
    assert skeleton("hamid") == "hmd" and skeleton("amid") == "md"


def test_a_part_of_vowels_only_keeps_its_first_letters() -> None:
    assert skeleton("ai") == "ai" and skeleton("aaaa") == "aaa"


def test_the_arabic_article_is_cut_from_arabic_script_words_longer_than_four_letters() -> None:
    assert fold("محمد الحسيني") == "mhmd alhsyny"
    assert parts("محمد الحسيني") == ("mhmd", "hsyny")
    assert fold("علي الحسن") == "ly alhsn" and parts("علي الحسن") == ("ly", "hsn")  # five: cut
    # four letters after folding: too short to be an article and a name, kept whole
    assert fold("علي الطه") == "ly alth" and parts("علي الطه") == ("ly", "alth")
    # a Latin spelling is left as written: "Alhusseini" may be a family name of its own
    assert parts("Mohammed Alhusseini") == ("mohammed", "alhusseini")


def test_abd_compounds_meet_however_they_are_spelt() -> None:
    for name in ("Abdul Rahman", "Abd al-Rahman", "Abdulrahman", "Abd-ur-Rahman"):
        assert parts(name)[0] == "abd", name
    assert parts("Abdullah") == parts("Abd Allah") == ("abd", "lah")
    assert parts("Abdel") == ("abd",)


def test_honorifics_particles_and_company_forms_leave_the_parts() -> None:
    assert parts("Sheikh Omar bin Laden") == ("omar", "laden")
    assert parts("Gazprom PAO", organisation=True) == ("gazprom",)
    assert parts("Gazprom PAO") == ("gazprom", "pao")  # a person's name keeps every word
    assert parts("Al Qaida") == ("qaida",)


def test_a_name_of_nothing_but_particles_keeps_its_words() -> None:
    assert parts("Al Bin") == ("al", "bin")


def test_latin_detection_reads_letters_not_bytes() -> None:
    assert is_latin("José Müller") and is_latin("O'Brien-Smith 3")
    assert not is_latin("Алексей") and not is_latin("محمد")


def test_a_name_in_another_script_is_shown_in_latin_and_a_latin_one_as_written() -> None:
    assert latin("Алексей Навальный") == fold("Алексей Навальный") != "Алексей Навальный"
    assert latin("José Müller") == "José Müller"


def test_arabic_abd_without_a_written_vowel_meets_the_latin_abd() -> None:
    assert parts("عبد الرحمن") == ("abd", "rhmn")
    assert parts("عبدالله") == parts("Abdullah") == ("abd", "lah")
    # a Latin "bd" is left alone: only Arabic script drops the vowel of عبد
    assert parts("Bd Ali") == ("bd", "ali")


def test_search_finds_a_name_holding_every_typed_part_in_any_script() -> None:
    assert same_name("محمد", "Mohammed Al-Hassan") is True
    assert same_name("Hassan Mohammed", "Mohammed Al-Hassan") is True  # every part, any order
    assert same_name("Mohammed Hassan Ali", "Mohammed Al-Hassan") is False
    assert same_name("", "Mohammed") is False  # an empty query finds nothing
