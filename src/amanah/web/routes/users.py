"""Users in pages: administrators create users with one or more roles, change their roles and
clearance, and deactivate them; auditors read the list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.catalogue.classification import Classification
from amanah.errors import Forbidden
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.users import service as users
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, attempt, done, posted

router = APIRouter(include_in_schema=False)


def _users_page(request: Request, session: Session, who: Actor, form: FormState,
                status_code: int = 200) -> HTMLResponse:  # fmt: skip
    if not who.has(Role.ADMINISTRATOR, Role.AUDITOR):
        raise Forbidden(N_("only administrators and auditors see the users"))
    chosen = set(form.values.get("roles", "").split(",")) if form.values.get("roles") else set()
    role_items = [{"value": r.value, "text": label(r.value), "checked": r.value in chosen}
                  for r in Role]  # fmt: skip
    clearance_items = [{"value": c.label, "text": label(c.label),
                        "selected": form.value("clearance", "unclassified") == c.label}
                       for c in Classification]  # fmt: skip
    return page(request, "users.html", status_code=status_code, who=who,
                users=users.list_users(session), form=form, role_items=role_items,
                clearance_items=clearance_items, levels=[c.label for c in Classification],
                can_edit=who.has(Role.ADMINISTRATOR), section="users")  # fmt: skip


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    return _users_page(request, session, who, FormState())


@router.post("/admin/users")
async def users_create(request: Request, session: Db, who: Who) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    roles = [str(r) for r in form.getlist("roles")]
    values = {k: str(v).strip() for k, v in form.items() if k not in ("csrf", "roles", "password")}
    values["roles"] = ",".join(roles)
    outcome, errors = attempt(session, lambda: users.create_user(
        session, who, username=values.get("username", ""), password=str(form.get("password", "")),
        full_name=values.get("full_name", ""), roles=roles,
        clearance=values.get("clearance", "unclassified"),
        country=values.get("country") or None))  # fmt: skip
    if errors:
        return _users_page(request, session, who, FormState(values, errors), 422)
    return done("/admin/users", _("User %(name)s created") % {"name": values.get("username")})


def _user_page(request: Request, session: Session, who: Actor, user_id: int, form: FormState,
               status_code: int = 200, confirming: bool = False) -> HTMLResponse:  # fmt: skip
    if not who.has(Role.ADMINISTRATOR):
        raise Forbidden(N_("only administrators change users"))
    user = users.get_user(session, user_id)
    chosen = set(form.values["roles"].split(",")) if "roles" in form.values else set(user.roles)
    role_items = [{"value": r.value, "text": label(r.value), "checked": r.value in chosen}
                  for r in Role]  # fmt: skip
    return page(request, "user.html", status_code=status_code, who=who, user=user, form=form,
                role_items=role_items, confirming=confirming, section="users",
                clearance=Classification(user.clearance).label)  # fmt: skip


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, user_id: int, session: Db, who: Who) -> HTMLResponse:
    return _user_page(request, session, who, user_id, FormState())


@router.post("/admin/users/{user_id}/roles")
async def user_roles(request: Request, user_id: int, session: Db, who: Who) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    roles = [str(r) for r in form.getlist("roles")]
    outcome, errors = attempt(session, lambda: users.set_roles(session, who, user_id, roles))
    if errors:
        values = {"roles": ",".join(roles)}
        return _user_page(request, session, who, user_id, FormState(values, errors), 422)
    return done(f"/admin/users/{user_id}", _("Roles saved; a removed role ends the user's "
                                             "sessions at once"))  # fmt: skip


@router.post("/admin/users/{user_id}/deactivate")
async def user_deactivate(request: Request, user_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    if values.get("confirmed") != "yes":
        return _user_page(request, session, who, user_id, FormState(), confirming=True)
    outcome, errors = attempt(session, lambda: users.deactivate_user(session, who, user_id))
    if errors:
        return _user_page(request, session, who, user_id, FormState({}, errors), 409)
    return done("/admin/users", _("User deactivated: their sessions and API tokens ended"))


@router.post("/admin/users/{user_id}/sessions")
async def user_sessions(request: Request, user_id: int, session: Db, who: Who) -> Response:
    await posted(request)
    ended = users.revoke_sessions(session, who, user_id)
    return done(f"/admin/users/{user_id}", _("%(n)s sessions and tokens ended") % {"n": ended})
