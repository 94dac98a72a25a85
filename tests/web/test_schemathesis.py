"""The whole API fuzzed from its OpenAPI (schemathesis, bounded) as an administrator, a case
officer and a partner liaison: no request may end in a server error (issue 15, item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from amanah.config import get_settings
from amanah.db.engine import default_engine, make_engine, migrate, transaction
from amanah.demo import PASSWORD, load
from amanah.partners.service import load_reference_embargoes
from amanah.web.app import create_app

ROLES = ("admin", "officer", "alpha")
EXAMPLES = 12  # per operation and role: about 2,000 requests in all
# what would end the roles' own sessions mid-run, leaving the rest of the run unauthenticated
ENDS_ACCESS = r"^/api/v1/(auth/token|users/\{user_id\}/(deactivate|roles|revoke-sessions))$"


class Site:
    def __init__(self, app: FastAPI, tokens: dict[str, dict[str, str]]) -> None:
        self.app, self.tokens = app, tokens


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        url = f"sqlite:///{data_dir / 'amanah.db'}"
        patch.setenv("AMANAH_DATA_DIR", str(data_dir))
        patch.setenv("AMANAH_DATABASE_URL", url)
        get_settings.cache_clear()
        default_engine.cache_clear()
        engine = make_engine(url)
        migrate(engine)
        with transaction(engine) as session:
            load_reference_embargoes(session)
            load(session)
        app = create_app(engine)
        with TestClient(app) as client:
            tokens = {}
            for role in ROLES:
                answer = client.post(
                    "/api/v1/auth/token", data={"username": role, "password": PASSWORD}
                )
                tokens[role] = {"Authorization": f"Bearer {answer.json()['token']}"}
        yield Site(app, tokens)
        engine.dispose()
        get_settings.cache_clear()
        default_engine.cache_clear()


def test_no_request_ends_in_a_server_error(site: Site) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", site.app).exclude(
        path_regex=ENDS_ACCESS
    )
    sent, server_errors = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def each(case: schemathesis.Case) -> None:
            nonlocal sent
            for role in ROLES:  # each generated request is sent as each role
                response = case.call(headers=site.tokens[role])
                sent += 1
                if response.status_code >= 500:
                    server_errors.append(f"{role} {case.method} {case.formatted_path} "
                                         f"{case.query} {case.body!r:.200}: {response.status_code}")  # fmt: skip

        each()
    print(f"schemathesis: {sent} requests, {len(server_errors)} server errors")
    assert sent > 1000
    assert server_errors == [], "\n".join(server_errors[:20])
