"""UK consolidated list of financial sanctions targets (OFSI `ConList.csv`): a `Last Updated`
line, a header row, then one row per name with `Group ID` tying aliases to their target."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from amanah.screening.entity import ListedEntity, ParsedList
from amanah.screening.lists import bad_file, clean, country_code, iso_date, partial_date

LIST = "UK"
REQUIRED = ("Name 6", "Group Type", "Group ID")
SCHEMA_OF_GROUP = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


def parse(path: Path) -> ParsedList:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    lines = text.splitlines()
    published = None
    if lines and lines[0].lower().startswith("last updated"):
        published = iso_date(
            lines[0].split(",", 1)[1].strip().strip('"') if "," in lines[0] else ""
        )
        lines = lines[1:]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise bad_file(path, f"the header lacks {', '.join(missing)}")
    groups: dict[str, ListedEntity] = {}
    for number, row in enumerate(reader, start=2):
        if None in row or any(row.get(c) is None for c in REQUIRED):
            raise bad_file(path, f"row {number} is incomplete (the file may be truncated)")
        group = clean(row["Group ID"])
        if not group:
            raise bad_file(path, f"row {number} has no Group ID")
        entity = _row_entity(group, row)
        before = groups.get(group)
        groups[group] = entity if before is None else _merge(before, entity, row)
    return ParsedList(LIST, published, tuple(groups.values()), "uk-csv")


def _row_entity(group: str, row: dict[str, str]) -> ListedEntity:
    parts = [clean(row.get(f"Name {n}")) for n in (1, 2, 3, 4, 5)]
    name = clean(" ".join([*parts, clean(row.get("Name 6"))]))
    script = clean(row.get("Name Non-Latin Script"))
    country = [country_code(row.get(c)) for c in ("Nationality", "Country")]
    birth = partial_date(row.get("DOB"))
    ids = [clean(row.get(c)) for c in ("Passport Number", "National Identification Number")]
    return ListedEntity(
        list_name=LIST,
        entity_id=group,
        schema=SCHEMA_OF_GROUP.get(clean(row.get("Group Type")).lower(), "LegalEntity"),
        names=(name,) if name else (),
        original_script=(script,) if script else (),
        countries=tuple(dict.fromkeys(c for c in country if c)),
        birth_dates=(birth,) if birth else (),
        identifiers=tuple(i for i in ids if i),
        programmes=(clean(row.get("Regime")),) if clean(row.get("Regime")) else (),
        listed_on=iso_date(row.get("Listed On")),
        remarks=clean(row.get("Other Information")),
    )


def _merge(first: ListedEntity, more: ListedEntity, row: dict[str, str]) -> ListedEntity:
    primary = clean(row.get("Alias Type")).lower() == "primary name"
    names = more.names + first.names if primary else first.names + more.names

    def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a + b))

    return replace(
        first,
        names=union(names, ()),
        original_script=union(first.original_script, more.original_script),
        countries=union(first.countries, more.countries),
        birth_dates=union(first.birth_dates, more.birth_dates),
        identifiers=union(first.identifiers, more.identifiers),
    )
