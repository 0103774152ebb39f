"""The three formats: SVG well formed and escaped, PDF text and fonts, PNG QR codes that scan."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from dtpr_core import Urls
from signage import SIZES, SignOptions, render_sign, sign_layout
from tests.signage.conftest import BASE_URL, make_sensor

SVG = "{http://www.w3.org/2000/svg}"
MM_PER_INCH = 25.4


def test_svg_is_well_formed_with_the_four_hexagons() -> None:
    root = ET.fromstring(render_sign(make_sensor("identifiable"), SignOptions(BASE_URL), "svg"))
    hexagons = {node.get("data-role"): node.get("fill") for node in root.iter(f"{SVG}polygon")}
    assert hexagons == {"purpose": "#000000", "accountable": "#FFFFFF", "feedback": "#FFFFFF", "technology": "#FFDD00"}
    assert root.get("width") == "148mm" and root.get("height") == "210mm"


def test_svg_escapes_text_from_technicians_and_devices() -> None:
    nasty = "<script>alert(1)</script> & \"quotes\" 'single'"
    sensor = make_sensor(name={"fr": nasty, "en": nasty})
    text = render_sign(sensor, SignOptions(BASE_URL, langs=("fr", "en")), "svg").decode()
    root = ET.fromstring(text)
    assert "<script>" not in text and root.find(f".//{SVG}script") is None
    titles = ["".join(node.itertext()) for node in root.iter(f"{SVG}text") if node.get("class") == "title"]
    assert titles and "<script>" in titles[0]


def pdf_text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("langs", [("fr",), ("fr", "en"), ("fr", "es"), ("fr", "pt")])
def test_pdf_holds_the_names_and_the_attribution(langs: tuple[str, ...]) -> None:
    name = {"fr": "Cœur de ville — façade", "en": "Town centre — façade", "es": "¿Niño? Señal", "pt": "Ação e emoção"}
    sensor = make_sensor(name=name)
    text = " ".join(pdf_text(render_sign(sensor, SignOptions(BASE_URL, langs=langs), "pdf")).split())
    assert name[langs[0]].split(" — ")[0] in text
    assert "Angers Loire Métropole" in text
    assert "CC BY 4.0" in text and "DTPR" in text
    assert "capteurs.angers.fr/s/ANG-TEST-0001" in text.replace(" ", "").replace("\n", "") or "/s/ANG-TEST-0001" in text


def test_pdf_embeds_its_fonts() -> None:
    reader = PdfReader(io.BytesIO(render_sign(make_sensor(), SignOptions(BASE_URL), "pdf")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font
            else font.get("/FontDescriptor")
        )
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_png_qr_code_decodes_to_the_sensor_url_and_measures_20_mm(size: str) -> None:
    dpi = 300
    sensor = make_sensor()
    png = render_sign(sensor, SignOptions(BASE_URL, size=size, dpi=dpi), "png")
    image = Image.open(io.BytesIO(png))
    assert image.size[0] == pytest.approx(SIZES[size].width_mm / MM_PER_INCH * dpi, abs=2)
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [Urls(BASE_URL).sensor_page(sensor.id)]
    position = codes[0].position
    width_px = max(
        abs(position.top_right.x - position.top_left.x), abs(position.bottom_right.x - position.bottom_left.x)
    )
    printed_mm = (width_px + 1) / dpi * MM_PER_INCH
    assert printed_mm >= 20.0 - 0.3, printed_mm
    assert sign_layout(sensor, SignOptions(BASE_URL, size=size)).qr.symbol_mm >= 20.0


def test_png_qr_code_still_decodes_at_low_resolution() -> None:
    png = render_sign(make_sensor(), SignOptions(BASE_URL, size="a6", dpi=100), "png")
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [code.text for code in codes] == [f"{BASE_URL}/s/ANG-TEST-0001"]
