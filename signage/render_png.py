"""PNG at a chosen resolution: the PDF rasterised by PDFium, so PNG and print look the same."""

from __future__ import annotations

import io
import threading

import pypdfium2 as pdfium

_PDFIUM = threading.Lock()
"""PDFium is not thread-safe (two renders at once crashed the registry, issue #22): one at a time."""


def pdf_to_png(pdf: bytes, dpi: int) -> bytes:
    """The first page of *pdf* as a PNG at *dpi*, with its resolution recorded in the file."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            image = document[0].render(scale=dpi / 72.0).to_pil().convert("RGB")
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()
