"""API tokens: HR creates, lists and revokes them; a request's bearer token is checked against a stored hash.

A token is 32 random bytes (URL-safe text behind a `pfb_` prefix); only its SHA-256 is kept, so the
database never holds anything an attacker could replay. High entropy makes a plain hash enough (no salt or
slow hash needed), and the lookup by hash plus `hmac.compare_digest` keeps the check constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.errors import Invalid, NotFound
from bot.org import access
from storage.feeds import ApiToken
from storage.org import Person

PREFIX = "pfb_"
NAME_MAX = 100
LAST_USED_STEP = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the token itself: shown once, never stored


def hash_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, *, actor: Person, name: str, department: str | None, now: datetime) -> NewToken:
    """A new token for the actor's workspace (HR only), optionally limited to one department's goals."""
    access.require_hr(actor)
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX:
        raise Invalid("feeds.token.name_invalid", max=NAME_MAX)
    department = " ".join((department or "").split()) or None
    if department is not None and len(department) > 255:
        raise Invalid("feeds.token.department_invalid")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        team_id=actor.team_id,
        name=name,
        token_hash=hash_of(secret),
        department=department,
        created_by_id=actor.id,
        created_at=now,
    )
    session.add(token)
    session.flush()
    return NewToken(token, secret)


def listed(session: Session, *, actor: Person) -> list[ApiToken]:
    """The workspace's tokens, newest first, revoked ones included (HR only)."""
    access.require_hr(actor)
    return list(
        session.exec(select(ApiToken).where(ApiToken.team_id == actor.team_id).order_by(col(ApiToken.id).desc()))
    )


def revoke(session: Session, *, actor: Person, token_id: int, now: datetime) -> ApiToken:
    """Revoke a token of the actor's workspace (HR only); revoking twice is harmless."""
    access.require_hr(actor)
    token = session.get(ApiToken, token_id)
    if token is None or token.team_id != actor.team_id:
        raise NotFound("feeds.token.not_found", id=token_id)
    if token.revoked_at is None:
        token.revoked_at = now
    return token


def verify(session: Session, authorization: str | None, *, now: datetime) -> ApiToken | None:
    """The live token an `Authorization: Bearer …` header names, with its last-used time set; None otherwise."""
    scheme, _, secret = (authorization or "").strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    presented = hash_of(secret)
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == presented)).first()
    if token is None or token.revoked_at is not None or not hmac.compare_digest(token.token_hash, presented):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
        token.last_used_at = now  # to the minute: a busy feed does not write on every request
    return token
