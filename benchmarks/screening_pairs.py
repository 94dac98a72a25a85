"""Pair-level quality on hard names: Amanah's screening vs nomenklatura logic-v2 alone, precision,
recall and F1 at 0.70 per family of the labelled pair set (benchmarks/data/screening_pairs.csv,
built by screening_pairs_build.py; see benchmarks/data/SCREENING_PAIRS.md).

Amanah screens each query against the whole of the real UN + OFAC lists (its candidate step
included: a target it never finds scores 0) and the pair's score is that of the target's hit;
logic-v2 alone compares the query with the target entity directly (no candidate step), with
nomenklatura's default configuration.

    PYTHONPATH=src python benchmarks/screening_pairs.py [--errors]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from pathlib import Path

from _screening_data import real_entities
from followthemoney import model
from followthemoney.proxy import EntityProxy
from nomenklatura.matching import LogicV2, ScoringConfig

from amanah.screening.entity import ListedEntity
from amanah.screening.match import Matcher, Query, warm_up

PAIRS = Path(__file__).parent / "data" / "screening_pairs.csv"
THRESHOLD = 0.70


def _query_proxy(row: dict[str, str]) -> EntityProxy:
    proxy = model.make_entity("Person" if row["kind"] == "person" else "Organization")
    proxy.id = f"q-{id(row)}"
    proxy.add("name", row["query"])
    return proxy


def _listed_proxy(entity: ListedEntity) -> EntityProxy:
    schema = entity.schema if model.get(entity.schema) else "LegalEntity"
    proxy = model.make_entity(schema)
    proxy.id = f"{entity.list_name}-{entity.entity_id}"
    for name in entity.names + entity.original_script:
        proxy.add("name", name)
    for name in entity.weak_aliases:
        proxy.add("weakAlias", name)
    return proxy


def prf(scores: list[tuple[float, int]]) -> tuple[float, float, float]:
    tp = sum(1 for s, label in scores if s >= THRESHOLD and label)
    fp = sum(1 for s, label in scores if s >= THRESHOLD and not label)
    fn = sum(1 for s, label in scores if s < THRESHOLD and label)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print Amanah's wrong pairs")
    args = parser.parse_args()
    with PAIRS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    entities = real_entities()
    by_ref = {(e.list_name, e.entity_id): e for e in entities}
    constructed = [
        ListedEntity("PAIR", r["target_id"], "Person", (r["target_name"],))
        for r in rows
        if r["target_list"] == "PAIR"
    ]
    by_ref.update({(e.list_name, e.entity_id): e for e in constructed})
    started = time.perf_counter()
    matcher = Matcher()
    matcher.index.add(entities + constructed)
    matcher.prepare()
    warm_up()
    print(
        f"index of {len(entities) + len(constructed):,} entities in {time.perf_counter() - started:.1f} s"
    )
    config = ScoringConfig.defaults()
    ours: dict[str, list[tuple[float, int]]] = defaultdict(list)
    theirs: dict[str, list[tuple[float, int]]] = defaultdict(list)
    errors: list[str] = []
    for row in rows:
        target = by_ref[(row["target_list"], row["target_id"])]
        label = int(row["label"])
        hits = matcher.screen(Query(row["query"], type=row["kind"]), floor=0.3, limit=50)
        score = max(
            (
                h.score
                for h in hits
                if (h.list_name, h.entity_id) == (target.list_name, target.entity_id)
            ),
            default=0.0,
        )
        alone = LogicV2.compare(_query_proxy(row), _listed_proxy(target), config).score
        for family in (row["family"], f"{row['family']}/{row['kind']}", "ALL"):
            ours[family].append((score, label))
            theirs[family].append((alone, label))
        if (score >= THRESHOLD) != bool(label):
            errors.append(
                f"{row['family']:12s} {label} ours {score:.2f} v2 {alone:.2f}  "
                f"{row['query']!r} ~ {target.names[0]!r} ({row['how']})"
            )
    print(f"\n{len(rows)} pairs at {THRESHOLD:.2f}: precision / recall / F1")
    print(f"{'family':28s} {'n':>5s} {'neg':>4s}   {'Amanah':>17s}   {'logic-v2 alone':>17s}   ΔF1")
    for family in sorted(ours, key=lambda f: (f == "ALL", f)):
        n = len(ours[family])
        negatives = sum(1 for _, label in ours[family] if not label)
        p1, r1, f1 = prf(ours[family])
        p2, r2, f2 = prf(theirs[family])
        print(
            f"{family:28s} {n:5d} {negatives:4d}   {p1:.2f} {r1:.2f} {f1:.3f}   "
            f"{p2:.2f} {r2:.2f} {f2:.3f}   {f1 - f2:+.3f}"
        )
    if args.errors:
        print("\n" + "\n".join(sorted(errors)))


if __name__ == "__main__":
    main()
