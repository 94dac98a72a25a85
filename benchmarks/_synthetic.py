"""Synthetic names for the scale benchmarks: syllable-built given names and surnames, Latin and
Arabic-style, deterministic for a seed."""

from __future__ import annotations

import random

ONSETS = "b c d f g h j k l m n p r s t v w y z sh kh th ch br tr gr st".split()
NUCLEI = "a e i o u aa ee ia ou ai".split()
CODAS = ["", "", "n", "r", "s", "l", "m", "d", "k", "t", "sh"]
ARABIC_GIVEN = (
    "Mohammed Ahmed Ali Hassan Hussein Omar Khalid Yusuf Ibrahim Abdullah Tariq Karim".split()
)


def syllables(rng: random.Random, count: int) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS) for _ in range(count)
    ).capitalize()


def name(rng: random.Random) -> str:
    parts = [syllables(rng, rng.randint(1, 3)) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.2:
        parts[0] = rng.choice(ARABIC_GIVEN)
    return " ".join(parts)


def names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [name(rng) for _ in range(count)]


def typo(rng: random.Random, text: str) -> str:
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) > 3:
        j = rng.randrange(1, len(word) - 1)
        words[i] = word[:j] + word[j + 1 :]
    return " ".join(words)
