"""The command line speaks the person's language when it starts in Arabic (`AMANAH_LANGUAGE`
or `LANG=ar*`): its top-level help, Typer's panel titles, the examples and the errors; English
otherwise (issue 19)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def amanah(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("AMANAH_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}  # fmt: skip
    env.update(PYTHONPATH=str(ROOT / "src"), COLUMNS="200", **environ)
    return subprocess.run([sys.executable, "-m", "amanah.cli.main", *args], env=env,
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip


def test_arabic_help_and_errors_and_english_otherwise() -> None:
    arabic = amanah("--help", AMANAH_LANGUAGE="ar").stdout
    assert "الأوامر" in arabic and "قضايا النقل." in arabic and "مثال: amanah screen" in arabic
    assert "Transfer cases." not in arabic
    posix = amanah("--help", LANG="ar_SA.UTF-8").stdout
    assert "الخيارات" in posix
    english = amanah("--help", LANG="C.UTF-8").stdout
    assert "Commands" in english and "Transfer cases." in english and "Example: " in english
    refused = amanah("backup", "x.tgz", AMANAH_LANGUAGE="ar")
    assert refused.returncode == 2
    assert "خطأ [path]: النسخة الاحتياطية أرشيف zip: سمِّها x.zip، لا x.tgz" in refused.stderr
    assert "error [path]: a backup is a zip archive" in amanah("backup", "x.tgz").stderr
