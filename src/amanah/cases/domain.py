"""A transfer case's pure parts: what is requested, by and for whom, and for how much."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

import pycountry

from amanah.errors import InvalidInput
from amanah.i18n import N_, Word, Words


class TransferKind(StrEnum):
    SALE = "sale"
    LOAN_FOR_EVALUATION = "loan_for_evaluation"
    CO_PRODUCTION = "co_production"
    LICENSED_PRODUCTION = "licensed_production"
    IP_LICENCE = "ip_licence"
    KNOW_HOW = "know_how"
    TRAINING = "training"
    JOINT_DEVELOPMENT = "joint_development"


KNOW_HOW_KINDS = frozenset(
    {
        TransferKind.KNOW_HOW,
        TransferKind.IP_LICENCE,
        TransferKind.LICENSED_PRODUCTION,
        TransferKind.CO_PRODUCTION,
    }
)


class PartyRole(StrEnum):
    END_USER = "end_user"
    ULTIMATE_END_USER = "ultimate_end_user"
    CONSIGNEE = "consignee"
    INTERMEDIARY = "intermediary"
    AGENT = "agent"
    TRANSIT = "transit"  # a transit or trans-shipment state's handler (ATT Art. 9)
    BROKER = "broker"  # ATT Art. 10


class PartyType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class PartySector(StrEnum):
    """Who a party is, as an embargo on armed groups reads it (S/RES/2783 (2025) on the DRC,
    S/RES/2745 (2024) on the CAR): the state's government or its armed and security forces
    (exempt), a state-owned enterprise, a UN or UN-authorised mission, a civil (non-military)
    user, a private company, or a non-state armed group. Stored as "" when not recorded."""

    GOVERNMENT = "government"
    ARMED_FORCES = "armed_forces"
    STATE_OWNED = "state_owned"
    UN_MISSION = "un_mission"
    CIVIL = "civil"
    PRIVATE = "private"
    NON_STATE = "non_state"


class DocumentKind(StrEnum):
    END_USE_CERTIFICATE = "end_use_certificate"
    DELIVERY_VERIFICATION = "delivery_verification"
    AGREEMENT = "agreement"
    IMPORT_CERTIFICATE = "import_certificate"
    OTHER = "other"


E = TypeVar("E", bound=StrEnum)


def parse_enum(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        # Arabic: each choice's words and code ("مسودة (draft)"); English: the codes
        choices = Words(tuple(Word(k.value, typed=True) for k in kind))
        raise InvalidInput(
            N_("%(value)r is not allowed; expected one of: %(choices)s"),
            field=field,
            values={"value": value, "choices": choices},
        ) from None


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def parse(cls, amount: str | int | Decimal, currency: str, field: str = "value") -> Money:
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            raise InvalidInput(
                N_("%(amount)r is not an amount of money"), field=field, values={"amount": amount}
            ) from None
        if not value.is_finite() or value < 0:
            raise InvalidInput(
                N_("an amount of money is a finite number, zero or more"), field=field
            )
        if value != value.quantize(Decimal("0.01")):
            raise InvalidInput(N_("an amount of money has at most two decimal places"), field=field)
        code = (currency or "").strip().upper()
        if pycountry.currencies.get(alpha_3=code) is None:
            raise InvalidInput(
                N_("%(currency)r is not an ISO 4217 currency code"),
                field="currency",
                values={"currency": currency},
            )
        return cls(value, code)
