"""The command line's help has its Arabic at every depth (issue 19; the command line run in
Arabic: tests/integration/test_cli_language.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from amanah.cli.language import EXAMPLE, HELP_OPTION, TYPER_WORDS, USAGE, help_texts
from amanah.cli.main import app
from amanah.i18n import translations

ROOT = Path(__file__).resolve().parents[3]


def test_every_help_text_has_its_arabic() -> None:
    """A command's docstring or an option's help changed without its translation fails here
    (`./dev catalogue` lists it)."""
    catalogue = translations("ar")
    texts = [*help_texts(app), *TYPER_WORDS.values(), EXAMPLE, HELP_OPTION, USAGE]
    assert len(texts) > 150  # every command and option, not only the top level
    untranslated = [t for t in texts if catalogue.gettext(t) == t]
    assert untranslated == []


def help_of(*command: str, **environ: str) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("AMANAH_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}  # fmt: skip
    env.update(PYTHONPATH=str(ROOT / "src"), COLUMNS="200", **environ)
    done = subprocess.run([sys.executable, "-m", "amanah.cli.main", *command, "--help"],
                          env=env, capture_output=True, text=True, cwd=ROOT, check=True)  # fmt: skip
    return done.stdout


def test_a_deep_command_helps_in_arabic_with_clicks_own_words() -> None:
    arabic = help_of("casework", "alerts", AMANAH_LANGUAGE="ar")
    assert re.search(r"الاستخدام: .+ casework alerts \[OPTIONS\]", arabic)
    assert "اعرض التنبيهات التي يراها مستخدم" in arabic and "التنبيهات غير المقروءة فقط." in arabic
    assert "الخيارات" in arabic and "اعرض هذه الرسالة واخرج." in arabic
    assert "Usage:" not in arabic and "Only the unread alerts." not in arabic
    english = help_of("casework", "alerts", LANG="C.UTF-8")
    assert re.search(r"Usage: .+ casework alerts", english) and "Only the unread alerts." in english
