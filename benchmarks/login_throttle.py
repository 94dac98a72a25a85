"""Login throttling and timing, measured over HTTP on a scratch SQLite database: how many wrong
passwords an address gets before it must wait, how long the waits grow, whether the named user
still gets in from elsewhere, and how long a refusal takes for a known and an unknown user.

    python benchmarks/login_throttle.py [--attempts 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi.testclient import TestClient  # noqa: E402

from amanah.config import get_settings  # noqa: E402
from amanah.db.engine import make_engine, migrate, transaction  # noqa: E402
from amanah.users import service as users  # noqa: E402
from amanah.users.roles import SYSTEM  # noqa: E402
from amanah.web.app import create_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AMANAH_DATA_DIR"] = tmp
        get_settings.cache_clear()
        engine = make_engine(f"sqlite:///{tmp}/amanah.db")
        migrate(engine)
        with transaction(engine) as session:
            for name in ["admin"] + [f"known{n}" for n in range(10)]:
                users.create_user(session, SYSTEM, username=name, password="right-password",
                                  full_name="A", roles=["administrator"])  # fmt: skip
        app = create_app(engine)
        attacker = TestClient(app, client=("203.0.113.66", 1))
        codes = []
        for _ in range(args.attempts):
            answer = attacker.post("/api/v1/auth/token",
                                   data={"username": "admin", "password": "wrong"})  # fmt: skip
            codes.append((answer.status_code, answer.headers.get("retry-after")))
        heard = sum(1 for c, _ in codes if c == 403)
        first_wait = next((i for i, (c, _) in enumerate(codes) if c == 429), None)
        print(f"{args.attempts} wrong passwords from one address: {heard} heard (403), "
              f"{args.attempts - heard} refused unheard (429); the first wait after {first_wait} "
              f"attempts; longest Retry-After {max(int(r or 0) for _, r in codes)} s")  # fmt: skip
        right = attacker.post(
            "/api/v1/auth/token", data={"username": "admin", "password": "right-password"}
        )
        owner = TestClient(app, client=("198.51.100.7", 2))
        elsewhere = owner.post(
            "/api/v1/auth/token", data={"username": "admin", "password": "right-password"}
        )
        print(f"right password from the flooding address: {right.status_code}; "
              f"from another address: {elsewhere.status_code}")  # fmt: skip

        def refusal(username: str, n: int) -> float:
            client = TestClient(app, client=(f"192.0.2.{n}", 3))
            started = time.perf_counter()
            client.post("/api/v1/auth/token", data={"username": username, "password": "wrong"})
            return time.perf_counter() - started

        known = statistics.median(refusal(f"known{n}", n) for n in range(10))
        unknown = statistics.median(refusal(f"nobody{n}", n) for n in range(10, 20))
        print(f"refusal time, median of 10: known user {known * 1000:.0f} ms, "
              f"unknown user {unknown * 1000:.0f} ms (ratio {unknown / known:.2f})")  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main()
