"""Treaty reports reconcile with the case data; the XLSX opens and follows the template."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.agreements.models import DeliveryRow
from amanah.agreements.schemas import AuthorisationIn, DeliveryIn
from amanah.cases.models import CaseRow, LineItemRow
from amanah.catalogue.models import TechnologyRow
from amanah.db.engine import transaction
from amanah.errors import InvalidInput
from amanah.i18n import current_language
from amanah.reports.att_annual import EXPORT_COLUMNS, att_report
from amanah.reports.register import transfer_register
from amanah.reports.tables import render
from amanah.reports.un_register import unroca_report
from tests.integration.test_storage import actor, case_by_title, load_demo


def shipped_totals(engine: Engine, year: int) -> tuple[int, int]:
    """Independently of the report code: items with an ATT / UN Register category shipped in `year`."""
    with transaction(engine) as session:
        rows = session.execute(
            select(DeliveryRow.quantity, DeliveryRow.shipped_on, TechnologyRow.att_category,
                   TechnologyRow.un_register_category)
            .join(LineItemRow, LineItemRow.id == DeliveryRow.line_item_id)
            .join(TechnologyRow, TechnologyRow.id == LineItemRow.technology_id)
            .where(DeliveryRow.status.in_(("shipped", "delivered")))  # received still counts
        ).all()  # fmt: skip
    att = sum(q for q, on, cat, _ in rows if on.year == year and cat)
    unroca = sum(q for q, on, _, un in rows if on.year == year and un)
    return att, unroca


def report_numbers(engine: Engine, year: int) -> tuple[int, int]:
    with transaction(engine) as session:
        att = sum(r[2] for r in att_report(session, year).sheets[0].rows)
        unroca = sum(r[2] for r in unroca_report(session, year).sheets[0].rows)
    return att, unroca


def test_demo_report_for_2026_has_the_border_guard_vehicles(engine: Engine) -> None:
    load_demo(engine)
    with transaction(engine) as session:
        report = att_report(session, 2026)
    (row,) = report.sheets[0].rows
    assert row[0] == "II" and row[2] == 12 and row[5] == "Republic of Alpha"
    assert report_numbers(engine, 2026) == shipped_totals(engine, 2026)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(quantity=st.integers(1, 500), month=st.integers(1, 12), year=st.sampled_from([2026, 2027]))
def test_att_and_unroca_totals_reconcile_with_shipments(
    engine: Engine, quantity: int, month: int, year: int
) -> None:
    with transaction(engine) as session:
        if session.scalar(select(CaseRow.id).limit(1)) is None:
            from amanah import demo
            from amanah.partners.service import load_reference_embargoes

            load_reference_embargoes(session)
            demo.load(session)
    case = case_by_title(engine, "counter-rocket")
    officer, export = actor(engine, "officer"), actor(engine, "export")
    with transaction(engine) as session:
        row = session.get_one(CaseRow, case.id)
        for item in row.items:  # room for the extra shipment in what is authorised
            agreements.set_authorisation(session, export, row, item.id, AuthorisationIn(
                quantity=10**6, value=Decimal(10**12), valid_from=date(2026, 1, 1),
                valid_until=date(2027, 12, 31)))  # fmt: skip
        delivery = deliveries.schedule_delivery(session, officer, row, DeliveryIn(
            description="extra", quantity=quantity, scheduled_on=date(year, month, 1)))  # fmt: skip
        deliveries.record_shipment(session, officer, row, delivery.id, date(year, month, 1))
    for y in (2026, 2027):
        assert report_numbers(engine, y) == shipped_totals(engine, y)
    with transaction(engine) as session:
        values = [r[3] for r in att_report(session, year).sheets[0].rows]
    assert all(isinstance(v, Decimal) and v >= 0 for v in values)


def test_xlsx_opens_with_the_template_columns(engine: Engine) -> None:
    load_demo(engine)
    with transaction(engine) as session:
        data = render(att_report(session, 2026), "xlsx")
        register = render(transfer_register(session), "xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Cover", "Exports"]
    header = [c.value for c in book["Exports"][1]]
    assert header == EXPORT_COLUMNS
    cover = {r[0].value: r[1].value for r in book["Cover"].iter_rows(min_row=2)}
    assert cover["Reporting period (calendar year)"] == "2026"
    assert load_workbook(io.BytesIO(register))["Register"].max_row > 1


def test_own_reports_read_in_arabic_and_official_templates_keep_their_headings(
    engine: Engine,
) -> None:
    """The register is Amanah's own: its XLSX and CSV headings, sheet and cover are Arabic (the
    sheet right to left) for an Arabic reader; the ATT template keeps its official headings;
    JSON keeps its English keys."""
    load_demo(engine)
    token = current_language.set("ar")
    try:
        with transaction(engine) as session:
            register = transfer_register(session)
            att = att_report(session, 2026)
        book = load_workbook(io.BytesIO(render(register, "xlsx")))
        csv_head = render(register, "csv").decode().splitlines()[0]
        att_book = load_workbook(io.BytesIO(render(att, "xlsx")))
        keys = json.loads(render(register, "json"))["sheets"][0]["rows"][0]
    finally:
        current_language.reset(token)
    assert book.sheetnames == ["الغلاف", "السجل"]
    assert [c.value for c in book["السجل"][1]][:2] == ["الجهة المستلمة", "المورّد"]
    assert book["السجل"].sheet_view.rightToLeft
    assert str(book["الغلاف"]["A1"].value).startswith("سجل عمليات النقل من ")
    assert csv_head.startswith("الجهة المستلمة,المورّد,سنة الطلب")
    assert att_book.sheetnames == ["Cover", "Exports"]
    assert [c.value for c in att_book["Exports"][1]] == EXPORT_COLUMNS
    assert not att_book["Exports"].sheet_view.rightToLeft
    assert list(keys)[:3] == ["recipient", "supplier", "order_year"]


def test_bad_report_requests_name_the_field(engine: Engine) -> None:
    with transaction(engine) as session:
        with pytest.raises(InvalidInput) as basis:
            att_report(session, 2026, "guessed")
        with pytest.raises(InvalidInput) as fmt:
            render(att_report(session, 2026), "pdf")
    assert basis.value.field == "basis" and fmt.value.field == "format"


def test_dossier_pdf_renders_with_every_finding_and_its_citation(engine: Engine) -> None:
    import pypdfium2 as pdfium

    from amanah.reports.dossier import dossier_pdf

    load_demo(engine)
    case = case_by_title(engine, "Coastal patrol boats")  # the embargoed request
    with transaction(engine) as session:
        data = dossier_pdf(session, actor(engine, "export"), case.id)
    document = pdfium.PdfDocument(data)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert case.reference in text and "S/RES/1718" in text and "Prohibited" in text  # its label
    image = document[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    document.close()
    assert image.size[0] > 500 and dark > 1000  # the page has ink on it
