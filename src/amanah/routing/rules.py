"""Flags and routing as data, pure: a table of rules (conditions → flag → queues) read from
YAML, checked, and applied to the facts of one case. No database, no web.

A rule names what it looks at (`applies_to`: the case, each line item, each party, or the
partner), the conditions that must all hold (`when`), the flag it sets and the queues of the
teams that must then see the case. Some queues receive every case (`always`). The vocabulary of
conditions is fixed here (CONDITIONS), so a table that asks for something unknown is refused
with the rule and the condition named, before it can be proposed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from amanah.catalogue.classification import Classification
from amanah.errors import InvalidInput
from amanah.i18n import N_

SUBJECTS = ("case", "item", "party", "partner")

#: the words of the first routing table (data/routing.yaml): its queues', teams' and rules'
#: labels are catalogue messages, so pages show them in the reader's language (`as_said`); a
#: label an administrator types in a later version reads as typed
SHIPPED_LABELS = (
    N_("Export control"), N_("export control"), N_("Technology-release board"),
    N_("release board"), N_("Finance"), N_("finance"), N_("Leadership"), N_("leadership"),
    N_("Classified item"), N_("Know-how or IP transfer"), N_("MTCR item"),
    N_("First transfer to this state"), N_("Restricted partner"),
    N_("Party outside the recipient state"), N_("Offset obligations"),
    N_("Offsets over USD 10 M"), N_("Value of USD 50 M or more"),
)  # fmt: skip


@dataclass(frozen=True)
class ItemFacts:
    id: int
    kind: str
    classification: int  # Classification's level: 0 unclassified … 4 top secret
    control_entries: tuple[str, ...] = ()
    mtcr_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartyFacts:
    id: int
    role: str
    country: str


@dataclass(frozen=True)
class PartnerFacts:
    code: str
    tier: str
    memberships: frozenset[str] = frozenset()
    earlier_transfers: int = 0  # cases to this state approved before this one


@dataclass(frozen=True)
class CaseFacts:
    id: int
    value_usd: Decimal
    offset_value_usd: Decimal
    partner: PartnerFacts
    items: tuple[ItemFacts, ...] = ()
    parties: tuple[PartyFacts, ...] = ()


Subject = CaseFacts | ItemFacts | PartyFacts | PartnerFacts
Test = Callable[[Any, Any, CaseFacts], bool]


def _number(value: Any, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise InvalidInput(
            N_("%(name)s needs a number, not %(value)r"),
            field="table",
            values={"name": name, "value": value},
        ) from None


def _names(value: Any) -> frozenset[str]:
    return frozenset(str(v) for v in (value if isinstance(value, list) else [value]))


#: (subject, condition) → test(subject facts, the rule's value, the case's facts)
CONDITIONS: dict[tuple[str, str], tuple[str, Test]] = {
    ("item", "kind_in"): (
        N_("the kind of transfer is one of"),
        lambda s, v, c: s.kind in _names(v),
    ),
    ("item", "classification_at_least"): (
        N_("the assessed classification is at least"),
        lambda s, v, c: s.classification >= Classification.parse(v, "classification_at_least"),
    ),
    ("item", "mtcr_category_in"): (
        N_("an MTCR category of its control entries is one of"),
        lambda s, v, c: bool(set(s.mtcr_categories) & _names(v)),
    ),
    ("item", "control_entry_prefix"): (
        N_("a control entry starts with"),
        lambda s, v, c: any(e.startswith(p) for e in s.control_entries for p in _names(v)),
    ),
    ("party", "role_in"): (N_("the party's role is one of"), lambda s, v, c: s.role in _names(v)),
    ("party", "outside_recipient_state"): (
        N_("the party is outside the recipient state"),
        lambda s, v, c: (s.country != c.partner.code) == bool(v),
    ),
    ("partner", "tier_in"): (
        N_("the partner's tier is one of"),
        lambda s, v, c: s.tier in _names(v),
    ),
    ("partner", "first_transfer"): (
        N_("no earlier transfer to this state was approved"),
        lambda s, v, c: (s.earlier_transfers == 0) == bool(v),
    ),
    ("partner", "not_member_of"): (
        N_("the partner belongs to none of"),
        lambda s, v, c: not (s.memberships & _names(v)),
    ),
    ("case", "value_usd_at_least"): (
        N_("the case's value in USD is at least"),
        lambda s, v, c: s.value_usd >= _number(v, "value_usd_at_least"),
    ),
    ("case", "offset_value_usd_over"): (
        N_("the offset obligations in USD add up to more than"),
        lambda s, v, c: s.offset_value_usd > _number(v, "offset_value_usd_over"),
    ),
    ("case", "has_offsets"): (
        N_("the case has offset obligations"),
        lambda s, v, c: (s.offset_value_usd > 0) == bool(v),
    ),
}


YES_NO = frozenset({"outside_recipient_state", "first_transfer", "has_offsets"})


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    team: str


@dataclass(frozen=True)
class FlagRule:
    id: str
    label: str
    applies_to: str
    when: tuple[tuple[str, Any], ...]
    queues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    queues: tuple[Queue, ...]
    always: tuple[str, ...]
    rules: tuple[FlagRule, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def queue_keys(self) -> frozenset[str]:
        return frozenset(q.key for q in self.queues)


def parse(data: Any) -> Table:
    """The table from its YAML (as data), or InvalidInput naming the rule and what is wrong."""
    if not isinstance(data, dict):
        raise InvalidInput(N_("the routing table is a mapping with queues, always and rules"),
                           field="table")  # fmt: skip
    try:
        queues = tuple(Queue(str(k), str(q["label"]), str(q["team"]))
                       for k, q in (data.get("queues") or {}).items())  # fmt: skip
    except (KeyError, TypeError):
        raise InvalidInput(N_("each queue has a label and a team"), field="table") from None
    keys = {q.key for q in queues}
    always = tuple(str(q) for q in data.get("always") or ())
    rules: list[FlagRule] = []
    for n, raw in enumerate(data.get("rules") or (), start=1):
        rule = _rule(n, raw)
        if any(r.id == rule.id for r in rules):
            raise InvalidInput(
                N_("rule %(id)s appears twice"), field="table", values={"id": rule.id}
            )
        rules.append(rule)
    for queue in [*always, *(q for r in rules for q in r.queues)]:
        if queue not in keys:
            raise InvalidInput(
                N_("queue %(queue)r is not declared under queues"),
                field="table",
                values={"queue": queue},
            )
    table = Table(queues, always, tuple(rules), data)
    _check_values(table)
    return table


def _rule(n: int, raw: Any) -> FlagRule:
    if not isinstance(raw, dict) or "id" not in raw:
        raise InvalidInput(N_("rule %(n)s has no id"), field="table", values={"n": n})
    rid = str(raw["id"])
    subject = str(raw.get("applies_to", ""))
    if subject not in SUBJECTS:
        raise InvalidInput(N_("rule %(rid)s: applies_to is one of %(SUBJECTS)s"),
                           field="table", values={"rid": rid, "SUBJECTS": ', '.join(SUBJECTS)})  # fmt: skip
    when = raw.get("when") or {}
    if not isinstance(when, dict) or not when:
        raise InvalidInput(
            N_("rule %(rid)s: `when` names at least one condition"),
            field="table",
            values={"rid": rid},
        )
    for name in when:
        if (subject, name) not in CONDITIONS:
            known = ", ".join(c for s, c in CONDITIONS if s == subject)
            raise InvalidInput(N_("rule %(rid)s: %(subject)s has no condition %(name)r; known: "
                                  "%(known)s"),
                               field="table",
                               values={"rid": rid, "subject": subject, "name": name, "known": known})  # fmt: skip
    queues = tuple(str(q) for q in raw.get("queues") or ())
    return FlagRule(rid, str(raw.get("label", rid)), subject, tuple(sorted(when.items())), queues)


def _check_values(table: Table) -> None:
    """Run every condition once on neutral facts, so a bad value (a word where a number is
    needed) is refused now, not when a case is routed."""
    partner = PartnerFacts("XX", "standard")
    facts = CaseFacts(0, Decimal(0), Decimal(0), partner, (ItemFacts(0, "sale", 0),),
                      (PartyFacts(0, "end_user", "XX"),))  # fmt: skip
    for rule in table.rules:
        for subject in _subjects(rule.applies_to, facts):
            for name, value in rule.when:
                try:
                    CONDITIONS[(rule.applies_to, name)][1](subject, value, facts)
                except (ValueError, TypeError, InvalidInput):
                    raise InvalidInput(N_("rule %(id)s: %(name)s cannot use the value %(value)r"),
                                       field="table",
                                       values={"id": rule.id, "name": name, "value": value}) from None  # fmt: skip


def parse_yaml(text: str) -> Table:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidInput(
            N_("the routing table is not valid YAML: %(error)s"),
            field="table",
            values={"error": error},
        ) from None
    return parse(data)


def _subjects(applies_to: str, facts: CaseFacts) -> tuple[Subject, ...]:
    if applies_to == "item":
        return facts.items
    if applies_to == "party":
        return facts.parties
    if applies_to == "partner":
        return (facts.partner,)
    return (facts,)


def subject_id(subject: Subject) -> str:
    if isinstance(subject, PartnerFacts):
        return subject.code
    return str(subject.id)


@dataclass(frozen=True)
class Flag:
    rule: str
    label: str
    subject: str
    subject_id: str


@dataclass(frozen=True)
class Routing:
    flags: tuple[Flag, ...]
    queues: dict[str, tuple[str, ...]]  # queue → why (rule ids, or "always")


def route(table: Table, facts: CaseFacts) -> Routing:
    """The flags the rules set on this case and the queues it goes to, each with its reasons."""
    flags: list[Flag] = []
    why: dict[str, list[str]] = {q: ["always"] for q in table.always}
    for rule in table.rules:
        hit = False
        for subject in _subjects(rule.applies_to, facts):
            if all(CONDITIONS[(rule.applies_to, n)][1](subject, v, facts) for n, v in rule.when):
                flags.append(Flag(rule.id, rule.label, rule.applies_to, subject_id(subject)))
                hit = True
        if hit:
            for queue in rule.queues:
                why.setdefault(queue, []).append(rule.id)
    order = [q.key for q in table.queues]
    return Routing(tuple(flags), {q: tuple(why[q]) for q in order if q in why})


def to_markdown(table: Table, version: str) -> str:
    """The rule table as the documentation shows it (docs/routing.md is this, for the
    package's table; a test fails when it is stale)."""
    label = {q.key: q.label for q in table.queues}
    lines = [
        "# Flags and routing",
        "",
        "<!-- generated from src/amanah/data/routing.yaml by amanah.routing.rules.to_markdown;"
        " tests/unit/test_routing.py fails when this file is stale -->",
        "",
        f"Routing table version {version}. Every submitted case goes to the queues below; a rule "
        "whose conditions all hold on the case, one of its line items or parties, or its partner "
        "sets its flag and sends the case to the rule's queues as well. Administrators change "
        "the table in Amanah (`/routing`): a second administrator confirms each new version.",
        "",
        "## Queues",
        "",
        "| queue | team | receives |",
        "|---|---|---|",
    ]
    for q in table.queues:
        receives = "every case" if q.key in table.always else "cases flagged by a rule"
        lines.append(f"| {q.label} (`{q.key}`) | {q.team} | {receives} |")
    lines += ["", "## Rules", "", "| flag | on | when (all hold) | queues |", "|---|---|---|---|"]
    for r in table.rules:
        when = "; ".join(_said(CONDITIONS[(r.applies_to, n)][0], v) for n, v in r.when)
        queues = ", ".join(label[q] for q in r.queues) or "—"
        lines.append(f"| {r.label} (`{r.id}`) | {r.applies_to} | {when} | {queues} |")
    lines += ["", "## Conditions a rule may use", "", "| on | condition | meaning |",
              "|---|---|---|"]  # fmt: skip
    lines += [
        f"| {s} | `{c}` | {text}{' (true or false)' if c in YES_NO else ''} |"
        for (s, c), (text, _) in CONDITIONS.items()
    ]
    return "\n".join(lines) + "\n"


def _said(meaning: str, value: Any) -> str:
    """A condition in words: a yes/no condition is its meaning (or its negation)."""
    if isinstance(value, bool):
        return meaning if value else f"not: {meaning}"
    if isinstance(value, list):
        return f"{meaning} {', '.join(str(v) for v in value)}"
    return f"{meaning} {value:,}" if isinstance(value, int) else f"{meaning} {value}"
