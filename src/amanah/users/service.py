"""Users, passwords (argon2), lockout and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.catalogue.classification import Classification
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, NotFound
from amanah.partners.country import normalise_country
from amanah.users.models import ApiTokenRow, UserRow
from amanah.users.roles import Actor, Role

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()


def actor_of(user: UserRow) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        roles=frozenset(Role(r) for r in user.roles),
        clearance=Classification(user.clearance),
        country=user.country,
    )


def _require_admin(actor: Actor) -> None:
    if not actor.has(Role.ADMINISTRATOR) and actor.username != "system":
        raise Forbidden("only an administrator manages users")


def create_user(
    session: Session,
    actor: Actor | None,
    *,
    username: str,
    password: str,
    full_name: str,
    roles: list[str],
    clearance: str = "unclassified",
    country: str | None = None,
) -> UserRow:
    if actor is not None:
        _require_admin(actor)
    if not username.strip():
        raise InvalidInput("a user needs a username", field="username")
    if len(password) < 8:
        raise InvalidInput("a password has at least 8 characters", field="password")
    if not roles:
        raise InvalidInput("a user needs at least one role", field="roles")
    for role in roles:
        if role not in Role.__members__.values():
            raise InvalidInput(f"unknown role {role!r}", field="roles")
    if Role.PARTNER_LIAISON in roles and not country:
        raise InvalidInput(
            "a partner liaison speaks for a state: give its country", field="country"
        )
    if session.scalar(select(UserRow).where(UserRow.username == username)) is not None:
        raise InvalidInput(f"the username {username!r} is taken", field="username")
    user = UserRow(
        username=username,
        full_name=full_name,
        password_hash=_hasher.hash(password),
        roles=sorted(roles),
        clearance=int(Classification.parse(clearance, "clearance")),
        country=normalise_country(country) if country else None,
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    after = {"username": username, "roles": user.roles, "clearance": user.clearance}
    audit.record(session, actor or "system", Verb.USER_SAVED, "user", user.id, after=after)
    return user


def authenticate(session: Session, username: str, password: str) -> UserRow:
    """The user, or Forbidden with a message that does not reveal which part was wrong."""
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    refused = Forbidden("wrong username or password, or the account is locked", field="password")
    if user is None or not user.active:
        raise refused
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        raise Forbidden("the account is locked after repeated failures; try again later")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            audit.record(session, "system", Verb.USER_LOCKED, "user", user.id)
        raise refused from None
    user.failed_logins = 0
    user.locked_until = None
    return user


def issue_token(session: Session, user: UserRow, name: str) -> str:
    token = "amn_" + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user.id, name=name, token_hash=_token_hash(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> UserRow:
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == _token_hash(token)))
    if row is None or row.revoked:
        raise Forbidden("unknown or revoked API token")
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        raise Forbidden("unknown or revoked API token")
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_user(session: Session, user_id: int) -> UserRow:
    user = session.get(UserRow, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}", field="user_id")
    return user


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))
