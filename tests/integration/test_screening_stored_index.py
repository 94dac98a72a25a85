"""The prepared index kept on disk per list version."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from amanah.screening import stored_index
from amanah.screening.entity import ListedEntity
from amanah.screening.index import NameIndex
from amanah.screening.match import Matcher, Query
from amanah.screening.tables import Postings, Strings, StringSets

ENTITIES = [
    ListedEntity("UN", "1", "Person", ("Saddam Hussein al-Tikriti",), countries=("IQ",)),
    ListedEntity("UN", "2", "Organization", ("Islamic Revolutionary Guard Corps", "IRGC")),
]


def built() -> NameIndex:
    index = NameIndex()
    index.add(ENTITIES)
    index.spell()
    index.freeze()
    return index


def test_a_stored_index_screens_as_the_one_built(tmp_path: Path) -> None:
    stored_index.save(tmp_path, "sqlite:///x", 7, built())
    loaded = stored_index.load(tmp_path, "sqlite:///x", 7)
    assert loaded is not None
    # the large tables are read from the files, not copied into memory
    assert isinstance(loaded.shared_arrays()["postings_flat"], np.memmap)
    query = Query("Sadam Husein al Tikriti", type="person")
    assert [h.as_dict() for h in Matcher(loaded).screen(query)] == [
        h.as_dict() for h in Matcher(built()).screen(query)
    ]


def test_another_list_version_or_database_is_not_loaded_and_old_versions_go(tmp_path: Path) -> None:
    stored_index.save(tmp_path, "sqlite:///x", 7, built())
    assert stored_index.load(tmp_path, "sqlite:///x", 8) is None
    assert stored_index.load(tmp_path, "sqlite:///y", 7) is None
    stored_index.save(tmp_path, "sqlite:///x", 8, built())
    assert stored_index.load(tmp_path, "sqlite:///x", 7) is None
    assert len(list(tmp_path.glob("index-*"))) == 1


def test_a_damaged_file_is_rebuilt_not_an_error(tmp_path: Path) -> None:
    path = stored_index.path_for(tmp_path, "sqlite:///x", 7)
    path.mkdir()
    (path / stored_index.REST).write_bytes(b"not a pickle")
    assert stored_index.load(tmp_path, "sqlite:///x", 7) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40)),
        max_size=30,
    ),
    st.lists(st.text(min_size=1, max_size=40), max_size=5).map(lambda p: [*p, "a\0", "a"]),
)
def test_the_arrays_hold_what_was_added_whatever_its_script_or_length(
    pairs: list[tuple[str, str]], probes: list[str]
) -> None:
    """What the index added in memory reads the same once moved into the sorted arrays
    (strings past `WIDTH` bytes stay in memory), and after more is added to those."""
    first, then = pairs[: len(pairs) // 2], pairs[len(pairs) // 2 :]
    sets, words = StringSets(), Strings()
    expected: dict[str, set[str]] = {}
    for key, value in first:
        sets.add(key, value)
        words.add(key)
        expected.setdefault(key, set()).add(value)
    keys, values, long = sets.arrays()
    sets = StringSets(keys, values)
    sets.extra = long
    base, long_words = words.arrays()
    words = Strings(base)
    words.extra = long_words
    for key, value in then:
        sets.add(key, value)
        words.add(key)
        expected.setdefault(key, set()).add(value)
    for key in [*expected, *probes]:
        assert sets.get(key) == expected.get(key, set())
        assert (key in words) == (key in expected)


def test_postings_read_the_same_from_the_arrays_and_after_a_delta() -> None:
    postings = Postings()
    for name, tokens in enumerate([["sdm", "hsn"], ["hsn"], ["ابراهيم" * 10, "hsn", "a\0"]]):
        for token in tokens:
            postings.add(token, name)
    mapped = postings.compact()
    mapped.add("hsn", 3)
    assert mapped.get("hsn").tolist() == [0, 1, 2, 3] and mapped.count("hsn") == 4
    assert mapped.get("ابراهيم" * 10).tolist() == [2] and mapped.get("none").tolist() == []
    assert mapped.get("a\0").tolist() == [2] and mapped.get("a").tolist() == []
    assert set(mapped) == {"sdm", "hsn", "ابراهيم" * 10, "a\0"} and len(mapped) == 4
