"""The web app starts without the scoring libraries: nomenklatura loads scikit-learn and SciPy
(about 0.8 s), which only the functions that score import."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sklearn", "scipy", "nomenklatura")


def _loaded_after(statement: str) -> list[str]:
    probe = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()


def test_importing_the_web_app_does_not_load_sklearn() -> None:
    assert _loaded_after("import amanah.web.app") == []


def test_the_heavy_names_of_match_load_at_first_use() -> None:
    assert _loaded_after("from amanah.screening.match import Matcher, Query, Hit") == []
    assert "sklearn" in _loaded_after("from amanah.screening.match import Scoring")


def test_the_algorithm_version_fits_the_column_that_records_it() -> None:
    from amanah.screening.models import ScreeningHitRow
    from amanah.screening.query import ALGORITHM_VERSION

    column = ScreeningHitRow.__table__.c.algorithm_version
    assert len(ALGORITHM_VERSION) <= column.type.length
