"""One PDF per case: every fact, finding (with its citation), decision, delivery, screening hit
and an audit excerpt, as the case page shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from sqlalchemy.orm import Session

from amanah.cases.detail import case_detail
from amanah.users.roles import Actor

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class _Dossier(FPDF):
    def __init__(self, reference: str) -> None:
        super().__init__(format="A4")
        self.reference = reference
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.family = "body" if self.unicode else "helvetica"
        self.set_auto_page_break(True, margin=15)

    def text_of(self, value: Any) -> str:
        text = "" if value is None else str(value)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        self.set_font(self.family, "", 8)
        self.cell(0, 5, self.text_of(f"Amanah case dossier · {self.reference}"), align="R",
                  new_x="LMARGIN", new_y="NEXT")  # fmt: skip

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, f"page {self.page_no()}", align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.family, "B", 12)
        self.cell(0, 8, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 9)

    def table_of(self, columns: list[str], rows: list[list[Any]], widths: tuple[int, ...]) -> None:
        if not rows:
            self.cell(0, 6, "none", new_x="LMARGIN", new_y="NEXT")
            return
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.5, padding=1) as table:
            head = table.row()
            for column in columns:
                head.cell(self.text_of(column))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.text_of(value))


def dossier_pdf(session: Session, actor: Actor, case_id: int) -> bytes:
    case = case_detail(session, actor, case_id)
    pdf = _Dossier(case["reference"])
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 15)
    pdf.multi_cell(
        0, 8, pdf.text_of(f"{case['reference']} · {case['title']}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(pdf.family, "", 9)
    facts = [
        ["Partner", f"{case['partner']['name']} ({case['partner']['code']})"], ["State", case["state"]],
        ["Compliance outcome", case["outcome"]], ["Value", f"{case['value']} {case['currency']}"],
        ["Planned transfer date", case["transfer_date"]], ["Rule set", case["ruleset_version"]],
        ["Release decision", case["release_decision"]],
    ]  # fmt: skip
    pdf.table_of(["Fact", "Value"], facts, (50, 130))
    pdf.heading("Items")
    pdf.table_of(["Technology", "Qty", "Kind", "Classification", "Control entries"],
                 [[i["technology"], i["quantity"], i["kind"], i["classification"], ", ".join(i["control_entries"])]
                  for i in case["items"]], (60, 12, 30, 28, 50))  # fmt: skip
    pdf.heading("Parties")
    parties = [[p["role"], p["name"], p["country"], p["type"]] for p in case["parties"]]
    pdf.table_of(["Role", "Name", "Country", "Type"], parties, (35, 85, 25, 35))
    pdf.heading("Compliance findings")
    pdf.table_of(["Outcome", "Rule", "Reason", "Citation"],
                 [[f["outcome"], f["rule_id"], f["reason"], f["citation"]] for f in case["findings"]],
                 (25, 25, 80, 50))  # fmt: skip
    pdf.heading("Screening hits")
    pdf.table_of(["Party", "Listed entry", "Score", "Status"],
                 [[h["party"], f"{h['name']} ({h['list']} {h['entity_id']})", h["score"], h["status"]]
                  for h in case["screening"]], (45, 85, 20, 30))  # fmt: skip
    pdf.heading("Decisions")
    pdf.table_of(["Kind", "Outcome", "By", "Reason", "Assessment"],
                 [[d["kind"], d["outcome"], d["by"], d["reason"], d["assessment_id"] or ""] for d in case["decisions"]],
                 (25, 25, 25, 80, 25))  # fmt: skip
    pdf.heading("Deliveries")
    pdf.table_of(["Scheduled", "Description", "Qty", "Status"],
                 [[d["scheduled_on"], d["description"], d["quantity"], d["status"]] for d in case["deliveries"]],
                 (25, 110, 15, 30))  # fmt: skip
    pdf.heading("Timeline")
    pdf.table_of(["When (UTC)", "Who", "What", "Note"],
                 [[e["at"].strftime("%Y-%m-%d %H:%M"), e["actor"], e["action"], e["note"]] for e in case["timeline"]],
                 (32, 25, 45, 78))  # fmt: skip
    pdf.heading("Audit excerpt")
    audit = [[a["seq"], a["at"].strftime("%Y-%m-%d %H:%M"), a["text"]] for a in case["audit"]]
    pdf.table_of(["#", "When (UTC)", "Event"], audit, (15, 35, 130))
    return bytes(pdf.output())
