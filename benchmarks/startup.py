"""Start-up: seconds from launching `amanah serve --demo` to the first 200 from /login, on a fresh
data directory (the demo is loaded first) and again on the same, already loaded directory.

Run: .venv/bin/python benchmarks/startup.py [--runs 3]
Target (issue 14): the first request answered within 3 s of starting; the screening warm-up
runs after the socket is open, so it does not count here."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def seconds_to_first_page(data_dir: Path, timeout: float = 120.0) -> float:
    """Launch the server the way a user does and poll /login every 20 ms until it answers 200."""
    port = free_port()
    env = os.environ | {
        "AMANAH_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "amanah.cli.main", "serve", "--demo", "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise SystemExit(f"amanah serve exited with {process.returncode}")
            if answers(f"http://127.0.0.1:{port}/login"):
                return time.perf_counter() - started
            time.sleep(0.02)
        raise SystemExit(f"no answer from /login within {timeout:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fresh: list[float] = []
    loaded: list[float] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="amanah-startup-") as tmp:
            fresh.append(seconds_to_first_page(Path(tmp)))
            loaded.append(seconds_to_first_page(Path(tmp)))
    for label, times in (("fresh data dir", fresh), ("already loaded", loaded)):
        figures = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label:16} first 200 from /login after {statistics.median(times):.2f} s "
              f"(median of {len(times)}: {figures}); target 3 s")  # fmt: skip


if __name__ == "__main__":
    main()
