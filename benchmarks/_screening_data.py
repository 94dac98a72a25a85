"""Shared loaders for the screening benchmarks: the real lists and the labelled evaluation files
in ../shared/data/sanctions/ (read in place, never copied)."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from amanah.screening.entity import ListedEntity  # noqa: E402
from amanah.screening.lists import parse  # noqa: E402
from amanah.screening.match import Matcher, Query, as_query  # noqa: E402

SANCTIONS = ROOT.parent / "shared" / "data" / "sanctions"
REAL_LISTS = (
    (SANCTIONS / "un" / "un_consolidated_2026-02-27.xml", "un-xml"),
    (SANCTIONS / "ofac" / "sdn_2024-05-03.csv", "ofac-csv"),
)


def real_entities() -> list[ListedEntity]:
    entities: list[ListedEntity] = []
    for path, fmt in REAL_LISTS:
        entities.extend(parse(path, fmt).entities)
    return entities


def eval_queries(name: str) -> list[Query]:
    """The yente fixtures: full_name, date_of_birth, nationality (a country name or code)."""
    from amanah.screening.lists import country_code

    with (SANCTIONS / "eval" / name).open(encoding="utf-8") as handle:
        return [
            as_query(
                row["full_name"],
                country_code(row.get("nationality")),
                row.get("date_of_birth"),
                "person",
            )
            for row in csv.DictReader(handle)
            if row["full_name"].strip()
        ]


def cross_script_pairs() -> list[tuple[str, str, float, str]]:
    pairs = []
    with (SANCTIONS / "eval" / "watchman_cross_script_pairs.csv").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            query, expected, minimum, description = next(csv.reader([line]))
            pairs.append((query, expected, float(minimum), description))
    return pairs


VARIANTS = [
    ("MOHAMMED", "MUHAMMAD"), ("MUHAMMAD", "MOHAMED"), ("MOHAMMAD", "MOHAMMED"),
    ("MOHAMED", "MOHAMMAD"), ("HUSSEIN", "HUSAYN"), ("HUSAYN", "HUSSEIN"), ("HUSSAIN", "HUSAIN"),
    ("ABDUL ", "ABD AL-"), ("ABD AL-", "ABDUL "), ("ABDUL", "ABDEL"), ("AHMED", "AHMAD"),
    ("AHMAD", "AHMED"), ("YOUSSEF", "YUSUF"), ("YUSUF", "YOUSEF"), ("OMAR", "UMAR"),
    ("OSAMA", "USAMA"), ("USAMA", "OSAMA"), ("KHALED", "KHALID"), ("KHALID", "KHALED"),
    ("HASSAN", "HASAN"), ("HASAN", "HASSAN"), ("ALI ", "ALY "), ("AL-", "EL-"), ("BIN ", "IBN "),
    ("ABU ", "ABOU "), ("SAYED", "SAYYID"), ("QASIM", "KASSEM"), ("JAMAL", "GAMAL"),
]  # fmt: skip


def _typo(rng: random.Random, name: str) -> str:
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long_words:
        return name
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "drop", "double", "replace"))
    if op == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    elif op == "drop":
        word = word[:j] + word[j + 1 :]
    elif op == "double":
        word = word[:j] + word[j] + word[j:]
    else:
        word = word[:j] + rng.choice("aeiounrstl").upper() + word[j + 1 :]
    words[i] = word
    return " ".join(words)


def listed_positives(
    entities: list[ListedEntity], count: int, seed: int = 7
) -> list[tuple[str, Query]]:
    """Listed people with realistic changes: a transliteration variant, the original script, a
    dropped or reordered name part, one typo. Returns (change, query)."""
    rng = random.Random(seed)
    people = [e for e in entities if e.schema == "Person" and len(e.names[0].split()) >= 2]
    rng.shuffle(people)
    out: list[tuple[str, Query]] = []
    for entity in people:
        if len(out) >= count:
            break
        name = entity.names[0].upper()
        country = entity.countries[0] if entity.countries else None
        birth = entity.birth_dates[0] if entity.birth_dates else None
        variants = [(a, b) for a, b in VARIANTS if a in f"{name} "]
        changes: list[tuple[str, str]] = []
        if variants:
            a, b = rng.choice(variants)
            changes.append(("transliteration", f"{name} ".replace(a, b, 1).strip()))
        if entity.original_script:
            changes.append(("original script", entity.original_script[0]))
        words = name.split()
        if len(words) >= 3:
            drop = rng.randrange(len(words))
            changes.append(("dropped part", " ".join(w for i, w in enumerate(words) if i != drop)))
        changes.append(("reordered", " ".join(words[1:] + words[:1])))
        changes.append(("typo", _typo(rng, name)))
        change, text = rng.choice(changes)
        out.append((change, Query(text, country, birth, "person")))
    return out


FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard "
    "Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark "
    "Ashley Paul Emily Steven Donna Andrew Michelle Joshua Carol Kenneth Amanda Kevin Melissa "
    "Brian Deborah George Stephanie Timothy Rebecca Ronald Sharon Jason Laura Edward Cynthia "
    "Fatima Aisha Layla Noor Yasmin Zainab Mariam Huda Rania Salma Karim Tariq Samir Nabil Rami "
    "Hiroshi Yuki Wei Mei Priya Arjun Sofia Lucas Mateo Chloe Lena Jonas Elif Emre Olga Ivan"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis "
    "Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell "
    "Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy Cook "
    "Haddad Khoury Nasser Saleh Mansour Farouk Aziz Kamal Suleiman Darwish Tanaka Sato Chen Wang "
    "Patel Sharma Rossi Bianchi Muller Schmidt Dubois Moreau Yilmaz Kaya Novak Petrova Silva"
).split()


def common_negatives(matcher: Matcher, count: int, seed: int = 11) -> list[Query]:
    """Common first-name + surname pairs that are not a listed name (checked by key)."""
    from amanah.screening.normalise import key

    listed = {
        tuple(sorted(matcher.index.name_key[i].split())) for i in range(len(matcher.index.name_key))
    }
    rng = random.Random(seed)
    out: list[Query] = []
    seen: set[str] = set()
    while len(out) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen or key(name) in listed:
            continue
        seen.add(name)
        year = rng.randrange(1950, 2000)
        out.append(Query(name, None, str(year), "person"))
    return out
