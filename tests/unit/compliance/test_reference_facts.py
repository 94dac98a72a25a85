"""Every embargo, membership and treaty-party fact in amanah/data is traceable: instrument,
official source, verification date and status; and the facts the review found wrong are right."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from amanah.config import Settings
from amanah.partners.domain import (
    Binding,
    Coverage,
    EmbargoScope,
    ExemptionKind,
    ExemptionProcedure,
    Verification,
)
from amanah.reference import _load, organisations, reference_embargoes

EMBARGOES: list[dict[str, Any]] = _load("embargoes.yaml")["embargoes"]
ORGANISATIONS: dict[str, dict[str, Any]] = _load("memberships.yaml")["organisations"]


def _check_provenance(name: str, fact: dict[str, Any]) -> None:
    assert str(fact.get("instrument") or "").strip(), f"{name}: no instrument"
    assert str(fact.get("source") or "").startswith(("http://", "https://")), (
        f"{name}: no source URL"
    )
    assert fact.get("status") in ("verified", "unverified"), (
        f"{name}: status must be verified/unverified"
    )
    assert "verified" in fact, f"{name}: no verified date (null when never verified)"
    if fact["status"] == "verified":
        assert isinstance(fact["verified"], date), f"{name}: verified without a date"
    else:
        assert str(fact.get("note") or "").strip(), f"{name}: unverified without saying why"


@pytest.mark.parametrize("entry", EMBARGOES, ids=lambda e: e["id"])
def test_every_embargo_fact_has_instrument_source_date_and_status(entry: dict[str, Any]) -> None:
    _check_provenance(entry["id"], entry)
    assert entry.get("target"), "a measure without a target state belongs to screening"
    assert entry.get("periods"), "the scope over time is given as periods"
    assert entry.get("coverage"), "what the measure covers is stated"
    for exemption in entry.get("exemptions") or ():
        assert str(exemption.get("procedure") or "").strip(), "each exemption names its procedure"
    for renewal in entry.get("renewals") or ():
        assert renewal["source"].startswith("http") and renewal["instrument"]


@pytest.mark.parametrize("code", sorted(ORGANISATIONS))
def test_every_membership_list_has_instrument_source_date_and_status(code: str) -> None:
    _check_provenance(code, ORGANISATIONS[code])


def test_a_fact_without_a_source_fails_the_check() -> None:
    with pytest.raises(AssertionError, match="no source URL"):
        _check_provenance(
            "X", {"instrument": "S/RES/1 (1946)", "status": "verified", "verified": None}
        )
    with pytest.raises(AssertionError, match="without saying why"):
        _check_provenance("X", {"instrument": "I", "source": "https://x", "status": "unverified",
                                "verified": None})  # fmt: skip


def by_id(embargo_id: str) -> Any:
    return next(e for e in reference_embargoes() if e.id == embargo_id)


def test_iran_un_embargo_is_re_applied_from_the_snapback() -> None:
    iran = by_id("UN-IR")
    assert iran.target == "IR" and iran.start == date(2025, 9, 28)
    assert "1929" in iran.instrument and "2231" in iran.instrument
    assert not iran.in_force(date(2025, 9, 27)) and iran.in_force(date(2025, 9, 28))


def test_zimbabwe_eu_embargo_runs_to_20_february_2027() -> None:
    zimbabwe = by_id("EU-ZW")
    assert zimbabwe.in_force(date(2026, 12, 1)) and zimbabwe.renewal_date == date(2027, 2, 20)


def test_car_embargo_covers_armed_groups_only_since_resolution_2745() -> None:
    car = by_id("UN-CF")
    assert car.scope_on(date(2023, 7, 26)) is EmbargoScope.ALL
    # S/RES/2693 (2023): everyone but the security forces, who need no notification
    assert car.scope_on(date(2024, 7, 29)) is EmbargoScope.NON_GOVERNMENTAL
    exemption = car.exemption(ExemptionKind.GOVERNMENT_FORCES, date(2024, 1, 1))
    assert exemption is not None and not exemption.needs_procedure
    # S/RES/2745 (2024): armed groups only, the government outside it, no exemptions
    assert car.scope_on(date(2024, 7, 30)) is EmbargoScope.ARMED_GROUPS
    assert car.exemption(ExemptionKind.GOVERNMENT_FORCES, date(2024, 7, 30)) is None
    assert car.renewal_date == date(2026, 7, 31) and "2745" in car.instrument


def test_drc_covers_non_governmental_entities_and_the_government_needs_no_notification() -> None:
    drc = by_id("UN-CD")
    assert drc.scope_on(date(2008, 3, 31)) is EmbargoScope.NON_GOVERNMENTAL
    assert drc.scope_on(date(2026, 12, 1)) is EmbargoScope.NON_GOVERNMENTAL
    assert drc.scope_on(date(2006, 1, 1)) is EmbargoScope.ALL
    before = drc.exemption(ExemptionKind.GOVERNMENT_FORCES, date(2022, 12, 19))
    assert before is not None and before.requires is ExemptionProcedure.NOTIFY
    since = drc.exemption(ExemptionKind.GOVERNMENT_FORCES, date(2022, 12, 20))
    assert since is not None and not since.needs_procedure and "2667" in since.instrument
    assert drc.renewal_date == date(2026, 7, 1)


def test_exemptions_say_what_they_require() -> None:
    for entry in EMBARGOES:
        for exemption in entry.get("exemptions") or ():
            required = entry["id"] in ("UN-CF", "UN-CD")  # the ones re-read on 2026-12-02
            if required or "requires" in exemption:
                assert exemption.get("requires") in ("none", "notify", "approve"), entry["id"]


def test_haiti_was_targeted_then_territory_wide_and_renews_yearly() -> None:
    haiti = by_id("UN-HT")
    assert haiti.scope_on(date(2023, 1, 1)) is EmbargoScope.DESIGNATED
    assert haiti.scope_on(date(2023, 10, 2)) is EmbargoScope.ALL
    assert haiti.renewal_date is not None


def test_south_sudan_and_darfur_have_renewal_dates() -> None:
    assert by_id("UN-SS").renewal_date == date(2026, 5, 31)
    assert by_id("UN-SD").renewal_date == date(2026, 9, 12)
    assert by_id("UN-SD").scope is EmbargoScope.REGION


def test_china_1989_is_a_political_commitment_on_arms_only() -> None:
    china = by_id("EU-CN")
    assert china.binding is Binding.POLITICAL and china.coverage == frozenset({Coverage.ARMS})


def test_arab_league_syria_measure_is_recorded_as_uncertain() -> None:
    syria = by_id("AL-SY")
    assert syria.provenance.status is Verification.UNVERIFIED and "2023" in syria.provenance.note


def test_no_measure_without_a_target_state() -> None:
    assert all(e.target for e in reference_embargoes())
    assert "UN-ISIL" not in {e.id for e in reference_embargoes()}


def test_att_parties_include_afghanistan_and_record_the_register_count() -> None:
    att = organisations()["ATT"]
    assert "AF" in att.members
    assert ORGANISATIONS["ATT"]["register_count"] == 113
    assert att.provenance.verified_on == date(2026, 12, 2)


def test_the_default_configuration_fits_a_home_state_outside_the_eu() -> None:
    assert Settings().adopted_regimes == ["UN"]
    assert Settings().eu_common_position is False


def test_the_data_files_parse_as_yaml() -> None:
    from importlib import resources

    for name in ("embargoes.yaml", "memberships.yaml"):
        text = resources.files("amanah.data").joinpath(name).read_text(encoding="utf-8")
        assert yaml.safe_load(text)["schema_version"] == 2
