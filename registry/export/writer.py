"""Writing the exported site: atomic files, their ``.gz`` / ``.br`` twins, and what was written.

A file is written beside its final name and renamed over it, so a web server serving the
folder while an export runs never sends half a page. Nothing is ever deleted: a printed QR
code may point to any page a past export wrote.

Writes (and compression) run in :data:`WORKERS` worker processes (``python -m
registry.export.writer``, fed batches of files through a pipe), so the pages render meanwhile
on another core: creating a file is kernel work (a fraction of a millisecond, several on a
busy machine) and compression is CPU work, and in threads both would queue behind the
renderer for Python's GIL after every system call. At most :data:`PENDING` batches wait at
once, so memory stays flat.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import brotli

COMPRESSED_TYPES = (".html", ".json", ".geojson", ".csv", ".svg", ".css", ".xml", ".txt", ".js")
"""What gets pre-compressed copies (nginx ``gzip_static`` / ``brotli_static`` send them as they are)."""
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
"""Brotli 5 and gzip 6: within a few per cent of their best sizes on these pages, ~10x faster."""
WORKERS = 2
PENDING = 256

_OUTSIDE = frozenset(("", ".", ".."))
"""Path segments a relative name may not have (``a//b``, ``./a``, ``../a``)."""
_Job = tuple[str, bytes, list[str]]
"""A file to write in a worker: its absolute path, its bytes, other absolute names for it."""


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
        self._root = str(self.root)
        self.compress = compress
        self.tally = Tally()
        self._lock = threading.Lock()
        self._made: set[str] = set()
        self._room = threading.BoundedSemaphore(PENDING)
        self._failed: BaseException | None = None
        self.root.mkdir(parents=True, exist_ok=True)
        self._workers = _Workers(compress, self._done)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._workers.close()
        self._raise_failure()

    def path(self, relative: str) -> Path:
        return Path(inside(self._root, relative))

    def write(self, relative: str, body: bytes, *, page: bool = False, aliases: tuple[str, ...] = ()) -> None:
        """Write *body* at *relative* (and its compressed copies), then link each of *aliases* to it."""
        self.write_in_order([File(relative, body, page, aliases)])

    def write_in_order(self, files: list[File]) -> None:
        """Write *files* one after the other (a sensor's stamp last, once its pages are there)."""
        jobs: list[_Job] = []
        for file in files:
            target = inside(self._root, file.relative)
            jobs.append((target, file.body, [inside(self._root, alias) for alias in file.aliases]))
            name = file.relative.rpartition("/")[2]
            kind = name[name.rfind(".") :] if name.rfind(".") > 0 else name
            with self._lock:
                self.tally.files += 1
                self.tally.pages += file.page
                self.tally.plain_bytes += len(file.body)
                self.tally.kinds[kind] = self.tally.kinds.get(kind, 0) + 1
        self._raise_failure()
        self._room.acquire()
        self._workers.submit(jobs)

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

    def _done(self, reply: _Reply) -> None:
        """A batch is written (or failed): called from a worker's reader thread."""
        packed, squeezed, error = reply
        with self._lock:
            self.tally.gzip_bytes += packed
            self.tally.brotli_bytes += squeezed
            if error is not None and self._failed is None:
                self._failed = OSError(error)
        self._room.release()

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed

    def _link(self, source: Path, target: Path) -> None:
        _link(str(source), str(target), self._made)

    def _folder(self, folder: Path) -> None:
        _folder(str(folder), self._made)


def inside(root: str, relative: str) -> str:
    """The absolute name of *relative* (``a/b.html``) in the folder *root*; refused if it could leave it."""
    if not relative or relative[0] == "/" or "\x00" in relative or _OUTSIDE.intersection(relative.split("/")):
        raise ValueError(f"refusing to write outside the export folder: {relative!r}")
    return f"{root}/{relative}"


_Reply = tuple[int, int, str | None]
"""A worker's answer to a batch: bytes of its ``.gz`` and ``.br`` copies, and the error, if any."""


class _Workers:
    """:data:`WORKERS` child processes writing batches of files, each batch in order, each reply to *done*."""

    def __init__(self, compress: bool, done: Callable[[_Reply], None]) -> None:
        here = Path(__file__).resolve().parents[2]  # where the ``registry`` package is, for the children
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(here), os.environ.get("PYTHONPATH"))))}
        command = [sys.executable, "-m", "registry.export.writer", "compress" if compress else "plain"]
        self._done = done
        self._processes = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env) for _ in range(WORKERS)
        ]
        self._pending = [0] * WORKERS
        self._lock = threading.Lock()
        self._next = 0
        self._readers = [
            threading.Thread(target=self._read, args=(index,), name=f"export-writer-{index}", daemon=True)
            for index in range(WORKERS)
        ]
        for reader in self._readers:
            reader.start()

    def submit(self, jobs: list[_Job]) -> None:
        index = self._next
        self._next = (index + 1) % WORKERS
        with self._lock:
            self._pending[index] += 1
        try:
            _send(self._processes[index].stdin, jobs)  # type: ignore[arg-type]
        except OSError as error:  # the worker is gone; its reader reports the batches it lost
            with self._lock:
                self._pending[index] -= 1
            self._done((0, 0, f"export writer {index} stopped: {error}"))

    def close(self) -> None:
        """Let the workers finish every batch they were given, then stop."""
        for process in self._processes:
            try:
                process.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
        for process, reader in zip(self._processes, self._readers, strict=True):
            process.wait()
            reader.join()

    def _read(self, index: int) -> None:
        stdout = self._processes[index].stdout
        while (reply := _receive(stdout)) is not None:  # type: ignore[arg-type]
            with self._lock:
                self._pending[index] -= 1
            self._done(reply)
        with self._lock:
            lost, self._pending[index] = self._pending[index], 0
        for _ in range(lost):
            self._done((0, 0, f"export writer {index} stopped (exit code {self._processes[index].wait()})"))


def _send(stream: IO[bytes], value: object) -> None:
    frame = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(frame).to_bytes(8, "big"))
    stream.write(frame)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next value on *stream*; None at its end. (Only ever between this module and its own children.)"""
    header = stream.read(8)
    if len(header) < 8:
        return None
    return pickle.loads(stream.read(int.from_bytes(header, "big")))


def _serve(compress: bool) -> None:
    """A worker: write each batch read on stdin, answer each on stdout, until stdin ends."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    made: set[str] = set()
    while (jobs := _receive(stdin)) is not None:
        try:
            reply: _Reply = (*_write_jobs(jobs, compress, made), None)
        except OSError as error:
            reply = (0, 0, f"{error.strerror or error} ({error.filename or ''})")
        _send(stdout, reply)


def _write_jobs(jobs: list[_Job], compress: bool, made: set[str]) -> tuple[int, int]:
    """In a worker process: write *jobs* in order; the bytes of the ``.gz`` and ``.br`` copies made.

    *made*: the folders this worker already made (see :func:`_folder`)."""
    packed_bytes = squeezed_bytes = 0
    for target, body, aliases in jobs:
        _write(target, body, made)
        if compress and os.path.splitext(target)[1] in COMPRESSED_TYPES:
            packed = gzip.compress(body, GZIP_LEVEL, mtime=0)
            squeezed = brotli.compress(body, quality=BROTLI_QUALITY)
            _write(target + ".gz", packed, made)
            _write(target + ".br", squeezed, made)
            packed_bytes += len(packed)
            squeezed_bytes += len(squeezed)
        for alias in aliases:
            _link(target, alias, made)
    return packed_bytes, squeezed_bytes


def _link(source: str, target: str, made: set[str]) -> None:
    """*target* (and its compressed copies) names the same file as *source*: a hard link, else a copy."""
    for suffix in ("", ".gz", ".br"):
        original, named = source + suffix, target + suffix
        if not os.path.exists(original):
            continue
        if os.path.exists(named) and os.path.samefile(original, named):
            continue  # already the same file (and renaming a link over itself would leave the link)
        folder, name = os.path.split(named)
        temporary = os.path.join(folder, f".{name}.tmp")
        _folder(folder, made)
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        try:
            os.link(original, temporary)
        except OSError:
            with open(original, "rb") as copied, open(temporary, "wb") as copy:
                copy.write(copied.read())
        os.replace(temporary, named)


def _folder(folder: str, made: set[str]) -> None:
    if folder in made:
        return
    os.makedirs(folder, exist_ok=True)
    if len(made) > 4096:  # memory flat: forget old folders (making one again is cheap)
        made.clear()
    made.add(folder)


def _write(target: str, body: bytes, made: set[str]) -> None:
    """*body* at *target*, atomically: written beside it, then renamed over it."""
    folder, name = os.path.split(target)
    _folder(folder, made)
    temporary = os.path.join(folder, f".{name}.tmp")
    with open(temporary, "wb") as file:
        file.write(body)
    os.replace(temporary, target)


def _sha256(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.digest()


if __name__ == "__main__":
    try:
        _serve(sys.argv[1:] == ["compress"])
    except KeyboardInterrupt:  # Ctrl-C reaches the export's whole process group: it stops and says so itself
        sys.exit(130)
