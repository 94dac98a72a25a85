"""The list parsers on small OFAC, EU, UK and FTM files written to the authorities' published
formats (the real UN and OFAC files: tests/integration/test_screening_lists_real.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.factories.screening import (
    EU_XML,
    UK_CSV,
    ftm_lines,
    ftm_person,
    write,
)

from amanah.errors import InvalidInput
from amanah.screening.lists import parse, partial_date


def test_ofac_xml(tmp_path: Path) -> None:
    xml = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>11/20/2026</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry><uid>36</uid><lastName>AEROCARIBBEAN AIRLINES</lastName><sdnType>Entity</sdnType>
    <programList><program>CUBA</program></programList>
    <akaList><aka><uid>12</uid><type>a.k.a.</type><category>strong</category><lastName>AERO-CARIBBEAN</lastName></aka></akaList>
    <addressList><address><uid>25</uid><city>Havana</city><country>Cuba</country></address></addressList>
  </sdnEntry>
</sdnList>"""
    parsed = parse(write(tmp_path, "sdn.xml", xml), "ofac-xml")
    (entry,) = parsed.entities
    assert entry.names == ("AEROCARIBBEAN AIRLINES", "AERO-CARIBBEAN") and entry.countries == (
        "CU",
    )
    assert parsed.published is not None and parsed.published.isoformat() == "2026-11-20"


def test_eu_xml_to_its_schema(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, "eu.xml", EU_XML), "eu-xml")
    person, company = parsed.entities
    assert parsed.published is not None and parsed.published.isoformat() == "2026-11-20"
    assert person.schema == "Person" and person.names == ("Saddam Hussein Al-Tikriti", "Abu Ali")
    assert person.birth_dates == ("1937-04-28",) and person.countries == ("IQ",)
    assert person.reference == "EU.27.28" and person.programmes == ("IRQ",)
    assert company.schema == "Organization" and company.identifiers == ("1027100507567",)


def test_eu_truncated_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not well-formed"):
        parse(write(tmp_path, "eu.xml", EU_XML[: len(EU_XML) - 200]), "eu-xml")


def test_uk_csv_groups_aliases_by_group_id(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, "ConList.csv", UK_CSV), "uk-csv")
    assert parsed.published is not None and parsed.published.isoformat() == "2026-11-20"
    by_id = {e.entity_id: e for e in parsed.entities}
    assert set(by_id) == {"7001", "7002", "7003"}
    saddam = by_id["7001"]
    assert saddam.names[0] == "Saddam Hussein AL-TIKRITI" and "Abu ALI" in saddam.names
    assert saddam.original_script == ("صدام حسين التكريتي",) and saddam.birth_dates == (
        "1937-04-28",
    )
    assert by_id["7002"].schema == "Organization" and by_id["7002"].countries == ("AE",)
    assert by_id["7003"].birth_dates == ("1965",)  # OFSI's 00/00/1965


def test_uk_truncated_row_and_wrong_header_are_refused(tmp_path: Path) -> None:
    cut = UK_CSV[: UK_CSV.rindex("Individual")]
    with pytest.raises(InvalidInput, match="incomplete"):
        parse(write(tmp_path, "a.csv", cut), "uk-csv")
    with pytest.raises(InvalidInput, match="header lacks"):
        parse(write(tmp_path, "b.csv", "a,b,c\n1,2,3\n"), "uk-csv")


def test_ftm_lines(tmp_path: Path) -> None:
    text = ftm_lines(
        ftm_person("p1", "Ivan Petrov", birthDate=["1970-01-01"], nationality=["ru"]),
        {
            "id": "o1",
            "schema": "Company",
            "properties": {"name": ["Example LLC"]},
            "datasets": ["test_list"],
        },
        {"id": "a1", "schema": "Address", "properties": {"full": ["somewhere"]}},
    )
    parsed = parse(write(tmp_path, "x.ftm.json", text), "ftm")
    assert [e.entity_id for e in parsed.entities] == ["p1", "o1"]
    assert parsed.entities[0].countries == ("RU",) and parsed.entities[1].schema == "Organization"
    with pytest.raises(InvalidInput, match="line 2 is not JSON"):
        parse(write(tmp_path, "bad.json", text.splitlines()[0] + "\n{broken\n"), "ftm")


def test_unknown_format_and_empty_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as error:
        parse(write(tmp_path, "list.xml", "<CONSOLIDATED_LIST/>"), "pdf")
    assert error.value.field == "format"
    with pytest.raises(InvalidInput, match="no entries"):
        parse(write(tmp_path, "empty.xml", "<CONSOLIDATED_LIST/>"), "un-xml")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("10 Dec 1948", "1948-12-10"), ("1946", "1946"), ("00/00/1970", "1970"), ("00/05/1970", "1970-05"),
     ("circa 1962", "1962"), ("", None), ("unknown", None)],
)  # fmt: skip
def test_partial_dates(raw: str, expected: str | None) -> None:
    assert partial_date(raw) == expected
