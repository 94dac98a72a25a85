"""Alert search typed in Arabic (issue 19) against the English search it extends: the English
"contains" runs in the database; the Arabic one also reads each visible alert's message and
values and writes them in Arabic, folded, in Python. Alerts are of three kinds (renewal overdue,
end-use finding, newly prohibited with two nested reasons), seen by a leadership user (all).

    nice python benchmarks/alert_search.py [--alerts 1000 10000] [--database-url URL]

Prints wall and CPU (process) time per search, the baseline first, and how many were found.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _database import scratch_database  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from amanah.agreements.alert_search import search_alerts  # noqa: E402
from amanah.agreements.models import AlertRow  # noqa: E402
from amanah.db.engine import transaction  # noqa: E402
from amanah.i18n import current_language  # noqa: E402
from amanah.monitoring import alerts  # noqa: E402
from amanah.users.roles import Actor, Role  # noqa: E402

LEADER = Actor(1, "leader", frozenset({Role.LEADERSHIP}))


def said(n: int) -> alerts.AlertMessage:
    if n % 3 == 0:
        return alerts.renewal_overdue(f"UN-{n}", date(2026, 5, 31), "S/RES/2731 (2024)")
    if n % 3 == 1:
        return alerts.end_use_finding(
            "violation", f"AMN-2026-{n:06d}", date(2026, 2, 3), "Aden", ""
        )
    reasons = [alerts.alert("the request names no end user"), alerts.end_use_finding(
        "discrepancy", f"AMN-2026-{n:06d}", date(2026, 3, 1), "Sanaa", "")]  # fmt: skip
    return alerts.newly_prohibited(f"AMN-2026-{n:06d}", reasons)


def timed(engine: object, q: str, language: str) -> tuple[float, float, int]:
    token = current_language.set(language)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        with transaction(engine) as session:  # type: ignore[arg-type]
            total = search_alerts(session, LEADER, q=q, per_page=50).total
        return time.perf_counter() - wall, time.process_time() - cpu, total
    finally:
        current_language.reset(token)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    print(f"{'alerts':>7} {'search':<26} {'wall ms':>8} {'cpu ms':>8} {'found':>6}")
    for count in args.alerts:
        with scratch_database(args.database_url) as engine:
            now = datetime.now(UTC)
            with transaction(engine) as session:
                session.execute(insert(AlertRow), [
                    {"user_id": None, "case_id": None, "kind": "k", "raised_at": now,
                     "read": False, **said(n).columns()} for n in range(count)])  # fmt: skip
            for label, q, language in (("English 'renewal date'", "renewal date", "en"),
                                       ("English q, Arabic reader", "renewal date", "ar"),
                                       ("Arabic 'تجديد'", "تجديد", "en"),
                                       ("Arabic 'مخالفة', ar reader", "مخالفة", "ar")):  # fmt: skip
                timed(engine, q, language)  # warm the catalogue and the connection
                wall, cpu, found = timed(engine, q, language)
                print(f"{count:>7} {label:<26} {wall * 1000:>8.1f} {cpu * 1000:>8.1f} {found:>6}")


if __name__ == "__main__":
    main()
