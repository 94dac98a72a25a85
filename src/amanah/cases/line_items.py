"""A request's line items: added, changed and removed while the request may still be edited,
and export control's or the release board's assessment of what an item really is. Each call
runs inside the caller's transaction, as `cases.service`'s do."""

from __future__ import annotations

from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.models import CaseRow, LineItemRow
from amanah.cases.schemas import ItemClassificationIn, LineItemIn
from amanah.cases.service import (
    _changed,
    _check_version,
    _event,
    _line_item,
    _noted,
    child_of,
    editable_case,
    get_case,
    require_open,
)
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.rule import Code
from amanah.db.base import utcnow
from amanah.errors import Forbidden
from amanah.events import ItemClassified
from amanah.i18n import N_
from amanah.users.roles import Actor, Role


def add_item(session: Session, actor: Actor, case_id: int, data: LineItemIn,
             expected_version: int | None = None) -> LineItemRow:  # fmt: skip
    case = editable_case(session, actor, case_id, expected_version)
    item = _line_item(session, actor, data)
    case.items.append(item)
    _noted(case, actor, "item_added", N_("%(quantity)s × technology %(technology)s (%(kind)s)"),
           {"quantity": data.quantity, "technology": str(data.technology_id),
            "kind": Code(item.kind)})  # fmt: skip
    _changed(session, actor, case)
    audit.record(session, actor, Verb.ITEM_ADDED, "case", case.id,
                 after={"technology_id": item.technology_id, "quantity": item.quantity, "kind": item.kind})  # fmt: skip
    return item


def _item_of(case: CaseRow, item_id: int) -> LineItemRow:
    return child_of(
        case, case.items, item_id, "item_id", N_("case %(reference)s has no line item %(item_id)s")
    )


def change_item(session: Session, actor: Actor, case_id: int, item_id: int, data: LineItemIn,
                expected_version: int | None = None) -> LineItemRow:  # fmt: skip
    """Change what is requested on a line item; an officer's assessment of it no longer holds."""
    case = editable_case(session, actor, case_id, expected_version)
    item = _item_of(case, item_id)
    fresh = _line_item(session, actor, data)
    before = {"technology_id": item.technology_id, "quantity": item.quantity, "kind": item.kind,
              "unit_value": str(item.unit_value)}  # fmt: skip
    for name in ("technology_id", "quantity", "kind", "unit_value", "declared_control_entries",
                 "declared_classification"):  # fmt: skip
        setattr(item, name, getattr(fresh, name))
    item.assessed_control_entries = item.assessed_classification = None
    item.assessed_by = item.assessed_at = None
    item.assessment_note = ""
    _noted(case, actor, "item_changed",
           N_("item %(item)s: %(quantity)s × technology %(technology)s (%(kind)s)"),
           {"item": str(item.id), "quantity": item.quantity,
            "technology": str(item.technology_id), "kind": Code(item.kind)})  # fmt: skip
    _changed(session, actor, case)
    audit.record(session, actor, Verb.ITEM_CHANGED, "case", case.id, before=before,
                 after={"item_id": item.id, "technology_id": item.technology_id,
                        "quantity": item.quantity, "kind": item.kind,
                        "unit_value": str(item.unit_value)})  # fmt: skip
    return item


def remove_item(session: Session, actor: Actor, case_id: int, item_id: int,
                expected_version: int | None = None) -> None:  # fmt: skip
    case = editable_case(session, actor, case_id, expected_version)
    item = _item_of(case, item_id)
    before = {"item_id": item.id, "technology_id": item.technology_id, "quantity": item.quantity,
              "kind": item.kind}  # fmt: skip
    case.items.remove(item)
    _noted(case, actor, "item_removed", N_("item %(item)s"), {"item": str(item_id)})
    _changed(session, actor, case)
    audit.record(session, actor, Verb.ITEM_REMOVED, "case", case.id, before=before)


def classify_item(
    session: Session,
    actor: Actor,
    case_id: int,
    item_id: int,
    data: ItemClassificationIn,
    expected_version: int | None = None,
) -> LineItemRow:
    """Export control or the release board records what the item really is; compliance then
    relies on this assessment instead of the catalogue's, and the declaration stays as it was."""
    if not actor.has(Role.EXPORT_CONTROL, Role.RELEASE_BOARD):
        raise Forbidden(
            N_("only export control or the release board assess an item's classification")
        )
    case = get_case(session, actor, case_id)
    _check_version(case, expected_version)
    require_open(case)
    item = _item_of(case, item_id)
    entries = [parse_control_entry(c, "control_entries").code for c in data.control_entries]
    level = Classification.parse(data.classification, "classification")
    if level > actor.clearance:
        raise Forbidden(
            N_("you cannot assess an item above your own clearance"), field="classification"
        )
    before = {
        "control_entries": item.assessed_control_entries,
        "classification": item.assessed_classification,
    }
    item.assessed_control_entries = entries
    item.assessed_classification = int(level)
    item.assessed_by, item.assessed_at, item.assessment_note = actor.username, utcnow(), data.note
    _event(
        case,
        actor,
        "item_classified",
        f"item {item.id}: {', '.join(entries) or 'not listed'}, {level.label}",
    )
    _changed(session, actor, case, ItemClassified(case.id, actor, item.id))
    audit.record(session, actor, Verb.ITEM_CLASSIFIED, "case", case.id, before=before,
                 after={"item_id": item.id, "control_entries": entries, "classification": int(level),
                        "note": data.note})  # fmt: skip
    return item
