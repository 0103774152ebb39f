"""No sign that points nowhere (issue #21): an address unfit for the street makes proofs only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from dtpr_cli.main import main
from dtpr_core import unfit_sign_address
from signage import SignOptions, render_sign
from tests.signage.conftest import BASE_URL, make_sensor
from tests.signage.test_cli import register  # noqa: F401 (fixture)
from tests.signage.test_render import pdf_text

PROOF = "ÉPREUVE — NE PAS AFFICHER"
LOOPBACK = "http://127.0.0.1:8000"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("base_url", "fault"),
    [
        ("http://127.0.0.1:8000", "loopback"),
        ("https://localhost", "loopback"),
        ("https://[::1]:8443", "loopback"),
        ("https://192.168.1.20", "private"),
        ("https://10.0.0.7", "private"),
        ("https://93.184.216.34", "bare_ip"),
        ("https://registry", "local_name"),
        ("https://capteurs.local", "local_name"),
        ("http://capteurs.angers.fr", "not_https"),
    ],
)
def test_unfit_addresses_are_named_with_their_fault(base_url: str, fault: str) -> None:
    unfit = unfit_sign_address(base_url)
    assert unfit is not None and unfit.fault == fault
    assert unfit.reason.startswith(base_url) and "\n" not in unfit.reason


def test_a_public_https_address_is_fit() -> None:
    assert unfit_sign_address("https://capteurs.angers.fr") is None
    assert unfit_sign_address(BASE_URL + "/") is None


@given(st.text(max_size=80))
def test_any_text_as_an_address_is_judged_without_crashing(text: str) -> None:
    unfit = unfit_sign_address(text)
    assert unfit is None or unfit.reason


@pytest.mark.parametrize("fmt", ["pdf", "svg"])
def test_a_sign_with_a_loopback_address_is_always_a_proof(fmt: str) -> None:
    assert SignOptions(LOOPBACK).proof, "never a clean sign that points nowhere, even when not asked"
    body = render_sign(make_sensor(), SignOptions(LOOPBACK, size="a6"), fmt)
    text = words(pdf_text(body)) if fmt == "pdf" else body.decode()
    assert PROOF in text
    clean = render_sign(make_sensor(), SignOptions(BASE_URL, size="a6"), fmt)
    assert PROOF not in (words(pdf_text(clean)) if fmt == "pdf" else clean.decode())


def test_the_proof_mark_leaves_the_qr_code_readable() -> None:
    import zxingcpp
    from PIL import Image

    png = render_sign(make_sensor(), SignOptions(LOOPBACK, size="a6", dpi=150), "png")
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert found == [f"{LOOPBACK}/s/ANG-TEST-0001"]


def build(register_file: Path, out: Path, base_url: str, *extra: str) -> int:
    args = ["signs", "build", "--register", str(register_file), "--out", str(out), "--base-url", base_url, "--all"]
    return main([*args, "--sheet", "a4", "--size", "a6", *extra])


def test_signs_build_refuses_a_loopback_address_in_one_line(
    register: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    assert build(register, out, LOOPBACK) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "http://127.0.0.1:8000 is a loopback address" in error and "--proof" in error
    assert not out.exists(), "nothing written"


def test_signs_build_with_proof_makes_proofs_only(register: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    assert build(register, out, LOOPBACK, "--proof") == 0
    [sheet] = out.glob("proofs-*-a6-on-a4.pdf")
    pages = [words(page.extract_text()) for page in PdfReader(sheet).pages]
    assert pages and all(PROOF in page for page in pages), "every page crossed"
    assert not (out / "printed.json").exists(), "a proof is not a printed sign"


def test_signs_build_with_an_https_address_makes_clean_signs(register: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    assert build(register, out, BASE_URL) == 0
    [sheet] = out.glob("signs-*-a6-on-a4.pdf")
    assert all(PROOF not in words(page.extract_text()) for page in PdfReader(sheet).pages)
    assert set(json.loads((out / "printed.json").read_text())["signs"]) == {"ANG-TEST-0001", "ANG-VID-0001"}
