"""The data folder is the city's alone: password, session and token hashes, residents' e-mails.

:func:`keep_private` runs first in ``dtpr up``, ``dtpr serve`` and ``dtpr gateway``: from
then on the process makes folders 0700 and files 0600 (umask 077), whatever umask it was
started with, and what an earlier run left readable by others (the SQLite database and its
journal, the data folder, the print files) is closed now. A mode it may not change (a
volume owned by someone else) is said once on stderr, not fatal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dtpr_core.settings import Settings

PRIVATE_UMASK = 0o077


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL (None for PostgreSQL or an in-memory database)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def keep_private(settings: Settings) -> None:
    """umask 077 for this process; the data and print folders 0700, the database and print files 0600."""
    os.umask(PRIVATE_UMASK)
    jobs = Path(settings.signs.job_dir)
    if jobs.is_dir() and not jobs.is_symlink():
        _close_tree(jobs)
    database = sqlite_path(settings.database.url)
    if database is None:
        return
    if database.parent.resolve() != Path.cwd().resolve():  # a folder of its own (data/), not where we run
        database.parent.mkdir(parents=True, exist_ok=True)
        _chmod(database.parent, 0o700)
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = database.with_name(database.name + suffix)
        if path.is_file() and not path.is_symlink():
            _chmod(path, 0o600)


def _close_tree(folder: Path) -> None:
    """*folder* 0700 and everything in it closed to others (links left alone: never followed)."""
    _chmod(folder, 0o700)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            _chmod(path, 0o700 if path.is_dir() else 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as error:
        print(f"dtpr: cannot make {path} private ({oct(mode)}): {error.strerror}", file=sys.stderr)
