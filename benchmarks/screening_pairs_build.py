"""Build the labelled pair set `benchmarks/data/screening_pairs.csv` (deterministic: seed 17).

Every pair is a query and a target: an entry of the real UN or OFAC list (`un-xml`/`ofac-csv`
plus its id, read from ../shared/data/sanctions/) or, for the cross-script pairs of
moov-io/watchman, a one-name entity built from the pair (`PAIR`). The query is made from the
target's own names by construction, one family of the issue at a time; label 1 when it names the
target, 0 when it is a hard negative (a near name of *another* person or company). How each
family is built is in benchmarks/data/SCREENING_PAIRS.md.

    PYTHONPATH=src python benchmarks/screening_pairs_build.py
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from _screening_data import cross_script_pairs, real_entities
from rapidfuzz.distance import Levenshtein
from rigour.names import remove_org_types

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import fold, skeleton

OUT = Path(__file__).parent / "data" / "screening_pairs.csv"
FIELDS = ("family", "kind", "label", "query", "target_list", "target_id", "target_name", "how")
ORG_SCHEMAS = ("LegalEntity", "Organization")
LEGAL_FORMS = (  # (written in the list, an equivalent), both directions are used
    ("LLC", "LIMITED LIABILITY COMPANY"),
    ("LLC", "OOO"),
    ("OOO", "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU"),
    ("JSC", "JOINT STOCK COMPANY"),
    ("JSC", "AO"),
    ("AO", "AKTSIONERNOE OBSHCHESTVO"),
    ("OJSC", "OAO"),
    ("OJSC", "OPEN JOINT STOCK COMPANY"),
    ("CJSC", "ZAO"),
    ("CJSC", "CLOSED JOINT STOCK COMPANY"),
    ("PJSC", "PAO"),
    ("PJSC", "PUBLIC JOINT STOCK COMPANY"),
    ("LTD", "LIMITED"),
    ("CO", "COMPANY"),
    ("CORP", "CORPORATION"),
    ("INC", "INCORPORATED"),
    ("AG", "AKTIENGESELLSCHAFT"),
    ("GMBH", "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG"),
    ("SA", "SOCIEDAD ANONIMA"),
    ("PLC", "PUBLIC LIMITED COMPANY"),
    ("FZE", "FREE ZONE ESTABLISHMENT"),
)
SCRIPTS = (  # ICU transforms from Latin, by script
    ("Cyrillic", "Latin-Russian/BGN"),
    ("Greek", "Latin-Greek/UNGEGN"),
    ("Katakana", "Latin-Katakana"),
    ("Hangul", "Latin-Hangul"),
    ("Georgian", "Latin-Georgian"),
    ("Armenian", "Latin-Armenian"),
    ("Hebrew", "Latin-Hebrew"),
    ("Thai", "Latin-Thai"),
)


def _plain(name: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", name.upper()).split())


def _transliterate(name: str, transform: str) -> str:
    import icu

    tr = icu.Transliterator.createInstance(transform)
    words = []
    for word in fold(name).split():
        if transform == "Latin-Russian/BGN":
            word = word.replace("kh", "h").replace("h", "kh")  # BGN leaves a lone h Latin
        text = tr.transliterate(word)
        if transform == "Latin-Hebrew" and word[0] in "aeiou":
            text = "א" + text  # a word-initial vowel is written with an aleph
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
        words.append(unicodedata.normalize("NFC", text))
    return " ".join(words)


def _typo(rng: random.Random, word: str) -> str:
    j = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "drop", "double", "replace"))
    if op == "swap":
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if op == "drop":
        return word[:j] + word[j + 1 :]
    if op == "double":
        return word[:j] + word[j] + word[j:]
    letter = rng.choice([c for c in "AEIOUNRSTL" if c != word[j]])
    return word[:j] + letter + word[j + 1 :]


class Builder:
    def __init__(self, entities: list[ListedEntity], seed: int = 17) -> None:
        self.rng = random.Random(seed)
        self.rows: list[dict[str, str]] = []
        self.used: set[tuple[str, str, str]] = set()
        self.people = [
            e
            for e in entities
            if e.schema == "Person"
            and e.names[0].isascii()
            and 2 <= len(_plain(e.names[0]).split()) <= 4
        ]
        self.orgs = [
            e
            for e in entities
            if e.schema in ORG_SCHEMAS
            and e.names[0].isascii()
            and 2 <= len(_plain(e.names[0]).split()) <= 6
        ]
        self.rng.shuffle(self.people)
        self.rng.shuffle(self.orgs)
        # name words of listed people and companies, for near names
        words: dict[str, set[str]] = {"person": set(), "organisation": set()}
        self.folded_names: dict[tuple[str, str], set[str]] = {}
        for e in entities:
            kind = "person" if e.schema == "Person" else "organisation"
            self.folded_names[(e.list_name, e.entity_id)] = {fold(n) for n in e.all_names}
            for name in e.names:
                words[kind].update(w for w in _plain(name).split() if len(w) >= 4)
        self.words = {kind: sorted(ws) for kind, ws in words.items()}
        self.by_length: dict[str, dict[int, list[str]]] = {}
        for kind, ws in self.words.items():
            table: dict[int, list[str]] = defaultdict(list)
            for w in ws:
                table[len(w)].append(w)
            self.by_length[kind] = table

    def add(
        self, family: str, kind: str, label: int, query: str, target: ListedEntity, how: str
    ) -> bool:
        query = " ".join(query.split())
        ref = (target.list_name, target.entity_id, query)
        if not query or ref in self.used:
            return False
        if label == 0 and fold(query) in self.folded_names.get(ref[:2], set()):
            return False  # the "near name" is one of the target's own names
        self.used.add(ref)
        self.rows.append(
            {
                "family": family,
                "kind": kind,
                "label": str(label),
                "query": query,
                "target_list": target.list_name,
                "target_id": target.entity_id,
                "target_name": target.names[0],
                "how": how,
            }
        )
        return True

    def near_word(self, word: str, kind: str, min_distance: int = 1) -> str | None:
        """Another listed name word a few letters from `word` (its first letter kept)."""
        choices = [
            w
            for n in range(len(word) - 2, len(word) + 3)
            for w in self.by_length[kind].get(n, ())
            if w != word
            and w[0] == word[0]
            and min_distance <= Levenshtein.distance(w, word) <= 3
            and not (w.startswith(word) or word.startswith(w))  # not a plural or an ending
            and skeleton(w.lower()) != skeleton(word.lower())  # nor another spelling of it
            and Levenshtein.normalized_similarity(w, word) >= 0.5
        ]
        return self.rng.choice(choices) if choices else None

    def near_name(self, entity: ListedEntity, kind: str) -> tuple[str, str] | None:
        """The target's name with one word (a surname, or a company's distinctive word) replaced
        by another listed word a few letters away: a different person or company."""
        words = _plain(entity.names[0]).split()
        positions = [i for i, w in enumerate(words) if len(w) >= 4 and w not in FORM_WORDS]
        if kind == "person":
            positions = positions[1:] or positions  # keep the given name: change a surname
        if not positions:
            return None
        i = self.rng.choice(positions)
        other = self.near_word(words[i], kind, 2)
        if other is None:
            return None
        new = [*words[:i], other, *words[i + 1 :]]
        return " ".join(new), f"{words[i]} -> {other}"

    def take(
        self, pool: list[ListedEntity], count: int, make: Callable[[ListedEntity], bool]
    ) -> None:
        made = 0
        for entity in pool:
            if made >= count:
                return
            made += make(entity)

    # the families --------------------------------------------------------------------------

    def joined_split(self) -> None:
        def join(kind: str, label: int) -> Callable[[ListedEntity], bool]:
            def make(entity: ListedEntity) -> bool:
                if label:
                    words = _plain(entity.names[0]).split()
                    how = "two adjacent words joined"
                else:
                    near = self.near_name(entity, kind)
                    if near is None:
                        return False
                    words, how = near[0].split(), f"near name ({near[1]}), words joined"
                long = [i for i, w in enumerate(words) if len(w) >= 9]
                if label and long and self.rng.random() < 0.3:
                    i = self.rng.choice(long)
                    cut = self.rng.randrange(4, len(words[i]) - 3)
                    words = [*words[:i], words[i][:cut], words[i][cut:], *words[i + 1 :]]
                    how = "a long word split in two"
                else:
                    i = self.rng.randrange(len(words) - 1)
                    joined = words[i] + words[i + 1]
                    if self.rng.random() < 0.3:
                        joined = words[i].title() + words[i + 1].title()  # GazpromNeft
                    words = [*words[:i], joined, *words[i + 2 :]]
                return self.add("joined_split", kind, label, " ".join(words), entity, how)

            return make

        self.take(self.people[0:400], 55, join("person", 1))
        self.take(self.orgs[0:400], 55, join("organisation", 1))
        self.take(self.people[400:1200], 30, join("person", 0))
        self.take(self.orgs[400:1200], 30, join("organisation", 0))

    def scripts(self) -> None:
        russian = [
            e for e in self.people if any("RUSSIA" in p or "UKRAINE" in p for p in e.programmes)
        ]
        others = [e for e in self.people if e not in set(russian)]
        pool = russian[:150] + others[1200:1400]
        self.rng.shuffle(pool)
        n = 0
        for entity in pool:
            if n >= 176:
                break
            script, transform = SCRIPTS[n % len(SCRIPTS)]
            if self.add(
                "script", "person", 1, _transliterate(entity.names[0], transform), entity, script
            ):
                n += 1
        n = 0
        for entity in others[1400:2400]:
            if n >= 88:
                break
            near = self.near_name(entity, "person")
            if near is None:
                continue
            script, transform = SCRIPTS[n % len(SCRIPTS)]
            query = _transliterate(near[0], transform)
            if self.add("script", "person", 0, query, entity, f"{script}, near name ({near[1]})"):
                n += 1
        for i, (query, expected, _, description) in enumerate(cross_script_pairs()):
            target = ListedEntity("PAIR", f"watchman-{i}", "Person", (expected,))
            self.add("script", "person", 1, query, target, f"moov-io/watchman pair: {description}")

    def acronyms(self, entities: list[ListedEntity]) -> None:
        orgs = [e for e in entities if e.schema in ORG_SCHEMAS]
        self.rng.shuffle(orgs)
        listed = {
            a
            for e in orgs
            for a in (_plain(n) for n in e.all_names)
            if re.fullmatch(r"[A-Z]{3,6}", a)
        }
        pos = neg = 0
        for entity in orgs:
            acronyms = [
                _plain(n) for n in entity.all_names if re.fullmatch(r"[A-Z]{3,6}", _plain(n))
            ]
            full = [n for n in entity.names if len(_plain(n).split()) >= 3 and "(" not in n]
            if acronyms and pos < 40:
                a = self.rng.choice(acronyms)
                dotted = ".".join(a) + "." if self.rng.random() < 0.5 else " ".join(a)
                pos += self.add(
                    "acronym", "organisation", 1, dotted, entity, "listed acronym, dotted or spaced"
                )
            elif full and not acronyms and pos < 80:
                # without its legal form (rigour's list of them), particles and single letters
                stripped = _plain(remove_org_types(full[0])).split()
                words = [w for w in stripped if len(w) > 1 and w not in STOP_WORDS | FORM_WORDS]
                if 4 <= len(words) <= 6 and all(w.isalpha() for w in words):
                    pos += self.add(
                        "acronym",
                        "organisation",
                        1,
                        "".join(w[0] for w in words),
                        entity,
                        "initials of the listed name (not listed as an acronym)",
                    )
            if acronyms and neg < 50:
                a = self.rng.choice(acronyms)
                i = self.rng.randrange(len(a))
                other = (
                    a[:i] + self.rng.choice([c for c in "ABCDEGIKMNPRST" if c != a[i]]) + a[i + 1 :]
                )
                if other not in listed:
                    neg += self.add(
                        "acronym",
                        "organisation",
                        0,
                        other,
                        entity,
                        f"acronym {a}, one letter changed",
                    )

    def legal_forms(self) -> None:
        pos = neg = 0
        for entity in self.orgs:
            words = _plain(entity.names[0]).split()
            text = " ".join(words)
            forms = [
                (x, y)
                for a, b in LEGAL_FORMS
                for x, y in ((a, b), (b, a))
                if text.endswith(" " + x) or text.startswith(x + " ")
            ]
            longest = max((len(x) for x, _ in forms), default=0)
            forms = [(x, y) for x, y in forms if len(x) == longest]
            if forms and pos < 100:
                x, y = self.rng.choice(forms)
                stem = text[len(x) + 1 :] if text.startswith(x + " ") else text[: -len(x) - 1]
                front = y in FRONT_FORMS and self.rng.random() < 0.5
                query = f"{y} {stem}" if front else f"{stem} {y}"
                pos += self.add("legal_form", "organisation", 1, query, entity, f"{x} -> {y}")
            elif forms and neg < 70:
                near = self.near_name(entity, "organisation")
                if near is not None:
                    neg += self.add(
                        "legal_form",
                        "organisation",
                        0,
                        near[0],
                        entity,
                        f"same legal form, one word changed ({near[1]})",
                    )

    def near_miss(self) -> None:
        n = 0
        for entity in self.people[2400:4000]:
            if n >= 90:
                break
            near = self.near_name(entity, "person")
            if near is not None:
                n += self.add(
                    "near_miss", "person", 0, near[0], entity, f"near surname ({near[1]})"
                )
        n = 0
        for entity in self.orgs[1200:2400]:
            if n >= 60:
                break
            near = self.near_name(entity, "organisation")
            if near is not None:
                n += self.add(
                    "near_miss", "organisation", 0, near[0], entity, f"one word changed ({near[1]})"
                )
        # and the same names reordered or with a part dropped: the target itself
        n = 0
        for entity in self.people[4000:4400]:
            if n >= 60:
                break
            words = _plain(entity.names[0]).split()
            if len(words) >= 3:
                drop = self.rng.randrange(1, len(words))
                query, how = (
                    " ".join(w for i, w in enumerate(words) if i != drop),
                    "a middle or last part dropped",
                )
            else:
                query, how = " ".join(words[::-1]), "parts reordered"
            n += self.add("near_miss", "person", 1, query, entity, how)

    def typos(self) -> None:
        def make(kind: str) -> Callable[[ListedEntity], bool]:
            def inner(entity: ListedEntity) -> bool:
                words = _plain(entity.names[0]).split()
                long = [i for i, w in enumerate(words) if len(w) >= 5 and w not in FORM_WORDS]
                if not long:
                    return False
                i = self.rng.choice(long)
                words[i] = _typo(self.rng, words[i])
                return self.add("typo", kind, 1, " ".join(words), entity, "one typo")

            return inner

        self.take(self.people[4400:5000], 70, make("person"))
        self.take(self.orgs[2400:3000], 50, make("organisation"))


FRONT_FORMS = frozenset("OOO AO ZAO OAO PAO JSC OJSC CJSC PJSC LLC".split())
FORM_WORDS = frozenset(w for pair in LEGAL_FORMS for form in pair for w in form.split())
STOP_WORDS = frozenset("OF THE AND FOR IN DE DEL DES DU LA LE LES Y ET AL EL".split())


def build() -> Iterator[dict[str, str]]:
    entities = real_entities()
    builder = Builder(entities)
    builder.joined_split()
    builder.scripts()
    builder.acronyms(entities)
    builder.legal_forms()
    builder.near_miss()
    builder.typos()
    yield from builder.rows


def main() -> None:
    rows = list(build())
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    negatives = sum(r["label"] == "0" for r in rows)
    families: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        families[f"{r['family']}/{r['kind']}"][int(r["label"])] += 1
    print(f"{len(rows)} pairs, {negatives} hard negatives ({negatives / len(rows):.0%}) -> {OUT}")
    for family, (neg, pos) in sorted(families.items()):
        print(f"  {family:28s} {pos:4d} matches {neg:4d} non-matches")


if __name__ == "__main__":
    main()
