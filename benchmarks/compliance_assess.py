"""Compliance engine speed: one assessment (median, p95) against the 1 ms target.

Run: .venv/bin/python benchmarks/compliance_assess.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories.compliance import facts  # noqa: E402

from amanah.compliance.engine import evaluate  # noqa: E402
from amanah.partners.domain import Embargo, EmbargoScope  # noqa: E402
from amanah.reference import reference_embargoes  # noqa: E402

EMBARGOES = tuple(
    Embargo(
        e.id, e.regime, e.target, e.target_name, EmbargoScope(e.scope), e.instrument, e.start, e.end
    )
    for e in reference_embargoes()
)


def main() -> None:
    case = facts(embargoes=EMBARGOES)
    for _ in range(200):
        evaluate(case)
    samples = []
    for _ in range(20_000):
        start = time.perf_counter()
        evaluate(case)
        samples.append(time.perf_counter() - start)
    samples.sort()
    median = statistics.median(samples) * 1000
    p95 = samples[int(len(samples) * 0.95)] * 1000
    print(
        f"assess one case: median {median:.3f} ms, p95 {p95:.3f} ms "
        f"(target median < 1 ms: {1 / median:.1f}x headroom)"
    )


if __name__ == "__main__":
    main()
