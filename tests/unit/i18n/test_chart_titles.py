"""The dashboards' chart titles and legends are catalogue messages (issue 19): built for each
request, they read in the reader's language."""

from __future__ import annotations

import re

from amanah.analytics.charts import figures
from amanah.i18n import current_language

ECONOMY = {"offsets": [{"partner": "XA", "obligation": 10, "credited": 4}],
           "value_by_year": [{"year": 2026, "value": 5}],
           "value_by_partner": [{"partner": "XA", "value": 5}],
           "value_by_kind": [{"kind": "sale", "value": 5}]}  # fmt: skip


def titles() -> list[str]:
    charts = figures("economy", ECONOMY)  # type: ignore[arg-type]
    names = [trace.name for trace in charts["offsets"].data]
    return [str(chart.layout.title.text) for chart in charts.values()] + names


def test_chart_titles_and_legends_in_either_language() -> None:
    english = titles()
    assert "Agreement value by year (USD)" in english and "obligation" in english
    token = current_language.set("ar")
    try:
        arabic = titles()
    finally:
        current_language.reset(token)
    assert len(arabic) == len(english)
    for text in arabic:
        assert re.search("[\u0621-\u064a]", text) and not re.search("[a-z]{4}", text), text
