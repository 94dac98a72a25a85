"""Start-up: seconds from launching `amanah serve --demo` to the first 200 from /login, on a fresh
data directory (the demo is loaded first) and again on the same, already loaded directory.

Run: .venv/bin/python benchmarks/startup.py [--runs 3]
The demo is loaded in the background once the socket is open; the second figure is when the
login page stops saying so.
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


def answer(url: str) -> str | None:
    """The page's text when it answers 200, else None."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode() if response.status == 200 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def seconds_to_first_page(data_dir: Path, timeout: float = 120.0) -> tuple[float, float]:
    """Launch the server the way a user does and poll /login every 20 ms: seconds until it
    answers 200, and until it no longer says the demo is loading (one can log in)."""
    port = free_port()
    env = os.environ | {
        "AMANAH_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "amanah.cli.main", "serve", "--demo", "--port", str(port)]
    started = time.perf_counter()
    first: float | None = None
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise SystemExit(f"amanah serve exited with {process.returncode}")
            text = answer(f"http://127.0.0.1:{port}/login")
            if text is not None:
                first = first or time.perf_counter() - started
                if 'id="loading"' not in text:
                    return first, time.perf_counter() - started
            # every 20 ms until the first answer, then as a person would look again (a page a
            # second would take its share of the one interpreter loading the demo)
            time.sleep(0.02 if first is None else 0.5)
        raise SystemExit(f"no answer from /login within {timeout:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fresh: list[tuple[float, float]] = []
    loaded: list[tuple[float, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="amanah-startup-") as tmp:
            fresh.append(seconds_to_first_page(Path(tmp)))
            loaded.append(seconds_to_first_page(Path(tmp)))
    for label, runs in (("fresh data dir", fresh), ("already loaded", loaded)):
        for what, times in (("first 200 from /login", [r[0] for r in runs]),
                            ("demo loaded, log-in open", [r[1] for r in runs])):  # fmt: skip
            figures = ", ".join(f"{t:.2f}" for t in times)
            print(f"{label:16} {what:25} after {statistics.median(times):.2f} s "
                  f"(median of {len(times)}: {figures})")  # fmt: skip
    print("target (issue 14): the first 200 within 3 s; the demo loads after the socket opened")


if __name__ == "__main__":
    main()
