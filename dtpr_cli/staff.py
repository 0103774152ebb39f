"""``dtpr staff add|password|disable|enable|list``: staff accounts of the console (``/staff/``)."""

from __future__ import annotations

import argparse
import getpass
import sys

from dtpr_core.passwords import hash_password, password_problem
from dtpr_core.settings import get_settings
from dtpr_store.db import make_engine, migrate, session_scope
from dtpr_store.reads import find_staff_account, list_staff_accounts
from dtpr_store.writes import (
    ROLES,
    LastAdmin,
    create_staff_account,
    disable_staff_account,
    enable_staff_account,
    record_audit,
    set_staff_password,
    set_staff_role,
)

HELP = "Manage staff accounts of the console at /staff/ (add, password, disable, enable, list)."
CLI_ACTOR = "dtpr staff (command line)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="create an account (the password is asked for)")
    add.add_argument("email")
    add.add_argument("--name", required=True, help="the person's name, shown in the console and the audit log")
    add.add_argument(
        "--role", choices=ROLES, default="viewer", help="viewer reads, editor acts, admin manages accounts"
    )
    password = sub.add_parser("password", help="set a new password (ends the account's sessions)")
    password.add_argument("email")
    for one in (add, password):
        one.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    role = sub.add_parser("role", help="change an account's role")
    role.add_argument("email")
    role.add_argument("role", choices=ROLES)
    sub.add_parser("disable", help="stop an account from signing in (ends its sessions)").add_argument("email")
    sub.add_parser("enable", help="let a disabled account sign in again").add_argument("email")
    sub.add_parser("list", help="accounts, roles and whether they are disabled")


def read_password(from_stdin: bool) -> str:
    """From standard input (first line) or a prompt asked twice; raises SystemExit when unusable."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise SystemExit("dtpr staff: the two passwords differ; nothing changed")
    problem = password_problem(password)
    if problem is not None:
        raise SystemExit(f"dtpr staff: {problem}; nothing changed")
    return password


def run(args: argparse.Namespace) -> int:
    engine = make_engine(get_settings().database.url)
    migrate(engine)
    try:
        with session_scope(engine) as session:
            if args.action == "list":
                for row in list_staff_accounts(session):
                    state = "disabled" if row.disabled_at else "active"
                    print(f"{row.email}\t{row.role}\t{state}\t{row.name}")
                return 0
            account = find_staff_account(session, args.email)
            if args.action == "add":
                if account is not None:
                    print(f"dtpr staff: {args.email} already has an account; use dtpr staff password", file=sys.stderr)
                    return 1
                pw_hash = hash_password(read_password(args.password_stdin))
                create_staff_account(session, email=args.email, name=args.name, role=args.role, password_hash=pw_hash)
                record_audit(
                    session, actor=CLI_ACTOR, action="account.add", target=args.email, detail={"role": args.role}
                )
                print(f"{args.email} can now sign in at /staff/login as {args.role}.")
                return 0
            if account is None:
                print(f"dtpr staff: no account {args.email} (dtpr staff list shows them)", file=sys.stderr)
                return 1
            if args.action == "password":
                set_staff_password(
                    session, account=account, password_hash=hash_password(read_password(args.password_stdin))
                )
            elif args.action in ("role", "disable"):
                try:
                    if args.action == "role":
                        set_staff_role(session, account=account, role=args.role)
                    else:
                        disable_staff_account(session, account=account)
                except LastAdmin as error:
                    print(f"dtpr staff: {args.email}: {error}", file=sys.stderr)
                    return 1
            else:
                enable_staff_account(session, account=account)
            record_audit(session, actor=CLI_ACTOR, action=f"account.{args.action}", target=account.email)
            print(f"{account.email}: {args.action} done.")
            return 0
    finally:
        engine.dispose()


FIRST_ADMIN_FILE = "data/staff-admin.txt"
FIRST_ADMIN_EMAIL = "admin@localhost"


def first_admin(database_url: str, base_url: str, path: str = FIRST_ADMIN_FILE) -> str | None:
    """On a database without staff accounts, create an admin and say how to sign in.

    Returns the text (also written, readable by its owner only, to *path*), or None when
    accounts exist already: it is said once.
    """
    import os
    import secrets

    engine = make_engine(database_url)
    migrate(engine)
    try:
        with session_scope(engine) as session:
            if list_staff_accounts(session):
                return None
            password = secrets.token_urlsafe(15)
            create_staff_account(
                session,
                email=FIRST_ADMIN_EMAIL,
                name="Administrateur",
                role="admin",
                password_hash=hash_password(password),
            )
            record_audit(session, actor="dtpr up (first start)", action="account.add", target=FIRST_ADMIN_EMAIL)
    finally:
        engine.dispose()
    text = (
        f"Staff console: {base_url}/staff/login\n"
        f"  e-mail    {FIRST_ADMIN_EMAIL}\n"
        f"  password  {password}\n"
        "Sign in, create an account for each person under Accounts, then disable this one\n"
        f"(or: dtpr staff password {FIRST_ADMIN_EMAIL}). Delete this file once read.\n"
    )
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    return text
