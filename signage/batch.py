"""A batch of signs written to a folder: the one code path of ``dtpr signs build`` and the staff console.

The batch is one PDF of sheets (``sheet``), one file per sign (the CLI), or the same
files in one zip (``bundle``, the console's download). Signs are laid out and drawn
one at a time, so a thousand signs keep only the output in memory; ``on_sign`` is
called after each with the sensor id (progress bars, job progress).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dtpr_core import CNIL, Sensor, SupervisoryAuthority, unfit_sign_address
from signage.options import FORMATS, SIZES, SignError, SignOptions
from signage.render import render_sign
from signage.sheets import SHEETS, build_sheet

OnSign = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BatchSign:
    """One sign to print: the sensor and the datachain revision shown on it."""

    sensor: Sensor
    revision: int | None = None
    revision_date: date | None = None


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How to print the whole batch (every sign alike)."""

    base_url: str
    size: str = "a5"
    fmt: str = "pdf"
    sheet: str | None = None
    bleed_mm: float = 0.0
    langs: tuple[str, ...] = ("fr",)
    dpi: int = 300
    bundle: bool = False
    """Per-sign files in one zip instead of loose files (ignored with a sheet)."""
    authority: SupervisoryAuthority = CNIL
    """Named on personal-data signs (the settings' supervisory authority)."""
    proof: bool = False
    """Proofs only (``ÉPREUVE — NE PAS AFFICHER``): required while *base_url* is unfit for the street."""

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise SignError(f"unknown sign format {self.fmt!r}: choose one of {', '.join(FORMATS)}")
        if self.sheet is not None and self.sheet not in SHEETS:
            raise SignError(f"unknown sheet {self.sheet!r}: choose one of {', '.join(SHEETS)}")
        if self.sheet is not None and self.fmt != "pdf":
            raise SignError("sheets are PDF: choose the PDF format with a sheet")
        if not 0 <= self.bleed_mm <= 10:
            raise SignError(f"bleed must be between 0 and 10 mm, not {self.bleed_mm:g}")
        unfit = self.sign_options(None, None).unfit_address  # refuses a bad size, language, dpi or base URL now
        if unfit is not None and not self.proof:
            raise SignError(
                f"signs would point nowhere: {unfit.reason}; set DTPR_PUBLIC__BASE_URL (or --base-url) "
                "to the site's public https address, or print proofs with --proof"
            )

    def sign_options(self, revision: int | None, revision_date: date | None) -> SignOptions:
        return SignOptions(
            base_url=self.base_url,
            size=self.size,
            langs=self.langs,
            revision=revision,
            revision_date=revision_date or date.today(),
            dpi=self.dpi,
            authority=self.authority,
            proof=self.proof,
        )

    @property
    def kind(self) -> str:
        """What the batch produces: ``sheet-pdf``, ``zip-svg``, ``pdf``…"""
        if self.sheet:
            return "sheet-pdf"
        return f"zip-{self.fmt}" if self.bundle else self.fmt


def batch_file_name(options: BatchOptions, on: date | None = None) -> str:
    """``signs-2026-12-06-a6-on-a4.pdf`` (sheet) or ``signs-2026-12-06-a6-svg.zip`` (bundle)."""
    day = (on or date.today()).isoformat()
    kind = "proofs" if options.proof else "signs"
    if options.sheet:
        return f"{kind}-{day}-{options.size}-on-{options.sheet}.pdf"
    return f"{kind}-{day}-{options.size}-{options.fmt}.zip"


def build_batch(
    signs: Sequence[BatchSign],
    options: BatchOptions,
    out_dir: Path,
    *,
    on_sign: OnSign | None = None,
    file_name: str | None = None,
) -> list[Path]:
    """Write the batch into *out_dir* and return the paths written (one, or one per sign)."""
    if not signs:
        raise SignError("no sign to print: select at least one declared sensor")
    out_dir.mkdir(parents=True, exist_ok=True)
    if options.sheet:
        return [_write_sheet(signs, options, out_dir / (file_name or batch_file_name(options)), on_sign)]
    if options.bundle:
        return [_write_zip(signs, options, out_dir / (file_name or batch_file_name(options)), on_sign)]
    return _write_files(signs, options, out_dir, on_sign)


def sign_file_name(sign: BatchSign, options: BatchOptions) -> str:
    proof = "-proof" if options.proof else ""
    return f"{sign.sensor.id}-{options.size}{proof}.{options.fmt}"


def _render(sign: BatchSign, options: BatchOptions) -> bytes:
    return render_sign(sign.sensor, options.sign_options(sign.revision, sign.revision_date), options.fmt)


def _write_files(
    signs: Sequence[BatchSign], options: BatchOptions, out_dir: Path, on_sign: OnSign | None
) -> list[Path]:
    written = []
    for sign in signs:
        path = out_dir / sign_file_name(sign, options)
        path.write_bytes(_render(sign, options))
        written.append(path)
        if on_sign:
            on_sign(sign.sensor.id)
    return written


def _write_zip(signs: Sequence[BatchSign], options: BatchOptions, path: Path, on_sign: OnSign | None) -> Path:
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sign in signs:
            archive.writestr(sign_file_name(sign, options), _render(sign, options))
            if on_sign:
                on_sign(sign.sensor.id)
    partial.replace(path)
    return path


def _write_sheet(signs: Sequence[BatchSign], options: BatchOptions, path: Path, on_sign: OnSign | None) -> Path:
    assert options.sheet is not None
    pairs = ((sign.sensor, options.sign_options(sign.revision, sign.revision_date)) for sign in signs)
    partial = path.with_name(path.name + ".part")
    with partial.open("wb") as file:
        build_sheet(
            pairs,
            options.sheet,
            options.bleed_mm,
            out=file,
            on_sign=(lambda sensor: on_sign(sensor.id)) if on_sign else None,
        )
    partial.replace(path)
    return path


class SignBatch:
    """:func:`build_batch` with plain values, for the registry's print jobs (it never imports signage).

    ``options`` is a mapping of :class:`BatchOptions` fields; ``base_url`` is this
    server's public origin, fixed when the registry starts. While that origin is unfit
    for the street (:attr:`unfit_address`), every batch is made of proofs.
    """

    def __init__(self, base_url: str, authority: SupervisoryAuthority = CNIL) -> None:
        self.base_url, self.authority = base_url, authority
        self.unfit_address = unfit_sign_address(base_url)
        self.sizes: dict[str, str] = {name: size.label for name, size in SIZES.items()}
        self.sheets: tuple[str, ...] = tuple(SHEETS)

    def options(self, options: Mapping[str, Any]) -> BatchOptions:
        try:
            return BatchOptions(
                base_url=self.base_url,
                size=str(options.get("size", "a5")),
                fmt=str(options.get("fmt", "pdf")),
                sheet=options.get("sheet") or None,
                bleed_mm=float(options.get("bleed_mm", 0.0)),
                langs=tuple(options.get("langs") or ("fr",)),
                dpi=int(options.get("dpi", 300)),
                bundle=True,
                authority=self.authority,
                proof=self.unfit_address is not None,
            )
        except (TypeError, ValueError) as error:
            raise SignError(f"bad print options: {error}") from error

    def check(self, options: Mapping[str, Any]) -> None:
        self.options(options)

    def file_name(self, options: Mapping[str, Any]) -> str:
        return batch_file_name(self.options(options))

    def __call__(
        self,
        signs: Sequence[tuple[Sensor, int | None, date | None]],
        options: Mapping[str, Any],
        out_dir: Path,
        file_name: str,
        on_sign: OnSign,
    ) -> Path:
        batch = [BatchSign(sensor, revision, day) for sensor, revision, day in signs]
        return build_batch(batch, self.options(options), out_dir, on_sign=on_sign, file_name=file_name)[0]
