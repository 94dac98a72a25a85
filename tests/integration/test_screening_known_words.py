"""A query part the lists write as a name of its own is another name, not a typo of a listed
part with other consonants ("Cortillo" for "Castillo"); a typo the lists never write keeps
logic-v2's fuzzy score."""

from __future__ import annotations

from amanah.screening.entity import ListedEntity
from amanah.screening.match import Matcher, Query

LISTED = (
    ListedEntity("T", "1", "Person", ("Julio Cesar AVILES CASTILLO",)),
    ListedEntity("T", "2", "Person", ("Maria CORTILLO",)),
)


def score(query: str) -> float:
    matcher = Matcher()
    matcher.index.add(LISTED)
    hits = matcher.screen(Query(query, type="person"), floor=0.0)
    return next((h.score for h in hits if h.entity_id == "1"), 0.0)


def logic_v2(query: str) -> float:
    from amanah.screening.proxies import listed_entity, query_entity
    from amanah.screening.scoring import Scoring, scoring_config

    q = query_entity(Query(query, type="person"))
    return float(Scoring.compare(q, listed_entity(LISTED[0]), scoring_config()).score)


def test_another_listed_name_loses_logic_v2s_fuzzy_credit() -> None:
    assert score("Julio Cesar Aviles Cortillo") < logic_v2("Julio Cesar Aviles Cortillo")
    assert score("Julio Cesar Aviles Cortillo") < 0.7


def test_a_typo_the_lists_never_write_keeps_it() -> None:
    assert score("Julio Cesar Aviles Castilo") >= logic_v2("Julio Cesar Aviles Castilo")


def test_the_hit_shows_the_other_name_unmatched() -> None:
    matcher = Matcher()
    matcher.index.add(LISTED)
    hit = next(
        h
        for h in matcher.screen(Query("Julio Cesar Aviles Cortillo", type="person"), floor=0.0)
        if h.entity_id == "1"
    )
    parts = {p["query"]: p["listed"] for p in hit.explanation["name_parts"]}
    assert parts["cortillo"] is None
    assert parts["aviles"] == "AVILES"


def test_one_typo_into_another_listed_word_is_still_a_typo() -> None:
    listed = (
        ListedEntity("T", "1", "Person", ("Mahdi Reza LASHGARIAN",)),
        ListedEntity("T", "2", "Person", ("Madhi AL-SAIF",)),
    )
    matcher = Matcher()
    matcher.index.add(listed)
    hits = matcher.screen(Query("Madhi Reza Lashgarian", type="person"), floor=0.0)
    from amanah.screening.proxies import listed_entity, query_entity
    from amanah.screening.scoring import Scoring, scoring_config

    alone = Scoring.compare(
        query_entity(Query("Madhi Reza Lashgarian", type="person")),
        listed_entity(listed[0]),
        scoring_config(),
    ).score
    assert next(h.score for h in hits if h.entity_id == "1") >= float(alone)
