"""Logging in and out of pages, API tokens, and what an administrator does to a user's access."""

import hmac
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from amanah.errors import Forbidden, Throttled
from amanah.i18n import gettext as _
from amanah.users import service as users
from amanah.users import sessions
from amanah.web.deps import COOKIE, Db, Who, check_csrf, page
from amanah.web.routes.language import remember
from amanah.web.security import same_site_path

router = APIRouter()
LOGIN_CSRF = "amanah_login_csrf"


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _login_page(
    request: Request, next: str, error: str | None, status_code: int = 200
) -> HTMLResponse:
    """The form, with a token that must come back with the post (double-submit: the same value
    in a cookie this site sets and in the form, which another site cannot read)."""
    token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(24)
    response = page(request, "login.html", status_code=status_code, next=same_site_path(next),
                    error=error, login_csrf=token, loading=loading(request))  # fmt: skip
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", path="/login",
                        secure=is_https(request))  # fmt: skip
    return response


def loading(request: Request) -> bool:
    """True while `amanah serve --demo` is still loading the demo (after the socket opened)."""
    return not request.app.state.ready.is_set()


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return _login_page(request, next, None)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    session: Db,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
    login_csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF, "")
    if not expected or not hmac.compare_digest(login_csrf.encode(), expected.encode()):
        return _login_page(request, next, _("The form expired; log in again."), status_code=403)
    if loading(request):
        return _login_page(request, next, _("The demo data is still loading: log in again in a "
                                            "few seconds."), status_code=503)  # fmt: skip
    try:
        user = users.authenticate(session, username, password, client_address(request))
    except Forbidden as error:
        return _login_page(request, next, error.message, status_code=403)
    except Throttled as error:
        return _login_page(request, next, error.message, status_code=429)
    sid, _expires = sessions.open_session(session, user)
    response = RedirectResponse(same_site_path(next), status_code=303)
    response.set_cookie(COOKIE, sid, httponly=True, samesite="strict", secure=is_https(request))
    response.delete_cookie(LOGIN_CSRF, path="/login")
    if user.language:  # the saved choice beats the browser's (else what the browser asks)
        remember(response, request, user)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: Db, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    sessions.close_session(session, request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/api/v1/auth/token", tags=["auth"])
def api_token(
    request: Request,
    session: Db,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
) -> dict[str, str]:
    """Exchange a username and password for an API bearer token (it expires; failed attempts
    are throttled per account and per client address: 429 with the wait)."""
    user = users.authenticate(session, username, password, client_address(request))
    return {"token": users.issue_token(session, user, "api")}


@router.delete("/api/v1/auth/token", status_code=204, tags=["auth"])
def api_revoke_token(request: Request, session: Db, who: Who) -> Response:
    """End the bearer token this request carries (logging out of the API)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        sessions.revoke_token(session, header[7:].strip())
    return Response(status_code=204)


class RolesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: list[str] = Field(min_length=1, max_length=10)


def _user_out(user: Any) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "roles": user.roles, "active": user.active}


@router.post("/api/v1/users/{user_id}/deactivate", tags=["users"])
def api_deactivate_user(user_id: int, session: Db, who: Who) -> dict[str, Any]:
    """Administrator only: the user's sessions and tokens end at once."""
    return _user_out(users.deactivate_user(session, who, user_id))


@router.put("/api/v1/users/{user_id}/roles", tags=["users"])
def api_set_roles(user_id: int, data: RolesIn, session: Db, who: Who) -> dict[str, Any]:
    """Administrator only: removing a role ends the user's sessions and tokens at once."""
    return _user_out(users.set_roles(session, who, user_id, data.roles))


@router.post("/api/v1/users/{user_id}/revoke-sessions", tags=["users"])
def api_revoke_sessions(user_id: int, session: Db, who: Who) -> dict[str, int]:
    """End every session and token of a user: an administrator, or the user themselves."""
    return {"ended": users.revoke_sessions(session, who, user_id)}
