"""The engine as a specification, independent of any one rule: what blocks, what prohibits,
which outcome wins, and the order a caseworker reads findings in (worst first)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from amanah.compliance.engine import evaluate
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, worst
from tests.factories.compliance import facts


def saying(rule_id: str, *said: tuple[Outcome, bool]) -> Rule:
    """A rule that finds what it is told to: (outcome, blocking) per finding."""

    def check(case: CaseFacts, self: Rule) -> list[Finding]:
        return [self.finding(outcome, f"{rule_id} says {outcome}", blocking=blocking)
                for outcome, blocking in said]  # fmt: skip

    return Rule(rule_id, 1, f"citation of {rule_id}", check)


SAID = st.lists(st.tuples(st.sampled_from(list(Outcome)), st.booleans()), max_size=4)


@given(st.lists(SAID, min_size=1, max_size=5))
def test_blocking_is_every_blocking_or_prohibiting_finding_and_prohibited_only_the_latter(
    said: list[list[tuple[Outcome, bool]]],
) -> None:
    rules = tuple(saying(f"R{n}", *s) for n, s in enumerate(said))
    assessment = evaluate(facts(), rules)
    for finding in assessment.findings:
        assert (finding in assessment.blocking) == (
            finding.blocking or finding.outcome is Outcome.PROHIBITED
        )
        assert (finding in assessment.prohibited) == (finding.outcome is Outcome.PROHIBITED)
        assert finding.as_dict()["blocking"] == (finding in assessment.blocking)
    assert assessment.outcome is worst(list(assessment.findings))
    severities = [f.outcome.severity for f in assessment.findings]
    assert severities == sorted(severities, reverse=True)  # worst first


def test_a_blocking_warning_blocks_without_prohibiting() -> None:
    assessment = evaluate(facts(), (saying("A", (Outcome.WARNING, True)),))
    assert [f.rule_id for f in assessment.blocking] == ["A"] and assessment.prohibited == ()
    assert assessment.outcome is Outcome.WARNING


def test_a_prohibition_blocks_even_when_not_flagged_blocking() -> None:
    assessment = evaluate(facts(), (saying("P", (Outcome.PROHIBITED, False)),))
    assert [f.rule_id for f in assessment.blocking] == ["P"]
    assert [f.rule_id for f in assessment.prohibited] == ["P"]


def test_a_silent_rule_passes_and_blocks_nothing() -> None:
    assessment = evaluate(facts(), (saying("S"),))
    assert [(f.rule_id, f.outcome) for f in assessment.findings] == [("S", Outcome.PASS)]
    assert assessment.blocking == () and assessment.outcome is Outcome.PASS


def test_findings_read_worst_first_then_by_rule() -> None:
    rules = (saying("B", (Outcome.PASS, False)), saying("C", (Outcome.NEEDS_APPROVAL, False)),
             saying("A", (Outcome.WARNING, False)), saying("D", (Outcome.NEEDS_APPROVAL, False)))  # fmt: skip
    order = [f.rule_id for f in evaluate(facts(), rules).findings]
    assert order == ["C", "D", "A", "B"]


def test_the_outcomes_rank_pass_warning_approval_prohibited() -> None:
    assert [o.severity for o in (Outcome.PASS, Outcome.WARNING, Outcome.NEEDS_APPROVAL,
                                 Outcome.PROHIBITED)] == [0, 1, 2, 3]  # fmt: skip
    assert worst([]) is Outcome.PASS


def test_the_digest_is_blake2b_160_of_the_version_and_fingerprints() -> None:
    """Stored digests are compared with fresh ones on every bulk re-assessment: the format is a
    contract (40 hex characters: BLAKE2b-160 of the version, RS, and each finding's
    fingerprint: BLAKE2b-128 of its stored fields as JSON with sorted keys, its message and
    values in place of its reason)."""
    import hashlib

    import orjson

    from amanah.compliance.engine import findings_digest

    assessment = evaluate(facts(), (saying("A", (Outcome.WARNING, True)),))
    fields = [(f.rule_id, f.rule_version, f.outcome.value, f.message, {}, f.citation, True, "")
              for f in assessment.findings]  # fmt: skip
    prints = [hashlib.blake2b(orjson.dumps(f), digest_size=16).digest() for f in fields]
    body = b"".join([assessment.ruleset_version.encode(), b"\x1e", *prints])
    assert assessment.digest == hashlib.blake2b(body, digest_size=20).hexdigest()
    assert len(assessment.digest) == 40
    assert (
        findings_digest(assessment.ruleset_version, assessment.findings_json) == assessment.digest
    )


def test_a_findings_fingerprint_is_its_stored_form_with_message_and_values() -> None:
    """Two findings with equal messages and values have equal reasons: the digest need not
    render them; values differing in their keys' order (as jsonb returns them) digest alike."""
    from amanah.compliance.engine import findings_digest

    rule = Rule("V", 1, "citation of V", lambda case, self: [])
    found = rule.finding(Outcome.WARNING, "%(a)s and %(b)s", values={"a": "x", "b": 2})
    row = found.as_dict()
    reordered = {**row, "values": {"b": 2, "a": "x"}}
    assert findings_digest("v", [row]) == findings_digest("v", [reordered])
    other = rule.finding(Outcome.WARNING, "%(a)s and %(b)s", values={"a": "x", "b": 3})
    assert findings_digest("v", [row]) != findings_digest("v", [other.as_dict()])
    old = rule.passed.as_dict()  # no values: stored without a message, its reason is one
    assert "message" not in old
    assert findings_digest("v", [old]) == findings_digest("v", [{**old, "message": old["reason"]}])


@given(st.lists(st.tuples(st.sampled_from("ABCDEFG"), SAID), min_size=1, max_size=6))
def test_findings_are_read_worst_first_then_by_rule_id_each_rules_in_its_own_order(
    said: list[tuple[str, list[tuple[Outcome, bool]]]],
) -> None:
    """The order of a stable sort by (severity, descending; rule id), whatever order the rules
    run in: equal rule ids keep the order of the rules, and a rule's findings its own."""
    rules = tuple(saying(rule_id, *s) for rule_id, s in said)
    expected = [f for r in rules for f in (r.check(facts(), r) or [r.passed])]
    expected.sort(key=lambda f: (-f.outcome.severity, f.rule_id))
    assessment = evaluate(facts(), rules)
    assert list(assessment.findings) == expected
    assert assessment.outcome is worst(expected)
