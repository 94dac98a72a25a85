"""Names read from kana, Hangul and Hebrew, whose Latin readings confuse letters that Latin
names tell apart, against the listed Latin names: coarse keys (`normalise.coarse`)."""

from __future__ import annotations

import pytest

from amanah.screening.entity import ListedEntity
from amanah.screening.match import Matcher, Query

MATCH = 0.70


@pytest.mark.parametrize(
    ("query", "listed_name"),
    [
        ("マランク ワセィル", "Malang WAZIR"),  # maranku wasiru: r for l, k for g, s for z
        ("סרגי כרגנו", "Sergey KARGINOV"),  # a final vav is a v
        ("바딤 셀게에빛 돕롭", "Vadim Sergeevich DOBROV"),  # b for v, l for r
    ],
)
def test_a_reading_that_confuses_letters_finds_the_name_by_its_coarse_keys(
    query: str, listed_name: str
) -> None:
    """Kana, Hangul and Hebrew readings confuse letters Latin names tell apart: their coarse
    keys (`normalise.coarse`), all paired exactly, stand in for the name score, and the name
    is found among others."""
    others = [
        ListedEntity("OFAC", str(i), "Person", (name,))
        for i, name in enumerate(("Maria LOPEZ", "Ahmad WAZIRI", "Sergey KARPOV", "Ivan DOBRIN"))
    ]
    m = Matcher()
    m.index.add([*others, ListedEntity("OFAC", "99", "Person", (listed_name,))])
    m.prepare()
    hits = m.screen(Query(query, type="person"), floor=MATCH)
    assert [(h.entity_id, h.explanation["basis"]) for h in hits] == [
        ("99", "script-independent key")
    ]


@pytest.mark.parametrize(
    ("query", "listed_name"),
    [
        ("マランク ワセィル", "Malik WAZIR"),  # another given name: mrnk / mrk
        ("바딤 셀게에빛 돕롭", "Vadim Sergeevich DUBROVSKY"),  # another surname
    ],
)
def test_coarse_keys_that_do_not_all_pair_are_no_match(query: str, listed_name: str) -> None:
    m = Matcher()
    m.index.add([ListedEntity("OFAC", "1", "Person", (listed_name,))])
    hits = m.screen(Query(query, type="person"), floor=0.0)
    assert all(h.score < MATCH for h in hits)
