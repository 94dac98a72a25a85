"""The prepared name index kept on disk, one file per list version (the last import's id, the
database and the algorithm), so that a new process (`amanah screen NAME`, each web worker)
loads it instead of reading every list entry from the database and indexing it again. It is
rebuilt only when a list changes; older versions are deleted.

The file is a pickle of `NameIndex` (protocol 5) written atomically under the data directory,
which only Amanah writes (whoever can write there can also change the database)."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from amanah.screening.index import NameIndex
from amanah.screening.query import ALGORITHM_VERSION

log = logging.getLogger(__name__)
FORMAT = 1  # change when NameIndex's attributes change


def path_for(directory: Path, database: str, version: int) -> Path:
    tag = hashlib.sha256(f"{database}|{ALGORITHM_VERSION}|{FORMAT}".encode()).hexdigest()[:16]
    return directory / f"index-{tag}-{version}.pickle"


def load(directory: Path, database: str, version: int) -> NameIndex | None:
    return load_path(path_for(directory, database, version))


def load_path(path: Path) -> NameIndex | None:
    if not path.exists():
        return None
    gc.disable()  # millions of small objects: no collection while they are created
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)  # noqa: S301 - written by `save` under the data directory
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        log.warning("screening index %s not loaded (%s): rebuilding it", path.name, error)
        return None
    finally:
        gc.enable()
    return index if isinstance(index, NameIndex) else None


def save(directory: Path, database: str, version: int, index: NameIndex) -> None:
    """Write the index for this version, then delete the other versions of this database."""
    path = path_for(directory, database, version)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as handle:
            pickle.dump(index, handle, protocol=5)
        os.replace(handle.name, path)
    except OSError as error:
        log.warning("screening index not kept on disk: %s", error)
        return
    prefix = path.name.rsplit("-", 1)[0]
    for old in directory.glob(f"{prefix}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
