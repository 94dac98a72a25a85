"""The prepared name index kept on disk, one directory per list version (the last import's id,
the database and the algorithm), so that a new process (`amanah screen`'s screening process,
each web worker, each `--file` worker) loads it instead of reading every list entry from the
database and indexing it again. It is rebuilt only when a list changes; older versions are
deleted (a process still reading one keeps its files until it ends).

The large lookup tables (`NameIndex.shared_arrays`: the postings and the one-deletion variants,
three quarters of the index's memory) are `.npy` files that every process maps into memory
read-only (`np.load(mmap_mode="r")`): the machine holds one copy however many processes
screen. The rest (the entries, the names' texts) is a pickle (protocol 5). Both are written
to a temporary directory renamed into place, under the data directory, which only Amanah
writes (whoever can write there can also change the database)."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from pathlib import Path

import numpy as np

from amanah.screening.collection import no_cycle_collection
from amanah.screening.index import NameIndex
from amanah.screening.query import ALGORITHM_VERSION

log = logging.getLogger(__name__)
FORMAT = 2  # change when NameIndex's attributes change
REST = "index.pickle"


def path_for(directory: Path, database: str, version: int) -> Path:
    tag = hashlib.sha256(f"{database}|{ALGORITHM_VERSION}|{FORMAT}".encode()).hexdigest()[:16]
    return directory / f"index-{tag}-{version}"


def load(directory: Path, database: str, version: int) -> NameIndex | None:
    return load_path(path_for(directory, database, version))


def load_path(path: Path) -> NameIndex | None:
    if not (path / REST).exists():
        return None
    try:
        with no_cycle_collection():  # many small objects: no collection while they are created
            with (path / REST).open("rb") as handle:
                index = pickle.load(handle)  # noqa: S301 - written by `save` under the data directory
            if not isinstance(index, NameIndex):
                return None
            arrays = {
                name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                for name in NameIndex().shared_arrays()
            }
            index.attach(arrays)
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        log.warning("screening index %s not loaded (%s): rebuilding it", path.name, error)
        return None
    return index


def save(directory: Path, database: str, version: int, index: NameIndex) -> None:
    """Write the index for this version, then delete the other versions of this database."""
    path = path_for(directory, database, version)
    index.freeze()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        written = Path(tempfile.mkdtemp(dir=directory, suffix=".tmp"))
        for name, array in index.shared_arrays().items():
            np.save(written / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        with (written / REST).open("wb") as handle:
            pickle.dump(index.without_arrays(), handle, protocol=5)
        try:
            os.replace(written, path)
        except OSError:  # another process wrote this version meanwhile: the same index
            shutil.rmtree(written, ignore_errors=True)
    except OSError as error:
        log.warning("screening index not kept on disk: %s", error)
        return
    prefix = path.name.rsplit("-", 1)[0]
    for old in directory.glob(f"{prefix}-*"):
        if old != path and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
