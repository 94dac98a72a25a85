"""The screening process that stays up between `amanah screen` commands (`screening.server`):
a real process, started by the first request, gives the hits the command's own process gives,
follows a list import, and exits when idle; a command that cannot reach it screens itself."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanah.config import get_settings
from amanah.screening import server, service
from amanah.screening.query import Query
from tests.factories.screening import ftm_person
from tests.integration.test_screening import import_ftm

IDLE = 4  # seconds the process waits for another request
QUERIES = [
    Query("Hussein Abdulrahman", country="IQ", type="person"),
    Query("حسين عبد الرحمن"),
    Query("Maria Gonzalez"),
]


def in_process(engine: Engine, queries: list[Query]) -> list[list[dict[str, object]]]:
    with Session(engine) as session:
        matcher = service.matcher_for(session, prepare=False)
        return [[h.as_dict() for h in matcher.screen(q, floor=0.5)] for q in queries]


def test_the_process_answers_as_the_command_would_follows_imports_and_exits_when_idle(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMANAH_SCREENING_IDLE", str(IDLE))
    get_settings.cache_clear()
    first = ftm_person("p1", "Husayn Abd al-Rahman", nationality=["iq"])
    import_ftm(engine, tmp_path, "v1.json", first)
    path = server.socket_path()
    assert not path.exists()
    answered = server.screen(QUERIES, 0.5)
    assert path.exists()
    assert answered == in_process(engine, QUERIES)
    assert answered is not None and answered[0][0]["entity_id"] == "p1" and answered[2] == []
    # a new list version: the same process answers from it
    import_ftm(engine, tmp_path, "v2.json", first, ftm_person("p2", "Maria Gonzales"))
    again = server.screen(QUERIES, 0.5)
    assert again is not None and [h["entity_id"] for h in again[2]] == ["p2"]
    assert again == in_process(engine, QUERIES)
    deadline = time.monotonic() + 120
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not path.exists(), "the idle process should have exited and removed its socket"


def test_a_command_screens_itself_when_the_process_cannot_start(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMANAH_SCREENING_IDLE", str(IDLE))
    get_settings.cache_clear()
    import_ftm(engine, tmp_path, "v1.json", ftm_person("p1", "Husayn Abd al-Rahman"))

    def fails(path: Path) -> None:
        raise TimeoutError("did not start")

    monkeypatch.setattr(server, "_start", fails)
    assert server.screen(QUERIES, 0.5) is None
    with Session(engine) as session:
        found = list(service.screen_many(session, QUERIES))
    assert found == in_process(engine, QUERIES)


@pytest.mark.parametrize(
    "raw", [b"", b"not json", b'{"floor": 0.5}', b'{"floor": "x", "queries": []}', b"[1]"]
)
def test_an_unreadable_request_is_answered_with_an_error(raw: bytes) -> None:
    answer = server._answer(raw)
    assert set(answer) == {"error"} and "unreadable request" in answer["error"]
    json.dumps(answer)
