"""The export's writer: files written by worker processes, in order, inside the folder, failures said."""

from __future__ import annotations

import dataclasses
import gzip
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.register import PLACE_NAME_MAX
from registry.export.listings import query_file
from registry.export.site import ExportReport
from registry.export.statics import hashed_query_map
from registry.export.writer import PENDING, File, SiteWriter, inside
from registry.pages.lists import IndexQuery
from tests.registry.conftest import BASE_URL


def test_files_land_in_order_with_copies_aliases_and_tally(tmp_path: Path) -> None:
    body = b"<!doctype html><p>" + "é".encode() * 2000
    with SiteWriter(tmp_path, compress=True) as writer:
        for index in range(PENDING * 2):  # more batches than may wait at once
            writer.write_in_order(
                [
                    File(f"s/X-{index}/index.fr.html", body, True, (f"s/X-{index}/index.html",)),
                    File(f"s/X-{index}/.export-stamp", str(index).encode()),
                ]
            )
    folder = tmp_path / "s" / f"X-{PENDING * 2 - 1}"
    assert (folder / "index.fr.html").read_bytes() == body
    assert os.path.samefile(folder / "index.fr.html", folder / "index.html")
    assert gzip.decompress((folder / "index.html.gz").read_bytes()) == body
    assert brotli.decompress((folder / "index.fr.html.br").read_bytes()) == body
    assert not list(tmp_path.rglob(".*.tmp")), "no temporary file left behind"
    tally = writer.tally
    assert (tally.pages, tally.files) == (PENDING * 2, PENDING * 4)
    assert tally.kinds == {".html": PENDING * 2, ".export-stamp": PENDING * 2}
    assert 0 < tally.brotli_bytes < tally.plain_bytes and 0 < tally.gzip_bytes < tally.plain_bytes


def test_a_write_that_fails_in_a_worker_is_an_error_in_the_export(tmp_path: Path) -> None:
    (tmp_path / "s").write_text("a file where a folder must go")
    with pytest.raises(OSError, match=r"a file where a folder must go.*/s\)"):  # names what is in the way
        with SiteWriter(tmp_path, compress=False) as writer:
            writer.write("s/X/index.html", b"page", page=True)
            writer.flush()


@given(st.text(min_size=0, max_size=40))
def test_no_name_leaves_the_folder(name: str) -> None:
    root = Path("/tmp/dtpr-export-names")
    try:
        target = inside(str(root), name)
    except ValueError as error:
        assert "refusing to write outside the export folder" in str(error)
        return
    resolved = Path(os.path.normpath(target))
    assert resolved != root and root in resolved.parents, target


def test_the_cli_says_why_it_cannot_write(
    app: FastAPI,
    shipped: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dtpr_cli.main import main
    from dtpr_core.settings import get_settings

    out = tmp_path / "site"
    (out / "s").mkdir(parents=True)
    (out / "s" / shipped[0]).write_text("in the way")  # where a sensor's folder must go
    monkeypatch.setenv("DTPR_DATABASE__URL", app.state.settings.database.url)
    monkeypatch.setenv("DTPR_PUBLIC__BASE_URL", BASE_URL)
    get_settings.cache_clear()
    try:
        assert main(["export", "site", str(out), "--no-compress"]) == 1
    finally:
        get_settings.cache_clear()
    error = capsys.readouterr().err
    assert error.startswith("dtpr export: cannot write the site:") and shipped[0] in error
    assert "Traceback" not in error


def test_a_planted_link_to_a_folder_stops_the_export_and_nothing_lands_outside(
    shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    """``ln -s /elsewhere OUT/s``: the export refuses to write through it, with an error naming it."""
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "s").symlink_to(elsewhere)
    with pytest.raises(OSError, match="symbolic link where a folder must go"):
        export(compress=False)
    assert list(elsewhere.iterdir()) == []


def test_a_planted_temporary_link_is_replaced_not_written_through(
    shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    """``ln -s /victim OUT/.index.html.tmp`` (and at final names): the victim keeps its bytes."""
    out, victim = tmp_path / "site", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_bytes(b"precious")
    for name in (".index.html.tmp", ".inventory.csv.tmp", "inventory.csv", "robots.txt", ".robots.txt.gz.tmp"):
        (out / name).symlink_to(victim)
    (out / "_dtpr").mkdir()
    (out / "_dtpr" / "site.json").symlink_to(victim)
    export()
    assert victim.read_bytes() == b"precious"
    for name in ("index.html", "inventory.csv", "robots.txt", "robots.txt.gz", "_dtpr/site.json"):
        assert not (out / name).is_symlink() and (out / name).is_file(), name
    assert not list(out.rglob(".*.tmp"))
    export(changed=True)  # an export over an export: what it reads is its own regular files
    assert victim.read_bytes() == b"precious"


@given(
    name=st.text(min_size=1, max_size=PLACE_NAME_MAX),
    field=st.sampled_from(["commune", "zone"]),
    locale=st.sampled_from(["fr", "en", "ar"]),
    page=st.integers(1, 10_000),
)
def test_a_listing_file_name_is_safe_whatever_the_place_name(name: str, field: str, locale: str, page: int) -> None:
    """Any commune or zone name the validator accepts: a file name the file system takes, inside the folder,
    and one nginx finds (by its query as is, or by the export's map of hashed names)."""
    url = IndexQuery(**{field: name}).link(locale, page, "fr")
    relative = query_file(url)
    inside("/srv/site", relative)
    folder, _, file_name = relative.rpartition("/")
    assert folder == "_q" and len(file_name.encode()) <= 255 and file_name.endswith(".html")
    query = urlsplit(url).query
    if file_name != f"{query}.html":
        assert hashed_query_map({query: relative}).count("\n") == 1
        assert f'"{query}" "{file_name.removesuffix(".html")}";' in hashed_query_map({query: relative})


def test_a_long_zone_name_is_exported(
    app: FastAPI, shipped: list[str], export: Callable[..., ExportReport], tmp_path: Path
) -> None:
    """``zone: "é" * 80`` (the longest the validator takes): its listing is written under a hashed name."""
    from dtpr_core.yaml_source import load_register_file
    from dtpr_store.db import session_scope
    from dtpr_store.writes import upsert_sensor
    from tests.registry.export.conftest import SHIPPED

    sensor = load_register_file(str(SHIPPED)).register.sensors[0]  # type: ignore[union-attr]
    moved = dataclasses.replace(sensor, location=dataclasses.replace(sensor.location, zone="é" * PLACE_NAME_MAX))
    with session_scope(app.state.engine) as session:
        upsert_sensor(session, sensor=moved, source="register", actor="test")
    export(compress=False)
    maps = (tmp_path / "site" / "_dtpr" / "nginx-maps.conf").read_text()
    long_query = "zone=" + "%C3%A9" * PLACE_NAME_MAX
    (entry,) = [line for line in maps.splitlines() if line.strip().startswith(f'"{long_query}"')]
    hashed = entry.split('"')[3]
    assert (tmp_path / "site" / "_q" / f"{hashed}.html").is_file()
