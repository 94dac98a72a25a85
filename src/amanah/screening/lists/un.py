"""UN Security Council Consolidated List, XML (schema sc-sanctions.xsd)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from amanah.screening.entity import ListedEntity, ParsedList
from amanah.screening.lists import clean, country_code, iso_date, partial_date, read_xml

LIST = "UN"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def parse(path: Path) -> ParsedList:
    def dated(event: str, tag: str, element: etree._Element) -> date | None:
        if event == "start" and tag == "CONSOLIDATED_LIST":
            return iso_date((element.get("dateGenerated") or "")[:10])
        return None

    entities, published = read_xml(path, ("INDIVIDUAL", "ENTITY"), _entity, dated)
    return ParsedList(LIST, published, entities, "un-xml")


def _text(element: etree._Element, path: str) -> str:
    return clean(element.findtext(path))


def _entity(element: etree._Element) -> ListedEntity:
    person = element.tag == "INDIVIDUAL"
    primary = clean(" ".join(_text(element, p) for p in NAME_PARTS))
    names = [primary]
    weak: list[str] = []
    alias_tag = "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"
    for alias in element.iter(alias_tag):
        name = _text(alias, "ALIAS_NAME")
        if not name or name in names or name in weak:
            continue
        # the UN marks aliases of low quality (a single common name, a nickname) as such
        (weak if _text(alias, "QUALITY").lower() == "low" else names).append(name)
    original = tuple(clean(o.text) for o in element.iter("NAME_ORIGINAL_SCRIPT") if clean(o.text))
    countries: list[str] = []
    for tag in ("NATIONALITY/VALUE", "INDIVIDUAL_ADDRESS/COUNTRY", "ENTITY_ADDRESS/COUNTRY"):
        for node in element.iterfind(tag):
            code = country_code(node.text)
            if code and code not in countries:
                countries.append(code)
    births: list[str] = []
    for dob in element.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        value = partial_date(_text(dob, "DATE") or _text(dob, "YEAR") or _text(dob, "FROM_YEAR"))
        if value and value not in births:
            births.append(value)
    identifiers = tuple(
        n for n in (_text(d, "NUMBER") for d in element.iter("INDIVIDUAL_DOCUMENT")) if n
    )
    return ListedEntity(
        list_name=LIST,
        entity_id=_text(element, "DATAID"),
        schema="Person" if person else "Organization",
        names=tuple(names),
        original_script=original,
        weak_aliases=tuple(weak),
        countries=tuple(countries),
        birth_dates=tuple(births),
        identifiers=identifiers,
        programmes=(_text(element, "UN_LIST_TYPE"),),
        listed_on=iso_date(_text(element, "LISTED_ON")),
        reference=_text(element, "REFERENCE_NUMBER"),
        remarks=_text(element, "COMMENTS1"),
    )
