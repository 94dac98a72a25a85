"""The audit page at scale: 100,000 audit events, the page unfiltered, deep in its pages and
under each filter, and what verifying the whole chain costs (which is why a page view does not
do it past 10,000 events: src/amanah/audit/verification.py).

Run: .venv/bin/python benchmarks/audit_page.py [--events 100000] [--runs 20] [--database-url URL]
Target (issue 14): every audit page p95 < 150 ms at 100,000 events."""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _database import scratch_database  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from amanah import demo  # noqa: E402
from amanah.audit import service as audit  # noqa: E402
from amanah.audit.verbs import Verb  # noqa: E402
from amanah.audit.verification import verify_whole  # noqa: E402
from amanah.db.engine import transaction  # noqa: E402
from amanah.partners.service import load_reference_embargoes  # noqa: E402
from amanah.web.app import create_app  # noqa: E402


def populate(engine: Engine, events: int) -> None:
    """The demo, then `events` events by 40 users over a year, 10,000 at a time."""
    verbs = list(Verb)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    step = timedelta(days=365) / max(events, 1)
    clock = itertools.count()
    original = audit.utcnow
    audit.utcnow = lambda: start + step * next(clock)  # type: ignore[assignment]
    try:
        with transaction(engine) as session:
            load_reference_embargoes(session)
            demo.load(session)
        for first in range(0, events, 10_000):
            with transaction(engine) as session:
                audit.record_many(session, [
                    audit.Event(f"user{i % 40}", verbs[i % len(verbs)], "case", 1 + i % 14,
                                after={"state": "draft", "n": i})
                    for i in range(first, min(first + 10_000, events))])  # fmt: skip
    finally:
        audit.utcnow = original


def timed(client: TestClient, url: str, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(url)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, (url, answer.status_code)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with scratch_database(args.database_url) as engine:
        started = time.perf_counter()
        populate(engine, args.events)
        print(f"{args.events:,} audit events on {engine.url.get_backend_name()} "
              f"(written in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        with transaction(engine) as session:
            started = time.perf_counter()
            status = verify_whole(session)
            whole = time.perf_counter() - started
        print(f"verify the whole chain: {whole * 1000:,.0f} ms for {status.events:,} events, "
              f"intact: {status.broken is None}")  # fmt: skip
        with TestClient(create_app(engine)) as client:
            token = re.search(r'name="login_csrf" value="([^"]+)"', client.get("/login").text)
            client.post("/login", data={"username": "auditor", "password": demo.PASSWORD,
                                        "login_csrf": token.group(1) if token else ""})  # fmt: skip
            pages = {
                "audit, newest first": "/audit",
                "audit, page 1,000 (offset 49,950)": "/audit?page=1000",
                "audit, oldest first, page 500": "/audit?sort=seq&page=500",
                "audit, by actor": "/audit?actor=USER7",
                "audit, by event": f"/audit?verb={Verb.CASE_OPENED.value}",
                "audit, by case reference": "/audit?case=AMN-2026-000007",
                "audit, a week": "/audit?from=2026-03-01&to=2026-03-07",
                "audit, actor + event + month, page 2": (
                    f"/audit?actor=user3&verb={Verb.ITEM_ADDED.value}&from=2026-02-01&to=2026-02-28&page=2"
                ),
            }
            for label, url in pages.items():
                median, p95 = timed(client, url, args.runs)
                print(f"{label:<40} median {median:6.1f} ms  p95 {p95:6.1f} ms (target < 150)")


if __name__ == "__main__":
    main()
