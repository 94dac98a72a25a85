"""What findings' reasons as catalogue messages with values cost (issue 19).

1. The engine: evaluate + digest + stored JSON of cases that engage the converted rules (many
   findings with values), against the same evaluation whose findings keep only their English
   reason, written at once (the baseline: `Rule.finding` swapped for one that keeps no message
   and no values, as the f-strings did; the values are still converted once to write it, so
   this isolates what keeping them costs. Against main's f-strings themselves, measured by
   checking out main: 33-35 us CPU per case there, 56-59 us here, load 11.6).
2. Showing: `present.finding_reason` of stored rows in Arabic (pages, dossier), against
   `gettext(reason)` of the same rows (what showing a reason cost before: one look-up).

CPU time (process_time) beside wall time; run with `nice` and say the load (`uptime`).

Run: .venv/bin/python benchmarks/finding_reasons.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.compliance.test_finding_messages import engaging_cases  # noqa: E402

from amanah import present  # noqa: E402
from amanah.compliance.engine import evaluate  # noqa: E402
from amanah.compliance.rule import (  # noqa: E402
    Finding,
    Outcome,
    Rule,
    Value,
    render,
    stored_values,
)
from amanah.i18n import current_language, gettext  # noqa: E402


def timed(work: Callable[[], object], rounds: int) -> tuple[float, float]:
    """(wall, CPU) seconds per round."""
    work()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        work()
    return (time.perf_counter() - wall) / rounds, (time.process_time() - cpu) / rounds


def _eager(
    self: Rule, outcome: Outcome, message: str, *, blocking: bool = False, level: str = "",
    citation: str | None = None, values: Mapping[str, Value] | None = None,
) -> Finding:  # fmt: skip
    """The baseline: the reason written at once (as the f-strings did), no values kept."""
    reason = render(message, stored_values(values)) if values else message
    return Finding(
        self.id, self.version, outcome, reason, citation or self.citation, blocking, level
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds
    cases = engaging_cases()

    def assess() -> None:
        for case in cases:
            result = evaluate(case)
            _ = result.digest, result.findings_json

    rows = [f.as_dict() for case in cases for f in evaluate(case).findings]
    valued = sum(1 for r in rows if "values" in r)
    print(f"load average {os.getloadavg()[0]:.2f}; {len(cases)} cases, {len(rows)} findings "
          f"({valued} with values)")  # fmt: skip
    new = timed(assess, rounds)
    with mock.patch.object(Rule, "finding", _eager):
        old = timed(assess, rounds)
    per = len(cases)
    print(f"assess+digest+json per case: messages {new[0] / per * 1e6:.1f} us wall, "
          f"{new[1] / per * 1e6:.1f} us CPU; English-only baseline {old[0] / per * 1e6:.1f} us wall, "
          f"{old[1] / per * 1e6:.1f} us CPU ({new[1] / old[1]:.2f}x CPU)")  # fmt: skip

    token = current_language.set("ar")
    try:
        shown = timed(lambda: [present.finding_reason(r) for r in rows], rounds)
        looked_up = timed(lambda: [gettext(str(r["reason"])) for r in rows], rounds)
    finally:
        current_language.reset(token)
    n = len(rows)
    print(f"show one reason in Arabic: finding_reason {shown[1] / n * 1e6:.2f} us CPU "
          f"({shown[0] / n * 1e6:.2f} us wall); gettext(reason) baseline "
          f"{looked_up[1] / n * 1e6:.2f} us CPU ({looked_up[0] / n * 1e6:.2f} us wall)")  # fmt: skip


if __name__ == "__main__":
    main()
