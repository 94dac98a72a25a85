"""Python strings shown to people are marked for translation: a domain error's message (the
pages and the API's `message` show it), a success banner (`forms.done`) and a compliance
finding's reason (`Rule.finding`, `Rule.constant`) are `N_("…")`, `_("…")` or `gettext("…")`,
never a bare literal or f-string.

An f-string with values cannot be a catalogue message as it is: it becomes
`N_("no case %(id)s")` with its values given apart. The older bare messages were all marked
(112, 2026-12-01); `STILL_BARE` would count a file's allowed bare messages, and is empty."""

from __future__ import annotations

import ast
from collections import Counter

from amanah.i18n.catalogue import ROOT

ERRORS = {"AmanahError", "InvalidInput", "NotFound", "Forbidden", "Refused", "Conflict",
          "Throttled"}  # fmt: skip
MARKERS = {"_", "N_", "gettext", "ngettext"}
SOURCE = ROOT / "src" / "amanah"

#: bare messages per file: 112 on 2026-12-01 (issue 19, after merging main), none since
#: 2026-12-01 23:40; may only go down (a file listed here may keep that many)
STILL_BARE: dict[str, int] = {}


def _called(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return ""


def _bare(node: ast.expr | None) -> bool:
    """A literal sentence or an f-string, not inside a gettext marker."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and " " in node.value.strip()
    if isinstance(node, ast.BinOp):  # "Cannot …: " + "; ".join(problems)
        return _bare(node.left) or _bare(node.right)
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
raise Refused(f"Cannot {action}: " + "; ".join(problems), field="action")
raise Refused(N_("cannot %(action)s: %(why)s"), values={"why": "; ".join(problems)})
"""
    assert [line for line, _ in bare_messages(source)] == [2, 3, 7, 9, 11]
