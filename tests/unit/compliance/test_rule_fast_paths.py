"""The bulk re-run's shortcuts in `compliance.rule` give what the general code gives: a value
stored by its exact type as by the general chain, and a reason written in English without the
style's indirection as through it."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from amanah.compliance.rule import (
    ENGLISH,
    Code,
    Country,
    Outcome,
    Phrase,
    Style,
    Value,
    render,
    stored,
    stored_values,
)
from amanah.i18n import N_

#: ENGLISH with other function objects: `render` takes its general path with it
THROUGH_THE_STYLE = Style(*(getattr(ENGLISH, f) for f in ENGLISH.__dataclass_fields__))

NAMES = st.text(max_size=12)
PLAIN: st.SearchStrategy[Value] = st.one_of(
    NAMES, st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.dates().map(lambda d: d), st.sampled_from([Code("sale"), Code("co_production")]),
    st.sampled_from([Country("IR", "Iran"), Country("XA", "Alpha")]),
    st.sampled_from(list(Outcome)),
)  # fmt: skip
VALUES: st.SearchStrategy[Value] = st.recursive(
    PLAIN,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from("abc"), inner, max_size=3).map(
            lambda values: Phrase(" ".join(f"%({k})s" for k in values) or "no values", values)
        ),
    ),
    max_leaves=8,
)


def general(value: Value) -> object:
    """`stored` by the isinstance chain alone, as it was written first."""
    if isinstance(value, str):
        return value if type(value) is str else str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Code):
        return {"code": value.code}
    if isinstance(value, Country):
        return {"country": value.code, "name": value.name}
    if isinstance(value, Phrase):
        return {
            "message": value.message,
            "values": {k: general(v) for k, v in value.values.items()},
        }
    return [general(v) for v in value]


@given(st.dictionaries(st.sampled_from("xyz"), VALUES, max_size=3))
def test_values_are_stored_as_the_general_chain_stores_them(values: dict[str, Value]) -> None:
    assert stored_values(values) == {k: general(v) for k, v in values.items()}
    for value in values.values():
        assert stored(value) == general(value)
        assert type(stored(value)) is type(general(value))


@given(st.dictionaries(st.sampled_from("xyz"), VALUES, max_size=3))
def test_the_english_reason_is_the_english_styles(values: dict[str, Value]) -> None:
    message = " / ".join(f"%({k})s" for k in values) or "100% no values"
    kept = stored_values(values)
    assert render(message, kept) == render(message, kept, THROUGH_THE_STYLE)


def test_a_nested_message_without_values_is_written_as_it_is() -> None:
    kept = stored_values({"p": Phrase(N_("100% sure"), {})})
    assert render("%(p)s", kept) == render("%(p)s", kept, THROUGH_THE_STYLE) == "100% sure"
