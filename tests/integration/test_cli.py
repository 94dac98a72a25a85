"""The CLI through Typer's runner, on the same databases as the services."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from amanah.cli.main import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_demo_then_cases_list_as_json(engine: Engine) -> None:
    assert run("demo").exit_code == 0
    again = run("demo")
    assert again.exit_code == 0 and "nothing changed" in again.output
    listed = json.loads(run("cases", "list", "--json").output)
    assert len(listed) == 14 and {c["partner"] for c in listed} >= {"XA", "KP"}


def test_cases_show_json_has_findings_with_citations(engine: Engine) -> None:
    run("demo")
    listed = json.loads(run("cases", "list", "--partner", "KP", "--json").output)
    shown = json.loads(run("cases", "show", str(listed[0]["id"]), "--json").output)
    assert shown["outcome"] == "prohibited"
    assert any("S/RES/1718" in f["citation"] for f in shown["findings"])


def test_unknown_case_exits_2_naming_the_field(engine: Engine) -> None:
    result = run("cases", "show", "999999")
    assert result.exit_code == 2 and "case_id" in result.output and "Traceback" not in result.output


def test_bad_state_filter_exits_2(engine: Engine) -> None:
    result = run("cases", "list", "--state", "flying")
    assert result.exit_code == 2 and "state" in result.output


def test_audit_verify_reports_an_intact_chain(engine: Engine) -> None:
    run("demo")
    result = run("audit", "verify")
    assert result.exit_code == 0 and "intact" in result.output


def test_assess_file_what_if_is_prohibited_for_an_embargoed_state(
    engine: Engine, tmp_path: Path
) -> None:
    item = {"description": "Coastal patrol boat", "control_entries": ["ML9"], "kind": "sale"}
    request = {"recipient": "KP", "date": "2027-01-01", "items": [item]}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    result = run("assess", "--file", str(path), "--json")
    answer = json.loads(result.output)
    assert result.exit_code == 0 and answer["outcome"] == "prohibited"
    assert answer["findings"][0]["rule_id"] == "att.6.1"


def test_assess_with_a_malformed_request_exits_2_naming_the_field(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"recipient": "KP", "date": "someday", "items": []}))
    result = run("assess", "--file", str(path))
    assert result.exit_code == 2 and "date" in result.output


def test_restore_of_a_missing_file_exits_2(engine: Engine, tmp_path: Path) -> None:
    result = run("restore", str(tmp_path / "nowhere.zip"))
    assert result.exit_code == 2 and "path" in result.output


def test_reassess_prints_counts_per_outcome(engine: Engine) -> None:
    run("demo")
    result = run("compliance", "reassess")
    assert result.exit_code == 0 and "prohibited" in result.output


def test_lists_import_and_screen_a_csv_file(engine: Engine, tmp_path: Path) -> None:
    from tests.factories.screening import ftm_lines, ftm_person, write

    listed = write(
        tmp_path,
        "list.json",
        ftm_lines(ftm_person("p1", "Husayn Abd al-Rahman", nationality=["iq"])),
    )
    imported = run("lists", "import", str(listed), "--format", "ftm", "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.output)["added"] == 1
    assert "already imported" in run("lists", "import", str(listed), "--format", "ftm").output
    parties = write(tmp_path, "parties.csv", "id,name,country,birth_date,type\n"
                    "a,Hussein Abdulrahman,IQ,,person\nb,Maria Gonzalez,,,\n")  # fmt: skip
    result = run("screen", "--file", str(parties), "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["hits"][0]["entity_id"] == "p1" and lines[1]["hits"] == []
    single = run("screen", "حسين عبد الرحمن", "--json")
    assert json.loads(single.output.splitlines()[-1])["hits"][0]["entity_id"] == "p1"


def test_screen_bad_input_exits_2_naming_the_field(engine: Engine, tmp_path: Path) -> None:
    from tests.factories.screening import write

    result = run("screen", "Someone", "--birth-date", "1970-02-30")
    assert (
        result.exit_code == 2 and "birth_date" in result.output and "Traceback" not in result.output
    )
    bad_csv = write(tmp_path, "p.csv", "id,name,country\n1,,IQ\n")
    result = run("screen", "--file", str(bad_csv))
    assert result.exit_code == 2 and "line 2" in result.output and "name" in result.output
    result = run("lists", "import", str(bad_csv), "--format", "un-xml")
    assert result.exit_code == 2 and "refused" in result.output
