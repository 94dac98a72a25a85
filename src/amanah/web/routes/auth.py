"""Logging in and out of pages, and API tokens."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from amanah.errors import Forbidden
from amanah.users import service as users
from amanah.web.deps import COOKIE, Db, check_csrf, page, sessions_of
from amanah.web.security import same_site_path

router = APIRouter()


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", next=same_site_path(next), error=None)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    session: Db,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = users.authenticate(session, username, password)
    except Forbidden as error:
        return page(request, "login.html", status_code=403, next=next, error=error.message)
    sid, _ = sessions_of(request).open(user.id)
    response = RedirectResponse(same_site_path(next), status_code=303)
    response.set_cookie(COOKIE, sid, httponly=True, samesite="strict")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    sessions_of(request).close(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/api/v1/auth/token", tags=["auth"])
def api_token(
    session: Db, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> dict[str, str]:
    """Exchange a username and password for an API bearer token."""
    user = users.authenticate(session, username, password)
    return {"token": users.issue_token(session, user, "api")}
