"""Users, passwords (argon2), lockout and API tokens."""

from __future__ import annotations

import math
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.catalogue.classification import Classification
from amanah.errors import Forbidden, InvalidInput, NotFound, Refused, Throttled
from amanah.i18n import N_
from amanah.partners.country import normalise_country
from amanah.users import sessions, throttle
from amanah.users.models import UserRow
from amanah.users.roles import Actor, Role

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash checked for unknown users, so that they take as long as known ones (made at the
    first login, not at import: it costs a fifth of a second)."""
    return _hasher.hash("not a password of anyone: checked for unknown users")


def actor_of(user: UserRow) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        roles=frozenset(Role(r) for r in user.roles),
        clearance=Classification(user.clearance),
        country=user.country,
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _require_admin(actor: Actor) -> None:
    if not actor.has(Role.ADMINISTRATOR) and actor.username != "system":
        raise Forbidden(N_("only an administrator manages users"))


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
    hashed: str | None = None,
) -> UserRow:
    """A new user. `hashed` is the argon2 hash of `password` when the caller already has it
    (the demo gives nine users one password: one hash instead of nine, 0.1 s each)."""
    if actor is not None:
        _require_admin(actor)
    if not username.strip():
        raise InvalidInput(N_("a user needs a username"), field="username")
    if len(password) < 8:
        raise InvalidInput(N_("a password has at least 8 characters"), field="password")
    _checked_roles(roles)
    if Role.PARTNER_LIAISON in roles and not country:
        raise InvalidInput(
            N_("a partner liaison speaks for a state: give its country"), field="country"
        )
    if session.scalar(select(UserRow).where(UserRow.username == username)) is not None:
        raise InvalidInput(
            N_("the username %(name)s is taken"), field="username", values={"name": repr(username)}
        )
    user = UserRow(
        username=username,
        full_name=full_name,
        password_hash=hashed if hashed and hashed.startswith("$argon2") else _hasher.hash(password),
        roles=sorted(roles),
        clearance=int(Classification.parse(clearance, "clearance")),
        country=normalise_country(country) if country else None,
        active=True,
    )
    session.add(user)
    session.flush()
    after = {"username": username, "roles": user.roles, "clearance": user.clearance}
    audit.record(session, actor or "system", Verb.USER_SAVED, "user", user.id, after=after)
    return user


def authenticate(session: Session, username: str, password: str, address: str = "") -> UserRow:
    """The user, or Forbidden with a message that does not reveal which part was wrong.

    An unknown or inactive user costs the same password check as a known one, so the time
    taken does not tell who exists. Failures are counted durably (see `throttle`); while a
    delay runs, attempts are refused unheard (Throttled) and not counted."""
    policies = throttle.keys(username, address)
    wait = throttle.wait_left(session, policies)
    if wait:
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise Throttled(
            N_("too many failed logins: try again in %(seconds)s seconds"),
            seconds,
            values={"seconds": seconds},
        )
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
        if user is None or not user.active:
            raise VerificationError("unknown or inactive user")
    except (VerificationError, InvalidHashError):
        engine = session.get_bind()
        throttle.record_failure(engine if isinstance(engine, Engine) else engine.engine,
                                policies, username)  # fmt: skip
        raise Forbidden(N_("wrong username or password, or the account is not active"),
                        field="password") from None  # fmt: skip
    throttle.clear(session, [k for k in policies if not k.startswith("addr:")])
    return user


def issue_token(session: Session, user: UserRow, name: str) -> str:
    return sessions.issue_token(session, user, name)


def user_for_token(session: Session, token: str) -> UserRow:
    return sessions.user_for_token(session, token)


def deactivate_user(session: Session, actor: Actor, user_id: int) -> UserRow:
    """Deactivate a user and end their sessions and API tokens at once."""
    _require_admin(actor)
    user = get_user(session, user_id)
    if user.id == actor.user_id:
        raise Refused(N_("an administrator cannot deactivate their own account"), field="user_id")
    user.active = False
    ended = sessions.revoke_all(session, user.id)
    audit.record(session, actor, Verb.USER_DEACTIVATED, "user", user.id,
                 before={"active": True}, after={"active": False, "sessions_ended": ended})  # fmt: skip
    return user


def set_roles(session: Session, actor: Actor, user_id: int, roles: list[str]) -> UserRow:
    """Give a user these roles; removing any role ends their sessions and tokens at once."""
    _require_admin(actor)
    user = get_user(session, user_id)
    chosen = sorted(set(_checked_roles(roles)))
    if Role.PARTNER_LIAISON in chosen and not user.country:
        raise InvalidInput(N_("a partner liaison speaks for a state: the user has no country"),
                           field="roles")  # fmt: skip
    before = list(user.roles)
    user.roles = chosen
    ended = sessions.revoke_all(session, user.id) if set(before) - set(chosen) else 0
    audit.record(session, actor, Verb.USER_ROLES_SET, "user", user.id, before={"roles": before},
                 after={"roles": chosen, "sessions_ended": ended})  # fmt: skip
    return user


def revoke_sessions(session: Session, actor: Actor, user_id: int) -> int:
    """End a user's sessions and tokens: an administrator for anyone, a user for themselves."""
    if actor.user_id != user_id:
        _require_admin(actor)
    user = get_user(session, user_id)
    ended = sessions.revoke_all(session, user.id)
    audit.record(session, actor, Verb.SESSIONS_REVOKED, "user", user.id, after={"ended": ended})
    return ended


def _checked_roles(roles: list[str]) -> list[str]:
    if not roles:
        raise InvalidInput(N_("a user needs at least one role"), field="roles")
    for role in roles:
        if role not in Role.__members__.values():
            raise InvalidInput(
                N_("unknown role %(role)s"), field="roles", values={"role": repr(role)}
            )
    return roles


def get_user(session: Session, user_id: int) -> UserRow:
    user = session.get(UserRow, user_id)
    if user is None:
        raise NotFound(N_("no user %(id)s"), field="user_id", values={"id": user_id})
    return user


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))
