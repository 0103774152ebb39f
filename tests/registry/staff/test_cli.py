"""``dtpr staff …`` as a real process over a real database, then signing in with what it made."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from dtpr_cli.staff import FIRST_ADMIN_EMAIL, first_admin
from dtpr_store.db import make_engine
from dtpr_store.tables import StaffAccountRow, StaffAuditRow
from registry.app import create_app
from tests.registry.conftest import BASE_URL, make_settings
from tests.registry.staff.conftest import csrf_of

DTPR = [sys.executable, "-m", "dtpr_cli.main"]


def dtpr_staff(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DTPR_DATABASE__URL": database_url}
    return subprocess.run([*DTPR, "staff", *args], input=stdin, env=env, capture_output=True, text=True, timeout=120)


def can_sign_in(database_url: str, email: str, password: str) -> bool:
    app = create_app(make_settings(database_url))
    try:
        with TestClient(app, base_url=BASE_URL) as browser:
            form = browser.get("/staff/login")
            data = {"csrf": csrf_of(form.text), "email": email, "password": password}
            return browser.post("/staff/login", data=data, follow_redirects=False).status_code == 303
    finally:
        app.state.engine.dispose()


def test_add_password_disable_enable(database_url: str) -> None:
    first = "first passphrase of twelve"
    done = dtpr_staff(
        database_url,
        "add",
        "Zoe@Ville.fr",
        "--name",
        "Zoé Martin",
        "--role",
        "editor",
        "--password-stdin",
        stdin=first + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert can_sign_in(database_url, "zoe@ville.fr", first)

    again = dtpr_staff(database_url, "add", "zoe@ville.fr", "--name", "Z", "--password-stdin", stdin=first + "\n")
    assert again.returncode == 1 and "already" in again.stderr

    second = "second passphrase, longer"
    assert dtpr_staff(database_url, "password", "zoe@ville.fr", "--password-stdin", stdin=second + "\n").returncode == 0
    assert not can_sign_in(database_url, "zoe@ville.fr", first)
    assert can_sign_in(database_url, "zoe@ville.fr", second)

    assert dtpr_staff(database_url, "disable", "zoe@ville.fr").returncode == 0
    assert not can_sign_in(database_url, "zoe@ville.fr", second)
    listed = dtpr_staff(database_url, "list")
    assert "zoe@ville.fr\teditor\tdisabled\tZoé Martin" in listed.stdout
    assert dtpr_staff(database_url, "enable", "zoe@ville.fr").returncode == 0
    assert can_sign_in(database_url, "zoe@ville.fr", second)

    engine = make_engine(database_url)
    with Session(engine) as session:
        actions = [row.action for row in session.exec(select(StaffAuditRow).order_by(StaffAuditRow.id))]
    engine.dispose()
    assert [a for a in actions if a.startswith("account.")] == [
        "account.add",
        "account.password",
        "account.disable",
        "account.enable",
    ]


def test_bad_passwords_and_unknown_accounts_change_nothing(database_url: str) -> None:
    short = dtpr_staff(database_url, "add", "a@ville.fr", "--name", "A", "--password-stdin", stdin="short\n")
    assert short.returncode != 0 and "12 characters" in short.stderr
    unknown = dtpr_staff(database_url, "disable", "nobody@ville.fr")
    assert unknown.returncode == 1 and "no account" in unknown.stderr
    engine = make_engine(database_url)
    with Session(engine) as session:
        assert session.exec(select(StaffAccountRow)).all() == []
    engine.dispose()


def test_the_first_admin_is_made_once_and_said_once(database_url: str, tmp_path: Path) -> None:
    note = tmp_path / "data" / "staff-admin.txt"
    text = first_admin(database_url, BASE_URL, str(note))
    assert text is not None and f"{BASE_URL}/staff/login" in text and FIRST_ADMIN_EMAIL in text
    assert note.read_text("utf-8") == text
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    password = text.split("password", 1)[1].split()[0]
    assert can_sign_in(database_url, FIRST_ADMIN_EMAIL, password)
    assert first_admin(database_url, BASE_URL, str(note)) is None  # accounts exist: nothing said again
