"""US Treasury OFAC Specially Designated Nationals: the legacy CSV files (`sdn.csv` with its
companions `alt.csv` and `add.csv`) and `sdn.xml`."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from lxml import etree

from amanah.screening.entity import ListedEntity, ParsedList
from amanah.screening.lists import bad_file, clean, country_code, local, partial_date, read_xml

LIST = "OFAC"
SDN_COLUMNS = 12
NULL = "-0-"
SCHEMA_OF_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_REMARK_PART = re.compile(r"\s*;\s*")
_AKA = re.compile(r"(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'([^']+)'", re.IGNORECASE)


def _value(raw: str | None) -> str:
    text = clean(raw)
    return "" if text == NULL else text


def _rows(path: Path) -> list[list[str]]:
    """OFAC's CSV is cp1252 with CRLF and ends with a SUB (0x1A) byte."""
    data = path.read_bytes().replace(b"\x1a", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _display_name(raw: str, schema: str) -> str:
    """OFAC writes people as `LAST, First`; shown as `First LAST`."""
    if schema == "Person" and raw.count(",") == 1:
        last, first = (part.strip() for part in raw.split(","))
        return f"{first} {last}".strip()
    return raw


def _from_remarks(remarks: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"dob": [], "country": [], "id": [], "aka": []}
    for part in _REMARK_PART.split(remarks.rstrip(".")):
        lowered = part.lower()
        if lowered.startswith(("dob ", "alt. dob ")):
            value = partial_date(part.split(" ", 2)[-1] if lowered.startswith("alt") else part[4:])
            if value:
                found["dob"].append(value)
        elif lowered.startswith(("nationality ", "citizen ", "alt. nationality ")):
            code = country_code(part.split(" ", 1)[1].replace("nationality ", ""))
            if code:
                found["country"].append(code)
        elif lowered.startswith(("passport ", "national id no. ", "cedula no. ", "tax id no. ")):
            number = part.split("(")[0].split()[-1]
            found["id"].append(number)
    found["aka"] = [clean(a) for a in _AKA.findall(remarks)]
    return found


def parse_csv(path: Path) -> ParsedList:
    """`path` is `sdn.csv` (aliases and addresses are read from `alt*.csv` and `add*.csv` beside
    it when present) or a directory holding the three files."""
    folder = path if path.is_dir() else path.parent
    sdn = path if path.is_file() else _companion(folder, "sdn")
    if sdn is None:
        raise bad_file(path, "no sdn.csv found")
    alt, add = _companion(folder, "alt"), _companion(folder, "add")
    aliases = _by_entity(alt, 4, lambda row: _value(row[3]) or None)
    addresses = _by_entity(add, 5, lambda row: country_code(_value(row[4])))
    entities: list[ListedEntity] = []
    for number, row in enumerate(_rows(sdn), start=1):
        if len(row) != SDN_COLUMNS or not row[0].strip().isdigit():
            raise bad_file(
                sdn, f"line {number} has {len(row)} fields, an SDN row has {SDN_COLUMNS}"
            )
        entities.append(_csv_entity(row, aliases, addresses))
    sources = tuple(p for p in (sdn, alt, add) if p is not None)
    return ParsedList(LIST, None, tuple(entities), "ofac-csv", sources)


def _by_entity(
    path: Path | None, width: int, pick: Callable[[list[str]], str | None]
) -> dict[str, list[str]]:
    """alt.csv / add.csv rows grouped by the SDN entry number they belong to."""
    found: dict[str, list[str]] = {}
    if path is None:
        return found
    for row in _rows(path):
        if len(row) >= width and row[0].strip().isdigit():
            value = pick(row)
            if value:
                found.setdefault(row[0].strip(), []).append(value)
    return found


def _companion(folder: Path, stem: str) -> Path | None:
    matches = sorted(p for p in folder.glob(f"{stem}*.csv") if p.is_file())
    return matches[0] if matches else None


def _csv_entity(
    row: list[str], aliases: dict[str, list[str]], addresses: dict[str, list[str]]
) -> ListedEntity:
    ent_num = row[0].strip()
    schema = SCHEMA_OF_TYPE.get(_value(row[2]).lower(), "LegalEntity")
    remarks = _value(row[11])
    extra = _from_remarks(remarks)
    names: list[str] = []
    for raw in [_value(row[1]), *aliases.get(ent_num, []), *extra["aka"]]:
        name = _display_name(raw, schema)
        if name and name not in names:
            names.append(name)
    countries = list(dict.fromkeys(extra["country"] + addresses.get(ent_num, [])))
    return ListedEntity(
        list_name=LIST,
        entity_id=ent_num,
        schema=schema,
        names=tuple(names),
        countries=tuple(countries),
        birth_dates=tuple(dict.fromkeys(extra["dob"])),
        identifiers=tuple(dict.fromkeys(extra["id"])),
        programmes=tuple(p.strip(" []") for p in _value(row[3]).split("] [") if p.strip(" []")),
        remarks=remarks,
    )


def _us_date(text: str | None) -> date | None:
    """OFAC writes dates month first (11/20/2026)."""
    try:
        return datetime.strptime(clean(text), "%m/%d/%Y").date()
    except ValueError:
        return None


def parse_xml(path: Path) -> ParsedList:
    """`sdn.xml` (namespace http://tempuri.org/sdnList.xsd)."""

    def dated(event: str, tag: str, element: etree._Element) -> date | None:
        return _us_date(element.text) if event == "end" and tag == "Publish_Date" else None

    entities, published = read_xml(path, ("sdnEntry",), _xml_entity, dated)
    return ParsedList(LIST, published, entities, "ofac-xml")


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    return [e for e in element.iter() if local(e.tag) == tag]


def _child_text(element: etree._Element, tag: str) -> str:
    for child in element:
        if local(child.tag) == tag:
            return clean(child.text)
    return ""


def _xml_name(element: etree._Element) -> str:
    return clean(f"{_child_text(element, 'firstName')} {_child_text(element, 'lastName')}")


def _xml_entity(element: etree._Element) -> ListedEntity:
    schema = SCHEMA_OF_TYPE.get(_child_text(element, "sdnType").lower(), "LegalEntity")
    names = [_xml_name(element)]
    for aka in _children(element, "aka"):
        name = _xml_name(aka)
        if name and name not in names:
            names.append(name)
    births = [partial_date(e.text) for e in _children(element, "dateOfBirth")]
    countries = [country_code(e.text) for e in _children(element, "country")]
    identifiers = [clean(e.text) for e in _children(element, "idNumber")]
    return ListedEntity(
        list_name=LIST,
        entity_id=_child_text(element, "uid"),
        schema=schema,
        names=tuple(names),
        countries=tuple(dict.fromkeys(c for c in countries if c)),
        birth_dates=tuple(dict.fromkeys(b for b in births if b)),
        identifiers=tuple(dict.fromkeys(i for i in identifiers if i)),
        programmes=tuple(clean(e.text) for e in _children(element, "program")),
        remarks=_child_text(element, "remarks"),
    )
