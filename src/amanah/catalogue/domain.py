"""The catalogue's pure facts: a shareable technology and its control classification."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from amanah.catalogue.classification import Classification
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.reference import control_lists


class TechnologyKind(StrEnum):
    SYSTEM = "system"
    COMPONENT = "component"
    SOFTWARE = "software"
    CYBER_SECURITY_METHOD = "cyber_security_method"
    TECHNICAL_DATA = "technical_data"
    MANUFACTURING_PROCESS = "manufacturing_process"
    IP_RIGHT = "ip_right"


ATT_CATEGORIES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
UN_REGISTER_CATEGORIES = ("I", "II", "III", "IV", "V", "VI", "VII")

_ML = re.compile(r"^ML(\d{1,2})(\.[a-z](\.\d+)?)?$")
_MTCR = re.compile(r"^MTCR-(I|II)-(\d{1,2})\.([A-E])(\.\d+)*$")
_DUAL_USE = re.compile(r"^[0-9][A-E][0-9]{3}(\.[A-Z0-9]+)*$")


@dataclass(frozen=True)
class ControlEntry:
    """One entry of a control list: `ML4`, `MTCR-I-1.A.1` or a dual-use entry such as `5A002`."""

    code: str

    @property
    def regime(self) -> str:
        if self.code.startswith("ML"):
            return "military_list"
        if self.code.startswith("MTCR"):
            return "mtcr"
        return "dual_use"

    @property
    def mtcr_category(self) -> str | None:
        match = _MTCR.match(self.code)
        return match.group(1) if match else None

    @property
    def mtcr_item(self) -> int | None:
        match = _MTCR.match(self.code)
        return int(match.group(2)) if match else None

    @property
    def mtcr_section(self) -> str | None:
        """A = systems, B = test and production equipment, C = materials, D = software, E = technology."""
        match = _MTCR.match(self.code)
        return match.group(3) if match else None

    @property
    def title(self) -> str:
        return control_lists().title(self.code)


def parse_control_entry(raw: str, field_name: str = "control_entries") -> ControlEntry:
    code = raw.strip().upper().replace(" ", "")
    code = re.sub(r"^ML(\d+)\.([A-Z])", lambda m: f"ML{m.group(1)}.{m.group(2).lower()}", code)
    ml = _ML.match(code)
    if ml:
        if not 1 <= int(ml.group(1)) <= 22:
            raise InvalidInput(
                N_("%(raw)s: the Military List has categories ML1 to ML22"),
                field=field_name,
                values={"raw": repr(raw)},
            )
        return ControlEntry(code)
    mtcr = _MTCR.match(code)
    if mtcr:
        category, item = mtcr.group(1), int(mtcr.group(2))
        expected = "I" if item in control_lists().mtcr_category_one_items else "II"
        if category != expected:
            raise InvalidInput(
                N_("%(raw)s: MTCR item %(item)s is in Category %(expected)s, not %(category)s"),
                field=field_name,
                values={"raw": repr(raw), "item": item, "expected": expected, "category": category},
            )
        return ControlEntry(code)
    if _DUAL_USE.match(code):
        return ControlEntry(code)
    raise InvalidInput(
        N_(
            "%(raw)s is not a control entry; expected e.g. ML4, MTCR-I-1.A.1 or a dual-use entry "
            "like 5A002"
        ),
        field=field_name,
        values={"raw": repr(raw)},
    )


def parse_category(raw: str | None, allowed: tuple[str, ...], field_name: str) -> str | None:
    if raw is None or raw == "":
        return None
    value = raw.strip().upper()
    if value not in allowed:
        raise InvalidInput(
            N_("%(raw)s is not a category; expected one of %(choices)s"),
            field=field_name,
            values={"raw": repr(raw), "choices": ", ".join(allowed)},
        )
    return value


@dataclass(frozen=True)
class Technology:
    name: str
    kind: TechnologyKind
    classification: Classification
    description: str = ""
    control_entries: tuple[ControlEntry, ...] = ()
    att_category: str | None = None
    un_register_category: str | None = None
    sensitivity: int = 1
    owner: str = ""
    id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput(N_("a technology needs a name"), field="name")
        if not 1 <= self.sensitivity <= 5:
            raise InvalidInput(
                N_("sensitivity is a tier from 1 (low) to 5 (highest)"), field="sensitivity"
            )

    @property
    def mtcr_category(self) -> str | None:
        categories = {e.mtcr_category for e in self.control_entries if e.mtcr_category}
        if "I" in categories:
            return "I"
        return "II" if "II" in categories else None
