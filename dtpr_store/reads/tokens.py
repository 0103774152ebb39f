"""Reads of API tokens (stored hashed: a presented token is hashed to be found)."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, select

from dtpr_store.tables import TokenRow


def hash_token(token: str) -> str:
    """What the database keeps of a token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_token(session: Session, token: str) -> TokenRow | None:
    """The live token row matching a presented bearer token, if any."""
    row = session.exec(select(TokenRow).where(TokenRow.token_hash == hash_token(token))).first()
    return row if row is not None and row.revoked_at is None else None


def list_tokens(session: Session) -> list[TokenRow]:
    return list(session.exec(select(TokenRow).order_by(col(TokenRow.id))).all())
