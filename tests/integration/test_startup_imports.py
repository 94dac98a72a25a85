"""The web app starts without the scoring libraries: nomenklatura loads scikit-learn and SciPy
(about 0.8 s), which only the functions that score import.

One fresh interpreter takes the steps in order and reports the heavy libraries loaded after each:
the matcher's light names, then the whole web app, then the scorer (one start-up, not three)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sklearn", "scipy", "nomenklatura")
STEPS = (
    "from amanah.screening.match import Matcher, Query, Hit",
    "import amanah.web.app",
    "from amanah.screening.match import Scoring",
)
PROBE = f"""
import json, sys
loaded = []
for step in {STEPS!r}:
    exec(step)
    loaded.append([m for m in {HEAVY!r} if m in sys.modules])
print(json.dumps(loaded))
"""


@pytest.fixture(scope="module")
def loaded_after() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    return dict(zip(STEPS, json.loads(done.stdout), strict=True))


def test_the_heavy_names_of_match_load_at_first_use(loaded_after: dict[str, list[str]]) -> None:
    assert loaded_after[STEPS[0]] == []
    assert "sklearn" in loaded_after[STEPS[2]]


def test_importing_the_web_app_does_not_load_sklearn(loaded_after: dict[str, list[str]]) -> None:
    assert loaded_after[STEPS[1]] == []
