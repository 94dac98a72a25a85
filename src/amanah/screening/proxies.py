"""Both sides of a comparison as the FollowTheMoney entities logic-v2 reads: the query's, built
per query, and each listed entity's (`ListedProxy`), whose names are analysed once and kept.
Heavy (nomenklatura): imported only by the functions that score."""

from __future__ import annotations

import itertools
from collections.abc import Container, Sequence
from contextvars import ContextVar
from functools import lru_cache

from followthemoney import model
from followthemoney.proxy import EntityProxy
from nomenklatura.matching.logic_v2.names import analysis as _names_analysis
from nomenklatura.matching.logic_v2.names import match as _names_match
from rapidfuzz.distance import OSA
from rigour.names import Alignment, CompareConfig, Name, NamePart
from rigour.names import compare_parts as _library_compare_parts

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import latin, skeleton
from amanah.screening.query import Query, query_names

RESTRICTED_KEPT = 8  # per listed entity, the subsets of its names kept analysed
_QUERY_IDS = itertools.count()


def query_entity(query: Query, names: Sequence[str] = ()) -> EntityProxy:
    """The query as logic-v2 reads it; `names`, when given, are all its forms (`Prepared`)."""
    schema = "Organization" if query.organisation else ("Person" if query.type else "LegalEntity")
    proxy = model.make_entity(schema)
    # logic-v2 caches name analysis by entity id: every query needs its own
    proxy.id = f"query-{next(_QUERY_IDS)}"
    for name in names or query_names(query):
        proxy.add("name", name)
    if query.country:
        proxy.add("country", _cleaned("country", query.country.lower()), cleaned=True)
    if query.birth_date and schema == "Person":
        proxy.add("birthDate", _cleaned("birthDate", query.birth_date), cleaned=True)
    for identifier in query.identifiers:
        proxy.add("idNumber", identifier)
    return proxy


@lru_cache(maxsize=50_000)
def _cleaned(prop: str, value: str) -> str | None:
    """A country or birth date as FollowTheMoney cleans it (None if it is not one); the same
    few thousand values recur across queries, and a date's parsing is most of a query entity's
    cost."""
    return model.get("Person").properties[prop].type.clean(value)  # type: ignore[union-attr]


class ListedProxy(EntityProxy):
    """A listed entity as logic-v2 sees it, carrying its analysed names. logic-v2 analyses both
    sides' names on every comparison and keeps the last 1,000 entities; a list entry's names do
    not change, so the index analyses them once (`Matcher.prepare`) and logic-v2 reads them
    from here (`_entity_names`)."""

    __slots__ = ("analysed", "_restricted")

    def __init__(self, schema: str) -> None:
        found = model.get(schema)
        assert found is not None
        super().__init__(found, {})
        self.analysed: tuple[set[Name], set[Name]] | None = None
        self._restricted: dict[frozenset[str], ListedProxy] = {}

    def analysed_names(self) -> tuple[set[Name], set[Name]]:
        """(all names, names not contained in a longer one), as logic-v2 analyses them."""
        if self.analysed is None:
            names = _library_entity_names.__wrapped__(self, None, False)
            self.analysed = (names, Name.consolidate_names(names))
        return self.analysed

    def restricted(self, texts: set[str]) -> ListedProxy:
        """The same entity with only the names written as `texts` (and their Latin forms);
        kept, since the same names of an entry pass the pre-score for many queries."""
        wanted = frozenset(texts)
        clone = self._restricted.get(wanted)
        if clone is None:
            if len(self._restricted) >= RESTRICTED_KEPT:
                self._restricted.clear()
            clone = self._restricted[wanted] = self._restrict(wanted)
        return clone

    def _restrict(self, texts: frozenset[str]) -> ListedProxy:
        wanted = texts | {latin(t) for t in texts}
        names = self.analysed_names()[0]
        chosen = {n for n in names if n.original in wanted}
        if not chosen or len(chosen) == len(names):
            return self
        clone = ListedProxy.__new__(ListedProxy)
        for attr in ("schema", "id", "key_prefix", "context", "_properties", "_size"):
            setattr(clone, attr, getattr(self, attr))
        clone.analysed = (chosen, Name.consolidate_names(chosen))
        clone._restricted = {}
        return clone


_library_entity_names = _names_analysis.entity_names
_library_consolidated = _names_analysis.entity_names_consolidated


def _entity_names(
    entity: EntityProxy, prop: str | None = None, is_query: bool = False
) -> set[Name]:
    if prop is None and not is_query and isinstance(entity, ListedProxy):
        return entity.analysed_names()[0]
    return _library_entity_names(entity, prop=prop, is_query=is_query)


def _entity_names_consolidated(
    entity: EntityProxy, prop: str | None = None, is_query: bool = False
) -> set[Name]:
    if prop is None and not is_query and isinstance(entity, ListedProxy):
        return entity.analysed_names()[1]
    return _library_consolidated(entity, prop=prop, is_query=is_query)


# logic-v2's name comparison looks its names up through these two module names
_names_match.entity_names = _entity_names  # type: ignore[attr-defined,assignment]
_names_match.entity_names_consolidated = _entity_names_consolidated  # type: ignore[attr-defined,assignment]


# the words the lists write (`Vocabulary.words`), while a matcher scores (`known_words`)
_KNOWN: ContextVar[Container[str] | None] = ContextVar("known_words", default=None)


class known_words:  # noqa: N801 (used as a function: `with known_words(words):`)
    """Score, within this block, knowing the words the lists write (`_compare_parts`). (A
    class rather than a generator: it is entered once per scored pair.)"""

    __slots__ = ("_token", "_words")

    def __init__(self, words: Container[str]) -> None:
        self._words = words

    def __enter__(self) -> None:
        self._token = _KNOWN.set(self._words)

    def __exit__(self, *_: object) -> None:
        _KNOWN.reset(self._token)


def _compare_parts(
    query: list[NamePart], result: list[NamePart], config: CompareConfig | None = None
) -> list[Alignment]:
    """logic-v2's comparison of the name parts that no symbol pairs (rigour's `compare_parts`),
    but for one thing: a query part that the lists themselves write as a name, paired by its
    letters alone with another listed part of another consonant key (`skeleton`: not another
    spelling of it) two edits away or more (one is a typo: "Madhi" for "Mahdi"), is another
    name ("Cortillo" for "Castillo"), not a typo of it, and scores 0 (a typo the lists never
    write keeps logic-v2's score)."""
    alignments: list[Alignment] = _library_compare_parts(query, result, config=config)
    known = _KNOWN.get()
    if known is None:
        return alignments
    for alignment in alignments:
        if len(alignment.qps) == 1 and len(alignment.rps) == 1 and 0 < alignment.score < 1:
            asked, listed = alignment.qps[0].comparable, alignment.rps[0].comparable
            if (
                asked in known
                and skeleton(asked) != skeleton(listed)
                and OSA.distance(asked, listed, score_cutoff=1) > 1
            ):
                alignment.score = 0.0
    return alignments


_names_match.compare_parts = _compare_parts  # type: ignore[attr-defined,assignment]


def listed_entity(entity: ListedEntity) -> ListedProxy:
    schema = {"Airplane": "Airplane", "Vessel": "Vessel"}.get(entity.schema, entity.schema)
    proxy = ListedProxy(schema if model.get(schema) else "LegalEntity")
    proxy.id = f"{entity.list_name}-{entity.entity_id}-{next(_QUERY_IDS)}"
    for name in entity.names:
        proxy.add("name", name)
    for name in entity.original_script:
        proxy.add("name", name)
        proxy.add("name", latin(name))
    for name in entity.weak_aliases:
        proxy.add("weakAlias", name)
    for country in entity.countries:
        proxy.add("country", country.lower())
    if proxy.schema.is_a("Person"):
        for birth in entity.birth_dates:
            proxy.add("birthDate", birth)
    for identifier in entity.identifiers:
        proxy.add("idNumber", identifier)
    return proxy
