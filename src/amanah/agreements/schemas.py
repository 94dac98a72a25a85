from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Field(default="", max_length=4000)
Serial = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class AgreementParty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    role: str = Field(min_length=1, max_length=100)  # e.g. supplier, recipient, guarantor
    country: str = Field(default="", max_length=2)


class Payment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    due_on: date
    amount: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    milestone: str = Field(default="", max_length=300)


class Signatory(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=200)
    on_behalf_of: str = Field(min_length=1, max_length=300)
    signed_on: date


class AgreementIn(BaseModel):
    """The agreement of an approved case, as signed."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    value: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    currency: str = "USD"
    signed_on: date
    valid_from: date | None = None  # the signature date when not given
    valid_until: date | None = None  # four years after valid_from when not given
    parties: list[AgreementParty] = Field(default_factory=list, max_length=50)
    payment_schedule: list[Payment] = Field(default_factory=list, max_length=200)
    retransfer_clause: bool = True
    end_use_undertakings: str = Text
    retransfer_undertakings: str = Text
    governing_law: str = Field(default="", max_length=200)
    signatories: list[Signatory] = Field(default_factory=list, max_length=50)
    document_id: int | None = None  # the signed copy, a document already on the case
    terms: str = Text

    @model_validator(mode="after")
    def _consistent(self) -> AgreementIn:
        start = self.valid_from or self.signed_on
        if self.valid_until is not None and self.valid_until < start:
            raise ValueError("valid_until is before the agreement takes effect")
        scheduled = sum((p.amount for p in self.payment_schedule), Decimal(0))
        if self.payment_schedule and scheduled != self.value:
            raise ValueError(f"the payment schedule totals {scheduled} but the agreement's "
                             f"value is {self.value}")  # fmt: skip
        return self


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=300)
    quantity: int = Field(ge=1, le=1_000_000_000)
    scheduled_on: date
    line_item_id: int | None = None  # which line item it delivers; the first one when omitted
    value: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    carrier: str = Field(default="", max_length=200)


class ShipmentIn(BaseModel):
    """A delivery leaves: by default all of what was scheduled, at the authorised unit value."""

    model_config = ConfigDict(extra="forbid")

    shipped_on: date
    quantity: int | None = Field(default=None, ge=1, le=1_000_000_000)
    value: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    carrier: str = Field(default="", max_length=200)
    serials: list[Serial] = Field(default_factory=list, max_length=10_000)


TRANSIT_STATES = ("in_transit", "at_customs", "arrived")


class TransitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: Literal["in_transit", "at_customs", "arrived"]
    on: date
    note: str = Field(default="", max_length=1000)


class ReceiptIn(BaseModel):
    """The recipient confirms receipt (through the partner portal)."""

    model_config = ConfigDict(extra="forbid")

    received_on: date
    note: str = Field(default="", max_length=2000)


class AuthorisationIn(BaseModel):
    """What is authorised for one approved line item."""

    model_config = ConfigDict(extra="forbid")

    quantity: int = Field(ge=1, le=1_000_000_000)
    value: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    valid_from: date
    valid_until: date

    @model_validator(mode="after")
    def _period(self) -> AuthorisationIn:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class OffsetObligationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=2000)
    value: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3)
    deadline: date
    penalty_rate: Decimal = Field(default=Decimal("0.1"), ge=0, le=1)
    jobs_declared: int = Field(default=0, ge=0)


class OffsetCreditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    claimed_value: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    description: str = Field(min_length=1, max_length=2000)


class ProgrammeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    acceptance: str = Field(min_length=1, max_length=4000)
    required_rate: float = Field(default=0.8, gt=0, le=1)


class EvaluationEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    held_on: date
    criterion: str = Field(min_length=1, max_length=2000)
    passed: bool
    note: str = Field(default="", max_length=4000)


class VerdictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["accepted", "rejected", "inconclusive"]
    note: str = Field(min_length=1, max_length=4000)


class CreditDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool
