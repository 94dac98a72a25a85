"""FollowTheMoney entities as JSON lines (OpenSanctions exports)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from followthemoney import model

from amanah.screening.entity import ListedEntity, ParsedList
from amanah.screening.lists import bad_file, clean, iso_date

MATCHABLE = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


def parse(path: Path) -> ParsedList:
    entities: list[ListedEntity] = []
    list_name = "FTM"
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise bad_file(path, f"line {number} is not JSON ({error.msg})") from None
            if not isinstance(data, dict) or "id" not in data or "schema" not in data:
                raise bad_file(path, f"line {number} is not a FollowTheMoney entity (id, schema)")
            schema = model.get(str(data["schema"]))
            if schema is None:
                raise bad_file(path, f"line {number}: unknown schema {data['schema']!r}")
            if not any(schema.is_a(m) for m in MATCHABLE):
                continue
            props: dict[str, list[str]] = data.get("properties") or {}
            datasets = data.get("datasets") or []
            if datasets and not entities:
                # one file is one list: named after the first entity's dataset
                list_name = f"FTM:{datasets[0]}"[:40]
            entities.append(replace(_entity(data, schema.name, props), list_name=list_name))
    return ParsedList(list_name, None, tuple(entities), "ftm")


def _values(props: dict[str, list[str]], *keys: str) -> tuple[str, ...]:
    found: list[str] = []
    for key in keys:
        for value in props.get(key, []):
            text = clean(str(value))
            if text and text not in found:
                found.append(text)
    return tuple(found)


def _entity(data: dict[str, object], schema: str, props: dict[str, list[str]]) -> ListedEntity:
    names = _values(props, "name", "alias", "previousName", "weakAlias")
    schema_name = {"Company": "Organization"}.get(schema, schema)
    listed = _values(props, "createdAt")
    return ListedEntity(
        list_name="FTM",
        entity_id=str(data["id"]),
        schema=schema_name,
        names=names,
        countries=tuple(c.upper() for c in _values(props, "nationality", "citizenship", "country")),
        birth_dates=_values(props, "birthDate", "incorporationDate"),
        identifiers=_values(props, "idNumber", "passportNumber", "registrationNumber", "imoNumber"),
        programmes=_values(props, "program", "topics"),
        listed_on=iso_date(listed[0][:10])
        if listed
        else iso_date(str(data.get("first_seen", ""))[:10]),
        remarks=" ".join(_values(props, "notes"))[:2000],
    )
