"""The index's lookup tables: a search of many strings at once finds what one search of each
finds, in the arrays and in what was added since."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from amanah.screening.tables import Strings, StringSets

words = st.text(alphabet="abcdeé\0", min_size=1, max_size=6)


@given(
    stored=st.lists(st.tuples(words, words), max_size=30),
    added=st.lists(st.tuples(words, words), max_size=5),
    wanted=st.lists(words, max_size=10),
)
def test_many_lookups_find_what_single_lookups_find(
    stored: list[tuple[str, str]], added: list[tuple[str, str]], wanted: list[str]
) -> None:
    sets = StringSets()
    strings = Strings()
    for key, value in stored:
        sets.add(key, value)
        strings.add(key)
    keys, values, long = sets.arrays()
    sets = StringSets(keys, values)
    sets.extra = long
    base, long_words = strings.arrays()
    strings = Strings(base)
    strings.extra = long_words
    for key, value in added:
        sets.add(key, value)
        strings.add(key)
    assert sets.get_all(wanted) == set().union(*(sets.get(w) for w in wanted))
    assert strings.having(wanted) == {w for w in wanted if w in strings}
    assert strings.having(wanted) == {w for w in wanted if w in {k for k, _ in stored + added}}
