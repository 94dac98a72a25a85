"""Names as the matcher sees them: variant families, particles, honorifics, company forms,
free part order, and Arabic script against its Latin transliterations."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rigour.names import remove_person_prefixes
from tests.factories.screening import UN_XML

from amanah.screening.normalise import (
    coarse,
    coarse_key,
    fold,
    has_arabic,
    key,
    loose_script,
    parts,
)

FAMILIES = [
    ["Mohammed", "Muhammad", "Mohamed", "Mohammad", "MUHAMMED", "محمد"],
    ["Abdul Rahman", "Abd al-Rahman", "Abdulrahman", "Abd Al Rahman", "Abdel Rahman", "عبد الرحمن"],
    ["Husayn", "Hussein", "Husein", "Hussain", "حسين"],
    ["Osama bin Laden", "Usama Bin Ladin", "Oussama ben Laden", "أسامة بن لادن"],
    ["Abdullah", "Abdallah", "Abd Allah", "Abdulla", "عبد الله"],
    ["Khalid", "Khaled", "خالد"],
    ["Yusuf", "Youssef", "Yousef", "يوسف"],
]  # fmt: skip


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f[0])
def test_variant_families_share_one_key(family: list[str]) -> None:
    keys = {key(name) for name in family}
    assert len(keys) == 1, {name: key(name) for name in family}


def test_different_names_keep_different_keys() -> None:
    assert key("Mohammed") != key("Ahmed")
    assert key("Hussein") != key("Hassan Ali")
    assert key("Karim") != key("Salim")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sheikh Abu Bakr al-Baghdadi", ("bakr", "baghdadi")),
        ("Dr. Ayman al-Zawahiri", ("ayman", "zawahiri")),
        ("Haji Mohammed bin Salman", ("mohammed", "salman")),
        ("Fatima bint Ahmed", ("fatima", "ahmed")),
        ("Ibn Khaldun", ("khaldun",)),
        ("Abou Hamza el-Masri", ("hamza", "masri")),
        # Amir and Sultan are given names far more often than titles: they stay
        ("Amir Abdullah", ("amir", "abd", "lah")),
        # Abdul with the name after it dropped is the same part as in "Abdul Basir"
        ("Nazir Mohammad Abdul", ("nazir", "mohammad", "abd")),
        ("Nazir Mohammad Abdul Basir", ("nazir", "mohammad", "abd", "basir")),
        ("Abdel Aziz", ("abd", "aziz")),
        ("Sultan Bashir-Ud-Din Mahmood", ("sultan", "bashir", "ud", "din", "mahmood")),
    ],
)
def test_particles_and_honorifics_leave_the_key(name: str, expected: tuple[str, ...]) -> None:
    assert parts(name) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("Acme Trading LLC", "ACME TRADING"), ("Acme Trading FZE", "Acme Trading Co."),
     ("Gulf Star SARL", "Gulf Star JSC"), ("Delta Industries Ltd", "DELTA INDUSTRIES LIMITED")],
)  # fmt: skip
def test_company_forms_leave_the_key(a: str, b: str) -> None:
    assert key(a, organisation=True) == key(b, organisation=True)


NAME_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)


@given(st.lists(NAME_PART, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_name_part_order_is_free(words: list[str], rng: object) -> None:
    # a title (Fr, Dr, Mr…) is one only in front of the name, so it is left out here
    assume(all(remove_person_prefixes(f"{w} x") == f"{w} x" for w in words))
    shuffled = list(words)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert key(" ".join(words)) == key(" ".join(shuffled))


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_plain_ascii(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once.isascii() and once == once.lower() and "  " not in once


@pytest.mark.skipif(not UN_XML.exists(), reason="../shared/data is not present")
def test_arabic_script_names_of_the_un_list_meet_their_latin_form() -> None:
    """For most UN entries with an Arabic original-script name, the Arabic and the Latin caption
    share most of their keys (the rest differ in which name parts the list chose to write)."""
    from amanah.screening.lists import parse

    pairs = [
        (e.caption, s)
        for e in parse(UN_XML, "un-xml").entities
        for s in e.original_script
        if has_arabic(s)
    ]
    assert len(pairs) > 100

    def share(a: tuple[str, ...], b: tuple[str, ...]) -> float:
        common = len(set(a) & set(b))
        return common / max(min(len(set(a)), len(set(b))), 1)

    shared = [share(key(latin), key(arabic)) for latin, arabic in pairs]
    assert sum(s >= 0.5 for s in shared) / len(shared) >= 0.85
    assert key("صدام حسين التكريتي") == key("SADDAM HUSSEIN AL-TIKRITI")


def test_a_name_in_thai_keeps_its_words_whole() -> None:
    """ICU reads Thai a syllable at a time with a space after each ("f ra n ces co ba rba
    to"): folded, the name has the words it is written with, and meets its Latin form by key."""
    thai = "ฟระนเจซโจ บะรบะโต"
    assert fold(thai) == "francesco barbato"
    assert key(thai) == key("Francesco BARBATO")
    assert len(fold("สมชาย ใจดี").split()) == 2


def test_a_greek_beta_is_read_as_modern_greek_writes_it() -> None:
    """β is v in the modern language names are written in (ICU reads it as b)."""
    assert fold("Παβελ Βασίλειος") == "pavel vasileios"
    assert key("Βασίλι") == key("Vasili")


@given(st.text(alphabet="bcdfghjklmnpqrstvwxz", max_size=12))
def test_coarse_keys_are_idempotent_and_keep_or_merge_letters(token: str) -> None:
    once = coarse(token)
    assert coarse(once) == once
    assert len(once) <= len(token)
    assert set(once) <= set("bcdfghjklmnpqrstvwxz")


def test_loose_scripts_and_their_coarse_keys() -> None:
    assert loose_script("マランク") and loose_script("바딤") and loose_script("כרגנו")
    assert (
        not loose_script("Malang WAZIR") and not loose_script("محمد") and not loose_script("Иван")
    )
    assert coarse_key("マランク ワセィル") == tuple(sorted(coarse(k) for k in key("Malang WAZIR")))
    assert coarse_key("כרגנו") == (coarse(key("KARGINOV")[0]),)  # the final vav, a v
