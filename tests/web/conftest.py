"""Web tests share one fixture: the application over the `engine` fixture (SQLite and a real
PostgreSQL), loaded with the reference embargoes and the demo data, behind a TestClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanah.db.engine import transaction
from amanah.demo import load
from amanah.partners.service import load_reference_embargoes
from amanah.web.app import create_app


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with transaction(engine) as session:
        load_reference_embargoes(session)
        load(session)
    with TestClient(create_app(engine)) as test_client:
        yield test_client
