"""Benchmark: ``dtpr export site`` pages written per second against the live page route's req/s.

    python -m bench.static_export [--sensors 100000] [--small 10000] [--seconds 5] [--out DIR]

1. *sensors* declared sensors (each at its own address) are bulk-inserted into SQLite as in
   ``bench/registry_pages.py``; ``uvicorn`` serves ``create_app`` (one worker) and ``wrk``
   (installed when missing; with the httpx fallback no ratio is printed) loads random ``/s/{id}`` pages: three rounds, the median kept. That is the
   ceiling: what the live route makes per second on this machine, now.
2. The same data is exported without compressed copies: every sensor page in six languages,
   JSON twins, datachain instances, the listings, the inventory, open data, icons, sitemap.
   Pages written per second (every HTML file) ÷ the live route's req/s: goal >= 1.1. The
   process's own resident memory (``RssAnon``) is sampled through the export: goal flat (the
   last quarter's peak within 15 % + 16 MiB of the first quarter's). The database file the
   page reads map (``RssFile``) is printed apart: the kernel's cache, it grows to the share
   of the file read so far.
3. *small* sensors are exported again, without then with ``.gz``/``.br`` copies (goal: the
   plain export under 60 s), and the sizes per page are printed.
One ``RESULT static_export_pages_per_s=… ceiling=<live req/s> ratio=… rss_start_mib=…
rss_end_mib=… small_s=… small_compressed_s=… …`` line at the end.

Each export writes into a folder of its own and nothing is deleted before the end (the
temporary folder then goes): on ext4, creating files just after many were deleted is several
times slower, because the inode allocator steps over inodes freed in the last minutes
(``recently_deleted`` took half the kernel's time in ``perf``). For the same reason, leave
about five minutes between two runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.generator import REFUSAL, ensure_wrk, ratio_text
from bench.registry_pages import fill, load, sensor_id, server
from dtpr_core.settings import Settings
from dtpr_store.db import make_engine
from registry.export.site import ExportOptions, ExportReport, export_site

ROUNDS = 3


def rss_mib(kind: str = "RssAnon") -> float:
    """This process's resident memory of one kind (MiB): ``RssAnon``, its own heap, is what "memory flat" means.

    ``RssFile`` (the SQLite file the page reads map, up to its size) and ``RssShmem`` are
    the kernel's cache of files, shared and given back whenever memory is short: they grow
    with the share of the database read so far, not with what the export keeps.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(kind + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {kind} in /proc/self/status")


@contextmanager
def sampled_memory(samples: list[float], every: float = 0.25, files: list[float] | None = None) -> Iterator[None]:
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(every):
            samples.append(rss_mib())
            if files is not None:
                files.append(rss_mib("RssFile"))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def live_rps(url: str, count: int, seconds: int) -> float:
    with server(url) as base:
        path_format = "/s/ANG-BENCH-%06d"
        load(base, path_format, count, 2)  # warm-up
        rounds = sorted(load(base, path_format, count, seconds)[0] for _ in range(ROUNDS))
    print(f"  live /s/{{id}}: {' '.join(f'{r:.0f}' for r in rounds)} req/s (median kept)", flush=True)
    return statistics.median(rounds)


def export(
    url: str, out: Path, *, compress: bool, samples: list[float] | None = None, files: list[float] | None = None
) -> ExportReport:
    settings = Settings(database={"url": url}, public={"base_url": "https://capteurs.example.fr"})
    engine = make_engine(url)
    assert not out.exists(), f"{out} exists: each export writes into a new folder"
    options = ExportOptions(out=out, compress=compress, signs=True)
    try:
        if samples is None:
            return export_site(settings, engine, options)
        with sampled_memory(samples, files=files):
            return export_site(settings, engine, options)
    finally:
        engine.dispose()


def page_sizes(out: Path) -> tuple[int, int, int]:
    page = out / "s" / sensor_id(0) / "index.fr.html"
    return tuple(  # type: ignore[return-value]
        (page.with_name(page.name + suffix)).stat().st_size for suffix in ("", ".gz", ".br")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sensors", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: a temporary folder)")
    args = parser.parse_args(argv)
    if ensure_wrk() != "wrk":
        print(REFUSAL, flush=True)
    with tempfile.TemporaryDirectory(dir=args.out) as tmp:
        root = Path(tmp)
        big, small = f"sqlite:///{root / 'big.sqlite3'}", f"sqlite:///{root / 'small.sqlite3'}"
        print(f"[1] {args.sensors} sensors, live page route", flush=True)
        fill(big, args.sensors, distinct=True)
        ceiling = live_rps(big, args.sensors, args.seconds)
        print(f"[2] export of {args.sensors} sensors, no compressed copies", flush=True)
        samples: list[float] = []
        files: list[float] = []
        report = export(big, root / "site", compress=False, samples=samples, files=files)
        rate = report.tally.pages / report.seconds
        quarter = max(1, len(samples) // 4)
        start, end = max(samples[:quarter], default=rss_mib()), max(samples[-quarter:], default=rss_mib())
        flat = end <= start * 1.15 + 16
        size_gb = report.tally.plain_bytes / 1e9
        print(
            f"  {report.tally.pages} pages, {report.tally.files} files, {size_gb:.2f} GB in {report.seconds:.0f} s:"
            f" {rate:.0f} pages/s; RssAnon {start:.0f} -> {end:.0f} MiB ({'flat' if flat else 'GROWING'});"
            f" RssFile (mapped database, the kernel's) {files[0] if files else 0:.0f} -> {max(files, default=0):.0f} MiB",
            flush=True,
        )
        print(f"[3] export of {args.small} sensors, without then with .gz/.br", flush=True)
        fill(small, args.small, distinct=True)
        plain = export(small, root / "small-plain", compress=False)
        packed = export(small, root / "small-packed", compress=True)
        sizes = page_sizes(root / "small-packed")
        tally = packed.tally
        print(
            f"  plain {plain.seconds:.1f} s ({plain.tally.plain_bytes / 1e6:.0f} MB, goal < 60 s);"
            f" with copies {packed.seconds:.1f} s (+{tally.gzip_bytes / 1e6:.0f} MB .gz, +{tally.brotli_bytes / 1e6:.0f} MB .br)"
        )
        print(f"  a sensor page: {sizes[0]} B, {sizes[1]} B gzip, {sizes[2]} B brotli", flush=True)
    print(
        f"RESULT static_export_pages_per_s={rate:.0f} ceiling={ceiling:.0f} ratio={ratio_text(rate, ceiling)}"
        f" rss_start_mib={start:.0f} rss_end_mib={end:.0f} flat={flat} sensors={args.sensors}"
        f" export_s={report.seconds:.0f} export_gb={size_gb:.2f} small={args.small} small_s={plain.seconds:.1f}"
        f" small_compressed_s={packed.seconds:.1f} page_b={sizes[0]} page_gz_b={sizes[1]} page_br_b={sizes[2]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
