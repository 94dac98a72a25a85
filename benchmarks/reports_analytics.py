"""Reports and dashboards at scale: 100,000 cases (half with an agreement), 10,000 deliveries
shipped in one year, and the full SIPRI register.

Run: .venv/bin/python benchmarks/reports_analytics.py [--cases 100000] [--deliveries 10000]
Targets (issue 6): every dashboard p95 < 300 ms; the ATT report for a year of 10,000 deliveries < 5 s."""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _database import scratch_database  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from amanah import demo  # noqa: E402
from amanah.agreements.models import AgreementRow, DeliveryRow  # noqa: E402
from amanah.analytics import sipri  # noqa: E402
from amanah.analytics.objectives import OBJECTIVES, Filters, compute  # noqa: E402
from amanah.cases.models import CaseRow, LineItemRow  # noqa: E402
from amanah.catalogue.models import TechnologyRow  # noqa: E402
from amanah.db.engine import transaction  # noqa: E402
from amanah.partners.service import load_reference_embargoes  # noqa: E402
from amanah.reports.att_annual import att_report  # noqa: E402
from amanah.reports.tables import render  # noqa: E402

REGISTER = (
    ROOT.parent
    / "shared"
    / "data"
    / "reference"
    / "sipri"
    / "sipri_transfers_by_delivery_year_1995_2025.csv"
)


def populate(engine: object, cases: int, deliveries: int) -> None:
    rng = random.Random(2)
    with transaction(engine) as session:  # type: ignore[arg-type]
        load_reference_embargoes(session)
        demo.load(session)
        techs = [t.id for t in session.scalars(select(TechnologyRow))]
        base = int(session.scalar(select(CaseRow.id).order_by(CaseRow.id.desc()).limit(1)) or 0)
        item_base = int(
            session.scalar(select(LineItemRow.id).order_by(LineItemRow.id.desc()).limit(1)) or 0
        )
        ids = list(range(base + 1, base + cases + 1))
        for start in range(0, cases, 10_000):
            chunk = ids[start : start + 10_000]
            session.execute(insert(CaseRow), [
                {"id": i, "reference": f"BEN-{i:07d}", "title": f"Benchmark case {i}",
                 "partner_code": rng.choice(["XA", "XB", "XC", "XD"]), "state": "in_delivery",
                 "value": Decimal(rng.randint(1, 500) * 100_000), "currency": rng.choice(["USD", "EUR"]),
                 "atrocity_knowledge": [], "version": 1, "outcome": "pass"} for i in chunk])  # fmt: skip
            session.execute(insert(LineItemRow), [
                {"id": item_base + (i - base), "case_id": i, "technology_id": rng.choice(techs),
                 "quantity": rng.randint(1, 40), "kind": rng.choice(["sale", "co_production", "training"]),
                 "declared_control_entries": [], "assessment_note": ""} for i in chunk])  # fmt: skip
            session.execute(insert(AgreementRow), [
                {"case_id": i, "kind": "sale", "value": Decimal(rng.randint(1, 500) * 100_000), "currency": "USD",
                 "signed_on": date(rng.choice([2024, 2025, 2026]), rng.randint(1, 12), 1), "retransfer_clause": True,
                 "end_use_undertakings": "", "terms": ""} for i in chunk if i % 2 == 0])  # fmt: skip
        shipped = rng.sample(ids, deliveries)
        session.execute(insert(DeliveryRow), [
            {"case_id": i, "line_item_id": item_base + (i - base), "description": "benchmark",
             "quantity": rng.randint(1, 5),
             "scheduled_on": date(2026, rng.randint(1, 12), 1), "shipped_on": date(2026, rng.randint(1, 12), 1),
             "status": "shipped"} for i in shipped])  # fmt: skip
        if REGISTER.exists():
            sipri.import_register(session, REGISTER)


def timed(runs: int, action: object) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2] * 1000, times[min(len(times) - 1, int(0.95 * len(times)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--deliveries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with scratch_database(args.database_url) as engine:
        started = time.perf_counter()
        populate(engine, args.cases, args.deliveries)
        extra = ", SIPRI register" if REGISTER.exists() else ""
        print(f"setup: {args.cases:,} cases, {args.deliveries:,} shipped deliveries{extra} "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        for objective in OBJECTIVES:
            for label, filters in (
                ("all", Filters()),
                ("year 2026, partner XA", Filters(year=2026, partner="XA")),
            ):

                def run(o: str = objective, f: Filters = filters) -> None:
                    with transaction(engine) as session:
                        compute(session, o, f)

                median, p95 = timed(args.runs, run)
                print(
                    f"dashboard {objective:<16} {label:<22} median {median:7.1f} ms  p95 {p95:7.1f} ms (target < 300)"
                )

        def att() -> None:
            with transaction(engine) as session:
                render(att_report(session, 2026), "xlsx")

        median, p95 = timed(3, att)
        print(
            f"ATT report 2026 ({args.deliveries:,} deliveries, XLSX): median {median / 1000:.2f} s (target < 5 s)"
        )


if __name__ == "__main__":
    main()
