"""The lists' vocabulary reads a query as the lists write it: a typo corrected to the listed word
one edit away, never a word the lists write themselves, never an acronym's letter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from amanah.screening.words import Vocabulary


def vocabulary(*names: str, organisation: bool = False) -> Vocabulary:
    words = Vocabulary()
    for i, name in enumerate(names):
        words.add(i, name, organisation)
    return words


def test_a_typo_is_read_as_the_listed_word() -> None:
    words = vocabulary("Muhammad ABBATAY", "Hassan TABAJA", "Muhammad IBRAHIM")
    assert words.reread("muhammda abbatay") == "muhammad abbatay"  # letters swapped
    assert words.reread("hassan tbaaja") == "hassan tabaja"
    assert words.correct("abatay") == "abbatay"  # a letter dropped


def test_a_word_the_lists_write_is_another_name_not_a_typo() -> None:
    words = vocabulary("Omar HAMDAN", "Omar HAMDI", "Omar HAMDY")
    assert words.correct("hamdi") is None
    assert words.reread("omar hamdi") is None


def test_the_most_frequent_listed_word_is_chosen() -> None:
    words = vocabulary("Ali MOUSSA", "Musa MOUSSA", "Ahmad MOUSLI")
    assert words.correct("mousla") == "moussa"


def test_an_organisations_one_word_name_may_be_an_acronym_and_is_not_corrected() -> None:
    words = vocabulary("ANSARU", "BSQRD LIMITED", organisation=True)
    assert words.reread("bnsaru") is None
    assert words.reread("bnsaru", organisation=False) == "ansaru"
    assert words.reread("brqrd limited") == "bsqrd limited"


def test_words_added_after_the_first_correction_are_found() -> None:
    words = vocabulary("Hassan TABAJA")
    assert words.correct("nacahr") is None
    words.add(1, "Hussein NACHAR", False)
    assert words.correct("nacahr") == "nachar"


@given(
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=5, max_size=12),
    st.integers(min_value=0),
    st.sampled_from(["drop", "swap", "change", "add"]),
)
def test_one_typo_in_the_only_listed_word_is_corrected_to_it(word: str, at: int, how: str) -> None:
    i = at % (len(word) - 1)
    typo = {
        "drop": word[:i] + word[i + 1 :],
        "swap": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        "change": word[:i] + ("a" if word[i] != "a" else "b") + word[i + 1 :],
        "add": word[:i] + "x" + word[i:],
    }[how]
    corrected = vocabulary(word).correct(typo)
    if typo == word:
        assert corrected is None
    else:
        assert corrected == word
        assert OSA.distance(typo, corrected) == 1


def test_the_other_spellings_of_a_name_are_its_spellings_not_every_name_of_its_key() -> None:
    words = vocabulary(
        "Muhammad ALI", "Mohammed ALI", "Mohammad HASSAN", "Nasser NASR", "Nasir NASSER"
    )
    assert words.spellings("muhammad") == 2  # Mohammed, Mohammad
    assert words.spellings("mohammed") == 2
    words.add(5, "Hussein NACHAR", False)
    assert words.spellings("nachar") == 0  # the same key as Nasser, Nasr, Nasir: other names
    words.add(6, "Ali Moussa NACHER", False)
    assert words.spellings("nachar") == 1


def test_a_dotted_legal_form_is_closed_up_in_an_organisations_name() -> None:
    words = vocabulary("FRANZUL S.A.", "ACME L.L.C.", organisation=True)
    assert words.reread("franzul s a") == "franzul sa"
    assert words.reread("acme l l c") == "acme llc"
    assert words.reread("franzul s a", organisation=False) is None
    assert words.reread("john q x smith") is None  # initials, not a legal form


def test_a_vocabulary_kept_on_disk_leaves_its_lookups_behind_and_rebuilds_them() -> None:
    import pickle

    words = vocabulary("Muhammad ABBATAY", "Mohammed ALI")
    size = len(pickle.dumps(words))
    assert words.correct("abatay") == "abbatay"
    assert words.spellings("muhammad") == 1
    kept = pickle.dumps(words)
    assert len(kept) == size
    again = pickle.loads(kept)  # noqa: S301 - written just above
    assert again.correct("abatay") == "abbatay"
    assert again.spellings("muhammad") == 1
