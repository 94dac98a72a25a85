"""Bad input to the CLI is exit code 2 with a message naming what is wrong, never a traceback
(issue 15, item 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from amanah.cli.main import app

runner = CliRunner()
BINARY = bytes(range(256)) * 40  # NUL bytes and invalid UTF-8, as in an executable


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("fmt", ["ofac-csv", "ftm", "uk-csv", "un-xml"])
def test_a_binary_file_imported_as_a_list_exits_2_naming_the_file(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(BINARY)
    result = run("lists", "import", str(path), "--format", fmt)
    assert result.exit_code == 2, result.output
    assert "[path]" in result.output and "sdn.csv" in result.output
    assert "Traceback" not in result.output


def test_a_list_that_is_text_but_not_the_format_exits_2(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text("this is not JSON\n{also not\n")
    result = run("lists", "import", str(path), "--format", "ftm")
    assert result.exit_code == 2 and "[path]" in result.output, result.output


def test_screening_a_header_only_csv_exits_2_saying_there_is_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "names.csv"
    path.write_text("id,name,country\n")
    result = run("screen", "--file", str(path))
    assert result.exit_code == 2 and "no names to screen" in result.output, result.output


def test_screen_refuses_an_unknown_country_code(engine: Engine) -> None:
    result = run("screen", "Gulf Freight Logistics", "--country", "ZZ")
    assert result.exit_code == 2 and "[country]" in result.output, result.output


def test_assess_refuses_an_unknown_recipient(engine: Engine, tmp_path: Path) -> None:
    request = {"recipient": "ZZ", "date": "2027-01-01",
               "items": [{"description": "Coastal patrol boat", "control_entries": ["ML9"]}]}  # fmt: skip
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    result = run("assess", "--file", str(path))
    assert result.exit_code == 2 and "[recipient]" in result.output, result.output


def test_assess_refuses_an_unknown_party_country(engine: Engine, tmp_path: Path) -> None:
    request = {"recipient": "KP", "date": "2027-01-01",
               "items": [{"description": "Coastal patrol boat", "control_entries": ["ML9"]}],
               "parties": [{"role": "end_user", "name": "Navy", "country": "QZ"}]}  # fmt: skip
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    result = run("assess", "--file", str(path))
    assert result.exit_code == 2 and "parties.0.country" in result.output, result.output


def test_a_registered_fictional_state_is_still_assessed(engine: Engine, tmp_path: Path) -> None:
    assert run("demo").exit_code == 0
    request = {"recipient": "XA", "date": "2027-01-01",
               "items": [{"description": "radio", "control_entries": ["ML11"]}]}  # fmt: skip
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    assert run("assess", "--file", str(path)).exit_code == 0
