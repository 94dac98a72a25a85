"""`amanah screen` as a user runs it: a new process per command, the real UN + OFAC lists
imported into a data directory of its own.

1. `amanah screen NAME`, cold: the first command (which starts the screening process that stays
   up between commands, `screening.server`), then several more, each a new process, against the
   same lists; beside it the same command screening in its own process
   (`AMANAH_SCREENING_IDLE=0`, what every command cost before the screening process).
2. `amanah screen --file parties.csv` with many parties (default 100,000: a tenth the listed
   names with a typo, the rest synthetic names, a fifth with common Arabic given names): wall
   and CPU time, parties/s, and peak memory of the command's process tree (the sum of the
   resident and of the proportional set sizes of its processes, sampled every 0.2 s).

Wall times are those of a shared machine (print `uptime` beside them); CPU time (user + system
of the command and every process it waited for) is the steadier figure.

Run: nice .venv/bin/python benchmarks/screening_cli.py [--data DIR] [--names 5] [--parties N]
Target: a screening command <= 2 s wall; --file on every core."""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _screening_data import REAL_LISTS, real_entities
from _synthetic import names, typo

AMANAH = [sys.executable, "-c", "from amanah.cli.main import app; app()"]
QUERIES = (
    "Izzat Ibrahim al-Douri",
    "عزت إبراهيم الدوري",
    "Islamic Revolutionary Guard Corps",
    "Maria Gonzalez",
    "Hussein Abdulrahman",
)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def uptime() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def tree(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def memory_kib(pids: list[int]) -> tuple[int, int]:
    """Summed RSS and PSS (KiB) of these processes."""
    rss = pss = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


# the same question without the command line's imports (typer, every command's module, the
# ORM models): what `amanah screen` would cost if the command line loaded only its command
ASK_ONLY = [sys.executable, "-c", "import sys, json; from amanah.screening import server; "
            "from amanah.screening.query import Query; "
            "print(json.dumps(server.screen([Query(sys.argv[1])], 0.5), ensure_ascii=False))"]  # fmt: skip


def run(
    args: list[str], env: dict[str, str], command: list[str] = AMANAH
) -> tuple[float, float, int, int, str]:
    """Wall s, CPU s, peak summed RSS and PSS (KiB) of the command's tree, its output."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    process = subprocess.Popen(
        command + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )  # noqa: S603
    peak = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            rss, pss = memory_kib(tree(process.pid))
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"amanah {' '.join(args[:2])} failed: {err.decode()[-2000:]}")
    return time.perf_counter() - t0, children_cpu() - cpu0, peak[0], peak[1], out.decode()


def parties_file(path: Path, count: int) -> None:
    rng = random.Random(7)
    listed = [e.names[0] for e in real_entities() if e.schema == "Person"]
    rows = [typo(rng, rng.choice(listed)) for _ in range(count // 10)]
    rows += names(count - len(rows), seed=3)
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name", "country", "birth_date", "type"])
        writer.writerows([f"p{n}", text, "", "", "person"] for n, text in enumerate(rows))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, help="a data directory with the lists imported")
    parser.add_argument("--names", type=int, default=5, help="single-name commands")
    parser.add_argument("--parties", type=int, default=100_000)
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="amanah-cli-bench-"))
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "AMANAH_DATA_DIR": str(data), "PYTHONPATH": src}
    env.pop("AMANAH_DATABASE_URL", None)
    if not (data / "amanah.db").exists():
        for path, fmt in REAL_LISTS:
            wall, cpu, *_ = run(["lists", "import", str(path), "--format", fmt, "--json"], env)
            print(f"import {path.name}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"load average {uptime()}")
    print(f"{'amanah screen NAME':44}{'wall s':>8}{'CPU s':>8}")
    for label, idle in (
        ("in its own process (SCREENING_IDLE=0)", "0"),
        ("asking the screening process", "60"),
    ):
        for n in range(args.names):
            name = QUERIES[n % len(QUERIES)]
            wall, cpu, *_ = run(["screen", name, "--json"], {**env, "AMANAH_SCREENING_IDLE": idle})
            first = " (first: starts it)" if idle != "0" and n == 0 else ""
            print(f"{(label + first)[:44]:44}{wall:>8.2f}{cpu:>8.2f}")
    for n in range(args.names):
        wall, cpu, *_ = run([QUERIES[n % len(QUERIES)]], {**env, "AMANAH_SCREENING_IDLE": "60"},
                            ASK_ONLY)  # fmt: skip
        print(f"{'asking it without the CLI imports':44}{wall:>8.2f}{cpu:>8.2f}")
    print(f"load average {uptime()}")
    if args.parties:
        with tempfile.TemporaryDirectory() as tmp:
            csv_path = Path(tmp) / "parties.csv"
            parties_file(csv_path, args.parties)
            wall, cpu, rss, pss, out = run(["screen", "--file", str(csv_path), "--json"], env)
            lines = out.count("\n")
            hit = out.count('"hits": [{')
            print(f"amanah screen --file: {lines:,} parties ({hit:,} with hits) in {wall:.1f} s wall, "
                  f"{cpu:.1f} s CPU: {lines / wall:.0f} parties/s; on {len(os.sched_getaffinity(0))} cores; "
                  f"peak memory of the process tree: RSS {rss / 1024**2:.2f} GiB, "
                  f"PSS {pss / 1024**2:.2f} GiB")  # fmt: skip
        print(f"load average {uptime()}")


if __name__ == "__main__":
    main()
