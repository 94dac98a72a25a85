"""Screening at scale: a synthetic list of 1,000,000 names imported through the service into
SQLite, the matcher built from storage, then queries.

Run: .venv/bin/python benchmarks/screening_scale.py [--names 1000000]
Target: p95 <= 50 ms per query; peak memory <= 4 GiB. Import time is reported."""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _synthetic import names, typo  # noqa: E402

from amanah import bus  # noqa: E402
from amanah.db.engine import make_engine, migrate, transaction  # noqa: E402
from amanah.screening import list_imports, service  # noqa: E402
from amanah.screening.match import Query, warm_up  # noqa: E402
from amanah.users.roles import SYSTEM  # noqa: E402


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    bus.start()
    warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        listed = names(args.names, seed=1)
        path = Path(tmp) / "synthetic.ftm.json"
        with path.open("w", encoding="utf-8") as out:
            for n, text in enumerate(listed):
                out.write(json.dumps({"id": f"s{n}", "schema": "Person", "datasets": ["synthetic"],
                                      "properties": {"name": [text]}}) + "\n")  # fmt: skip
        engine = make_engine(f"sqlite:///{tmp}/scale.db")
        migrate(engine)
        started = time.perf_counter()
        with transaction(engine) as session:
            result = list_imports.import_list(session, SYSTEM, path, "ftm")
        imported = time.perf_counter() - started
        print(f"import of {result.record.entities if result.record else 0:,} names (parse, delta, store): "
              f"{imported:.1f} s")  # fmt: skip
        started = time.perf_counter()
        with transaction(engine) as session:
            matcher = service.matcher_for(session)
        built = time.perf_counter() - started
        print(
            f"matcher built from storage: {built:.1f} s, {matcher.index.live_names:,} names indexed"
        )
        rng = random.Random(5)
        queries = [Query(typo(rng, rng.choice(listed))) for _ in range(args.queries // 2)]
        queries += [Query(text) for text in names(args.queries - len(queries), seed=99)]
        latencies, found = [], 0
        for query in queries:
            t0 = time.perf_counter()
            found += bool(matcher.screen(query, floor=0.7))
            latencies.append(time.perf_counter() - t0)
        latencies.sort()
        p95 = latencies[int(0.95 * len(latencies))] * 1000
        print(f"{len(queries)} queries (half listed with a typo): median {statistics.median(latencies) * 1000:.1f} ms, "
              f"p95 {p95:.1f} ms (target <= 50 ms); listed-with-typo found: {found}")  # fmt: skip
        print(f"peak memory (max RSS): {peak_gib():.2f} GiB (target <= 4 GiB)")
        engine.dispose()


if __name__ == "__main__":
    main()
