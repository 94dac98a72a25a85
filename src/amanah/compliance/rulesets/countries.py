"""Every state named in a case must be a known one: an unknown code matches no embargo, no
membership and no list, and would otherwise pass every rule."""

from __future__ import annotations

from functools import lru_cache

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, Value, phrase, rule
from amanah.compliance.rulesets.words import the_party
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.partners.country import normalise_country


@lru_cache(maxsize=1024)
def known(code: str) -> bool:
    try:
        return normalise_country(code) == code
    except InvalidInput:
        return False


@rule("countries", 1, "ATT Art. 6, 7, 11 (each assessed against a named state)")
def country_codes(facts: CaseFacts, r: Rule) -> list[Finding]:
    """The recipient and every party's state must be a known ISO 3166-1 state (or a registered
    user-assigned code): an unknown code is never assessed as a pass."""
    named: list[tuple[Value, str]] = [(phrase(N_("the recipient")), facts.recipient.code)]
    named += [(the_party(p), p.country) for p in facts.parties]
    return [
        r.finding(
            Outcome.PROHIBITED,
            N_(
                "%(who)s is in %(code)s, which is not a known country code: correct it before "
                "the case can be assessed"
            ),
            values={"who": who, "code": repr(code)},
        )  # fmt: skip
        for who, code in named
        if not known(code)
    ]
