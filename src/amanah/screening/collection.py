"""Pausing Python's cyclic garbage collector while many objects are made at once."""

from __future__ import annotations

import gc


class no_cycle_collection:  # noqa: N801 (used as a function: `with no_cycle_collection():`)
    """No cyclic garbage collection inside the block; the collector is left as it was found.
    Screening a query (or a block) makes thousands of short-lived objects, freed by reference
    counting, that would otherwise set off a collection every few hundred allocations (12 % of
    a block's time on the real lists); loading a stored index makes many long-lived ones. The
    next collection, after it, finds only the few objects that outlive it. (A class rather
    than a generator: entered once per query.)"""

    __slots__ = ("_enabled",)

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self._enabled:
            gc.enable()
