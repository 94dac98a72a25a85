"""Request dependencies shared by every router: one transaction per request, the acting user."""

import hmac
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanah.db.engine import transaction
from amanah.errors import Forbidden
from amanah.users import service as users
from amanah.users import sessions
from amanah.users.roles import Actor
from amanah.web.auth import WebSession
from amanah.web.templating import TEMPLATES

COOKIE = "amanah_session"
FLASH_COOKIE = "amanah_flash"
_UNREAD = object()


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def db(request: Request) -> Iterator[Session]:
    """The request's unit of work: committed when the route returns, rolled back on error."""
    with transaction(engine_of(request)) as session:
        yield session


def web_session(request: Request) -> WebSession | None:
    """The browser's live session (read once per request, from the database)."""
    cached: WebSession | None | object = getattr(request.state, "web_session", _UNREAD)
    if cached is not _UNREAD:
        return cached  # type: ignore[return-value]
    found = None
    sid = request.cookies.get(COOKIE)
    if sid:
        with transaction(engine_of(request)) as session:
            row = sessions.session_for(session, sid)
            found = None if row is None else WebSession(row.user_id, row.csrf)
    request.state.web_session = found
    return found


def actor(request: Request, session: Annotated[Session, Depends(db)]) -> Actor:
    """The bearer token's user for the API, the session cookie's user for pages; refused at
    once when the user is deactivated or the session or token revoked or expired."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return users.actor_of(users.user_for_token(session, header[7:].strip()))
    ws = web_session(request)
    if ws is None:
        raise Forbidden("log in first")
    user = users.get_user(session, ws.user_id)
    if not user.active:
        raise Forbidden("log in first")
    return users.actor_of(user)


Db = Annotated[Session, Depends(db)]
Who = Annotated[Actor, Depends(actor)]


def check_csrf(request: Request, token: str) -> None:
    ws = web_session(request)
    if ws is None or not hmac.compare_digest(token.encode(), ws.csrf.encode()):
        raise Forbidden(
            "the form expired or did not come from Amanah; reload the page", field="csrf"
        )


def take_flash(request: Request) -> str:
    """The success banner of the change just made (set by `forms.done`), shown once."""
    return unquote(request.cookies.get(FLASH_COOKIE, ""))


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the form's CSRF token and the success banner of the change just made."""
    ws = web_session(request)
    flash = take_flash(request)
    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {"csrf": ws.csrf if ws else "", "flash": flash, "form": None, **context},
        status_code=status_code,
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE)
    return response
