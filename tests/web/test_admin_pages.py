"""Administrators and reference-data owners in pages, over HTTP on SQLite and PostgreSQL: roles
given and removed, a user deactivated after a confirmation (their session ends at once), and an
embargo changed only when a second person confirms the proposal."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from amanah.db.engine import transaction
from amanah.partners.models import EmbargoRow
from amanah.users.models import UserRow
from tests.web.pages import hidden, log_in


def user_id(engine: Engine, username: str) -> int:
    with transaction(engine) as session:
        return session.scalars(select(UserRow.id).where(UserRow.username == username)).one()


def test_admin_gives_a_user_several_roles_and_a_removed_role_ends_their_session(
    client: TestClient, engine: Engine
) -> None:
    finance = TestClient(client.app)
    log_in(finance, "finance")
    assert finance.get("/", follow_redirects=False).status_code == 200
    log_in(client, "admin")
    target = user_id(engine, "finance")
    page = client.get(f"/admin/users/{target}").text
    answer = client.post(f"/admin/users/{target}/roles", data={
        "csrf": hidden(page, "csrf"), "roles": ["finance", "auditor"]})  # fmt: skip
    assert answer.status_code == 200 and "Roles saved" in answer.text
    with transaction(engine) as session:
        assert session.get_one(UserRow, target).roles == ["auditor", "finance"]
    assert finance.get("/", follow_redirects=False).status_code == 200, "nothing was removed"
    client.post(f"/admin/users/{target}/roles", data={"csrf": hidden(page, "csrf"),
                                                      "roles": ["auditor"]})  # fmt: skip
    assert finance.get("/", follow_redirects=False).status_code == 303, "logged out at once"
    empty = client.post(f"/admin/users/{target}/roles", data={"csrf": hidden(page, "csrf")})
    assert empty.status_code == 422 and 'href="#roles"' in empty.text


def test_deactivation_is_confirmed_then_ends_the_users_session(
    client: TestClient, engine: Engine
) -> None:
    board = TestClient(client.app)
    log_in(board, "board")
    log_in(client, "admin")
    target = user_id(engine, "board")
    page = client.get(f"/admin/users/{target}").text
    confirm = client.post(f"/admin/users/{target}/deactivate", data={"csrf": hidden(page, "csrf")})
    assert "Deactivate this user?" in confirm.text
    with transaction(engine) as session:
        assert session.get_one(UserRow, target).active
    client.post(f"/admin/users/{target}/deactivate",
                data={"csrf": hidden(page, "csrf"), "confirmed": "yes"})  # fmt: skip
    with transaction(engine) as session:
        assert not session.get_one(UserRow, target).active
    assert board.get("/", follow_redirects=False).status_code == 303


def test_an_embargo_proposal_needs_a_second_person_to_take_effect(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        before = session.get_one(EmbargoRow, "UN-KP").end
    log_in(client, "export")
    form = client.get("/reference/embargoes/new").text
    answer = client.post("/reference/embargoes/new", data={
        "csrf": hidden(form, "csrf"), "id": "UN-KP", "regime": "UN", "target": "KP",
        "target_name": "DPRK", "scope": "all", "instrument": "S/RES/1718 (2006)",
        "start-day": "14", "start-month": "10", "start-year": "2006",
        "end-day": "1", "end-month": "1", "end-year": "2020", "reason": ""})  # fmt: skip
    assert answer.status_code == 422 and 'href="#reason"' in answer.text, "override needs a reason"
    answer = client.post("/reference/embargoes/new", data={
        "csrf": hidden(form, "csrf"), "id": "UN-KP", "regime": "UN", "target": "KP",
        "target_name": "DPRK", "scope": "all", "instrument": "S/RES/1718 (2006)",
        "start-day": "14", "start-month": "10", "start-year": "2006",
        "end-day": "1", "end-month": "1", "end-year": "2020", "reason": "test lifting"})  # fmt: skip
    assert answer.status_code == 200 and "takes effect when a second person" in answer.text
    assert "Confirm and apply" not in answer.text, "the proposer cannot confirm"
    with transaction(engine) as session:
        assert session.get_one(EmbargoRow, "UN-KP").end == before

    log_in(client, "admin")
    listing = client.get("/reference/proposals").text
    assert "Confirm and apply" in listing and "test lifting" in listing
    proposal = listing.split('formaction="/reference/proposals/')[1].split("/")[0]
    client.post(f"/reference/proposals/{proposal}/confirm", data={"csrf": hidden(listing, "csrf")})
    with transaction(engine) as session:
        assert str(session.get_one(EmbargoRow, "UN-KP").end) == "2020-01-01"
