"""``/api/v1/tokens``: named bearer tokens, stored hashed; the plain token is shown once."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlmodel import select

from dtpr_core.errors import NotFound
from dtpr_core.times import iso
from dtpr_store.reads import list_tokens
from dtpr_store.tables import TokenRow
from dtpr_store.writes import create_token, hash_token, revoke_token
from registry.api.models import TokenCreate
from registry.api.responses import TokenCreated, TokenList, TokenRevoked
from registry.deps import SessionDep, WriteToken

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


def token_json(row: TokenRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "scope": row.scope,
        "created_at": iso(row.created_at),
        "revoked_at": iso(row.revoked_at),
    }


@router.post(
    "",
    status_code=201,
    summary="Create a read or write token; the token is returned once (write token)",
    response_model=TokenCreated,
)
def post_token(body: TokenCreate, session: SessionDep, token: WriteToken) -> dict[str, Any]:
    plain = create_token(session, name=body.name, scope=body.scope)
    session.flush()
    row = session.exec(select(TokenRow).where(TokenRow.token_hash == hash_token(plain))).one()
    session.commit()
    return {**token_json(row), "token": plain}


@router.get("", summary="Tokens (never their value) (write token)", response_model=TokenList)
def get_tokens(session: SessionDep, token: WriteToken) -> dict[str, Any]:
    return {"items": [token_json(row) for row in list_tokens(session)]}


@router.delete("/{token_id}", summary="Revoke a token (write token)", response_model=TokenRevoked)
def delete_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep, token: WriteToken
) -> dict[str, Any]:
    if not revoke_token(session, token_id=token_id):
        raise NotFound(f"no live token {token_id}")
    session.commit()
    return {"ok": True, "id": token_id, "revoked": True}
