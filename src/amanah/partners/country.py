"""Countries by ISO 3166-1 alpha-2 through pycountry. The user-assigned codes (AA, QM-QZ, XA-XZ,
ZZ) are accepted too, for exercises and demonstrations with fictional states; they carry a name
given by the user instead of pycountry's."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from amanah.errors import InvalidInput
from amanah.i18n import N_, Text

USER_ASSIGNED = frozenset(
    ["AA", "ZZ"]
    + [f"Q{c}" for c in "MNOPQRSTUVWXYZ"]
    + [f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
)


def normalise_country(code: str, field: str = "country") -> str:
    value = (code or "").strip().upper()
    if (
        len(value) == 2
        and value.isalpha()
        and (value in USER_ASSIGNED or pycountry.countries.get(alpha_2=value) is not None)
    ):
        return value
    raise InvalidInput(N_("%(code)r is not an ISO 3166-1 alpha-2 country code: %(hint)s"),
                       field=field, values={"code": code, "hint": _hint(code)})  # fmt: skip


def _hint(code: str) -> Text:
    """What to type instead: the alpha-2 code of a name or alpha-3 code pycountry knows."""
    try:
        found = pycountry.countries.lookup((code or "").strip())
    except LookupError:
        return Text(N_("use the state's two-letter code, e.g. IQ for Iraq"))
    return Text(N_("did you mean %(code)s (%(name)s)?"),
                {"code": found.alpha_2, "name": country_name(found.alpha_2)})  # fmt: skip


@lru_cache(maxsize=1024)
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def alpha3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code)
    return None if country is None else str(country.alpha_3)
