"""ATT states parties (issue 16): the list records the register's count, when it was read and
its source; each member is verified only where it was checked name by name against the stored
UN Treaty Collection page (chapter XXVI-8), and the partner page names the others unverified."""

from __future__ import annotations

from datetime import date
from typing import Any

import pycountry
from fastapi.testclient import TestClient

from amanah.demo import PASSWORD
from amanah.reference import _load, membership_verified, organisations

ATT: dict[str, Any] = _load("memberships.yaml")["organisations"]["ATT"]
# the parties the stored UN register lists from Afghanistan to Burundi, as read on 2026-12-01
READ = {"Afghanistan", "Albania", "Andorra", "Antigua and Barbuda", "Argentina", "Australia",
        "Austria", "Bahamas", "Barbados", "Belgium", "Belize", "Benin", "Bosnia and Herzegovina",
        "Botswana", "Brazil", "Bulgaria", "Burkina Faso"}  # fmt: skip


def code(name: str) -> str:
    found = pycountry.countries.lookup(name)
    return str(found.alpha_2)


def test_the_register_count_its_date_and_source_are_recorded() -> None:
    assert ATT["register_count"] == 113 and ATT["register_count_read"] == date(2026, 12, 1)
    assert ATT["register_as_of"] and "XXVI-8" in ATT["source"]
    assert ATT["status"] == "unverified"  # not every member could be checked
    members = set(ATT["members"])
    assert len(members) == len(ATT["members"])  # no code twice
    assert str(len(members)) in ATT["note"] and str(ATT["register_count"]) in ATT["note"]
    assert str(len(ATT["verified_members"])) in ATT["note"]
    assert str(len(members) - len(ATT["verified_members"])) in ATT["note"]


def test_each_verified_member_names_its_register_and_entry_into_force() -> None:
    checks = ATT["checks"]
    for check in checks.values():
        assert check["source"].startswith("https://") and isinstance(check["read"], date)
    for member, fact in ATT["verified_members"].items():
        assert fact["check"] in checks, member
        assert fact["in_force"] is None or date(2014, 12, 24) <= fact["in_force"], member
    read_at_un = {m for m, f in ATT["verified_members"].items() if f["check"] == "un_tc"}
    assert read_at_un == {code(n) for n in READ}


def test_only_the_members_read_in_a_register_are_verified() -> None:
    att = organisations()["ATT"]
    verified = set(ATT["verified_members"])
    assert verified <= att.members
    assert not set(ATT["not_parties"]) & att.members  # signatories only
    assert "CO" in att.members and membership_verified("ATT", "CO")  # party since 13 January 2025
    assert membership_verified("ATT", "AF") and membership_verified("ATT", "CH")
    unverified = {m for m in att.members if not membership_verified("ATT", m)}
    assert unverified == att.members - verified and len(unverified) == 52
    assert set(ATT["doubtful"]) <= unverified  # in the range read, absent from the register
    assert not membership_verified("ATT", "US") and not membership_verified("NOPE", "AF")


def test_the_partner_page_names_an_unchecked_membership(client: TestClient) -> None:
    answer = client.post("/api/v1/auth/token", data={"username": "export", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    delta = client.get("/api/v1/partners/XD", headers=headers).json()  # the demo's ATT party
    assert "ATT" in delta["memberships"] and "ATT" in delta["unverified_memberships"]


def test_every_member_is_a_known_country_code_as_text() -> None:
    """YAML reads a bare NO (Norway) as false: Norway had silently dropped out of NATO, the MTCR,
    the Wassenaar Arrangement and the ATT. Every member must be a known alpha-2 code."""
    for name, org in _load("memberships.yaml")["organisations"].items():
        for member in org["members"]:
            assert isinstance(member, str) and pycountry.countries.get(alpha_2=member), (
                name,
                member,
            )
    assert all("NO" in organisations()[o].members for o in ("NATO", "MTCR", "WASSENAAR", "ATT"))
