"""An alert's words (issue 19): a catalogue message with its values, stored with the alert
(`alerts.message_id`, `alerts.message_values`) so each reader sees it in their language
(`amanah.present.alert_text`); the alert's `message` column keeps the English text, which the
audit trail records, the search reads and an alert raised before the message was stored has
alone. Values are stored as a compliance finding's are (`amanah.compliance.rule.stored`): data
as it is, dates, codes (shown by their label), nested messages, lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from amanah.compliance.rule import ENGLISH, Code, Stored, Value, phrase, render, stored_values
from amanah.i18n import N_

#: the English text: a code reads as its words ("needs_approval" → "needs approval")
_ENGLISH = replace(ENGLISH, label=lambda code: code.replace("_", " "))


@dataclass(frozen=True)
class AlertMessage:
    """A catalogue message (`N_("…")`) and its stored values; `str()` is the English text."""

    message: str
    values: Mapping[str, Stored] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        """(Kept once written, by hand as `Finding.reason` is: a bulk re-run writes each
        alert's and each suspension note's English text twice, in its row and in the audit
        trail.)"""
        text: str | None = self.__dict__.get("_text")
        if text is None:
            text = render(self.message, self.values, _ENGLISH) if self.values else self.message
            object.__setattr__(self, "_text", text)
        return text

    def columns(self) -> dict[str, Any]:
        """The alert row's columns for these words."""
        return {"message": str(self), "message_id": self.message,
                "message_values": dict(self.values) or None}  # fmt: skip


def alert(message: str, values: Mapping[str, Value] | None = None) -> AlertMessage:
    return AlertMessage(message, stored_values(values) if values else {})


def words(message: str | AlertMessage) -> AlertMessage:
    """An alert's words: a plain string is a catalogue message without values."""
    return message if isinstance(message, AlertMessage) else AlertMessage(message)


#: two reasons one after the other, as the stored English text has them ("a; b")
REASONS = N_("%(first)s; %(rest)s")


def joined(reasons: str | list[AlertMessage]) -> Stored:
    """`reasons`: the prohibiting findings' reasons, each a message with its stored values (or
    their English text alone), one after the other as `REASONS`: a stored value."""
    given: Stored = reasons if isinstance(reasons, str) else ""
    if not isinstance(reasons, str) and reasons:
        given = _stored(reasons[-1])
        for reason in reversed(reasons[:-1]):
            given = {"message": REASONS, "values": {"first": _stored(reason), "rest": given}}
    return given


def newly_prohibited(reference: str, reasons: str | list[AlertMessage]) -> AlertMessage:
    """The alert to a case's owner: the case is now prohibited, for `reasons` (`joined`)."""
    return AlertMessage(N_("%(case)s is now prohibited: %(reasons)s"),
                        {"case": reference, "reasons": joined(reasons)})  # fmt: skip


def suspended_as_prohibited(reasons: str | list[AlertMessage]) -> AlertMessage:
    """The timeline note of a case the system suspended because it is now prohibited, for
    `reasons` (`joined`); its English text is the stored note and the audit trail's reason."""
    return AlertMessage(N_("newly prohibited: %(reasons)s"), {"reasons": joined(reasons)})


def prohibiting(findings: Sequence[Mapping[str, Any]]) -> list[AlertMessage]:
    """The prohibiting findings among stored finding rows (`Finding.as_dict`), each its
    reason's message and values (a finding without values has its message as its reason), so
    an alert raised from stored rows (a bulk re-assessment) reads in each reader's language."""
    return [AlertMessage(str(f.get("message") or f["reason"]), f.get("values") or {})
            for f in findings if f.get("outcome") == "prohibited"]  # fmt: skip


def _stored(said: AlertMessage) -> Stored:
    """A message whose values are stored already, as a nested message's stored value."""
    return {"message": said.message, "values": dict(said.values)}


def screening_hit(reference: str, entries: list[str]) -> AlertMessage:
    return alert(N_("%(case)s: a party resembles a listed entry (%(entries)s); review it before "
                    "approval"), {"case": reference, "entries": entries})  # fmt: skip


def reassessment(reference: str, outcome: str) -> AlertMessage:
    """ATT Art. 7(7): an authorised case whose findings changed (now `outcome`)."""
    return alert(N_("%(case)s: new information changed the assessment of this authorised case "
                    "(now %(outcome)s); reassess the authorisation (ATT Art. 7(7))"),
                 {"case": reference, "outcome": Code(outcome)})  # fmt: skip


def renewal_overdue(measure: str, renewal: date, instrument: str) -> AlertMessage:
    return alert(N_("%(measure)s: the renewal date %(date)s of %(instrument)s has passed and no "
                    "renewal is recorded; record the renewal or the end of the measure (it is "
                    "still applied)"),
                 {"measure": measure, "date": renewal, "instrument": instrument})  # fmt: skip


def end_use_finding(finding: str, reference: str, checked_on: date, place: str,
                    note: str) -> AlertMessage:  # fmt: skip
    return alert(N_("end-use %(finding)s on %(case)s (%(date)s, %(place)s): %(note)s"),
                 {"finding": Code(finding), "case": reference, "date": checked_on,
                  "place": place, "note": note or phrase(N_("see the check"))})  # fmt: skip
