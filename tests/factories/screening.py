"""Small list files written to the authorities' published formats (the EU and UK files are not in
../shared/data), and paths to the real files that are."""

from __future__ import annotations

import json
from pathlib import Path

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
UN_XML = SANCTIONS / "un" / "un_consolidated_2026-02-27.xml"
OFAC_SDN = SANCTIONS / "ofac" / "sdn_2024-05-03.csv"
OFAC_ALT = SANCTIONS / "ofac" / "alt_2024-09.csv"

EU_XML = """<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.eu/fsd/schema/export" generationDate="2026-11-20T10:00:00.000+01:00" globalFileId="169001">
  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.27.28" logicalId="13">
    <regulation regulationType="amendment" organisationType="council" publicationDate="2003-07-08" entryIntoForceDate="2003-07-08" numberTitle="1210/2003" programme="IRQ" logicalId="400"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Saddam" middleName="" lastName="Hussein Al-Tikriti" wholeName="Saddam Hussein Al-Tikriti" function="" gender="M" title="" nameLanguage="" strong="true" regulationLanguage="en" logicalId="17"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="Abu Ali" function="" gender="M" title="" nameLanguage="" strong="false" regulationLanguage="en" logicalId="18"/>
    <citizenship region="" countryIso2Code="IQ" countryDescription="IRAQ" regulationLanguage="en" logicalId="19"/>
    <birthdate circa="false" calendarType="GREGORIAN" city="al-Awja, near Tikrit" zipCode="" birthdate="1937-04-28" dayOfMonth="28" monthOfYear="4" year="1937" region="" place="" countryIso2Code="IQ" countryDescription="IRAQ" regulationLanguage="en" logicalId="20"/>
  </sanctionEntity>
  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.3464.62" logicalId="4567">
    <regulation regulationType="amendment" organisationType="council" publicationDate="2022-03-15" entryIntoForceDate="2022-03-15" numberTitle="2022/427" programme="UKR" logicalId="401"/>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="Joint Stock Company Example Arms Plant" function="" gender="" title="" nameLanguage="" strong="true" regulationLanguage="en" logicalId="4568"/>
    <address city="Tula" street="" poBox="" zipCode="" region="" place="" asAtListingTime="false" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" regulationLanguage="en" logicalId="4569"/>
    <identification diplomatic="false" knownExpired="false" knownFalse="false" reportedLost="false" revokedByIssuer="false" identificationTypeCode="regnumber" identificationTypeDescription="Registration Number" number="1027100507567" countryIso2Code="RU" regulationLanguage="en" logicalId="4570"/>
  </sanctionEntity>
</export>
"""

UK_CSV = """Last Updated,20/11/2026
Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID
AL-TIKRITI,Saddam,Hussein,,,,,صدام حسين التكريتي,Arabic,Arabic,28/04/1937,al-Awja,Iraq,Iraq,,,,,,,,,,,,,,Former President,Individual,Primary name,,Iraq,27/06/2003,31/12/2020,20/11/2026,7001
ALI,Abu,,,,,,,,,28/04/1937,,,Iraq,,,,,,,,,,,,,,,Individual,AKA,Good quality,Iraq,27/06/2003,31/12/2020,20/11/2026,7001
EXAMPLE ARMS TRADING FZE,,,,,,,,,,,,,,,,,,,Jebel Ali Free Zone,,,,,,,United Arab Emirates,,Entity,Primary name,,Russia,15/03/2022,15/03/2022,20/11/2026,7002
SMITH,John,,,,,,,,,00/00/1965,,,United Kingdom,,,,,,,,,,,,,,,Individual,Primary name,,Global Human Rights,01/02/2021,01/02/2021,20/11/2026,7003
"""


def ftm_lines(*entities: dict[str, object]) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n"


def ftm_person(entity_id: str, name: str, **props: list[str]) -> dict[str, object]:
    return {"id": entity_id, "schema": "Person", "properties": {"name": [name], **props},
            "datasets": ["test_list"]}  # fmt: skip


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path
