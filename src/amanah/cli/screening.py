"""`amanah lists …`, `amanah screen …` and `amanah hits …`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import typer
from lxml import etree
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from amanah.cli.common import (
    JSON_OPTION,
    console,
    emit_json,
    errors,
    example,
    fail,
    progress,
    show,
    stage_reporter,
    unit_of_work,
)
from amanah.errors import AmanahError, InvalidInput, invalid_from
from amanah.i18n import N_
from amanah.partners.service import known_country
from amanah.screening import list_imports, service
from amanah.screening.lists import FORMATS
from amanah.screening.schemas import ScreeningQueryIn
from amanah.users.roles import SYSTEM

UN_EXAMPLE = (
    "amanah lists import ../shared/data/sanctions/un/un_consolidated_2026-02-27.xml --format un-xml"
)
lists_app = typer.Typer(
    help="Sanctions lists: import and inspect.", epilog=example(UN_EXAMPLE), no_args_is_help=True
)
hits_app = typer.Typer(
    help="Screening hits on case parties.",
    epilog=example("amanah hits list --json"),
    no_args_is_help=True,
)
CSV_COLUMNS = ("id", "name", "country", "birth_date", "type")


@lists_app.command("import", epilog=example(UN_EXAMPLE))
def lists_import(
    path: Path = typer.Argument(..., help="The list file (for ofac-csv: sdn.csv or its folder)."),
    fmt: str = typer.Option(..., "--format", help=f"One of: {', '.join(FORMATS)}."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a list version; the parties of open cases are re-screened against what changed."""
    with progress(quiet=as_json) as bar, unit_of_work() as session:
        task = bar.add_task(f"Importing {path.name}", total=None)
        report = stage_reporter(bar, task, path.name)
        _check_list_file(path)
        try:
            result = list_imports.import_list(session, SYSTEM, path, fmt, report)
        except (UnicodeDecodeError, csv.Error, ValueError, etree.LxmlError) as error:
            raise InvalidInput(N_("%(name)s is not a readable %(fmt)s file: %(error)s"),
                               field="path",
                               values={"name": path.name, "fmt": fmt, "error": error}) from None  # fmt: skip
        summary = result.as_dict()
    if as_json:
        emit_json(summary)
        return
    if result.unchanged:
        console.print(
            f"{summary['list']}: this file was already imported (import {summary['import_id']}); nothing changed."
        )
        return
    console.print(
        f"{summary['list']} imported (import {summary['import_id']}, published {summary['published'] or 'undated'}): "
        f"{summary['entities']} entries; {summary['added']} added, {summary['changed']} changed, "
        f"{summary['removed']} removed; {summary['new_hits']} new hits on open cases"
        + (f" — review needed on {', '.join(result.blocked_cases)}" if result.blocked_cases else "")
    )


@lists_app.command("show", epilog=example("amanah lists show --json"))
def lists_show(as_json: bool = JSON_OPTION) -> None:
    """The imports so far, newest first."""
    with unit_of_work() as session:
        rows = list_imports.imports(session)
        if as_json:
            emit_json([{"id": r.id, "list": r.list_name, "format": r.format, "filename": r.filename,
                        "sha256": r.sha256, "published": r.published,
                        "imported": r.imported_at.isoformat(timespec="seconds"),
                        "entities": r.entities, "added": r.added, "changed": r.changed,
                        "removed": r.removed} for r in rows])  # fmt: skip
            return
        table = Table(
            "id",
            "list",
            "format",
            "published",
            "imported",
            "entries",
            "added",
            "changed",
            "removed",
        )
        for r in rows:
            imported = r.imported_at.isoformat(timespec="seconds")
            counts = (str(r.entities), str(r.added), str(r.changed), str(r.removed))
            table.add_row(
                str(r.id), r.list_name, r.format, str(r.published or ""), imported, *counts
            )
    show(table)


def _check_list_file(path: Path) -> None:
    """Every list format is text (CSV, XML, JSON lines): a file with NUL bytes in its first
    block is something else, and would fail deep in a parser."""
    if path.is_file():
        with path.open("rb") as file:
            if b"\x00" in file.read(65536):
                raise InvalidInput(N_("%(name)s is a binary file, not a sanctions list"),
                                   field="path", values={"name": path.name})  # fmt: skip


def _check_countries(session: Session, requests: list[ScreeningQueryIn], from_file: bool) -> None:
    """An unknown country code would sharpen no score and hide a typo: refuse it."""
    for n, request in enumerate(requests, start=2):
        if request.country:
            known_country(
                session, request.country, f"line {n}: country" if from_file else "country"
            )


def _validated(data: dict[str, Any], where: str) -> ScreeningQueryIn:
    try:
        return ScreeningQueryIn.model_validate(data)
    except ValidationError as error:
        raise invalid_from(error.errors(), where=where) from None


def _read_csv(path: Path) -> list[ScreeningQueryIn]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            N_("cannot read %(path)s: %(error)s"),
            field="file",
            values={"path": path, "error": error},
        ) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("id", "name") if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            N_("%(name)s: the header needs the columns %(CSV_COLUMNS)s"),
            field="file",
            values={"name": path.name, "CSV_COLUMNS": ", ".join(CSV_COLUMNS)},
        )
    extra = [c for c in reader.fieldnames or [] if c not in CSV_COLUMNS]
    if extra:
        raise InvalidInput(
            N_("%(name)s: unknown column(s) %(extra)s"),
            field="file",
            values={"name": path.name, "extra": ", ".join(extra)},
        )
    rows = [
        _validated({k: v for k, v in row.items() if k is not None}, f"{path.name} line {n}: ")
        for n, row in enumerate(reader, start=2)
    ]
    if not rows:
        raise InvalidInput(N_("%(name)s has a header but no names to screen: add one line per "
                              "name under it (%(CSV_COLUMNS)s)"), field="file",
                              values={"name": path.name, "CSV_COLUMNS": ','.join(CSV_COLUMNS)})  # fmt: skip
    return rows


def screen(
    name: str = typer.Argument(None, help="The name to screen."),
    country: str = typer.Option(None, "--country", help="ISO 3166 alpha-2."),
    birth_date: str = typer.Option(None, "--birth-date", help="YYYY-MM-DD (or YYYY)."),
    type_: str = typer.Option(None, "--type", help="person or organization."),
    file: Path = typer.Option(
        None, "--file", help="CSV with columns id,name,country,birth_date,type."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (one object per line with --file; shape in the README)."
    ),
) -> None:
    """Screen a name (or every row of a CSV file) against the imported lists."""
    try:
        if (name is None) == (file is None):
            raise InvalidInput(N_("give a NAME or --file, not both and not neither"), field="name")
        if file is not None:
            requests = _read_csv(file)
        else:
            data = {"name": name, "country": country, "birth_date": birth_date, "type": type_}
            requests = [_validated(data, "")]
    except AmanahError as error:
        fail(error)
        return
    with unit_of_work() as session:
        _check_countries(session, requests, from_file=file is not None)
        if not list_imports.imports(session):
            errors.print(f"[yellow]no sanctions list is imported yet, so no name can match: "
                         f"import one first, e.g. `{escape(UN_EXAMPLE)}`[/]", highlight=False)  # fmt: skip
        # the index of the stored lists is kept on disk (loaded in a second); one name: only
        # the few entries scored are analysed; a file: on every core (`screening.bulk`)
        found = service.screen_many(session, [r.query() for r in requests])
        with progress(quiet=as_json) as bar:
            results = [
                {"id": r.id, "hits": hits}
                for r, hits in bar.track(
                    zip(requests, found, strict=True), total=len(requests), description="Screening"
                )
            ]
    if as_json or file is not None:
        for result in results:
            typer.echo(json.dumps(result, ensure_ascii=False))
        return
    hits = results[0]["hits"]
    if not hits:
        console.print("No hits at or above the review threshold.")
        return
    table = Table("score", "list", "entry", "name", "matched as", "fields")
    for h in hits:
        fields = ", ".join(f"{k} {v}" for k, v in h["explanation"]["fields"].items())
        table.add_row(
            f"{h['score']:.2f}",
            h["list"],
            h["entity_id"],
            h["name"],
            h["explanation"]["matched_name"],
            fields,
        )
    show(table)


@hits_app.command("list", epilog=example("amanah hits list --json"))
def hits_list(as_json: bool = JSON_OPTION) -> None:
    """Open hits waiting for review, best score first."""
    with unit_of_work() as session:
        rows = [
            {"id": h.id, "party_id": h.party_id, "list": h.list_name, "entity_id": h.entity_id,
             "name": h.entity_name, "score": round(h.score, 4)}
            for h in service.review_queue(session)
        ]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    table = Table("hit", "party", "list", "entry", "name", "score")
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["party_id"]),
            str(r["list"]),
            str(r["entity_id"]),
            str(r["name"]),
            f"{r['score']:.2f}",
        )
    show(table)
