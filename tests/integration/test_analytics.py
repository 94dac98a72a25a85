"""Objective dashboards on the demo data, and SIPRI world context from the real register."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from amanah.analytics import OBJECTIVES, sipri
from amanah.analytics.objectives import Filters, compute
from amanah.db.engine import transaction
from amanah.errors import InvalidInput
from tests.integration.test_storage import load_demo

SIPRI = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reference" / "sipri"
REGISTER = SIPRI / "sipri_transfers_by_delivery_year_1995_2025.csv"
RAW = SIPRI / "raw" / "sipri_trade_register_1995_2025_by_delivery_year.raw.csv"


def test_demo_gives_non_empty_dashboards_for_all_four_objectives(engine: Engine) -> None:
    load_demo(engine)
    with transaction(engine) as session:
        tables = {o: compute(session, o, Filters()) for o in OBJECTIVES}
    assert tables["mutual_security"]["delivered_by_partner_and_category"]
    assert tables["alliances"]["agreements_in_force"] and tables["alliances"]["network_edges"]
    assert tables["economy"]["value_by_year"] and not tables["economy"]["not_converted"]
    assert tables["standing"]["states_reached"] and tables["standing"]["oic_partners"]


def test_filters_narrow_the_figures(engine: Engine) -> None:
    load_demo(engine)
    with transaction(engine) as session:
        everyone = compute(session, "economy", Filters())
        alpha = compute(session, "economy", Filters(partner="XA"))
        nobody = compute(session, "economy", Filters(year=1999))
        with pytest.raises(InvalidInput):
            compute(session, "happiness", Filters())
    total = sum(r["value"] for r in everyone["value_by_partner"])
    assert 0 < sum(r["value"] for r in alpha["value_by_partner"]) < total
    assert nobody["value_by_year"] == []


@pytest.mark.skipif(not REGISTER.exists(), reason="../shared/data is not present")
@pytest.mark.parametrize("path", [REGISTER, RAW], ids=["clean", "sipri-export-with-preamble"])
def test_sipri_register_ranks_suppliers_as_sipri_does(engine: Engine, path: Path) -> None:
    with transaction(engine) as session:
        result = sipri.import_register(session, path)
        ranking = sipri.supplier_ranking(sipri.frame(session), 2020, 2024).head(5).to_dicts()
    assert result.rows == 25024 and result.rejected == []
    # SIPRI's fact sheet "Trends in international arms transfers, 2024": 2020-24 supplier shares
    assert [(r["supplier"], r["share_pct"]) for r in ranking] == [
        ("United States", 42.6), ("France", 9.6), ("Russia", 7.8), ("China", 5.9), ("Germany", 5.6)]  # fmt: skip


def test_sipri_bad_rows_are_reported_with_line_numbers(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "sipri_deal_id,supplier,recipient,designation,armament_category,delivery_year,tiv_delivered\n"
        "1,France,Qatar,Rafale,Aircraft,2021,100\n"
        "2,France,Qatar,Rafale,Aircraft,twenty,100\n"
        "3,,Qatar,Rafale,Aircraft,2022,100\n"
        "4,Italy,Qatar,NH-90,Aircraft,2022,50.5\n"
    )
    with transaction(engine) as session:
        result = sipri.import_register(session, path)
        suppliers = sipri.main_suppliers(sipri.frame(session), "Qatar", 2020, 2024).to_dicts()
    assert result.rows == 2 and [line for line, _ in result.rejected] == [3, 4]
    assert suppliers[0] == {"supplier": "France", "tiv": 100.0, "share_pct": 66.4}
    with (
        pytest.raises(InvalidInput, match="Supplier and Recipient"),
        transaction(engine) as session,
    ):
        bad = tmp_path / "x.csv"
        bad.write_text("a,b\n1,2\n")
        sipri.import_register(session, bad)


@pytest.mark.skipif(not REGISTER.exists(), reason="../shared/data is not present")
def test_standing_shows_world_rank_trend_and_a_partners_main_suppliers(engine: Engine) -> None:
    from amanah.partners import service as partners
    from amanah.partners.schemas import PartnerIn
    from amanah.users.roles import SYSTEM

    load_demo(engine)
    with transaction(engine) as session:
        sipri.import_register(session, REGISTER)
        partners.save_partner(session, SYSTEM, PartnerIn(code="QA", region="Middle East"))
        tables = compute(session, "standing", Filters())
    assert tables["world_rank"][0]["supplier"] == "United States"
    assert {r["supplier"] for r in tables["supplier_trend"]} >= {"United States", "France"}
    qatar = [r for r in tables["partner_suppliers"] if r["partner"] == "Qatar"]
    assert qatar and qatar[0]["supplier"] == "United States"
