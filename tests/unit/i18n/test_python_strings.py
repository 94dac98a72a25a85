"""Python strings shown to people are marked for translation: a domain error's message (the
pages and the API's `message` show it), a success banner (`forms.done`) and a compliance
finding's reason (`Rule.finding`, `Rule.constant`) are `N_("…")`, `_("…")` or `gettext("…")`,
never a bare literal or f-string.

Many older messages are still bare (an f-string with values cannot be a catalogue message as
it is: it becomes `N_("no case %(id)s")` with its values given apart). They are counted per file
in `STILL_BARE`: a file with more bare messages than counted fails, so no new one comes in, and
each count goes down as its messages are marked (lower it then)."""

from __future__ import annotations

import ast
from collections import Counter

from amanah.i18n.catalogue import ROOT

ERRORS = {"AmanahError", "InvalidInput", "NotFound", "Forbidden", "Refused", "Conflict",
          "Throttled"}  # fmt: skip
MARKERS = {"_", "N_", "gettext", "ngettext"}
SOURCE = ROOT / "src" / "amanah"

#: bare messages per file on 2026-12-01 (issue 19, after merging main); may only go down
STILL_BARE: dict[str, int] = {
    "agreements/alert_search.py": 1,
    "agreements/industrial.py": 7,
    "agreements/service.py": 13,
    "cases/changes.py": 3,
    "cases/content.py": 2,
    "cases/domain.py": 3,
    "cases/notifications.py": 2,
    "cases/releases.py": 1,
    "cases/rfi.py": 5,
    "cases/service.py": 16,
    "cases/sla.py": 1,
    "cli/casework.py": 3,
    "cli/casework_tools.py": 1,
    "cli/screening.py": 6,
    "compliance/advisory.py": 1,
    "jobs/service.py": 8,
    "monitoring/service.py": 1,
    "partners/country.py": 1,
    "partners/proposals.py": 4,
    "partners/queries.py": 2,
    "partners/service.py": 7,
    "routing/rules.py": 9,
    "routing/service.py": 7,
    "screening/lists/__init__.py": 4,
    "screening/queue.py": 2,
    "screening/review.py": 2,
    "screening/service.py": 1,
}  # fmt: skip


def _called(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return ""


def _bare(node: ast.expr | None) -> bool:
    """A literal sentence or an f-string, not inside a gettext marker."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and " " in node.value.strip()
    return isinstance(node, ast.JoinedStr)


def bare_messages(source: str) -> list[tuple[int, str]]:
    """(line, text) of each bare message raised or shown as a banner in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        message: ast.expr | None = None
        if name in ERRORS and node.args:
            message = node.args[0]
        elif name in ("done", "finding", "constant") and len(node.args) > 1:
            message = node.args[1]  # a banner, or a compliance finding's reason
        if message is not None and _bare(message):
            found.append((node.lineno, ast.unparse(message)[:80]))
    return found


def test_no_new_bare_message_is_shown_to_people() -> None:
    counts = Counter[str]()
    for path in sorted(SOURCE.rglob("*.py")):
        bare = bare_messages(path.read_text(encoding="utf-8"))
        if bare:
            counts[path.relative_to(SOURCE).as_posix()] = len(bare)
    grown = {f: (n, STILL_BARE.get(f, 0)) for f, n in counts.items() if n > STILL_BARE.get(f, 0)}
    assert grown == {}, "mark these messages with N_() / gettext() (file: (now, allowed))"


def test_the_check_finds_bare_messages_and_accepts_marked_ones() -> None:
    source = """
raise NotFound(f"no case {case_id}", field="case_id")
raise InvalidInput("the file is empty", field="file")
raise Forbidden(N_("log in first"))
raise InvalidInput(gettext("Enter a real date"), field="day")
raise Conflict(message)
return done(url, "Alert marked as read")
return done(url, gettext("Alert marked as read"))
r.finding(Outcome.PROHIBITED, f"{item.description} is classified")
r.constant(Outcome.PASS, N_("nothing in the facts engages this rule"))
"""
    assert [line for line, _ in bare_messages(source)] == [2, 3, 7, 9]
