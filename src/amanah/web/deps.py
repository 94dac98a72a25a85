"""Request dependencies shared by every router: one transaction per request, the acting user."""

import hmac
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError, PendingRollbackError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amanah.db.engine import transaction
from amanah.errors import Conflict, Forbidden
from amanah.i18n import N_
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
    """The request's unit of work: committed when the route returns and before the response is
    sent (the dependency's scope is the function: a 2xx means the data is stored), rolled back
    on error. Losing a race to another writer is a 409, not a server error."""
    try:
        with transaction(engine_of(request)) as session:
            _bound_lock_waits(session)
            yield session
    except (StaleDataError, IntegrityError, PendingRollbackError) as error:
        raise _conflict(error) from error
    except OperationalError as error:
        if not _lost_a_race(error):
            raise
        raise _conflict(error) from error


def _bound_lock_waits(session: Session) -> None:
    """A request waits at most a few seconds for a row another request has locked, then gets a
    409 (SQLite's busy timeout does the same). Waiting longer gains nothing, since the winner's
    version check refuses the loser anyway, and requests blocked on locks hold the threads the
    winner needs to finish: 40 of them deadlocked the server."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL lock_timeout = '3s'"))


def _conflict(error: Exception) -> Conflict:
    if isinstance(error, IntegrityError):
        return Conflict(N_("the record already exists or was changed at the same moment by "
                        "someone else; reload and try again"))  # fmt: skip
    return Conflict(N_("someone else changed this record at the same moment; reload and try again"))


_RACE_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


def _lost_a_race(error: OperationalError) -> bool:
    state = getattr(error.orig, "sqlstate", None)
    return state in _RACE_STATES or "database is locked" in str(error.orig)


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


Db = Annotated[Session, Depends(db, scope="function")]


def actor(request: Request, session: Db) -> Actor:
    """The bearer token's user for the API, the session cookie's user for pages; refused at
    once when the user is deactivated or the session or token revoked or expired."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return users.actor_of(users.user_for_token(session, header[7:].strip()))
    ws = web_session(request)
    if ws is None:
        raise Forbidden(N_("log in first"))
    user = users.get_user(session, ws.user_id)
    if not user.active:
        raise Forbidden(N_("log in first"))
    return users.actor_of(user)


Who = Annotated[Actor, Depends(actor)]


def check_csrf(request: Request, token: str) -> None:
    ws = web_session(request)
    if ws is None or not hmac.compare_digest(token.encode(), ws.csrf.encode()):
        raise Forbidden(
            N_("the form expired or did not come from Amanah; reload the page"), field="csrf"
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
