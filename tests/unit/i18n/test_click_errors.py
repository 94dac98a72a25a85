"""Click's own parse errors in the process's language (issue 19): Typer's vendored Click writes
them as English literals; the command line run in Arabic writes them again as catalogue
messages, and English reads as Click wrote it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.cli.language import CLICK_ERRORS, click_error
from amanah.i18n import current_language, translations

ROOT = Path(__file__).resolve().parents[3]
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
option = st.from_regex(r"--[a-z][a-z-]{0,12}", fullmatch=True)


@pytest.fixture
def arabic() -> Iterator[None]:
    token = current_language.set("ar")
    yield
    current_language.reset(token)


def test_every_click_error_has_its_arabic() -> None:
    catalogue = translations("ar")
    assert [m for _pattern, m in CLICK_ERRORS if catalogue.gettext(m) == m] == []


@given(option)
def test_english_reads_as_click_wrote_it(name: str) -> None:
    for english in (f"No such option: {name}", f"Missing option '{name}'.",
                    f"Invalid value for '{name}': 'x' is not a valid integer."):  # fmt: skip
        assert click_error(english) == english


@given(name=option, other=option)
def test_arabic_keeps_the_names_and_translates_the_words(name: str, other: str) -> None:
    token = current_language.set("ar")
    try:
        said = [click_error(f"No such option: {name} (Possible options: {other})"),
                click_error(f"Missing option '{name}'."), click_error("Missing argument 'CASE_ID'."),
                click_error(f"Option '{name}' requires an argument."),
                click_error("Got unexpected extra argument(s) (b c)"),
                click_error(f"Invalid value for '{name}': 'x' is not a valid integer.")]  # fmt: skip
    finally:
        current_language.reset(token)
    for text, value in zip(said, (name, name, "'CASE_ID'", name, "(b c)", name), strict=True):
        assert ARABIC_LETTER.search(text) and value in text, text
        assert not re.search(r"No such|Missing|requires|unexpected|Invalid|Possible", text), text


def test_a_sentence_no_pattern_knows_stays_as_it_is(arabic: None) -> None:
    assert click_error("something else went wrong") == "something else went wrong"


def run(*command: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("AMANAH_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}  # fmt: skip
    env.update(PYTHONPATH=str(ROOT / "src"), COLUMNS="200", **environ)
    return subprocess.run([sys.executable, "-m", "amanah.cli.main", *command], env=env,
                          capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip


def test_the_command_line_writes_parse_errors_in_arabic() -> None:
    arabic = run("casework", "schedule", "3", "--item", "x", "--bogus", LANG="ar_SA.UTF-8")
    assert arabic.returncode == 2
    assert "لا يوجد خيار بهذا الاسم: --bogus" in arabic.stderr, arabic.stderr
    assert "No such option" not in arabic.stderr
    typed = run("casework", "schedule", "3", "--item", "x", AMANAH_LANGUAGE="ar")
    assert "قيمة غير صالحة لـ '--item'" in typed.stderr and "عدداً صحيحاً" in typed.stderr
    assert "Input should" not in typed.stderr, typed.stderr
    english = run("casework", "schedule", "3", "--item", "x", "--bogus", LANG="C.UTF-8")
    assert "No such option: --bogus" in english.stderr
