"""Ordinary people with common Arabic names against the real UN + OFAC lists: the share of 600
random names (common given and family names, a third written in Arabic script) that reach the
match threshold (0.70) with the name alone, and with a birth date and nationality that the
listed person they hit does not share. Target: <= 5 % and <= 1 %.

The names are built from the 30 given names and 30 family names most frequent among the listed
people of Arab League nationalities (first and last name parts, computed from the lists
themselves, see `common_parts`; family names only those that are also given names, as most
Arab family names are, not the clan names of listed families), three parts (given, father's
given, family) or two; the Arabic spellings are the usual ones (`ARABIC`).

    PYTHONPATH=src python benchmarks/screening_common_names.py
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace

from _screening_data import real_entities

from amanah.screening.entity import ListedEntity
from amanah.screening.match import Matcher, Query, warm_up

THRESHOLD = 0.70
COUNT = 600
ARAB_LEAGUE = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split()
)  # fmt: skip
# the usual Arabic spellings of the commonest parts (more are written in Latin letters only)
ARABIC = {
    "MOHAMMED": "محمد", "MUHAMMAD": "محمد", "MOHAMMAD": "محمد", "MOHAMED": "محمد",
    "AHMED": "أحمد", "AHMAD": "أحمد", "ALI": "علي", "HASSAN": "حسن", "HASAN": "حسن",
    "HUSSEIN": "حسين", "HUSAYN": "حسين", "MAHMOUD": "محمود", "OMAR": "عمر", "UMAR": "عمر",
    "KHALID": "خالد", "KHALED": "خالد", "IBRAHIM": "إبراهيم", "YUSUF": "يوسف",
    "ABDULLAH": "عبد الله", "ABDALLAH": "عبد الله", "MUSTAFA": "مصطفى", "SALEH": "صالح",
    "SALIH": "صالح", "SAID": "سعيد", "SAEED": "سعيد", "HAMZA": "حمزة", "NASSER": "ناصر",
    "NASIR": "ناصر", "JAMAL": "جمال", "ABBAS": "عباس", "KARIM": "كريم", "ADEL": "عادل",
    "ADIL": "عادل", "FARUQ": "فاروق", "HAMID": "حامد", "RASHID": "راشد", "SULAYMAN": "سليمان",
    "ISMAIL": "إسماعيل", "YASIN": "ياسين", "ISSA": "عيسى", "MUSA": "موسى", "TARIQ": "طارق",
    "ZAYD": "زيد", "OSAMA": "أسامة", "USAMA": "أسامة", "HAMAD": "حمد", "FAHD": "فهد",
}  # fmt: skip
ALPHA = re.compile(r"^[A-Z]{3,}$")


def common_parts(entities: list[ListedEntity], count: int = 30) -> tuple[list[str], list[str]]:
    """The most frequent first and last parts of the primary names of listed people of Arab
    League nationalities (without the particles al/bin/abu)."""
    given: Counter[str] = Counter()
    family: Counter[str] = Counter()
    for entity in entities:
        if entity.schema != "Person" or not ARAB_LEAGUE & set(entity.countries):
            continue
        words = [
            w
            for w in re.sub(r"[^A-Z ]", " ", entity.names[0].upper().replace("AL-", "")).split()
            if ALPHA.match(w) and w not in {"BIN", "IBN", "ABU", "BINT", "ABD"}
        ]
        if len(words) >= 2:
            given[words[0]] += 1
            family[words[-1]] += 1
    # family names that are also given names (patronymic: Ali, Ahmad, Ibrahim, Saleh…), not
    # the clan names of listed families (Tikriti, Rawi, Duri…): an ordinary person's name
    givens = {w for w, n in given.items() if n >= 2}
    common_family = [w for w, _ in family.most_common() if w in givens][:count]
    return [w for w, _ in given.most_common(count)], common_family


def names(given: list[str], family: list[str], seed: int = 20) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < COUNT:
        parts = [rng.choice(given)]
        if rng.random() < 0.5:
            parts.append(rng.choice(given))
        parts.append(rng.choice(family))
        if len(out) % 3 == 2 and all(p in ARABIC for p in parts):
            out.append(" ".join(ARABIC[p] for p in parts))
        else:
            out.append(" ".join(p.title() for p in parts))
    return out


def unshared(rng: random.Random, entities: list[ListedEntity]) -> tuple[str, str]:
    """A birth date and nationality that none of the listed people has (years 2+ apart)."""
    years = {int(b[:4]) for e in entities for b in e.birth_dates if b[:4].isdigit()}
    while True:
        year = rng.randrange(1950, 2004)
        if all(abs(year - y) >= 2 for y in years):
            break
    country = rng.choice(sorted(ARAB_LEAGUE - {c for e in entities for c in e.countries}))
    return f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", country


def main() -> None:
    entities = real_entities()
    given, family = common_parts(entities)
    print("given names:", ", ".join(given))
    print("family names:", ", ".join(family))
    matcher = Matcher()
    matcher.index.add(entities)
    matcher.prepare()
    warm_up()
    rng = random.Random(21)
    name_only = with_fields = perfect = 0
    examples: list[str] = []
    queries = names(given, family)
    for text in queries:
        query = Query(text, type="person")
        hits = [h for h in matcher.screen(query, floor=THRESHOLD) if h.score >= THRESHOLD]
        if not hits:
            continue
        name_only += 1
        perfect += hits[0].score >= 0.999
        if len(examples) < 8:
            examples.append(f"  {text!r} ~ {hits[0].entity.names[0]!r} {hits[0].score:.3f}")
        birth, country = unshared(rng, [h.entity for h in hits])
        again = matcher.screen(replace(query, birth_date=birth, country=country), floor=THRESHOLD)
        with_fields += any(h.score >= THRESHOLD for h in again)
    n = len(queries)
    print(f"\n{n} common Arabic names (a third in Arabic script) at {THRESHOLD:.2f}:")
    print(
        f"  name alone:                          {name_only / n:6.1%} reach a match ({perfect / n:.1%} at 1.000)"
    )
    print(f"  with unshared birth date and nationality: {with_fields / n:6.1%}")
    print("examples:\n" + "\n".join(examples))


if __name__ == "__main__":
    main()
