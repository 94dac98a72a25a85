"""Small list files written to the authorities' published formats (the EU and UK files are not in
../shared/data), and paths to the real files that are."""

from __future__ import annotations

import json
from pathlib import Path

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
UN_XML = SANCTIONS / "un" / "un_consolidated_2026-02-27.xml"
OFAC_SDN = SANCTIONS / "ofac" / "sdn_2024-05-03.csv"
OFAC_ALT = SANCTIONS / "ofac" / "alt_2024-09.csv"

DATA = Path(__file__).resolve().parents[1] / "data"
# written to the EU Financial Sanctions Files schema and to OFSI's ConList.csv layout
EU_XML = (DATA / "eu_fsf_sample.xml").read_text(encoding="utf-8")
UK_CSV = (DATA / "uk_conlist_sample.csv").read_text(encoding="utf-8")


def ftm_lines(*entities: dict[str, object]) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n"


def ftm_person(entity_id: str, name: str, **props: list[str]) -> dict[str, object]:
    return {"id": entity_id, "schema": "Person", "properties": {"name": [name], **props},
            "datasets": ["test_list"]}  # fmt: skip


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path
