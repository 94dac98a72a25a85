"""The words of the listed names, to read a query again the way the lists write it: a word the
lists never write, one typo from one they do, read as that word ("Muhammda" → "muhammad");
glued words split ("SalehAssi" → "saleh assi"), split words joined ("globa ltrans" →
"globaltrans"), a dotted or spaced acronym closed up ("I.R.G.C." → "irgc"); and the initials of
organisation names, so that an acronym finds the name it abbreviates ("IRGC" → "Islamic
Revolutionary Guard Corps") (pure, in memory)."""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from amanah.screening.normalise import ORG_FORMS, PARTICLES, fold, parts, skeleton

INITIALS_WORDS = (3, 8)  # organisation names of this many meaningful parts are indexed by initials
# words an acronym may leave out ("Ministry of Interior" → MININT; "Grupo y Asociados" → GA)
FUNCTION_WORDS = frozenset(
    "of for and the in on at de del la le les des du y e et und fur di da".split()
)
SPLIT_SHORTEST = 3  # neither half of a split word shorter than this, but for a particle
SPLIT_PARTICLES = frozenset("al el ul bin ibn ben abu abd".split())  # "al" + "qaida"
SPLIT_FROM = 5  # only words of this many letters or more are split
CORRECT_FROM = 4  # only words of this many letters or more are read as a word one typo away
CORRECTED_TO = 3  # … and as a listed word of at least this many letters
SPELLING_RATIO = 70  # spellings of one name: the same key, letters this close (rapidfuzz ratio)
# an organisation's name of one word of this many letters may be an acronym
ACRONYM_LETTERS = (3, 8)
SPELLINGS_KEPT = 100_000  # words whose other spellings are counted and kept


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        self._initials: dict[str, list[int]] = {}
        # each listed word, and each of its one-deletion variants, to the listed words it
        # comes from (built at the first `correct`, then kept up to date)
        self._variants: dict[str, list[str]] | None = None
        self._by_key: dict[str, list[str]] | None = None  # listed words by key (`spellings`)
        self._spellings: dict[str, int] = {}  # by word, until a word is added

    def __getstate__(self) -> dict[str, object]:
        # the lookups (`prepare`) are rebuilt from the words, not kept on disk
        return {**self.__dict__, "_variants": None, "_by_key": None, "_spellings": {}}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update({"_variants": None, "_by_key": None, "_spellings": {}, **state})

    def prepare(self) -> None:
        """Build the lookups of `correct` and `spellings` now, not at their first use."""
        self._variant_index()
        self._key_index()

    def _variant_index(self) -> dict[str, list[str]]:
        variants = self._variants
        if variants is None:
            variants = {}
            for listed in self.words:
                self._vary(variants, listed)
            self._variants = variants
        return variants

    def _key_index(self) -> dict[str, list[str]]:
        by_key = self._by_key
        if by_key is None:
            by_key = {}
            for listed in self.words:
                if listed not in PARTICLES:  # (never a name part: `normalise.parts`)
                    by_key.setdefault(skeleton(listed), []).append(listed)
            self._by_key = by_key
        return by_key

    def add(self, name_index: int, name: str, organisation: bool) -> None:
        written = fold(name).split()
        self._look_up([w for w in dict.fromkeys(written) if w not in self.words])
        self.words.update(written)
        if organisation:
            meaningful = parts(name, True)
            low, high = INITIALS_WORDS
            content = [p for p in meaningful if p not in FUNCTION_WORDS]
            for words in {meaningful, tuple(content)}:
                if low <= len(words) <= high and all(p[:1].isalpha() for p in words):
                    letters = "".join(p[0] for p in words)
                    self._initials.setdefault(letters, []).append(name_index)

    def _look_up(self, new: list[str]) -> None:
        """Add words the lists did not write before to the lookups built so far (`prepare`)."""
        if self._spellings:
            self._spellings.clear()
        if self._variants is not None:
            for word in new:
                self._vary(self._variants, word)
        if self._by_key is not None:
            for word in new:
                if word not in PARTICLES:
                    self._by_key.setdefault(skeleton(word), []).append(word)

    def initials(self, token: str) -> list[int]:
        """The names (by index) of organisations whose meaningful words have these initials."""
        return self._initials.get(token, [])

    @staticmethod
    def _vary(variants: dict[str, list[str]], word: str) -> None:
        if len(word) >= CORRECTED_TO and word.isalpha():
            for variant in _deletes(word) | {word}:
                variants.setdefault(variant, []).append(word)

    def correct(self, word: str) -> str | None:
        """A word the lists never write (a typo, most likely) as the listed word one typo from
        it (a letter dropped, added or changed, or two neighbours swapped: optimal string
        alignment distance 1), the most frequent of them; None for a listed word, a short one
        (`CORRECT_FROM`), or none one typo away. A query word the lists do write is never
        changed: it may be another name ("Hamdi", "Hamdan")."""
        if len(word) < CORRECT_FROM or word in self.words or not word.isalpha():
            return None
        variants = self._variant_index()
        found = set(variants.get(word, ()))
        for variant in _deletes(word):
            found.update(variants.get(variant, ()))
        close = [w for w in found if OSA.distance(word, w, score_cutoff=1) <= 1]
        return max(close, key=lambda w: (self.words[w], w)) if close else None

    def spellings(self, word: str) -> int:
        """How often the lists write another spelling of the same name as `word`: a word of
        the same consonant key (`normalise.skeleton`) and close letters (Mohammed, Muhammad,
        Mohammad…), not merely the same key (Nachar is not Nasser, nor Abbatay Abbot)."""
        found = self._spellings.get(word)
        if found is None:
            same_key = self._key_index().get(skeleton(word), ())
            close = process.extract(
                word, same_key, scorer=fuzz.ratio, score_cutoff=SPELLING_RATIO, limit=None
            )
            found = sum(self.words[w] for w, _, _ in close if w != word)
            if len(self._spellings) >= SPELLINGS_KEPT:
                self._spellings.clear()
            self._spellings[word] = found
        return found

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

    def reread(self, text: str, organisation: bool = True) -> str | None:
        """`text` (folded) as the lists would write it, or None when it reads the same. The
        name of an `organisation` (or of something not said to be a person) that is one word
        of `ACRONYM_LETTERS` may be an acronym, whose letters each stand for a word: one
        letter changed is another organisation's acronym, not a typo, so it is not corrected;
        its legal form written dotted is closed up ("Franzul S.A." → "franzul sa")."""
        found = text.split()
        low, high = ACRONYM_LETTERS
        acronym = organisation and len(found) == 1 and low <= len(found[0]) <= high
        if len(found) >= 2 and all(len(w) == 1 for w in found):
            return "".join(found)  # an acronym written dotted or spaced
        joined: list[str] = []
        i = 0
        while i < len(found):
            # a legal form written dotted ("S.A.", "L.L.C.": folded "s a", "l l c") closed up
            run = i
            while run < len(found) and len(found[run]) == 1:
                run += 1
            if organisation and run - i >= 2 and "".join(found[i:run]) in ORG_FORMS:
                joined.append("".join(found[i:run]))
                i = run
                continue
            pair = found[i] + found[i + 1] if i + 1 < len(found) else ""
            if pair and pair in self.words and min(len(found[i]), len(found[i + 1])) > 1:
                joined.append(pair)
                i += 2
            else:
                joined.append(found[i])
                i += 1
        result: list[str] = []
        for word in joined:
            read: tuple[str, ...] | None = None
            if word not in self.words and word.isalpha():
                corrected = None if acronym else self.correct(word)
                if corrected is not None:
                    read = (corrected,)
                elif len(word) >= SPLIT_FROM:
                    read = self._split(word)
            result.extend(read or (word,))
        reread = " ".join(result)
        return reread if reread != " ".join(found) else None
