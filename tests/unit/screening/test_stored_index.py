"""The prepared index kept on disk per list version."""

from __future__ import annotations

from pathlib import Path

from amanah.screening import stored_index
from amanah.screening.entity import ListedEntity
from amanah.screening.index import NameIndex
from amanah.screening.match import Matcher, Query

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
    assert len(list(tmp_path.glob("*.pickle"))) == 1


def test_a_damaged_file_is_rebuilt_not_an_error(tmp_path: Path) -> None:
    stored_index.path_for(tmp_path, "sqlite:///x", 7).write_bytes(b"not a pickle")
    assert stored_index.load(tmp_path, "sqlite:///x", 7) is None
