"""A finding's values as a specification: a phrase (a message nested in a reason) is a value
object like the finding that holds it (hashable, equal by content), and a value of a type
derived from a country or a phrase is stored as its base type (a rule set may refine them)."""

from __future__ import annotations

from dataclasses import dataclass

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import (
    Country,
    Finding,
    Outcome,
    Phrase,
    Rule,
    Stored,
    phrase,
    render,
    stored,
)


def test_a_phrase_with_values_is_a_hashable_value_object() -> None:
    one = phrase("under %(instrument)s", {"instrument": "Decision 2014/512"})
    same = phrase("under %(instrument)s", {"instrument": "Decision 2014/512"})
    assert one == same and hash(one) == hash(same)
    assert len({one, same}) == 1
    assert one != phrase("under %(instrument)s", {"instrument": "Regulation 833/2014"})


def test_a_finding_with_values_is_a_hashable_value_object() -> None:
    def made(values: dict[str, Stored]) -> Finding:
        return Finding("embargo", 1, Outcome.PROHIBITED, "on %(country)s", "UNSCR",
                       values=values)  # fmt: skip

    assert len({made({"country": "XA"}), made({"country": "XA"})}) == 1
    assert made({"country": "XA"}) != made({"country": "XB"})


@dataclass(frozen=True)
class _Member(Country):
    """A country as a rule set might refine it (e.g. with a membership)."""

    member: bool = True


@dataclass(frozen=True)
class _Quoted(Phrase):
    pass


def test_a_value_derived_from_a_country_is_stored_as_the_country() -> None:
    assert stored(_Member("XA", "Xanadu")) == {"country": "XA", "name": "Xanadu"}
    assert render("to %(to)s", {"to": stored(_Member("XA", "Xanadu"))}) == "to Xanadu"


def test_a_value_derived_from_a_phrase_is_stored_as_the_phrase() -> None:
    value = _Quoted("under %(instrument)s", {"instrument": "Decision 2014/512"})
    assert stored(value) == {"message": "under %(instrument)s",
                             "values": {"instrument": "Decision 2014/512"}}  # fmt: skip
    assert render("exempt %(why)s", {"why": stored(value)}) == "exempt under Decision 2014/512"


def test_a_finding_blocks_only_when_its_rule_says_so() -> None:
    finding = Finding("att", 1, Outcome.WARNING, "a risk to weigh", "ATT Art. 7")
    assert finding.blocking is False
    assert finding.as_dict()["blocking"] is False


def test_a_rules_text_is_its_checks_docstring() -> None:
    def documented(facts: CaseFacts, rule: Rule) -> list[Finding]:
        """Art. 6(1): a transfer under a UN embargo is prohibited."""
        return []

    def bare(facts: CaseFacts, rule: Rule) -> list[Finding]:
        return []

    assert Rule("un", 1, "ATT Art. 6", documented).text == (
        "Art. 6(1): a transfer under a UN embargo is prohibited."
    )
    assert Rule("un", 1, "ATT Art. 6", bare).text == ""
