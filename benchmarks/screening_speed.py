"""Screening speed with all real lists loaded, side by side with brute force: every query
against every listed name with rapidfuzz (token sort ratio over the same folding). The baseline
is brute force's fast form, `process.cdist` over a block of queries at once on one worker (its
per-query time is the block's divided by its size); `process.extractOne` per query, the slow
form, is a second line.

Amanah is timed on both its paths: one query at a time (`Matcher.screen`: the web form, `amanah
screen NAME`) and a block of queries at once (`Matcher.screen_many`: `screen --file`, re-screening
after a list import), which looks up and pre-scores the block's candidates together.

Run: .venv/bin/python benchmarks/screening_speed.py [--queries N] [--block B] [--profile]
(--profile: then screens the same queries again under cProfile and prints where Amanah's time
goes, by step: cProfile's overhead weighs on Python code more than on numpy's and rapidfuzz's,
so the shares are indicative)
Target: >= 3x the cdist baseline's throughput at equal or better recall; p95 <= 10 ms/query."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time

import numpy as np
from _screening_data import common_negatives, eval_queries, listed_positives, real_entities
from rapidfuzz import fuzz, process

from amanah.config import get_settings
from amanah.screening.match import Matcher, Query, warm_up
from amanah.screening.normalise import fold


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    # 1,200 queries (a quarter each: listed names changed, yente's treated UN names, yente's
    # global non-listed names, common names) take 24 turns of 50: with 600, the same code
    # measured 17.8x to 22.8x, as the machine's speed drifted between turns
    parser.add_argument("--queries", type=int, default=1200)
    parser.add_argument("--block", type=int, default=50, help="queries per turn")
    parser.add_argument("--profile", action="store_true", help="Amanah's time by step")
    args = parser.parse_args()
    threshold = get_settings().match_threshold
    warm_up()
    entities = real_entities()
    started = time.perf_counter()
    matcher = Matcher()
    matcher.index.add(entities)
    matcher.prepare()
    built = time.perf_counter() - started
    half = args.queries // 2
    positives = [q for _, q in listed_positives(entities, half // 2)]
    positives += eval_queries("yente_positives_un_treated.csv")[: half - len(positives)]
    negatives = eval_queries("yente_negatives_global.csv")[: half // 2]
    negatives += common_negatives(matcher, half - len(negatives))
    queries: list[tuple[Query, bool]] = [(q, True) for q in positives] + [
        (q, False) for q in negatives
    ]
    print(f"{len(entities)} entities, {matcher.index.live_names} names; index built in {built:.1f} s; "
          f"{len(queries)} queries ({len(positives)} listed, {len(negatives)} not)")  # fmt: skip

    # Amanah (key index -> rapidfuzz pre-score -> logic-v2 on the best few) and the baseline
    # (every query against every listed name with rapidfuzz, same folding) take turns, a block
    # of queries each, so that both see the same machine: its speed here drifts by up to half
    # within minutes
    names = [fold(n) for e in entities for n in e.all_names]
    runs = Runs()
    for number, start in enumerate(range(0, len(queries), args.block)):
        take_turns(runs, matcher, names, queries[start : start + args.block], threshold, number)
    # extractOne, the slow form, after: taking turns with it, each of Amanah's blocks would start
    # with the processor's caches filled by 50 passes over every listed name (~40 times Amanah's
    # own time), which no screening service does between its queries
    for start in range(0, len(queries), args.block):
        extract_one(runs, names, queries[start : start + args.block], threshold)
    runs.print(len(positives), len(negatives))
    # not timed: the same queries at the review cut-off, where a hit becomes a review item
    review = get_settings().review_threshold
    r_found = sum(bool(matcher.screen(q, floor=review)) for q, listed in queries if listed)
    r_false = sum(bool(matcher.screen(q, floor=review)) for q, listed in queries if not listed)
    print(f"amanah at the review cut-off ({review:.2f}): recall {r_found / len(positives):.3f}, "
          f"false-positive rate {r_false / len(negatives):.3f}")  # fmt: skip
    if args.profile:
        profile(matcher, [q for q, _ in queries], threshold)


class Runs:
    """Each path's latencies, CPU seconds, hits on listed and on other names."""

    PATHS = (
        ("many", "amanah, blocks (screen_many)"),
        ("one", "amanah, one by one (screen)"),
        ("cdist", "brute force: cdist, blocks"),
        ("extractOne", "brute force: extractOne"),
    )

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {path: [] for path, _ in self.PATHS}
        self.found = dict.fromkeys(self.latencies, 0)
        self.false_hits = dict.fromkeys(self.latencies, 0)
        self.cpu = dict.fromkeys(self.latencies, 0.0)  # CPU seconds (one thread each)

    def count(self, path: str, hits: list[bool], block: list[tuple[Query, bool]]) -> None:
        for (_, listed), hit in zip(block, hits, strict=True):
            self.found[path] += hit and listed
            self.false_hits[path] += hit and not listed

    def print(self, pos: int, neg: int) -> None:
        wall = {path: sum(values) for path, values in self.latencies.items()}
        n = pos + neg
        print(f"load average {os.getloadavg()[0]:.2f} (wall times on a shared machine: the CPU "
              "columns are the steadier figures)")  # fmt: skip
        print(f"{'':36}{'queries/s':>10}{'q/CPU-s':>9}{'median ms':>11}{'p95 ms':>9}"
              f"{'recall':>8}{'FP rate':>9}")  # fmt: skip
        for path, label in self.PATHS:
            lat = self.latencies[path]
            print(f"{label:36}{n / wall[path]:>10.0f}{n / self.cpu[path]:>9.0f}"
                  f"{statistics.median(lat) * 1000:>11.2f}{percentile(lat, 0.95) * 1000:>9.2f}"
                  f"{self.found[path] / pos:>8.3f}{self.false_hits[path] / neg:>9.3f}")  # fmt: skip
        for path, label in (("many", "blocks"), ("one", "one by one")):
            print(f"throughput ratio amanah ({label})/cdist: {wall['cdist'] / wall[path]:.1f}x "
                  f"wall, {self.cpu['cdist'] / self.cpu[path]:.1f}x CPU (target >= 3x); "
                  f"/extractOne: {wall['extractOne'] / wall[path]:.1f}x")  # fmt: skip
        print(f"p95 one by one {percentile(self.latencies['one'], 0.95) * 1000:.2f} ms "
              "(target <= 10 ms)")  # fmt: skip


def take_turns(
    runs: Runs,
    matcher: Matcher,
    names: list[str],
    block: list[tuple[Query, bool]],
    threshold: float,
    number: int,
) -> None:
    """One block through Amanah's two paths and the cdist baseline, in turn. (Query by query
    in turn would have each evict the other from the processor's caches.)"""
    # Amanah's two paths take turns going first on a block: the first folds and keys the
    # block's names, the second finds them in the caches
    for path in ("many", "one") if number % 2 == 0 else ("one", "many"):
        c0, t0 = time.process_time(), time.perf_counter()
        if path == "many":  # `Matcher.screen_many`: `screen --file`, re-screening
            hits = [bool(h) for h in matcher.screen_many([q for q, _ in block], threshold)]
            runs.latencies[path] += [(time.perf_counter() - t0) / len(block)] * len(block)
        else:  # `Matcher.screen`: one name (the web form, `amanah screen NAME`)
            hits = []
            for query, _ in block:
                t1 = time.perf_counter()
                hits.append(bool(matcher.screen(query, floor=threshold)))
                runs.latencies[path].append(time.perf_counter() - t1)
        runs.cpu[path] += time.process_time() - c0
        runs.count(path, hits, block)
    c0, t0 = time.process_time(), time.perf_counter()
    scores = process.cdist([fold(q.name) for q, _ in block], names, scorer=fuzz.token_sort_ratio,
                           score_cutoff=threshold * 100, dtype=np.uint8, workers=1)  # fmt: skip
    hits = (scores.max(axis=1) >= threshold * 100).tolist()
    runs.latencies["cdist"] += [(time.perf_counter() - t0) / len(block)] * len(block)
    runs.cpu["cdist"] += time.process_time() - c0
    runs.count("cdist", hits, block)


def extract_one(
    runs: Runs, names: list[str], block: list[tuple[Query, bool]], threshold: float
) -> None:
    c0 = time.process_time()
    hits = []
    for query, _ in block:
        t0 = time.perf_counter()
        best = process.extractOne(fold(query.name), names, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=threshold * 100)  # fmt: skip
        runs.latencies["extractOne"].append(time.perf_counter() - t0)
        hits.append(bool(best))
    runs.cpu["extractOne"] += time.process_time() - c0
    runs.count("extractOne", hits, block)


# the steps of `Matcher.screen`, as cProfile names them (file, function)
STEPS = (
    ("prescore.py", "of", "query forms and keys (Prepared.of)"),
    ("index.py", "candidates", "candidates from the key index"),
    ("prescore.py", "prescore", "rapidfuzz pre-score"),
    ("proxies.py", "query_entity", "query entity for logic-v2"),
    ("matcher.py", "_score", "scoring a candidate, all told"),
    ("scoring.py", "score", "  of which logic-v2 itself"),
    ("matcher.py", "_name_parts", "  of which name-part alignment"),
)


def profile(matcher: Matcher, queries: list[Query], threshold: float) -> None:
    """Screen `queries` again under cProfile; print each step's share of the time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        matcher.screen(query, floor=threshold)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = next(
        v[3]
        for (file, _, name), v in stats.items()
        if file.endswith("matcher.py") and name == "screen"
    )
    print(f"\nAmanah by step (cProfile, {len(queries)} queries, {total / len(queries) * 1000:.2f} "
          "ms/query profiled):")  # fmt: skip
    for file, function, label in STEPS:
        spent = sum(
            v[3] for (f, _, name), v in stats.items() if f.endswith(file) and name == function
        )
        print(f"  {label:40} {spent / total:6.1%}")


if __name__ == "__main__":
    main()
