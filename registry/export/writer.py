"""Writing the exported site: atomic files, their ``.gz`` / ``.br`` twins, and what was written.

A file is written beside its final name and renamed over it, so a web server serving the
folder while an export runs never sends half a page. Nothing is ever deleted: a printed QR
code may point to any page a past export wrote.

Writes (and compression) run on a few threads: creating a file waits on the disk's journal
(milliseconds on a busy machine) with the GIL released, so the next pages render meanwhile.
At most :data:`PENDING` writes wait at once, so memory stays flat.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import brotli

COMPRESSED_TYPES = (".html", ".json", ".geojson", ".csv", ".svg", ".css", ".xml", ".txt")
"""What gets pre-compressed copies (nginx ``gzip_static`` / ``brotli_static`` send them as they are)."""
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
"""Brotli 5 and gzip 6: within a few per cent of their best sizes on these pages, ~10x faster."""
THREADS = 4
PENDING = 256


@dataclass(frozen=True, slots=True)
class File:
    """One file to write: where, what, whether it is an HTML page, and other names for it."""

    relative: str
    body: bytes
    page: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Tally:
    """What an export wrote, for its report and the sobriety figures."""

    files: int = 0
    pages: int = 0
    skipped: int = 0
    plain_bytes: int = 0
    gzip_bytes: int = 0
    brotli_bytes: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


class SiteWriter:
    """Writes files under *root* (relative paths only, never leaving it); use as a context manager."""

    def __init__(self, root: Path, *, compress: bool = True) -> None:
        self.root = root.resolve()
        self.compress = compress
        self.tally = Tally()
        self._lock = threading.Lock()
        self._made: set[Path] = set()
        self._room = threading.BoundedSemaphore(PENDING)
        self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix="export-write")
        self._failed: BaseException | None = None
        self.root.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)
        self._raise_failure()

    def path(self, relative: str) -> Path:
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or any(part in ("..", ".") for part in parts) or "\x00" in relative:
            raise ValueError(f"refusing to write outside the export folder: {relative!r}")
        return self.root.joinpath(*parts)

    def write(self, relative: str, body: bytes, *, page: bool = False, aliases: tuple[str, ...] = ()) -> None:
        """Write *body* at *relative* (and its compressed copies), then link each of *aliases* to it."""
        self.write_in_order([File(relative, body, page, aliases)])

    def write_in_order(self, files: list[File]) -> None:
        """Write *files* one after the other (a sensor's stamp last, once its pages are there)."""
        jobs = []
        for file in files:
            target = self.path(file.relative)
            jobs.append((target, file.body, [self.path(alias) for alias in file.aliases]))
            kind = target.suffix or target.name
            with self._lock:
                self.tally.files += 1
                self.tally.pages += file.page
                self.tally.plain_bytes += len(file.body)
                self.tally.kinds[kind] = self.tally.kinds.get(kind, 0) + 1
        self._raise_failure()
        self._room.acquire()
        future = self._pool.submit(self._write_jobs, jobs)
        future.add_done_callback(self._done)

    def write_if_changed(self, relative: str, body: bytes, *, page: bool = False) -> bool:
        """Like :meth:`write`, unless the file already holds exactly *body* (then untouched)."""
        target = self.path(relative)
        try:
            if target.stat().st_size == len(body) and target.read_bytes() == body:
                with self._lock:
                    self.tally.skipped += 1
                return False
        except FileNotFoundError:
            pass
        self.write(relative, body, page=page)
        return True

    def write_stream(self, relative: str, chunks: Iterable[bytes]) -> bool:
        """Write a large file from *chunks* (memory flat), its copies too; untouched when its bytes are the same."""
        target = self.path(relative)
        self._folder(target.parent)
        temporary = target.with_name(f".{target.name}.tmp")
        digest, size = hashlib.sha256(), 0
        with open(temporary, "wb") as file:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                file.write(chunk)
        if target.exists() and target.stat().st_size == size and _sha256(target) == digest.digest():
            temporary.unlink()
            with self._lock:
                self.tally.skipped += 1
            return False
        os.replace(temporary, target)
        with self._lock:
            self.tally.files += 1
            self.tally.plain_bytes += size
            self.tally.kinds[target.suffix] = self.tally.kinds.get(target.suffix, 0) + 1
        if self.compress:
            self._compress_file(target)
        return True

    def _compress_file(self, target: Path) -> None:
        packed, squeezed = target.with_name(target.name + ".gz"), target.with_name(target.name + ".br")
        packed_tmp, squeezed_tmp = packed.with_name(f".{packed.name}.tmp"), squeezed.with_name(f".{squeezed.name}.tmp")
        compressor = brotli.Compressor(quality=BROTLI_QUALITY)
        with open(target, "rb") as source, open(packed_tmp, "wb") as raw, open(squeezed_tmp, "wb") as out:
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as gz:
                while chunk := source.read(1 << 20):
                    gz.write(chunk)
                    out.write(compressor.process(chunk))
            out.write(compressor.finish())
        os.replace(packed_tmp, packed)
        os.replace(squeezed_tmp, squeezed)
        with self._lock:
            self.tally.gzip_bytes += packed.stat().st_size
            self.tally.brotli_bytes += squeezed.stat().st_size

    def flush(self) -> None:
        """Wait until every write asked for so far is on disk."""
        for _ in range(PENDING):
            self._room.acquire()
        for _ in range(PENDING):
            self._room.release()
        self._raise_failure()

    def link(self, relative: str, existing: str) -> None:
        """*relative* names the same file as *existing*, already written (a hard link; a copy where links fail)."""
        self.flush()
        self._link(self.path(existing), self.path(relative))

    def _done(self, future: Future[None]) -> None:
        self._room.release()
        error = future.exception()
        if error is not None and self._failed is None:
            self._failed = error

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed

    def _write_jobs(self, jobs: list[tuple[Path, bytes, list[Path]]]) -> None:
        for target, body, aliases in jobs:
            self._write_all(target, body, aliases)

    def _write_all(self, target: Path, body: bytes, aliases: list[Path]) -> None:
        self._write(target, body)
        if self.compress and target.suffix in COMPRESSED_TYPES:
            packed = gzip.compress(body, GZIP_LEVEL, mtime=0)
            squeezed = brotli.compress(body, quality=BROTLI_QUALITY)
            self._write(target.with_name(target.name + ".gz"), packed)
            self._write(target.with_name(target.name + ".br"), squeezed)
            with self._lock:
                self.tally.gzip_bytes += len(packed)
                self.tally.brotli_bytes += len(squeezed)
        for alias in aliases:
            self._link(target, alias)

    def _link(self, source: Path, target: Path) -> None:
        for suffix in ("", ".gz", ".br"):
            original = source.with_name(source.name + suffix)
            named = target.with_name(target.name + suffix)
            if not original.exists():
                continue
            if named.exists() and os.path.samefile(original, named):
                continue  # already the same file (and renaming a link over itself would leave the link)
            temporary = named.with_name(f".{named.name}.tmp")
            self._folder(named.parent)
            temporary.unlink(missing_ok=True)
            try:
                os.link(original, temporary)
            except OSError:
                temporary.write_bytes(original.read_bytes())
            os.replace(temporary, named)

    def _folder(self, folder: Path) -> None:
        if folder in self._made:
            return
        folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if len(self._made) > 4096:  # memory flat: forget old folders (mkdir again is cheap)
                self._made.clear()
            self._made.add(folder)

    def _write(self, target: Path, body: bytes) -> None:
        self._folder(target.parent)
        temporary = target.with_name(f".{target.name}.tmp")
        with open(temporary, "wb") as file:
            file.write(body)
        os.replace(temporary, target)


def _sha256(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.digest()
