"""The words of the listed names, to read a query again the way the lists write it: glued words
split ("SalehAssi" → "saleh assi"), split words joined ("globa ltrans" → "globaltrans"), a dotted
or spaced acronym closed up ("I.R.G.C." → "irgc"); and the initials of organisation names, so
that an acronym finds the name it abbreviates ("IRGC" → "Islamic Revolutionary Guard Corps")
(pure, in memory)."""

from __future__ import annotations

from collections import Counter

from amanah.screening.normalise import fold, parts

INITIALS_WORDS = (3, 8)  # organisation names of this many meaningful parts are indexed by initials
# words an acronym may leave out ("Ministry of Interior" → MININT; "Grupo y Asociados" → GA)
FUNCTION_WORDS = frozenset(
    "of for and the in on at de del la le les des du y e et und fur di da".split()
)
SPLIT_SHORTEST = 3  # neither half of a split word shorter than this, but for a particle
SPLIT_PARTICLES = frozenset("al el ul bin ibn ben abu abd".split())  # "al" + "qaida"
SPLIT_FROM = 5  # only words of this many letters or more are split


class Vocabulary:
    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        self._initials: dict[str, list[int]] = {}

    def add(self, name_index: int, name: str, organisation: bool) -> None:
        self.words.update(fold(name).split())
        if organisation:
            meaningful = parts(name, True)
            low, high = INITIALS_WORDS
            content = [p for p in meaningful if p not in FUNCTION_WORDS]
            for words in {meaningful, tuple(content)}:
                if low <= len(words) <= high and all(p[:1].isalpha() for p in words):
                    letters = "".join(p[0] for p in words)
                    self._initials.setdefault(letters, []).append(name_index)

    def initials(self, token: str) -> list[int]:
        """The names (by index) of organisations whose meaningful words have these initials."""
        return self._initials.get(token, [])

    def _split(self, word: str) -> tuple[str, str] | None:
        """A word the lists never write, as two words they do: of the ways to cut it, the one
        with the longest shorter half, then the most frequent halves."""
        words = self.words
        best: tuple[int, int, str, str] | None = None
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            short = [half for half in (left, right) if len(half) < SPLIT_SHORTEST]
            if any(half not in SPLIT_PARTICLES for half in short):
                continue
            if left in words and right in words:
                rank = (min(len(left), len(right)), min(words[left], words[right]))
                if best is None or rank > best[:2]:
                    best = (*rank, left, right)
        return None if best is None else (best[2], best[3])

    def reread(self, text: str) -> str | None:
        """`text` (folded) as the lists would write it, or None when it reads the same."""
        found = text.split()
        if len(found) >= 2 and all(len(w) == 1 for w in found):
            return "".join(found)  # an acronym written dotted or spaced
        joined: list[str] = []
        i = 0
        while i < len(found):
            pair = found[i] + found[i + 1] if i + 1 < len(found) else ""
            if pair and pair in self.words and min(len(found[i]), len(found[i + 1])) > 1:
                joined.append(pair)
                i += 2
            else:
                joined.append(found[i])
                i += 1
        result: list[str] = []
        for word in joined:
            split = None
            if len(word) >= SPLIT_FROM and word not in self.words and word.isalpha():
                split = self._split(word)
            result.extend(split or (word,))
        reread = " ".join(result)
        return reread if reread != " ".join(found) else None
