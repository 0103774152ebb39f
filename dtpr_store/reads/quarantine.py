"""Reads of the quarantine: messages that could not be recorded."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from dtpr_store.tables import QuarantineRow


def count_quarantine(session: Session) -> int:
    return session.exec(select(func.count()).select_from(QuarantineRow)).one()


def list_quarantine(session: Session, *, limit: int = 100, offset: int = 0) -> list[QuarantineRow]:
    return list(
        session.exec(select(QuarantineRow).order_by(col(QuarantineRow.id).desc()).offset(offset).limit(limit)).all()
    )
