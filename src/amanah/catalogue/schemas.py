from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TechnologyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    kind: str
    control_entries: list[str] = []
    att_category: str | None = None
    un_register_category: str | None = None
    classification: str = "unclassified"
    sensitivity: int = Field(default=1, ge=1, le=5)
    owner: str = ""
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class TechnologyOut(BaseModel):
    id: int
    name: str
    description: str
    kind: str
    control_entries: list[str]
    att_category: str | None
    un_register_category: str | None
    classification: str
    sensitivity: int
    owner: str
    version: int
