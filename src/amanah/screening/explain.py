"""A hit's explanation: which query name parts met which listed parts, and how each other field
compares (pure, light)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import fold, parts, skeleton
from amanah.screening.query import Query, query_names


def _years(values: Iterable[str]) -> set[int]:
    return {int(v[:4]) for v in values if v[:4].isdigit()}


def near(query_dates: Iterable[str], result_dates: Iterable[str]) -> bool:
    """Some birth dates one year apart: a year of the Hijri calendar, in which many listed
    birth dates were first recorded, spans two Gregorian years, and an age given in years
    converts to either of two birth years."""
    return any(abs(q - r) == 1 for q in _years(query_dates) for r in _years(result_dates))


def alignment(
    query: Query, listed_name: str, organisation: bool, read_as: str | None = None
) -> list[dict[str, Any]]:
    """Which query name parts matched which listed name parts (as the list writes them), with a
    similarity each: of the letters, or of the keys. The query's Latin form, or the form it
    was read as (`Vocabulary.reread`)."""
    text = read_as or query_names(query)[-1]
    q_parts = list(parts(text, organisation))
    listed = [
        (word, folded, part_key)
        for word in listed_name.split()
        for folded, part_key in word_parts(word, organisation)
    ]
    pairs: list[dict[str, Any]] = []
    for q in q_parts:
        q_key = skeleton(q)
        score, best = max(
            (
                (max(fuzz.ratio(q, folded), fuzz.ratio(q_key, part_key)) / 100, word)
                for word, folded, part_key in listed
            ),
            default=(0.0, ""),
        )
        pairs.append(
            {"query": q, "listed": best if score >= 0.6 else None, "score": round(score, 2)}
        )
    return pairs


@lru_cache(maxsize=200_000)
def word_parts(word: str, organisation: bool) -> tuple[tuple[str, str], ...]:
    """The folded parts of one word of a listed name, with their keys (a word recurs across
    names and lists: kept by word, not by name)."""
    return tuple((folded, skeleton(folded)) for folded in parts(word, organisation))


def fields_of(query: Query, entity: ListedEntity) -> dict[str, str]:
    fields: dict[str, str] = {}
    if query.country and entity.countries:
        fields["country"] = "agrees" if query.country.upper() in entity.countries else "differs"
    if query.birth_date and entity.birth_dates:
        year = query.birth_date[:4]
        exact = query.birth_date in entity.birth_dates
        same_year = any(b[:4] == year for b in entity.birth_dates)
        # as logic-v2 reads them: two full dates of the same year but another day differ
        days = len(query.birth_date) >= 10 and any(len(b) >= 10 for b in entity.birth_dates)
        fields["birth_date"] = (
            "agrees"
            if exact or (same_year and not days)
            else "same year, day differs"
            if same_year
            else "one year apart"
            if near([query.birth_date], entity.birth_dates)
            else "differs"
        )
    if query.type:
        listed_person = entity.schema == "Person"
        fields["type"] = "agrees" if listed_person != query.organisation else "differs"
    if query.identifiers and entity.identifiers:
        shared = set(query.identifiers) & set(entity.identifiers)
        fields["identifiers"] = "agrees" if shared else "differs"
    return fields


# a query part logic-v2 left unmatched, or paired with a listed part at 0 (another name)
UNMATCHED_PART = re.compile(r"\['([^']*)'(?: extraQueryPart|≈'[^']*' fuzzyMatch: 0\.00)")


def reconcile(name_parts: list[dict[str, Any]], matcher: str | None) -> list[dict[str, Any]]:
    """The alignment as logic-v2 decided it: a query part that logic-v2 left unmatched
    (`extraQueryPart`) or scored 0 against a listed part (`fuzzyMatch: 0.00`) is shown
    unmatched, whatever its letters' similarity to a listed part."""
    unmatched = {p for text in UNMATCHED_PART.findall(matcher or "") for p in fold(text).split()}
    for part in name_parts:
        if part["query"] in unmatched or skeleton(part["query"]) in {
            skeleton(u) for u in unmatched
        }:
            part["listed"] = None
    return name_parts
