"""Page sessions and API tokens, kept in the database so that several server processes share
them and a restart logs nobody out. Only SHA-256 digests of the secrets are stored. Each
expires; each is refused at once when revoked or when its user is deactivated."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.errors import Forbidden
from amanah.i18n import N_
from amanah.users.models import ApiTokenRow, UserRow, WebSessionRow


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(session: Session, user: UserRow) -> tuple[str, WebSessionRow]:
    """(the id for the browser's cookie, the stored session)."""
    sid = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(  # the user's ended sessions are kept no longer than this
        delete(WebSessionRow).where(
            WebSessionRow.user_id == user.id,
            WebSessionRow.revoked.is_(True) | (WebSessionRow.expires_at <= now),
        )
    )
    row = WebSessionRow(id_hash=digest(sid), user_id=user.id, csrf=secrets.token_urlsafe(24),
                        created_at=now, revoked=False,
                        expires_at=now + timedelta(hours=get_settings().session_hours))  # fmt: skip
    session.add(row)
    session.flush()
    return sid, row


def session_for(session: Session, sid: str | None) -> WebSessionRow | None:
    """The live session with this id: not expired, not revoked, its user active."""
    if not sid or len(sid) > 200:
        return None
    found = session.execute(
        select(WebSessionRow, UserRow.active)
        .join(UserRow, UserRow.id == WebSessionRow.user_id)
        .where(WebSessionRow.id_hash == digest(sid))
    ).first()
    if found is None:
        return None
    row, active = found
    if row.revoked or not active or row.expires_at <= utcnow():
        return None
    return row


def close_session(session: Session, sid: str | None) -> None:
    if sid:
        session.execute(
            update(WebSessionRow).where(WebSessionRow.id_hash == digest(sid)).values(revoked=True)
        )


def issue_token(session: Session, user: UserRow, name: str) -> str:
    token = "amn_" + secrets.token_urlsafe(32)
    now = utcnow()
    session.add(ApiTokenRow(user_id=user.id, name=name, token_hash=digest(token), created_at=now,
                            revoked=False,
                            expires_at=now + timedelta(days=get_settings().token_days)))  # fmt: skip
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> UserRow:
    refused = Forbidden(N_("unknown, expired or revoked API token"))
    if not token or len(token) > 200:
        raise refused
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(token)))
    if row is None or row.revoked or row.expires_at <= utcnow():
        raise refused
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        raise refused
    return user


def revoke_token(session: Session, token: str) -> None:
    """The holder of a token ends it (logging out of the API)."""
    session.execute(
        update(ApiTokenRow).where(ApiTokenRow.token_hash == digest(token)).values(revoked=True)
    )


def revoke_all(session: Session, user_id: int) -> int:
    """End every session and token of a user; how many were live."""
    ended = 0
    for table in (WebSessionRow, ApiTokenRow):
        result = session.execute(
            update(table).where(table.user_id == user_id, table.revoked.is_(False))
            .values(revoked=True)
        )  # fmt: skip
        ended += int(getattr(result, "rowcount", 0) or 0)
    return ended
