"""The whole API fuzzed from its OpenAPI (schemathesis, bounded) as an administrator, a case
officer and a partner liaison: no request may end in a server error (issue 15, item 5), and every
answer must be one the OpenAPI documents: its status code, its content type and, for JSON, its
body's schema (schemathesis's own conformance checks).

Random identifiers almost never name a stored record, so most requests would end in a 404 and
the documented 2xx answers would go untested: in three of four examples the path's identifiers
are replaced by those of records the demo holds (a case and one of its items, a document…)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from amanah.agreements.models import (
    DeliveryRow,
    EvaluationProgrammeRow,
    OffsetCreditRow,
    OffsetObligationRow,
)
from amanah.analytics import OBJECTIVES
from amanah.cases.models import CaseRow, DocumentRow, LineItemRow
from amanah.catalogue.models import TechnologyRow
from amanah.config import get_settings
from amanah.db.engine import default_engine, make_engine, migrate, transaction
from amanah.demo import PASSWORD, load
from amanah.partners.models import PartnerRow, ReferenceProposalRow
from amanah.partners.service import load_reference_embargoes
from amanah.screening.models import ScreeningHitRow
from amanah.web.app import create_app

ROLES = ("admin", "officer", "alpha")
EXAMPLES = 12  # per operation and role: about 1,300 requests in all
# what would end the roles' own sessions mid-run, leaving the rest of the run unauthenticated
ENDS_ACCESS = r"^/api/v1/(auth/token|users/\{user_id\}/(deactivate|roles|revoke-sessions))$"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PathValues = dict[str, Any]


class Site:
    def __init__(
        self, app: FastAPI, tokens: dict[str, dict[str, str]], engine: Engine, data_dir: Path
    ) -> None:
        self.app, self.tokens, self.engine, self.data_dir = app, tokens, engine, data_dir


def known_path_values(session: Session) -> list[PathValues]:
    """The path parameters of records that exist, each set as one operation's path needs it."""

    def ids(row: Any) -> list[int]:
        return list(session.scalars(select(row.id).order_by(row.id)))

    items = session.execute(select(LineItemRow.case_id, LineItemRow.id))
    documents = session.execute(select(DocumentRow.case_id, DocumentRow.id))
    known: list[PathValues] = [{"case_id": case_id} for case_id in ids(CaseRow)]
    known += [{"case_id": case_id, "item_id": item_id} for case_id, item_id in items]
    known += [{"case_id": case_id, "document_id": doc_id} for case_id, doc_id in documents]
    deliveries = session.execute(select(DeliveryRow.case_id, DeliveryRow.id))
    known += [{"case_id": case_id, "delivery_id": d} for case_id, d in deliveries]
    known += [{"technology_id": i} for i in ids(TechnologyRow)]
    known += [{"code": code} for code in session.scalars(select(PartnerRow.code))]
    known += [{"obligation_id": i} for i in ids(OffsetObligationRow)]
    known += [{"credit_id": i} for i in ids(OffsetCreditRow)]
    known += [{"programme_id": i} for i in ids(EvaluationProgrammeRow)]
    known += [{"hit_id": i} for i in ids(ScreeningHitRow)]
    known += [{"proposal_id": i} for i in ids(ReferenceProposalRow)]
    known += [{"objective": name} for name in OBJECTIVES]
    return known


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
        yield Site(app, tokens, engine, data_dir)
        engine.dispose()
        get_settings.cache_clear()
        default_engine.cache_clear()


def add_documents(site: Site) -> None:
    """Documents to download besides the demo's: a PDF and a text file with an Arabic name, on a
    case the officer sees and on one the partner sees."""
    with TestClient(site.app) as client:
        for role in ("officer", "alpha"):
            headers = site.tokens[role]
            case_id = client.get("/api/v1/cases", headers=headers).json()["cases"][0]["id"]
            for name, content, media in (
                ("letter.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"),
                ("رسالة.txt", "طلب نقل".encode(), "text/plain"),
            ):  # fmt: skip
                answer = client.post(f"/api/v1/cases/{case_id}/documents", headers=headers,
                                     files={"file": (name, content, media)}, data={"kind": "other"})  # fmt: skip
                assert answer.status_code == 201, answer.text


class Run:
    """What the requests met: answers by status, failed checks by kind (with one example)."""

    def __init__(self, site: Site, known: list[PathValues]) -> None:
        self.site, self.known = site, known
        self.sent, self.statuses = 0, Counter[int]()
        self.failures, self.examples = Counter[str](), dict[str, str]()

    def fuzz(self, operation: Any) -> None:
        names = {parameter.name for parameter in operation.path_parameters}
        known = [values for values in self.known if set(values) == names]

        @given(case=operation.as_strategy(), data=st.data())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def each(case: schemathesis.Case, data: st.DataObject) -> None:
            if known and data.draw(st.integers(0, 3)):  # a record that exists
                case.path_parameters = dict(data.draw(st.sampled_from(known)))
            for role in ROLES:  # each generated request is sent as each role
                self.check(case, role, case.call(headers=self.site.tokens[role]))

        each()

    def check(self, case: schemathesis.Case, role: str, response: Any) -> None:
        self.sent += 1
        self.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                kind = f"{failure.title}: {case.method} {case.path} → {response.status_code}"
                self.failures[kind] += 1
                self.examples.setdefault(kind, f"as {role}: {case.method} {case.formatted_path} "
                                         f"{case.query} {case.body!r:.100} — {failure.message:.300}")  # fmt: skip


def test_every_answer_is_documented_and_none_is_a_server_error(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMANAH_DATA_DIR", str(site.data_dir))  # where the demo's documents are
    get_settings.cache_clear()
    add_documents(site)
    with transaction(site.engine) as session:
        run = Run(site, known_path_values(session))
    schema = schemathesis.openapi.from_asgi("/openapi.json", site.app).exclude(
        path_regex=ENDS_ACCESS
    )
    for result in schema.get_all_operations():
        run.fuzz(result.ok())
    print(f"schemathesis: {run.sent} requests, answers {dict(sorted(run.statuses.items()))}, "
          f"{run.failures.total()} failed checks")  # fmt: skip
    assert run.sent > 1000
    assert not run.failures, "\n".join(f"{n} × {kind}\n    e.g. {run.examples[kind]}"
                                       for kind, n in run.failures.most_common())  # fmt: skip
    assert sum(n for status, n in run.statuses.items() if status < 300) > 120  # 2xx were tested


def test_a_page_beyond_64_bits_of_offset_is_refused(site: Site) -> None:
    """Found by the run with 40 examples: page × per_page overflowed SQLite's integer (500)."""
    with TestClient(site.app) as client:
        answer = client.get("/api/v1/cases?page=22551031874950554&per_page=409",
                            headers=site.tokens["officer"])  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["field"] == "page"
