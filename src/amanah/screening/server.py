"""A screening process that stays up between `amanah screen` commands.

A process that scores a name pays, once, for what logic-v2 needs: rigour builds its person-name
tagger (an Aho-Corasick automaton over about 470,000 aliases, rebuilt by every process: rigour
issue #217, https://github.com/opensanctions/rigour/issues/217, seen 2026-12-01) at the first
name analysed, about 5 s of CPU on this project's machine; importing nomenklatura, scikit-learn
and FollowTheMoney adds 1.3 s. A command that screens one name and exits would pay it every
time. So the first `amanah screen` starts this process; it listens on a Unix socket under the
data directory (only its owner can connect), loads the stored index (`stored_index`), answers
each command's names, follows list imports (every request reads the list version, as
`service.matcher_for` does), and exits after `screening_idle` seconds without a request.

The protocol is one JSON line each way: `{"floor": 0.5, "queries": [{"name": …}, …]}` and
`{"results": [[hit, …], …]}` (hits as `Hit.as_dict`), or `{"error": "…"}`.

This module stays light at import time (the command line imports it to ask): what scores is
imported by `serve`."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from amanah.config import get_settings
from amanah.screening.query import ALGORITHM_VERSION, Query

log = logging.getLogger(__name__)
SOCKET_PATH_MAX = 100  # AF_UNIX paths are limited to 107 bytes on Linux
STARTED_WITHIN = 30.0  # seconds for a new process to listen
ANSWERED_WITHIN = 600.0  # seconds for an answer (a new process first loads the index)


def _code_stamp() -> str:
    """Changes when the screening code changes, so that an upgraded install does not keep
    asking a process running the old code."""
    package = Path(__file__).parent
    stamps = sorted(f"{p.name}:{p.stat().st_mtime_ns}" for p in package.glob("*.py"))
    return "|".join([sys.executable, ALGORITHM_VERSION, *stamps])


def socket_path() -> Path:
    """The socket of the screening process for this database and this code."""
    settings = get_settings()
    tag = hashlib.sha256(f"{settings.resolved_database_url}|{_code_stamp()}".encode()).hexdigest()[
        :16
    ]
    path = (settings.data_dir / "screening" / f"server-{tag}.sock").resolve()
    if len(str(path)) > SOCKET_PATH_MAX:  # a deep data directory: a private one under /tmp
        path = Path(tempfile.gettempdir()) / f"amanah-{os.getuid()}" / f"server-{tag}.sock"
    return path


def _private_directory(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)


def _ask(path: Path, request: dict[str, Any], timeout: float) -> dict[str, Any]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(str(path))
        client.sendall(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        client.shutdown(socket.SHUT_WR)
        answer = json.loads(_read_all(client) or b"{}")
    if not isinstance(answer, dict):
        raise ValueError("the screening process answered something else than an object")
    return answer


def _start(path: Path) -> None:
    """Start the process (detached: it outlives the command) and wait until it listens."""
    log_file = path.with_suffix(".log")
    with log_file.open("ab") as output:
        subprocess.Popen(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-m", "amanah.screening.server", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
            close_fds=True,
        )
    deadline = time.monotonic() + STARTED_WITHIN
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the screening process did not start (see {log_file})")
        time.sleep(0.02)


def screen(queries: Sequence[Query], floor: float) -> list[list[dict[str, Any]]] | None:
    """Each query's hits from the screening process (started when none runs), or None when it
    cannot be reached: the caller then screens in its own process."""
    path = socket_path()
    request = {"floor": floor, "queries": [asdict(q) for q in queries]}
    try:
        _private_directory(path)
        try:
            answer = _ask(path, request, ANSWERED_WITHIN)
        except (FileNotFoundError, ConnectionRefusedError):
            # none runs (or one died and left its socket): start one, one command at a time
            with (path.with_suffix(".lock")).open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    answer = _ask(path, request, ANSWERED_WITHIN)
                except (FileNotFoundError, ConnectionRefusedError):
                    path.unlink(missing_ok=True)
                    _start(path)
                    answer = _ask(path, request, ANSWERED_WITHIN)
    except (OSError, ValueError) as error:
        log.warning("screening process not reached (%s): screening here", error)
        return None
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != len(queries):
        log.warning("screening process failed (%s): screening here", answer.get("error"))
        return None
    return results


# ---- the process --------------------------------------------------------------------------


def _answer(raw: bytes) -> dict[str, Any]:
    from sqlalchemy.orm import Session

    from amanah.db.engine import default_engine
    from amanah.screening import service

    try:
        request = json.loads(raw)
        floor = float(request["floor"])
        queries = [
            Query(**{**q, "identifiers": tuple(q.get("identifiers") or ())})
            for q in request["queries"]
        ]
    except (ValueError, KeyError, TypeError) as error:
        return {"error": f"unreadable request: {error}"}
    with Session(default_engine()) as session:
        matcher = service.matcher_for(session, prepare=False)
    answers = matcher.screen_many(queries, floor=floor)
    return {"results": [[h.as_dict() for h in hits] for hits in answers]}


def _read_all(connection: socket.socket) -> bytes:
    chunks: list[bytes] = []
    while chunk := connection.recv(1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def serve(path: Path, idle: float) -> None:
    """Listen on `path` until `idle` seconds pass without a request."""
    from amanah.screening.match import warm_up

    _private_directory(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(path))  # (fails when another process listens there: it serves)
        os.chmod(path, 0o600)
        listener.listen(16)
        inode = path.stat().st_ino
        warm = False
        try:
            while True:
                listener.settimeout(idle)
                try:
                    connection, _ = listener.accept()
                except TimeoutError:
                    return
                with connection:
                    connection.settimeout(60)
                    raw = _read_all(connection)
                    try:
                        answer = _answer(raw)
                    except Exception as error:  # noqa: BLE001 - the command screens itself
                        log.exception("screening request failed")
                        answer = {"error": str(error)}
                    with contextlib.suppress(OSError):
                        connection.sendall(json.dumps(answer, ensure_ascii=False).encode())
                if not warm:  # every script's rules, once the first command has its answer
                    warm_up()
                    warm = True
        finally:
            with contextlib.suppress(OSError):
                if path.stat().st_ino == inode:  # not a newer process's socket
                    path.unlink()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    path, idle = Path(sys.argv[1]), get_settings().screening_idle
    log.warning("screening process %d on %s (exits after %d s idle)", os.getpid(), path, idle)
    serve(path, idle)


if __name__ == "__main__":
    main()
