"""The list parsers on the real UN and OFAC files in ../shared/data (the parsers on small files
written to each published format: tests/unit/screening/test_lists.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from amanah.errors import InvalidInput
from amanah.screening.lists import parse
from tests.factories.screening import OFAC_ALT, OFAC_SDN, UN_XML

pytestmark = pytest.mark.skipif(not UN_XML.exists(), reason="../shared/data is not present")


@pytest.fixture(scope="module")
def un() -> object:
    return parse(UN_XML, "un-xml")


def test_un_counts_match_the_file(un: object) -> None:
    text = UN_XML.read_text(encoding="utf-8")
    people, organisations = text.count("<INDIVIDUAL>"), text.count("<ENTITY>")
    assert (people, organisations) == (730, 273)  # the figures PROVENANCE.md states
    entities = un.entities  # type: ignore[attr-defined]
    assert sum(e.schema == "Person" for e in entities) == people
    assert sum(e.schema == "Organization" for e in entities) == organisations
    assert un.published.isoformat() == "2026-02-27"  # type: ignore[attr-defined]
    assert len({e.entity_id for e in entities}) == len(entities)


def test_un_keeps_original_script_birth_dates_and_countries(un: object) -> None:
    saddam = next(e for e in un.entities if e.reference == "IQi.001")  # type: ignore[attr-defined]
    assert saddam.caption == "SADDAM HUSSEIN AL-TIKRITI"
    assert saddam.original_script == ("صدام حسين التكريتي",)
    assert saddam.birth_dates == ("1937-04-28",) and saddam.countries == ("IQ",)
    assert saddam.listed_on is not None and saddam.listed_on.isoformat() == "2003-06-27"
    text = UN_XML.read_text(encoding="utf-8")
    assert sum(bool(e.original_script) for e in un.entities) == len(  # type: ignore[attr-defined]
        re.findall(r"<NAME_ORIGINAL_SCRIPT>[^<]+</NAME_ORIGINAL_SCRIPT>", text)
    )


def test_ofac_csv_counts_rows_and_attaches_aliases(tmp_path: Path) -> None:
    parsed = parse(OFAC_SDN, "ofac-csv")
    raw = OFAC_SDN.read_bytes().replace(b"\x1a", b"").decode("cp1252")
    rows = [r for r in csv.reader(raw.splitlines()) if r and r[0].strip()]
    assert len(parsed.entities) == len(rows) == 14965
    # alt.csv beside sdn.csv adds aliases to the entries it names
    alt_owner = next(
        r[0] for r in csv.reader(OFAC_ALT.read_text(encoding="cp1252").splitlines()[1:]) if r
    )
    entry = next(e for e in parsed.entities if e.entity_id == alt_owner)
    assert len(entry.names) >= 2
    people = [e for e in parsed.entities if e.schema == "Person"]
    assert people and all("," not in e.names[0] for e in people[:50])
    assert any(e.birth_dates for e in people)


def test_ofac_csv_truncated_mid_row_is_refused(tmp_path: Path) -> None:
    data = OFAC_SDN.read_bytes()
    broken = tmp_path / "sdn.csv"
    broken.write_bytes(data[: len(data) // 2] + b'\r\n999,"HALF A ROW",-0- ')
    with pytest.raises(InvalidInput, match="refused") as error:
        parse(broken, "ofac-csv")
    assert error.value.field == "path"
