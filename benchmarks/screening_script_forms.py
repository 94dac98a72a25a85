"""Would ICU's script-specific transforms (Katakana-Latin, Hangul-Latin, Hebrew-Latin,
Thai-Latin, Greek-Latin), as extra query forms beside today's reading (`normalise.fold`:
normality's Any-Latin), recover the `script` family's misses of the pair set? For each pair of
those scripts: does every key of the query pair up with the target's (exactly or by coarse key,
as `evidence.key_stand_in` asks), with today's reading, with the transform's, with either.

    PYTHONPATH=src python benchmarks/screening_script_forms.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import icu

from amanah.screening.normalise import coarse, coarse_key, fold, key
from amanah.screening.prescore import key_overlap

PAIRS = Path(__file__).parent / "data" / "screening_pairs.csv"
SCRIPTS = {
    "Katakana": r"[\u30A0-\u30FF]",
    "Hangul": r"[\uAC00-\uD7AF]",
    "Hebrew": r"[\u0590-\u05FF]",
    "Thai": r"[\u0E00-\u0E7F]",
    "Greek": r"[\u0370-\u03FF]",
}


def pairs_up(query_keys: list[str], target: list[str]) -> bool:
    exact = key_overlap(query_keys, target)
    loose = key_overlap(sorted(coarse(k) for k in query_keys), sorted(coarse(k) for k in target))
    return max(exact, loose) >= 1.0


def main() -> None:
    with PAIRS.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["family"] == "script"]
    transforms = {
        name: icu.Transliterator.createInstance(f"{name}-Latin; Latin-ASCII; Lower")
        for name in SCRIPTS
    }
    counts: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        script = next((s for s, p in SCRIPTS.items() if re.search(p, row["query"])), None)
        if script is None:
            continue
        target = list(key(row["target_name"]))
        today = max(
            pairs_up(list(key(fold(row["query"]))), target),
            key_overlap(coarse_key(row["query"]), sorted(coarse(k) for k in target)) >= 1.0,
        )
        reading = fold(transforms[script].transliterate(row["query"]))
        specific = pairs_up(list(key(reading)), target)
        found = counts.setdefault((script, row["label"]), [0, 0, 0, 0])
        for i, value in enumerate((True, today, specific, today or specific)):
            found[i] += value
    print(f"{'script':10}{'label':>6}{'pairs':>7}{'today':>7}{'ICU':>6}{'either':>8}")
    for (script, label), (n, today, specific, either) in sorted(counts.items()):
        print(f"{script:10}{label:>6}{n:>7}{today:>7}{specific:>6}{either:>8}")


if __name__ == "__main__":
    main()
