"""What a sign is asked to be: the options, the sizes it can be printed at, its error."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Literal

from dtpr_core import CNIL, LOCALES, DtprError, SupervisoryAuthority, UnfitSignAddress, Urls, unfit_sign_address
from dtpr_core.catalogues import translate
from signage.fonts import missing_glyphs

Arrangement = Literal["diamond", "compact"]


@dataclass(frozen=True, slots=True)
class SignSize:
    """A printed size in millimetres and how its honeycomb is arranged."""

    name: str
    width_mm: float
    height_mm: float
    qr_mm: float
    """Printed size of the QR symbol (quiet zone excluded): never under 20 mm."""
    margin_mm: float
    arrangement: Arrangement
    title_mm: float
    """Cap-to-descender size of the title font; the body text scales from it."""
    label: str


SIZES: dict[str, SignSize] = {
    "sticker": SignSize("sticker", 100.0, 100.0, 20.0, 3.0, "compact", 4.2, "autocollant 10 × 10 cm"),
    "a6": SignSize("a6", 105.0, 148.0, 20.0, 4.0, "diamond", 4.6, "A6 portrait"),
    "a5": SignSize("a5", 148.0, 210.0, 25.0, 6.0, "diamond", 6.5, "A5 portrait"),
    "a4": SignSize("a4", 210.0, 297.0, 35.0, 8.0, "diamond", 9.0, "A4 portrait"),
}
FORMATS = ("svg", "pdf", "png")
MIN_QR_MM = 20.0


@cache
def sign_languages() -> tuple[str, ...]:
    """The languages whose sign words the sign's fonts can draw (all six: Khmer in Noto Sans Khmer, shaped)."""
    probes = ("sign_scan", "sign_more", "sign_accountable", "gdpr_sign_controller", "gdpr_sign_dpo")
    return tuple(lang for lang in LOCALES if not missing_glyphs("".join(translate(lang, probe)[0] for probe in probes)))


class SignError(DtprError):
    """A sign cannot be printed: the datachain is invalid or incomplete, or an option is wrong."""

    status = 422
    code = "sign_not_printable"


@dataclass(frozen=True, slots=True)
class SignOptions:
    """How to print one sign. ``revision``/``revision_date`` come from the registry when known."""

    base_url: str
    size: str = "a5"
    langs: tuple[str, ...] = ("fr",)
    revision: int | None = None
    revision_date: date | None = None
    dpi: int = 300
    authority: SupervisoryAuthority = CNIL
    """Where people complain, named on personal-data signs (the settings' supervisory authority)."""
    proof: bool = False
    """Crossed by ``ÉPREUVE — NE PAS AFFICHER``; always set when *base_url* is unfit for the street."""
    urls: Urls = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise SignError(f"unknown sign size {self.size!r}: choose one of {', '.join(SIZES)}")
        if not self.langs or len(self.langs) > 2:
            raise SignError("a sign has one or two languages (French first), e.g. --lang fr,en")
        unknown = [lang for lang in self.langs if lang not in LOCALES]
        if unknown:
            raise SignError(f"unknown language {unknown[0]!r}: choose among {', '.join(LOCALES)}")
        unprintable = [lang for lang in self.langs if lang not in sign_languages()]
        if unprintable:
            raise SignError(
                f"{unprintable[0]!r} cannot be printed on a sign: its script needs glyphs and shaping the sign's "
                f"renderer lacks (empty boxes otherwise); print in {', '.join(sign_languages())}: the page the "
                f"QR code opens reads in {unprintable[0]}"
            )
        if not 72 <= self.dpi <= 1200:
            raise SignError(f"dpi must be between 72 and 1200, not {self.dpi}")
        try:
            object.__setattr__(self, "urls", Urls(self.base_url))
        except ValueError as error:
            raise SignError(str(error)) from error
        if self.unfit_address is not None:
            object.__setattr__(self, "proof", True)  # a sign that points nowhere is never a clean sign

    @property
    def unfit_address(self) -> UnfitSignAddress | None:
        return unfit_sign_address(self.base_url)

    @property
    def sign_size(self) -> SignSize:
        return SIZES[self.size]
