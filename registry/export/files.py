"""Files in the export folder, opened without ever following a symbolic link.

Whoever can write in the folder could plant a link (``OUT/s -> /elsewhere``,
``OUT/.index.html.tmp -> /etc/victim``); an export run with more rights than they have must
not write through it. Folders are checked with ``lstat`` on the way down, temporaries are
created new (``O_EXCL``) and opened with ``O_NOFOLLOW``, reads of what an earlier export
wrote take regular files only.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import IO

NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def same_file(made: os.stat_result, named: str) -> bool:
    """Whether *named* is the file *made* (a link at *named* is not followed)."""
    try:
        found = os.lstat(named)
    except FileNotFoundError:
        return False
    return (found.st_dev, found.st_ino) == (made.st_dev, made.st_ino)


def checked_folder(path: str, made: set[str]) -> None:
    """*path* made if missing, each folder on the way checked with ``lstat``: never a link followed.

    *made*: folders already checked (by this process), skipped."""
    if path in made:
        return
    parent = os.path.dirname(path)
    if parent != path:
        checked_folder(parent, made)
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        try:
            os.mkdir(path)
        except FileExistsError:  # another worker made it meanwhile
            pass
        found = os.lstat(path)
    if not stat.S_ISDIR(found.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(found.st_mode) else "a file"
        raise OSError(errno.ENOTDIR, f"{kind} where a folder must go: nothing is written through it", path)
    if len(made) > 4096:  # memory flat: forget old folders (checking one again is cheap)
        made.clear()
    made.add(path)


def remove(path: str) -> None:
    """Whatever has this name (a leftover temporary, a planted link) gone; a link is removed, not followed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def create(temporary: str) -> IO[bytes]:
    """A new file at *temporary*, never an existing one nor a link's target (``O_EXCL | O_NOFOLLOW``)."""
    remove(temporary)
    return os.fdopen(os.open(temporary, NEW_FILE, 0o644), "wb")


def open_regular(path: str) -> IO[bytes] | None:
    """The regular file at *path*, open for reading; None if there is none (a link is not followed)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:  # a symbolic link: not ours, replaced when written
            return None
        raise
    file = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        file.close()
        return None
    return file


def read_regular(path: str) -> bytes | None:
    file = open_regular(path)
    if file is None:
        return None
    with file:
        return file.read()


def sha256_of(path: str) -> bytes | None:
    """The SHA-256 of the regular file at *path*; None if there is none."""
    file = open_regular(path)
    if file is None:
        return None
    digest = hashlib.sha256()
    with file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.digest()
