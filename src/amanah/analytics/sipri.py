"""SIPRI Arms Transfers Database: import of the trade register by delivery year (the CSV SIPRI
exports, with or without its preamble), and world context — supplier ranks, shares, trends and a
recipient's main suppliers. Bad rows are reported with their line numbers, never dropped silently.

Source: SIPRI Arms Transfers Database (c) SIPRI. TIVs are in millions and are not prices."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from amanah.analytics.models import SipriImportRow, SipriTransferRow
from amanah.errors import InvalidInput
from amanah.i18n import N_

# the export's headers (Title Case) and the cleaned snake_case ones, to one vocabulary
HEADERS = {
    "sipri at database id": "deal_id", "sipri_deal_id": "deal_id", "supplier": "supplier",
    "recipient": "recipient", "designation": "designation", "armament category": "category",
    "armament_category": "category", "numbers delivered": "number", "number_delivered": "number",
    "delivery year": "year", "delivery_year": "year", "sipri tiv of delivered weapons": "tiv",
    "tiv_delivered": "tiv", "tiv delivery values": "tiv",
}  # fmt: skip
REQUIRED = ("supplier", "recipient", "year", "tiv")


@dataclass
class SipriImport:
    rows: int
    rejected: list[tuple[int, str]] = field(default_factory=list)
    import_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"import_id": self.import_id, "rows": self.rows, "rejected": len(self.rejected),
                "problems": [{"line": n, "reason": r} for n, r in self.rejected[:200]]}  # fmt: skip


def _header_line(lines: list[str]) -> int:
    for n, line in enumerate(lines[:40]):
        lowered = line.lower()
        if "supplier" in lowered and "recipient" in lowered:
            return n
    raise InvalidInput(
        N_("no header with Supplier and Recipient columns: is this a SIPRI trade register?"),
        field="path",
    )


def _number(text: str) -> float:
    return float(text.replace(",", "").rstrip("?").strip() or "0")


def parse_register(path: Path) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    lines = text.splitlines()
    start = _header_line(lines)
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = [HEADERS.get(h.strip().rstrip(";").lower(), "") for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            N_("%(file)s: the header lacks %(columns)s"),
            field="path",
            values={"file": path.name, "columns": ", ".join(missing)},
        )
    rows: list[dict[str, Any]] = []
    rejected: list[tuple[int, str]] = []
    for offset, cells in enumerate(reader, start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        record = {
            name: cells[i].strip().rstrip(";")
            for i, name in enumerate(header)
            if name and i < len(cells)
        }
        try:
            year = int(re.sub(r"\D", "", record.get("year", "")) or "x")
            tiv = _number(record.get("tiv", ""))
        except ValueError:
            rejected.append(
                (
                    offset,
                    f"delivery year {record.get('year')!r} or TIV {record.get('tiv')!r} is not a number",
                )
            )
            continue
        if not record.get("supplier") or not record.get("recipient"):
            rejected.append((offset, "supplier or recipient is empty"))
            continue
        number = record.get("number", "").rstrip("?")
        rows.append({
            "deal_id": record.get("deal_id", "")[:20], "supplier": record["supplier"][:120],
            "recipient": record["recipient"][:120], "designation": record.get("designation", "")[:200],
            "category": record.get("category", "")[:60], "year": year,
            "number": int(number) if number.isdigit() else None, "tiv": tiv,
        })  # fmt: skip
    return rows, rejected


def import_register(session: Session, path: Path) -> SipriImport:
    """Replace the stored register with this file's rows (a register export is a full snapshot)."""
    if not path.is_file():
        raise InvalidInput(
            N_("%(path)s is not a readable file"), field="path", values={"path": path}
        )
    rows, rejected = parse_register(path)
    if not rows:
        raise InvalidInput(
            N_("%(file)s: no usable rows (%(rejected)s rejected)"),
            field="path",
            values={"file": path.name, "rejected": len(rejected)},
        )
    record = SipriImportRow(filename=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                            rows=len(rows), rejected=len(rejected))  # fmt: skip
    session.add(record)
    session.flush()
    session.execute(delete(SipriTransferRow))
    for start in range(0, len(rows), 5000):
        session.execute(
            insert(SipriTransferRow),
            [{**r, "import_id": record.id} for r in rows[start : start + 5000]],
        )
    return SipriImport(len(rows), rejected, record.id)


_frames: dict[tuple[str, int], pl.DataFrame] = {}


def frame(session: Session) -> pl.DataFrame:
    """The stored register as a DataFrame, read once per import."""
    latest = session.scalar(select(func.max(SipriImportRow.id))) or 0
    key = (str(session.get_bind().engine.url), int(latest))
    cached = _frames.get(key)
    if cached is None:
        _frames.clear()
        cached = _frames[key] = _read_frame(session)
    return cached


def _read_frame(session: Session) -> pl.DataFrame:
    data = session.execute(select(SipriTransferRow.supplier, SipriTransferRow.recipient, SipriTransferRow.year,
                                  SipriTransferRow.tiv, SipriTransferRow.category)).all()  # fmt: skip
    return pl.DataFrame(
        data, schema=["supplier", "recipient", "year", "tiv", "category"], orient="row"
    )


def supplier_ranking(df: pl.DataFrame, first: int, last: int) -> pl.DataFrame:
    """Suppliers by TIV delivered in [first, last]: rank, TIV and share of the world total."""
    period = df.filter(pl.col("year").is_between(first, last))
    total = period["tiv"].sum() or 1.0
    return (
        period.group_by("supplier").agg(pl.col("tiv").sum())
        .sort("tiv", descending=True)
        .with_columns((pl.col("tiv") / total * 100).round(1).alias("share_pct"),
                      pl.int_range(1, pl.len() + 1).alias("rank"))
    )  # fmt: skip


def trend(df: pl.DataFrame, suppliers: list[str], first: int, last: int) -> pl.DataFrame:
    return (
        df.filter(pl.col("supplier").is_in(suppliers) & pl.col("year").is_between(first, last))
        .group_by("supplier", "year").agg(pl.col("tiv").sum()).sort("supplier", "year")
    )  # fmt: skip


def main_suppliers(
    df: pl.DataFrame, recipient: str, first: int, last: int, top: int = 5
) -> pl.DataFrame:
    period = df.filter((pl.col("recipient") == recipient) & pl.col("year").is_between(first, last))
    total = period["tiv"].sum() or 1.0
    return (
        period.group_by("supplier").agg(pl.col("tiv").sum()).sort("tiv", descending=True).head(top)
        .with_columns((pl.col("tiv") / total * 100).round(1).alias("share_pct"))
    )  # fmt: skip
