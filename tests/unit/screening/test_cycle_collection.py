"""Screening turns the cyclic garbage collector off while it works and leaves it as it found
it: on after, even when the screening fails; off after when it was off before."""

from __future__ import annotations

import gc

import pytest

from amanah.screening.collection import no_cycle_collection


def test_the_collector_is_off_while_screening_and_back_on_after() -> None:
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_failure() -> None:
    with pytest.raises(ValueError), no_cycle_collection():
        raise ValueError("screening failed")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
