"""Many names on every core give the same hits, in the same order, as one process."""

from __future__ import annotations

import subprocess
import sys
import time
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


def test_a_worker_ends_when_its_command_is_killed() -> None:
    """`amanah screen --file` killed: its workers do not screen on, orphaned."""
    started = subprocess.Popen(  # the command, which starts one worker watching it
        [sys.executable, "-c", "import os, subprocess, sys\n"
         "worker = subprocess.Popen([sys.executable, '-c', 'import sys; from amanah.screening "
         "import bulk; bulk.ORPHAN_CHECK = 0.05; print(\"ready\", flush=True); "
         "bulk._orphaned(int(sys.argv[1]))', str(os.getpid())])\n"
         "print(worker.pid, flush=True)\nworker.wait()"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert started.stdout is not None
    worker = int(started.stdout.readline())
    assert started.stdout.readline().strip() == "ready" and running(worker)
    started.kill()
    started.wait()
    deadline = time.monotonic() + 60
    while running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(worker)


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")
