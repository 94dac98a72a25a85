"""Screening quality at the default thresholds, on the labelled data and on variants of the real
lists: recall of listed people and false-positive rate on people not listed.

Run: .venv/bin/python benchmarks/screening_quality.py [--limit N]
Target: recall >= 0.98 with a false-positive rate <= 1 %."""

from __future__ import annotations

import argparse
import time
from collections import Counter

from _screening_data import (
    common_negatives,
    cross_script_pairs,
    eval_queries,
    listed_positives,
    real_entities,
)

from amanah.config import get_settings
from amanah.screening.entity import ListedEntity
from amanah.screening.match import Matcher, Query, warm_up


def recall(matcher: Matcher, queries: list[Query], threshold: float) -> tuple[float, list[str]]:
    missed = [q.name for q in queries if not matcher.screen(q, floor=threshold)]
    return 1 - len(missed) / max(len(queries), 1), missed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="queries per set (0 = all)")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    threshold = get_settings().match_threshold
    started = time.perf_counter()
    warm_up()
    entities = real_entities()
    matcher = Matcher()
    matcher.index.add(entities)
    matcher.prepare()
    print(f"lists: {len(entities)} entities, {matcher.index.live_names} names "
          f"(loaded in {time.perf_counter() - started:.1f} s); match threshold {threshold}")  # fmt: skip

    def cut(items: list[Query]) -> list[Query]:
        return items[: args.limit] if args.limit else items

    rows: list[tuple[str, int, float]] = []
    total_pos, total_hit = 0, 0
    for label, name in (("UN people, clean (yente)", "yente_positives_un_untreated.csv"),
                        ("UN people, typos and reshuffles (yente)", "yente_positives_un_treated.csv")):  # fmt: skip
        queries = cut(eval_queries(name))
        value, missed = recall(matcher, queries, threshold)
        rows.append((f"recall   {label}", len(queries), value))
        total_pos += len(queries)
        total_hit += len(queries) - len(missed)
        if args.show_misses:
            print(label, "missed:", missed[:40])
    generated = listed_positives(entities, args.limit or 1000)
    by_change: Counter[str] = Counter()
    misses_by_change: Counter[str] = Counter()
    for change, query in generated:
        by_change[change] += 1
        if not matcher.screen(query, floor=threshold):
            misses_by_change[change] += 1
            if args.show_misses:
                print("missed", change, query.name)
    for change, n in sorted(by_change.items()):
        rows.append((f"recall   real lists, {change}", n, 1 - misses_by_change[change] / n))
    total_pos += len(generated)
    total_hit += len(generated) - sum(misses_by_change.values())

    negatives = cut(eval_queries("yente_negatives_global.csv"))
    false_hits = [q.name for q in negatives if matcher.screen(q, floor=threshold)]
    rows.append(
        (
            "FP rate  global non-listed people (yente)",
            len(negatives),
            len(false_hits) / len(negatives),
        )
    )
    common = common_negatives(matcher, args.limit or 1000)
    common_hits = [q.name for q in common if matcher.screen(q, floor=threshold)]
    rows.append(
        ("FP rate  common names not on any list", len(common), len(common_hits) / len(common))
    )
    if args.show_misses:
        print("false positives:", false_hits[:30], common_hits[:30])

    width = max(len(r[0]) for r in rows)
    for label, n, value in rows:
        print(f"{label:<{width}}  n={n:<5} {value:.3f}")
    overall_recall = total_hit / total_pos
    overall_fp = (len(false_hits) + len(common_hits)) / (len(negatives) + len(common))
    print(f"{'OVERALL recall':<{width}}  n={total_pos:<5} {overall_recall:.3f}  (target >= 0.98)")
    print(f"{'OVERALL false-positive rate':<{width}}  n={len(negatives) + len(common):<5} "
          f"{overall_fp:.3f}  (target <= 0.010)")  # fmt: skip

    print_cross_script()


def print_cross_script() -> None:
    print("\ncross-script pairs (score of the Latin name as the only listed entry):")
    for query, expected, minimum, description in cross_script_pairs():
        single = Matcher()
        single.index.add([ListedEntity("PAIRS", "1", "Person", (expected,))])
        hits = single.screen(Query(query, type="person"), floor=0.0)
        score = hits[0].score if hits else 0.0
        flag = "ok " if score >= minimum else "LOW"
        print(
            f"  {flag} {score:.2f} (watchman min {minimum:.2f})  {query} -> {expected}  [{description}]"
        )


if __name__ == "__main__":
    main()
