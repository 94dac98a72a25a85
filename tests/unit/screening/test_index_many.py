"""The candidate step for a block of queries at once (`NameIndex.candidates_many`, used by
`Matcher.screen_many`) finds, for each query, the names one query at a time finds, in the same
order: whatever the names, the queries, typos and removed entries."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amanah.screening.entity import ListedEntity
from amanah.screening.index import NameIndex
from amanah.screening.prescore import Prepared, prescore, prescore_many
from amanah.screening.query import Query

WORDS = ("mohammed", "muhamad", "ali", "hassan", "hasan", "omar", "umar", "karimov", "petrov",
         "gazprom", "neft", "trading", "alqaida", "smith", "smyth", "abdul", "rahman")  # fmt: skip
word = st.sampled_from(WORDS) | st.text(alphabet="abdehikmnorst", min_size=1, max_size=8)
name = st.lists(word, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    listed=st.lists(name, min_size=1, max_size=40),
    removed=st.sets(st.integers(0, 39), max_size=5),
    queries=st.lists(name, min_size=1, max_size=12),
    limit=st.integers(1, 12),
)
def test_a_block_of_queries_finds_what_each_query_finds(
    listed: list[str], removed: set[int], queries: list[str], limit: int
) -> None:
    index = NameIndex()
    index.add(ListedEntity("L", str(i), "Person", (text,)) for i, text in enumerate(listed))
    index.remove(("L", str(i)) for i in removed)
    index.freeze()
    index.spell()
    prepared = [Prepared.of(Query(text, type="person"), index) for text in queries]
    asked = [(p.key_tokens, p.part_tokens, p.size) for p in prepared]
    many = index.candidates_many(asked, limit=limit)
    one = [index.candidates(*query, limit=limit) for query in asked]
    assert [m.tolist() for m in many] == [o.tolist() for o in one]
    best, by_key = prescore_many(prepared, index, one)
    start = 0
    for query, names in zip(prepared, one, strict=True):
        end = start + len(names)
        alone, alone_by_key = prescore(query, index, names) if len(names) else (names, names)
        assert best[start:end].tolist() == alone.tolist()
        assert by_key[start:end].tolist() == alone_by_key.tolist()
        start = end
