"""Many names on every core give the same hits, in the same order, as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from amanah.screening import bulk, stored_index
from amanah.screening.entity import ListedEntity
from amanah.screening.index import NameIndex
from amanah.screening.match import Matcher, Query

ENTITIES = [
    ListedEntity("UN", "1", "Person", ("Saddam Hussein al-Tikriti",), countries=("IQ",)),
    ListedEntity("UN", "2", "Organization", ("Islamic Revolutionary Guard Corps", "IRGC")),
    ListedEntity("UN", "3", "Person", ("Aleksei Navalny",)),
]
QUERIES = [
    Query("Sadam Husein al Tikriti", type="person"),
    Query("I.R.G.C.", type="organization"),
    Query("Алексей Навальный", type="person"),
    Query("Nobody Atall", type="person"),
] * 3


def test_workers_find_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = NameIndex()
    index.add(ENTITIES)
    stored_index.save(tmp_path, "db", 1, index)
    path = stored_index.path_for(tmp_path, "db", 1)
    alone = list(bulk.screen_all(Matcher(index), path, QUERIES, 0.5))
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bulk, "CHUNK", 5)
    monkeypatch.setattr(bulk, "workers", lambda: 2)
    together = list(bulk.screen_all(Matcher(index), path, QUERIES, 0.5))
    assert together == alone
    assert [bool(h) for h in alone[:4]] == [True, True, True, False]
