"""Pydantic's validation messages reach pages and the API's `message` in the reader's language:
English exactly as pydantic writes it, Arabic from the catalogue (issue 19)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

import pydantic_core
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from amanah.errors import invalid_from
from amanah.i18n import N_, current_language, translations
from amanah.i18n.validation import MESSAGES, reason


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Probe(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=5, pattern=r"^[a-z]+$")
    code: str = Field(min_length=1, max_length=1)
    count: int = Field(gt=0, le=10, multiple_of=2)
    ratio: float = Field(ge=0, lt=1)
    amount: Decimal = Field(max_digits=4, decimal_places=1)
    flag: bool
    day: date
    colour: Colour
    kind: Literal["a", "b"]
    tags: list[str] = Field(min_length=1, max_length=2)
    word: str = "x"

    @field_validator("word")
    @classmethod
    def _word(cls, value: str) -> str:
        if value == "bad":
            raise ValueError(N_("a user needs at least one role"))
        return value


GOOD: dict[str, Any] = {"name": "abc", "code": "x", "count": 2, "ratio": 0.5, "amount": "1.5",
                        "flag": True, "day": "2027-01-01", "colour": "red", "kind": "a",
                        "tags": ["t"]}  # fmt: skip
BAD: dict[str, list[Any]] = {
    "name": ["a", "abcdef", "ABC", 5, None],
    "code": ["", "xy"],
    "count": [0, 12, 3, "x", 1.5, "1.5"],
    "ratio": [-1, 1, "x", float("inf")],
    "amount": ["123.45", "12345", "x", [1]],
    "flag": ["maybe", []],
    "day": ["2027-13-01", "x", 5.5, "2027-01-01T10:00:00"],
    "colour": ["green"],
    "kind": ["c"],
    "tags": [[], ["a", "b", "c"], "x"],
    "word": ["bad"],
    "extra": [1],
}


@contextmanager
def speaking(language: str) -> Iterator[None]:
    token = current_language.set(language)
    try:
        yield
    finally:
        current_language.reset(token)


def errors() -> Iterator[dict[str, Any]]:
    for name, values in BAD.items():
        for value in values:
            try:
                Probe.model_validate({**GOOD, name: value})
            except ValidationError as error:
                yield from error.errors()
    try:
        Probe.model_validate({k: v for k, v in GOOD.items() if k != "name"})
    except ValidationError as error:
        yield from error.errors()


def test_english_reads_exactly_as_pydantic_writes_it() -> None:
    seen = set()
    with speaking("en"):
        for error in errors():
            seen.add(error["type"])
            assert invalid_from([error]).message == error["msg"], error["type"]
            assert str(invalid_from([error])) == error["msg"]
    assert len(seen & set(MESSAGES)) >= 20, seen


def test_arabic_comes_from_the_catalogue_with_the_values() -> None:
    with speaking("ar"):
        for error in errors():
            if error["type"] not in MESSAGES:
                continue
            message = invalid_from([error]).message
            assert not re.search(r"\b(should|Input|Field|String)\b", message), message
    too_short = next(e for e in errors() if e["type"] == "string_too_short")
    with speaking("ar"):
        assert invalid_from([too_short]).message == "يجب ألا يقل عدد الأحرف عن 2"


def test_our_own_validators_message_is_translated_inside_pydantics() -> None:
    (error,) = [e for e in errors() if e["type"] == "value_error"]
    with speaking("ar"):
        assert (
            invalid_from([error]).message
            == "خطأ في القيمة، يلزم أن يكون للمستخدم دور واحد على الأقل"
        )


def test_the_field_is_named_after_where() -> None:
    (error,) = [e for e in errors() if e["type"] == "missing"]
    invalid = invalid_from([error], where="parties.csv line 3: ")
    assert str(invalid) == "parties.csv line 3: name: Field required"
    with speaking("ar"):
        assert invalid.message == "parties.csv line 3: name: الحقل مطلوب"
    assert invalid.field == "name"


def test_every_listed_type_exists_in_pydantic_core_and_in_the_catalogue() -> None:
    known = {e["type"] for e in pydantic_core._pydantic_core.list_all_errors()}
    assert set(MESSAGES) <= known
    catalogue = translations("ar")
    for messages in MESSAGES.values():
        for message in messages if isinstance(messages, tuple) else (messages,):
            assert catalogue.gettext(message) != message, message


@given(st.text(max_size=30))
def test_an_unlisted_type_keeps_pydantics_words_even_with_percent_signs(text: str) -> None:
    error = {"type": "some_future_type", "loc": ("x",), "msg": text}
    with speaking("ar"):
        assert invalid_from([error]).message == text
    assert reason(error).translated() == text


@pytest.mark.parametrize("kind", ["string_too_short", "decimal_max_places"])
def test_one_and_several_use_their_own_english(kind: str) -> None:
    one = [e for e in errors() if e["type"] == kind and 1 in (e.get("ctx") or {}).values()]
    for error in one:
        assert str(reason(error)) == error["msg"]
