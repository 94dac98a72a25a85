"""Reading cases: what other domains may read of them. Changing a case is `cases.service`'s."""

from __future__ import annotations

from amanah.cases.models import CaseRow


def release_decision(case: CaseRow) -> str:
    decisions = [d for d in case.decisions if d.kind == "release"]
    return decisions[-1].outcome if decisions else "none"
