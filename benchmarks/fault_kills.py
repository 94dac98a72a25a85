"""Fault test: kill -9 at random moments of a list import, a re-assessment of the open cases,
a backup and a restore, run as the `amanah` command on a scratch SQLite data directory. After
each kill: the audit chain and its seals verify, the database passes SQLite's integrity check,
no process of the killed command is left, and the same command run again succeeds.

    python benchmarks/fault_kills.py [--kills-each 6] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def amanah(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "amanah.cli.main", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip


def finish(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    process = amanah(env, *args)
    _, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"amanah {' '.join(args)} failed: {err.decode()[-500:]}")
    return time.monotonic() - started


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def integrity(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills-each", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lists = Path(str(resources.files("amanah.data").joinpath("demo_sanctions.ftm.json")))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "AMANAH_DATA_DIR": tmp, "PYTHONPATH": str(ROOT / "src"),
               "AMANAH_AUDIT_CHECKPOINT_EVERY": "1000000000"}  # fmt: skip
        env.pop("AMANAH_DATABASE_URL", None)
        finish(env, "demo")
        backup = Path(tmp) / "backup.zip"
        finish(env, "backup", str(backup))
        # each import gets a list version of its own (one entry left out), so none is skipped
        # as "already imported"
        entries = lists.read_text(encoding="utf-8").splitlines()
        versions = []
        for n in range(args.kills_each + 1):
            version = Path(tmp) / f"list-{n}.ftm.json"
            version.write_text("\n".join(entries[:n] + entries[n + 1 :]) + "\n", encoding="utf-8")
            versions.append(str(version))
        operations = {
            "list import": lambda n: ("lists", "import", versions[n], "--format", "ftm"),
            "re-assessment": lambda n: ("compliance", "reassess"),
            "backup": lambda n: ("backup", str(Path(tmp) / "again.zip")),
            "restore": lambda n: ("restore", str(backup)),
        }
        kills, problems = 0, []
        for name, command_for in operations.items():
            duration = finish(env, *command_for(0))
            for n in range(1, args.kills_each + 1):
                command = command_for(n)
                process = amanah(env, *command)
                time.sleep(rng.uniform(0.2, max(0.3, duration)))
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    kills += 1
                process.wait()
                time.sleep(0.2)
                if group_alive(process.pid):
                    problems.append(f"{name}: a process of the killed command is still running")
                    os.killpg(process.pid, signal.SIGKILL)
                verify = subprocess.run([sys.executable, "-m", "amanah.cli.main", "audit", "verify"],
                                        env=env, capture_output=True, text=True)  # fmt: skip
                if verify.returncode != 0:
                    problems.append(f"{name}: audit verify: {verify.stderr.strip()[:200]}")
                checked = integrity(Path(tmp) / "amanah.db")
                if checked != "ok":
                    problems.append(f"{name}: integrity_check: {checked}")
                finish(env, *command)  # the rerun succeeds
            print(f"{name}: {args.kills_each} runs, clean run {duration:.1f} s", flush=True)
        print(f"{kills} kills in all; problems: {len(problems)}")
        for problem in problems:
            print("  " + problem)
        if problems:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
