"""Pydantic's validation messages in the reader's language: each error type's English template
(as pydantic-core writes it, `pydantic_core.list_all_errors()`) is a catalogue message with the
error's context as its values, the way pydantic's documentation customises messages ("Customize
error messages": by `type`, formatted with `ctx`). A type not listed keeps pydantic's English.

English reads exactly as pydantic's; the Arabic is phrased so that it holds for any number
(no plural forms to choose: "the number of characters must not be less than 3")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from amanah.i18n import N_, Text

#: error type -> message; a pair when pydantic writes "item{expected_plural}": (one, several)
MESSAGES: dict[str, str | tuple[str, str]] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "json_invalid": N_("Invalid JSON: %(error)s"),
    "string_type": N_("Input should be a valid string"),
    "string_too_short": (N_("String should have at least %(min_length)s character"),
                         N_("String should have at least %(min_length)s characters")),
    "string_too_long": (N_("String should have at most %(max_length)s character"),
                        N_("String should have at most %(max_length)s characters")),
    "string_pattern_mismatch": N_("String should match pattern '%(pattern)s'"),
    "string_not_ascii": N_("String should contain only ASCII characters"),
    "too_short": (N_("%(field_type)s should have at least %(min_length)s item after validation, "
                     "not %(actual_length)s"),
                  N_("%(field_type)s should have at least %(min_length)s items after validation, "
                     "not %(actual_length)s")),
    "too_long": (N_("%(field_type)s should have at most %(max_length)s item after validation, "
                    "not %(actual_length)s"),
                 N_("%(field_type)s should have at most %(max_length)s items after validation, "
                    "not %(actual_length)s")),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "finite_number": N_("Input should be a finite number"),
    "decimal_type": N_("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": N_("Input should be a valid decimal"),
    "decimal_max_digits": (N_("Decimal input should have no more than %(max_digits)s digit in total"),
                           N_("Decimal input should have no more than %(max_digits)s digits in total")),
    "decimal_max_places": (N_("Decimal input should have no more than %(decimal_places)s decimal place"),
                           N_("Decimal input should have no more than %(decimal_places)s decimal places")),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "multiple_of": N_("Input should be a multiple of %(multiple_of)s"),
    "enum": N_("Input should be %(expected)s"),
    "literal_error": N_("Input should be %(expected)s"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of %(class_name)s"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, %(error)s"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, %(error)s"),
    "date_from_datetime_inexact": N_("Datetimes provided to dates should have zero time - e.g. be exact dates"),
    "date_past": N_("Date should be in the past"),
    "date_future": N_("Date should be in the future"),
    "datetime_type": N_("Input should be a valid datetime"),
    "datetime_parsing": N_("Input should be a valid datetime, %(error)s"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date, %(error)s"),
    "url_parsing": N_("Input should be a valid URL, %(error)s"),
    "uuid_parsing": N_("Input should be a valid UUID, %(error)s"),
    "value_error": N_("Value error, %(error)s"),
}  # fmt: skip
#: the context value that chooses between one and several
_COUNTED = {"string_too_short": "min_length", "string_too_long": "max_length",
            "too_short": "min_length", "too_long": "max_length",
            "decimal_max_digits": "max_digits", "decimal_max_places": "decimal_places"}  # fmt: skip


def reason(error: Mapping[str, Any]) -> Text:
    """A pydantic error (`ValidationError.errors()`'s item) as a catalogue message with values;
    the error's own English (`msg`) when its type is not listed. A `value_error` raised by
    Amanah's own validators with a catalogue message (`ValueError(N_("…"))`) is translated
    too."""
    kind = str(error.get("type", ""))
    found = MESSAGES.get(kind)
    if found is None:
        # pydantic's own English, never looked up: a message that happens to be a catalogue
        # message ("Rejected") stays as pydantic wrote it, and a % in it is no placeholder
        return Text("%(text)s", {"text": str(error.get("msg", ""))})
    context = dict(error.get("ctx") or {})
    if isinstance(found, tuple):
        found = found[0] if context.get(_COUNTED[kind]) == 1 else found[1]
    values = {k: _shown(v) for k, v in context.items() if k != "expected_plural"}
    if kind == "value_error":
        values["error"] = Text(str(context.get("error", "")))
    return Text(found, values)


def _shown(value: object) -> object:
    """A context value as pydantic's message writes it: a whole float without its ".0"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
