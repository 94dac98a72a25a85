"""The version of the matching algorithm that each stored hit records fits its column."""

from __future__ import annotations


def test_the_algorithm_version_fits_the_column_that_records_it() -> None:
    from amanah.screening.models import ScreeningHitRow
    from amanah.screening.query import ALGORITHM_VERSION

    column = ScreeningHitRow.__table__.c.algorithm_version
    assert len(ALGORITHM_VERSION) <= column.type.length
