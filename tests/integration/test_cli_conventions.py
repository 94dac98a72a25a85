"""The command line's conventions (issue 21), checked over the whole command tree so that a new
command follows them too: every read command takes --json and its output parses, output through a
pipe is never cut, every help shows an example, backups are the format their name says, and bad
input says what to do next."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
from sqlalchemy import Engine
from typer.testing import CliRunner

from amanah.cli.common import progress
from amanah.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

# Commands that change data or write a file; every other command reads, and takes --json.
# The reports are files already (`--format json`).
WRITERS = {
    "init", "demo", "serve", "backup", "audit checkpoint", "sipri import",
    "report att", "report unroca", "report register", "report dossier",
    "casework record-agreement", "casework schedule", "casework ship", "casework receive",
    "casework check",
    "worker", "jobs file",
    "review rfis send", "review rfis answer", "review routing propose", "review routing confirm",
    "review notify", "review release-validity",
    "embargoes renew", "embargoes confirm", "embargoes reject",
}  # fmt: skip


def commands() -> Iterator[tuple[str, click.Command]]:
    def walk(command: click.Command, path: tuple[str, ...]) -> Iterator[tuple[str, click.Command]]:
        subcommands: dict[str, click.Command] | None = getattr(command, "commands", None)
        if subcommands is not None:
            for name, sub in subcommands.items():
                yield from walk(sub, (*path, name))
        else:
            yield " ".join(path), command

    yield from walk(typer.main.get_command(app), ())


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def parsed(*args: str) -> Any:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_read_command_takes_json_and_every_writer_is_known() -> None:
    names = dict(commands())
    assert WRITERS <= set(names), "a command named in WRITERS no longer exists"
    without_json = {
        name for name, command in names.items()
        if not any("--json" in getattr(p, "opts", ()) for p in command.params)
    }  # fmt: skip
    assert without_json <= WRITERS, f"read commands without --json: {without_json - WRITERS}"


@pytest.mark.parametrize("name", [name for name, _ in commands()] + [""])
def test_each_help_shows_a_real_example(name: str) -> None:
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    example = result.output.split("Example:", 1)
    assert len(example) == 2, f"`amanah {name} --help` shows no example"
    assert example[1].split()[0] == "amanah"
    if name:
        assert f"amanah {name}" in " ".join(example[1].split())


def test_every_read_commands_json_parses(engine: Engine, tmp_path: Path) -> None:
    from tests.factories.screening import ftm_lines, ftm_person, write

    assert run("demo").exit_code == 0
    listed = write(tmp_path, "l.json", ftm_lines(ftm_person("p1", "Husayn Abd al-Rahman")))
    imported = parsed("lists", "import", str(listed), "--format", "ftm", "--json")
    assert imported["added"] == 1 and imported["unchanged"] is False

    cases = parsed("cases", "list", "--json")
    assert {"id", "reference", "partner", "state", "outcome"} <= set(cases[0])
    assert parsed("cases", "show", str(cases[0]["id"]), "--json")["id"] == cases[0]["id"]
    assert parsed("audit", "verify", "--json")["intact"] is True
    assert set(parsed("compliance", "reassess", "--json")) == {
        "prohibited", "needs_approval", "warning", "pass"}  # fmt: skip
    assert parsed("compliance", "daily", "--on", "2027-01-01", "--json")["day"] == "2027-01-01"
    assert parsed("assess", "--file", str(ROOT / "examples" / "what-if.json"), "--json")["outcome"]
    shown = parsed("lists", "show", "--json")
    assert shown[0]["list"] == imported["list"] and shown[0]["sha256"]
    screened = parsed("screen", "Hussein Abdulrahman", "--json")
    assert screened["hits"][0]["entity_id"] == "p1"
    assert isinstance(parsed("hits", "list", "--json"), list)
    assert {"id", "renewal_date", "renewal_overdue"} <= set(
        parsed("embargoes", "list", "--json")[0]
    )
    assert isinstance(parsed("embargoes", "proposals", "--json"), list)
    assert parsed("sipri", "rank", "--from", "2020", "--to", "2024", "--json") == []
    assert isinstance(parsed("objectives", "standing", "--json"), dict)
    backup = tmp_path / "b.zip"
    assert run("backup", str(backup)).exit_code == 0
    checked = parsed("restore", "--check", str(backup), "--json")
    assert checked["checked_only"] is True and checked["rows"]["cases"] == len(cases)
    restored = parsed("restore", str(backup), "--json")
    assert restored["rows"]["cases"] == len(cases)


def piped(*args: str) -> str:
    """The command's standard output through a real pipe, as `amanah … | cat` reads it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "amanah.cli.main", *args], env=env,
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


def test_lists_show_through_a_pipe_shows_full_values(engine: Engine, tmp_path: Path) -> None:
    from tests.factories.screening import ftm_lines, ftm_person, write

    assert run("demo").exit_code == 0
    listed = write(tmp_path, "l.json", ftm_lines(ftm_person("p1", "Husayn Abd al-Rahman")))
    assert run("lists", "import", str(listed), "--format", "ftm").exit_code == 0
    imported_at = parsed("lists", "show", "--json")[0]["imported"]  # 2026-12-01T16:19:54+00:00
    shown = piped("lists", "show")
    assert "…" not in shown
    row = next(line for line in shown.splitlines() if imported_at in line)
    assert "ftm" in row  # one line per import: nothing wrapped either
    longest = max((c["title"] for c in parsed("cases", "list", "--json")), key=len)
    cases = piped("cases", "list")
    assert "…" not in cases and longest in cases


def test_a_long_title_is_printed_whole_off_a_terminal(engine: Engine) -> None:
    assert run("demo").exit_code == 0
    listed = run("cases", "list")
    titles = [c["title"] for c in parsed("cases", "list", "--json")]
    longest = max(titles, key=len)
    assert len(longest) > 50 and longest in listed.output


def test_progress_is_quiet_with_json_or_off_a_terminal() -> None:
    # under the test runner standard error is not a terminal
    assert progress().disable is True
    assert progress(quiet=True).disable is True


def test_json_output_carries_no_progress_or_message(engine: Engine, tmp_path: Path) -> None:
    from tests.factories.screening import ftm_lines, ftm_person, write

    listed = write(tmp_path, "l.json", ftm_lines(ftm_person("p1", "Husayn Abd al-Rahman")))
    result = run("lists", "import", str(listed), "--format", "ftm", "--json")
    assert json.loads(result.stdout)["added"] == 1 and result.stderr == ""


def test_backup_refuses_a_name_it_cannot_honour(engine: Engine, tmp_path: Path) -> None:
    for name in ("b.tgz", "b.tar.gz", "backup"):
        result = run("backup", str(tmp_path / name))
        assert result.exit_code == 2 and "[path]" in result.output and ".zip" in result.output
        assert not (tmp_path / name).exists()


def test_backup_is_a_zip_with_a_manifest_tables_and_documents(
    engine: Engine, tmp_path: Path
) -> None:
    assert run("demo").exit_code == 0
    path = tmp_path / "b.ZIP"
    assert run("backup", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "amanah-backup/1"
        for table, count in manifest["counts"].items():
            assert len(json.loads(archive.read(f"tables/{table}.json"))) == count


def test_check_names_a_tampered_audit_event_and_changes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    assert run("demo").exit_code == 0
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    assert run("backup", str(good)).exit_code == 0
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for member in source.namelist():
            data = source.read(member)
            if member == "tables/audit_events.json":
                events = json.loads(data)
                events[3]["actor"] = "someone-else"
                data = json.dumps(events).encode()
            target.writestr(member, data)
    seq = json.loads(zipfile.ZipFile(good).read("tables/audit_events.json"))[3]["seq"]
    result = run("restore", "--check", str(bad))
    assert result.exit_code == 2 and f"broken at event {seq}" in result.output, result.output
    before = parsed("cases", "list", "--json")
    assert run("restore", str(bad)).exit_code == 2
    assert parsed("cases", "list", "--json") == before


def test_screening_before_any_list_says_how_to_import_one(engine: Engine) -> None:
    result = run("screen", "Izzat Ibrahim al-Douri")
    assert "amanah lists import" in result.stderr and "--format un-xml" in result.stderr


@pytest.mark.parametrize(("typed", "hint"), [("Iraq", "did you mean IQ"), ("IRQ", "did you mean IQ"),
                                             ("QJ", "two-letter code")])  # fmt: skip
def test_a_wrong_country_says_what_to_type(engine: Engine, typed: str, hint: str) -> None:
    result = run("screen", "Izzat Ibrahim al-Douri", "--country", typed)
    assert result.exit_code == 2 and "[country]" in result.output and hint in result.output


def test_a_header_only_csv_says_to_add_names(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("id,name,country\n")
    result = run("screen", "--file", str(path))
    assert result.exit_code == 2 and "add one line per name" in result.output


def test_shell_completion_installs_and_completes_commands_and_options(tmp_path: Path) -> None:
    """As a shell runs it: a process of its own (the completion script, then completions).
    Typer finds the shell among the command's parent processes (`--show-completion` takes no
    shell name), so the command runs from bash, as a user's would: a test run with no shell
    above it (started detached) has none to find."""
    amanah = [sys.executable, "-c", "from amanah.cli.main import app; app(prog_name='amanah')"]
    env = {**os.environ, "AMANAH_DATA_DIR": str(tmp_path)}
    from_bash = ["bash", "-c", shlex.join([*amanah, "--show-completion"]) + "; exit $?"]
    script = subprocess.run(from_bash, env=env, capture_output=True, text=True, timeout=120)
    assert script.returncode == 0 and "_amanah_completion" in script.stdout, script.stderr

    def complete(words: str) -> list[str]:
        asked = {"_AMANAH_COMPLETE": "complete_bash", "COMP_WORDS": words,
                 "COMP_CWORD": str(len(words.split()) - 1)}  # fmt: skip
        done = subprocess.run(amanah, env={**env, **asked}, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        return done.stdout.split()

    assert complete("amanah li") == ["lists"]
    assert complete("amanah lists import sdn.csv --fo") == ["--format"]


def test_reassessment_reports_its_progress_up_to_every_open_case(engine: Engine) -> None:
    from amanah.compliance.bulk import reassess_open_cases
    from amanah.db.engine import transaction

    assert run("demo").exit_code == 0
    calls: list[tuple[int, int]] = []
    with transaction(engine) as session:
        counts = reassess_open_cases(
            session, progress=lambda done, total: calls.append((done, total))
        )
    assert calls[0][0] == 0 and calls[-1] == (counts.total(), counts.total()) and counts.total() > 0
