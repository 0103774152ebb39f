"""Two admins taking each other's rights at the same moment leave one admin (two real connections)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dtpr_store.tables import StaffAccountRow
from dtpr_store.writes import LastAdmin, create_staff_account, disable_staff_account, set_staff_role

Demote = Callable[[Session, StaffAccountRow], None]
DEMOTIONS: dict[str, Demote] = {
    "role": lambda session, row: set_staff_role(session, account=row, role="viewer"),
    "disable": lambda session, row: disable_staff_account(session, account=row),
}


def admins(engine: Engine) -> list[str]:
    with Session(engine) as session:
        query = select(StaffAccountRow.email).where(
            col(StaffAccountRow.role) == "admin", col(StaffAccountRow.disabled_at).is_(None)
        )
        return sorted(session.exec(query).all())


@pytest.mark.parametrize("how", sorted(DEMOTIONS))
def test_two_admins_demoting_each_other_at_once_leave_one(engine: Engine, how: str) -> None:
    demote = DEMOTIONS[how]
    with Session(engine) as session:
        ids = [
            create_staff_account(
                session, email=f"{name}@ville.example.fr", name=name, role="admin", password_hash="x"
            ).id
            for name in ("ada", "bob")
        ]
        session.commit()
    refused: list[Exception] = []

    def bob_demotes_ada() -> None:
        with Session(engine) as other:
            try:
                demote(other, other.get(StaffAccountRow, ids[0]))  # type: ignore[arg-type]
                other.commit()
            except LastAdmin as error:
                refused.append(error)

    with Session(engine) as first:
        demote(first, first.get(StaffAccountRow, ids[1]))  # type: ignore[arg-type]
        first.flush()  # ada's demotion of bob is written, not yet committed
        second = threading.Thread(target=bob_demotes_ada)
        second.start()
        time.sleep(0.5)  # bob's transaction runs meanwhile, on its own connection
        first.commit()
    second.join(30)
    assert admins(engine) == ["ada@ville.example.fr"]
    assert len(refused) == 1 and "last admin" in str(refused[0])


def test_the_last_admin_cannot_be_demoted(engine: Engine) -> None:
    with Session(engine) as session:
        row = create_staff_account(session, email="solo@ville.example.fr", name="Solo", role="admin", password_hash="x")
        session.commit()
        with pytest.raises(LastAdmin):
            set_staff_role(session, account=row, role="editor")
        session.rollback()
    assert admins(engine) == ["solo@ville.example.fr"]
