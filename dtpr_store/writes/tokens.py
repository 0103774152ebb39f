"""API tokens: stored hashed, shown once, revoked (never deleted)."""

from __future__ import annotations

import secrets
from typing import Literal

from sqlmodel import Session, select

from dtpr_store.reads.tokens import hash_token
from dtpr_store.tables import TokenRow
from dtpr_store.writes.revisions import now


def create_token(session: Session, *, name: str, scope: Literal["read", "write"], token: str | None = None) -> str:
    """Store a new token hashed; the plain token is returned once and never stored."""
    token = token or "dtpr_" + secrets.token_urlsafe(32)
    existing = session.exec(select(TokenRow).where(TokenRow.token_hash == hash_token(token))).first()
    if existing is None:
        session.add(TokenRow(name=name, token_hash=hash_token(token), scope=scope, created_at=now()))
    return token


def revoke_token(session: Session, *, token_id: int) -> bool:
    row = session.get(TokenRow, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now()
    return True


__all__ = ["create_token", "hash_token", "revoke_token"]
