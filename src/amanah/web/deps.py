"""Request dependencies shared by every router: one transaction per request, the acting user."""

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
from amanah.users.roles import Actor
from amanah.web.auth import SessionStore, WebSession
from amanah.web.templating import TEMPLATES

COOKIE = "amanah_session"
FLASH_COOKIE = "amanah_flash"


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def sessions_of(request: Request) -> SessionStore:
    store: SessionStore = request.app.state.sessions
    return store


def db(request: Request) -> Iterator[Session]:
    """The request's unit of work: committed when the route returns, rolled back on error."""
    with transaction(engine_of(request)) as session:
        yield session


def web_session(request: Request) -> WebSession | None:
    return sessions_of(request).get(request.cookies.get(COOKIE))


def actor(request: Request, session: Annotated[Session, Depends(db)]) -> Actor:
    """The bearer token's user for the API, the session cookie's user for pages."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return users.actor_of(users.user_for_token(session, header[7:].strip()))
    ws = web_session(request)
    if ws is None:
        raise Forbidden("log in first")
    return users.actor_of(users.get_user(session, ws.user_id))


Db = Annotated[Session, Depends(db)]
Who = Annotated[Actor, Depends(actor)]


def check_csrf(request: Request, token: str) -> None:
    ws = web_session(request)
    if ws is None or token != ws.csrf:
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
