"""EU consolidated financial sanctions list (Financial Sanctions Files, XML, namespace
http://eu.europa.eu/fsd/schema/export): `sanctionEntity` elements with `nameAlias`,
`citizenship`, `birthdate`, `identification` and `regulation` children."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from amanah.screening.entity import ListedEntity, ParsedList
from amanah.screening.lists import clean, iso_date, local, partial_date, read_xml

LIST = "EU"
SCHEMA_OF_SUBJECT = {"person": "Person", "enterprise": "Organization"}


def parse(path: Path) -> ParsedList:
    def dated(event: str, tag: str, element: etree._Element) -> date | None:
        if event == "start" and tag == "export":
            return iso_date((element.get("generationDate") or "")[:10])
        return None

    entities, published = read_xml(path, ("sanctionEntity",), _entity, dated)
    return ParsedList(LIST, published, entities, "eu-xml")


def _entity(element: etree._Element) -> ListedEntity:
    children: dict[str, list[etree._Element]] = {}
    for child in element:
        children.setdefault(local(child.tag), []).append(child)
    subject = children.get("subjectType", [None])[0]
    code = subject.get("code", "") if subject is not None else ""
    names: list[str] = []
    for alias in children.get("nameAlias", []):
        name = clean(alias.get("wholeName")) or clean(
            f"{alias.get('firstName', '')} {alias.get('middleName', '')} {alias.get('lastName', '')}"
        )
        if name and name not in names:
            names.append(name)
    countries = [
        (c.get("countryIso2Code") or "").upper()
        for tag in ("citizenship", "address")
        for c in children.get(tag, [])
    ]
    births = [
        partial_date(b.get("birthdate") or b.get("year")) for b in children.get("birthdate", [])
    ]
    identifiers = [clean(i.get("number")) for i in children.get("identification", [])]
    regulations = children.get("regulation", [])
    listed = [iso_date(r.get("publicationDate")) for r in regulations]
    remark = children.get("remark", [])
    return ListedEntity(
        list_name=LIST,
        entity_id=element.get("logicalId") or element.get("euReferenceNumber") or "",
        schema=SCHEMA_OF_SUBJECT.get(code, "LegalEntity"),
        names=tuple(names),
        countries=tuple(dict.fromkeys(c for c in countries if len(c) == 2 and c != "00")),
        birth_dates=tuple(dict.fromkeys(b for b in births if b)),
        identifiers=tuple(dict.fromkeys(i for i in identifiers if i)),
        programmes=tuple(
            dict.fromkeys(r.get("programme", "") for r in regulations if r.get("programme"))
        ),
        listed_on=min((d for d in listed if d), default=None),
        reference=element.get("euReferenceNumber") or "",
        remarks=clean(remark[0].text) if remark else "",
    )
