"""One PDF per case: every fact, finding (with its citation), decision, delivery, screening hit
and an audit excerpt, as the case page shows them, in the reader's language.

In Arabic the pages read right to left: the text is shaped by HarfBuzz (fpdf2's text shaping
with uharfbuzz) in Noto Naskh Arabic, shipped with Amanah (`reports/fonts/`, SIL Open Font
License 1.1, taken from Debian's fonts-noto-core), with DejaVu Sans for Latin letters; fpdf2's
Unicode bidi algorithm orders mixed runs (a reference AMN-2026-000007 or a control entry ML4
inside an Arabic sentence), and the text is stored in logical order, so it extracts as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fpdf import FPDF
from sqlalchemy.orm import Session

from amanah import labels, present
from amanah.cases.detail import case_detail
from amanah.i18n import current_language, direction, gettext
from amanah.users.roles import Actor

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ARABIC_FONT_DIR = Path(__file__).resolve().parent / "fonts"


class _Dossier(FPDF):
    def __init__(self, reference: str) -> None:
        super().__init__(format="A4")
        self.reference = reference
        self.rtl = direction() == "rtl"
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists() or self.rtl
        self.family = "helvetica"
        if (FONT_DIR / "DejaVuSans.ttf").exists():
            self.add_font("latin", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("latin", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.family = "latin"
        if self.rtl:
            self.add_font("naskh", "", str(ARABIC_FONT_DIR / "NotoNaskhArabic-Regular.ttf"))
            self.add_font("naskh", "B", str(ARABIC_FONT_DIR / "NotoNaskhArabic-Bold.ttf"))
            if self.family == "latin":
                self.set_fallback_fonts(["latin"])
            self.family = "naskh"
            self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab",
                                  language="ara")  # fmt: skip
        self.align = "R" if self.rtl else "L"
        self.set_auto_page_break(True, margin=15)

    def text_of(self, value: Any) -> str:
        text = "" if value is None else str(value)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        self.set_font(self.family, "", 8)
        title = gettext("Amanah case dossier · %(reference)s") % {"reference": self.reference}
        self.cell(0, 5, self.text_of(title), align="L" if self.rtl else "R",
                  new_x="LMARGIN", new_y="NEXT")  # fmt: skip

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        page = gettext("page %(n)s") % {"n": present.number(self.page_no())}
        self.cell(0, 5, self.text_of(page), align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.family, "B", 12)
        self.cell(0, 8, self.text_of(text), align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 9)

    def table_of(self, columns: list[str], rows: list[list[Any]], widths: tuple[int, ...]) -> None:
        if not rows:
            self.cell(0, 6, self.text_of(gettext("none")), align=self.align,
                      new_x="LMARGIN", new_y="NEXT")  # fmt: skip
            return
        if self.rtl:  # the first column on the right
            columns, widths = columns[::-1], widths[::-1]
            rows = [row[::-1] for row in rows]
        align = "RIGHT" if self.rtl else "LEFT"
        with self.table(col_widths=widths, text_align=align, line_height=5 if self.rtl else 4.5,
                        padding=1) as table:  # fmt: skip
            head = table.row()
            for column in columns:
                head.cell(self.text_of(column))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.text_of(value))


@contextmanager
def _in_language(language: str | None) -> Iterator[None]:
    if language is None:
        yield
        return
    token = current_language.set(language)
    try:
        yield
    finally:
        current_language.reset(token)


def dossier_pdf(
    session: Session, actor: Actor, case_id: int, *, language: str | None = None
) -> bytes:
    """The case's dossier, in `language` (by default the language of the request)."""
    with _in_language(language):
        return _dossier(case_detail(session, actor, case_id))


def _dossier(case: dict[str, Any]) -> bytes:
    _, label, day = gettext, labels.label, present.day
    pdf = _Dossier(case["reference"])
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 15)
    pdf.multi_cell(0, 8, pdf.text_of(f"{case['reference']} · {case['title']}"), align=pdf.align,
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font(pdf.family, "", 9)
    facts = [
        [_("Partner"), f"{case['partner']['name']} ({case['partner']['code']})"],
        [_("State"), label(case["state"])], [_("Compliance outcome"), label(case["outcome"])],
        [_("Value"), present.money(case["value"], case["currency"])],
        [_("Planned transfer date"), day(case["transfer_date"])], [_("Rule set"), case["ruleset_version"]],
        [_("Release decision"), label(case["release_decision"]) if case["release_decision"] else "—"],
    ]  # fmt: skip
    pdf.table_of([_("Fact"), _("Value")], facts, (50, 130))
    pdf.heading(_("Items"))
    pdf.table_of([_("Technology"), _("Qty"), _("Kind"), _("Classification"), _("Control entries")],
                 [[i["technology"], present.number(i["quantity"]), label(i["kind"]), label(i["classification"]),
                   ", ".join(i["control_entries"])] for i in case["items"]], (60, 12, 30, 28, 50))  # fmt: skip
    pdf.heading(_("Parties"))
    parties = [
        [label(p["role"]), p["name"], p["country"], label(p["type"])] for p in case["parties"]
    ]
    pdf.table_of([_("Role"), _("Name"), _("Country"), _("Type")], parties, (35, 85, 25, 35))
    pdf.heading(_("Compliance findings"))
    pdf.table_of([_("Outcome"), _("Rule"), _("Reason"), _("Citation")],
                 [[label(f["outcome"]), label(f["rule_id"]), present.finding_reason(f), f["citation"]]
                  for f in case["findings"]],
                 (25, 25, 80, 50))  # fmt: skip
    pdf.heading(_("Screening hits"))
    pdf.table_of([_("Party"), _("Listed entry"), _("Score"), _("Status")],
                 [[h["party"], f"{h['name']} ({h['list']} {h['entity_id']})", present.number(h["score"]),
                   label(h["status"])] for h in case["screening"]], (45, 85, 20, 30))  # fmt: skip
    pdf.heading(_("Decisions"))
    pdf.table_of([_("Kind"), _("Outcome"), _("By"), _("Reason"), _("Assessment")],
                 [[label(d["kind"]), label(d["outcome"]), d["by"], d["reason"], d["assessment_id"] or ""]
                  for d in case["decisions"]], (25, 25, 25, 80, 25))  # fmt: skip
    pdf.heading(_("Deliveries"))
    pdf.table_of([_("Scheduled"), _("Description"), _("Qty"), _("Status")],
                 [[day(d["scheduled_on"]), d["description"], present.number(d["quantity"]), label(d["status"])]
                  for d in case["deliveries"]], (25, 110, 15, 30))  # fmt: skip
    pdf.heading(_("Timeline"))
    pdf.table_of([_("When (UTC)"), _("Who"), _("What"), _("Note")],
                 [[present.moment(e["at"]), e["actor"], label(e["action"]), present.timeline_note(e)]
                  for e in case["timeline"]],
                 (32, 25, 45, 78))  # fmt: skip
    pdf.heading(_("Audit excerpt"))
    audit = [[present.number(a["seq"]), present.moment(a["at"]), a["text"]] for a in case["audit"]]
    pdf.table_of(["#", _("When (UTC)"), _("Event")], audit, (15, 35, 130))
    return bytes(pdf.output())
