"""Times each step of the README's "First hour" as a newcomer runs it: one `amanah` process per
command (what `./dev amanah …` execs once the venv is installed), from a fresh data directory
(a new SQLite file), in the clone, with the real lists of ../shared/data/sanctions.

    .venv/bin/python benchmarks/first_hour.py [--database-url postgresql+psycopg://…]

Baseline: `amanah --help`, the cost of starting Python and importing the command line, which
every step pays once."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.test_first_hour import first_hour_commands  # noqa: E402


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "amanah.cli.main", *args], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="run on this database instead of a new SQLite file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="amanah-first-hour-") as scratch:
        env = {**os.environ, "AMANAH_DATA_DIR": scratch, "PYTHONPATH": str(ROOT / "src")}
        if options.database_url:
            env["AMANAH_DATABASE_URL"] = options.database_url
        baseline = timed(["--help"], env)
        print(f"{'amanah --help (start-up, the baseline)':<100} {baseline:6.1f} s")
        total = 0.0
        for args in first_hour_commands():
            if "-o" in args:
                at = args.index("-o") + 1
                args[at] = str(Path(scratch) / args[at])
            seconds = timed(args, env)
            total += seconds
            shown = shlex.join(args).replace(scratch + "/", "")
            print(
                f"{'amanah ' + shown:<100} {seconds:6.1f} s  ({seconds / baseline:4.1f}× start-up)"
            )
        print(f"{'the whole first hour':<100} {total:6.1f} s")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
