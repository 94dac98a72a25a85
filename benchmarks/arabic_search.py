"""Arabic search over party names: what a list search costs when the typed text is Arabic and
each party name is compared as screening compares names (its script-independent key), against
the plain case-insensitive "contains" that Latin text gets from the database (here the same
comparison in Python, the strong baseline for the per-name work).

    python benchmarks/arabic_search.py [--names 1000 10000 50000]

Cold: the first search after start (each name is folded and keyed once, then cached);
warm: the next searches. The database read of (case id, name) rows is not included.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _synthetic import names as synthetic_names  # noqa: E402

from amanah.screening import normalise  # noqa: E402
from amanah.screening.normalise import same_name  # noqa: E402


def clear_caches() -> None:
    for function in (normalise.fold, normalise.parts, normalise.skeleton, normalise._key_set):
        function.cache_clear()


def timed(run: object) -> tuple[float, int]:
    start = time.perf_counter()
    found = run()  # type: ignore[operator]
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, nargs="+", default=[1000, 10000, 50000])
    args = parser.parse_args()
    query, latin = "محمد", "mohammed"
    print(f"{'names':>7} {'contains ms':>12} {'keyed cold ms':>14} {'keyed warm ms':>14} "
          f"{'found contains':>15} {'found keyed':>12}")  # fmt: skip
    for count in args.names:
        names = synthetic_names(count, seed=19)
        clear_caches()
        base, found_base = timed(lambda: sum(latin in n.lower() for n in names))  # noqa: B023
        cold, found = timed(lambda: sum(same_name(query, n) for n in names))  # noqa: B023
        warm, _ = timed(lambda: sum(same_name(query, n) for n in names))  # noqa: B023
        print(f"{count:>7} {base * 1000:>12.1f} {cold * 1000:>14.1f} {warm * 1000:>14.1f} "
              f"{found_base:>15} {found:>12}")  # fmt: skip


if __name__ == "__main__":
    main()
