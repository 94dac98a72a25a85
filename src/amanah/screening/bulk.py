"""Screening many names on every core: worker processes (started with `spawn`, not forked from
a threaded parent) each load the stored index (`stored_index`) once and screen a share of the
names; results come back in the input's order."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amanah.screening.query import Query

if TYPE_CHECKING:
    from amanah.screening.matcher import Matcher

CHUNK = 500  # names per task: large enough that sending them costs little
BLOCK = 50  # names screened together in the calling process (`Matcher.screen_many`)
PARALLEL_FROM = 2_000  # fewer names are screened in the calling process
ORPHAN_CHECK = 1.0  # seconds between a worker's looks at whether its command still runs

_matcher: Matcher | None = None


def _orphaned(parent: int) -> None:
    """End this worker when the command that started it is gone (killed, it cannot tell its
    workers): otherwise they screen on, unseen, each holding its memory."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK)
    os._exit(1)


def _start(index_path: str, parent: int) -> None:
    from amanah.screening.matcher import Matcher
    from amanah.screening.stored_index import load_path

    threading.Thread(target=_orphaned, args=(parent,), daemon=True).start()
    global _matcher
    index = load_path(Path(index_path))
    if index is None:
        raise RuntimeError(f"the screening index {index_path} could not be loaded")
    _matcher = Matcher(index)


def _screen(queries: Sequence[Query], floor: float) -> list[list[dict[str, Any]]]:
    assert _matcher is not None
    return [[h.as_dict() for h in hits] for hits in _matcher.screen_many(queries, floor=floor)]


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def screen_all(
    matcher: Matcher, index_path: Path, queries: Sequence[Query], floor: float
) -> Iterator[list[dict[str, Any]]]:
    """Each query's hits (as dicts), in order; on every core when there are many."""
    count = workers()
    if count <= 1 or len(queries) < PARALLEL_FROM or not index_path.exists():
        for start in range(0, len(queries), BLOCK):
            for found in matcher.screen_many(queries[start : start + BLOCK], floor=floor):
                yield [h.as_dict() for h in found]
        return
    chunks = [queries[i : i + CHUNK] for i in range(0, len(queries), CHUNK)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        count, context, initializer=_start, initargs=(str(index_path), os.getpid())
    ) as pool:
        for hits in pool.map(_screen, chunks, [floor] * len(chunks)):
            yield from hits
