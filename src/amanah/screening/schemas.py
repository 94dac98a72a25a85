"""Screening requests and answers, shared by the API, the CLI and the CSV batch."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from amanah.partners.country import normalise_country
from amanah.screening.query import Query

_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ScreeningQueryIn(BaseModel):
    """One name to screen: `name` is required; `country` (ISO alpha-2), `birth_date`
    (YYYY, YYYY-MM or YYYY-MM-DD) and `type` (person or organization) sharpen the score."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=100)
    name: str = Field(min_length=1, max_length=500)
    country: str | None = None
    birth_date: str | None = None
    type: Literal["person", "organization", "organisation"] | None = None

    @field_validator("country", "birth_date", "type", "id", mode="before")
    @classmethod
    def empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("country")
    @classmethod
    def iso_country(cls, value: str | None) -> str | None:
        return None if value is None else normalise_country(value, "country")

    @field_validator("birth_date")
    @classmethod
    def partial_date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _BIRTH.match(value):
            raise ValueError("birth_date must be YYYY, YYYY-MM or YYYY-MM-DD")
        padded = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
        try:
            date.fromisoformat(padded)
        except ValueError:
            raise ValueError(f"birth_date {value} is not a calendar date") from None
        return value

    def query(self) -> Query:
        kind = "organization" if self.type in ("organization", "organisation") else self.type
        return Query(" ".join(self.name.split()), self.country, self.birth_date, kind)


class HitOut(BaseModel):
    list: str
    entity_id: str
    name: str
    score: float
    explanation: dict[str, Any]


class ScreeningResultOut(BaseModel):
    id: str | None = None
    hits: list[HitOut]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["true_match", "false_positive"]
    reason: str = Field(min_length=1, max_length=2000)
