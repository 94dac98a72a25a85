"""The README's "First hour" works as written (issue 21): its commands are read from the README
and run in order on a temporary database, with the real lists of ../shared/data/sanctions; the
case page the CLI points to opens in the web application."""

from __future__ import annotations

import re
import shlex
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from amanah.cli.main import app
from amanah.web.app import create_app
from tests.factories.screening import OFAC_SDN, UN_XML
from tests.web.pages import log_in

ROOT = Path(__file__).resolve().parents[2]
PREFIX = ["./dev", "amanah"]


def first_hour_commands(readme: Path = ROOT / "README.md") -> list[list[str]]:
    """The `./dev amanah …` lines of the README's First hour, as argument lists (after `amanah`)."""
    section = readme.read_text(encoding="utf-8").split("\n## First hour\n", 1)[1].split("\n## ")[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the First hour section has no sh block"
    commands = [
        c for line in block.group(1).splitlines() if (c := shlex.split(line, comments=True))
    ]
    assert all(c[:2] == PREFIX for c in commands), "every First hour step is `./dev amanah …`"
    return [c[2:] for c in commands]


def test_the_first_hour_works_as_written(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert UN_XML.exists() and OFAC_SDN.exists(), "the real lists are in ../shared/data/sanctions"
    monkeypatch.chdir(ROOT)  # the README's paths are relative to the clone
    runner = CliRunner()
    outputs: dict[str, str] = {}
    for args in first_hour_commands():
        if "-o" in args:  # the report goes to the test's directory, not the clone
            at = args.index("-o") + 1
            args[at] = str(tmp_path / args[at])
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"amanah {shlex.join(args)}:\n{result.output}"
        outputs[shlex.join(args[:2])] = outputs.get(shlex.join(args[:2]), "") + result.output
    assert {"demo", "lists import", "lists show", "assess --file", "cases list", "cases show",
            "report att"} <= set(outputs)  # fmt: skip

    # 1. both real lists imported, whole
    assert "UN imported" in outputs["lists import"] and "OFAC imported" in outputs["lists import"]
    assert "2026-02-27" in outputs["lists show"]
    # 2. the listed name is found, and the Arabic spelling finds the same UN entry
    screened = [o for step, o in outputs.items() if step.startswith("screen")]
    assert screened and all("AL-DURI" in o and "UN" in o for o in screened)
    # 3. the what-if request is assessed
    assert re.search(r"Outcome: (pass|warning|needs_approval|prohibited)", outputs["assess --file"])
    # 4. the case shown is one of those waiting for a decision, and its page opens
    page = re.search(r"page: (http://\S+)", outputs["cases show"])
    assert page, outputs["cases show"]
    reference = outputs["cases show"].split()[0]
    assert reference in outputs["cases list"]
    with TestClient(create_app(engine)) as client:
        log_in(client, "leader")
        answer = client.get(urlsplit(page.group(1)).path)
        assert answer.status_code == 200 and reference in answer.text
    # 5. the ATT report is an xlsx workbook with the demo's 2026 shipments
    workbook = next(tmp_path.glob("att-*.xlsx"))
    with zipfile.ZipFile(workbook) as xlsx:
        assert "xl/workbook.xml" in xlsx.namelist()
    assert re.search(r"\b[1-9]\d* rows written", outputs["report att"])


def test_the_what_if_file_is_the_readmes_advisory_example() -> None:
    """examples/what-if.json is the request the README's "Advisory assessment" shows."""
    import json

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Advisory assessment")[1]
    shown = re.search(r"```json\n(.*?)```", section, re.S)
    assert shown, "the Advisory assessment section shows no JSON request"
    example = (ROOT / "examples" / "what-if.json").read_text(encoding="utf-8")
    assert json.loads(shown.group(1)) == json.loads(example)
