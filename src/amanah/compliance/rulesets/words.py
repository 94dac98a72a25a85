"""Words several rule sets use in their findings' reasons, as catalogue messages: a party
named with its role ("the end user ACME") reads in the reader's language."""

from __future__ import annotations

from amanah.cases.domain import PartyRole
from amanah.compliance.facts import PartyFacts
from amanah.compliance.rule import Country, Phrase, phrase
from amanah.i18n import N_
from amanah.partners.country import country_name

THE_PARTY = {
    PartyRole.END_USER: N_("the end user %(name)s"),
    PartyRole.ULTIMATE_END_USER: N_("the ultimate end user %(name)s"),
    PartyRole.CONSIGNEE: N_("the consignee %(name)s"),
    PartyRole.INTERMEDIARY: N_("the intermediary %(name)s"),
    PartyRole.AGENT: N_("the agent %(name)s"),
    PartyRole.TRANSIT: N_("the transit %(name)s"),
    PartyRole.BROKER: N_("the broker %(name)s"),
}


def the_party(party: PartyFacts) -> Phrase:
    """ "the end user ACME": the party's role and name (in English as the role's code reads)."""
    return phrase(THE_PARTY[party.role], {"name": party.name})


def country(code: str) -> Country:
    """A state by its code, named in English in the stored reason."""
    return Country(code, country_name(code))
