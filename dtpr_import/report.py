"""What an import did: counts, every problem by cell, the register before and after."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from dtpr_core.errors import Problem
from dtpr_core.yaml_source import load_register_text, too_large
from dtpr_import.convert import CellProblem
from dtpr_import.merge import MergedRegister, unified_diff
from dtpr_import.problems import SkipReason

MAX_REGISTER_PROBLEMS = 20
MAX_RANGES = 4


@dataclass(slots=True)
class ImportReport:
    before: str
    merged: MergedRegister | None = None
    """The register with the import merged in (``None`` when nothing changes)."""
    register_name: str = "sensors.yaml"
    read: int = 0
    """Rows read (the header and empty rows aside)."""
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    organisations_added: list[str] = field(default_factory=list)
    organisations_completed: list[str] = field(default_factory=list)
    """The register's organisations given their DPO's contact by the file (they lacked it)."""
    skipped: Counter[SkipReason] = field(default_factory=Counter)
    other_sheets: list[str] = field(default_factory=list)
    """The sheets skipped as naming none of the mapped columns (:attr:`SkipReason.OTHER_SHEET`)."""
    problems: list[CellProblem] = field(default_factory=list)
    refused: int = 0
    register_problems: list[str] = field(default_factory=list)
    """The merged register failing ``dtpr validate`` (then nothing is written)."""

    def skip(self, reason: SkipReason, count: int = 1) -> None:
        if count:
            self.skipped[reason] += count

    def refuse(self, problems: list[CellProblem]) -> None:
        self.refused += 1
        self.problems.extend(problems)

    @property
    def changed(self) -> bool:
        return self.merged is not None and (self.merged.count > 0 or self.merged.head != self.before)

    @property
    def after(self) -> str:
        """The merged register's whole text (:meth:`write_after` streams it instead)."""
        return self.merged.text() if self.merged is not None else self.before

    def write_after(self, out: IO[str]) -> None:
        if self.merged is not None:
            self.merged.write(out)
        else:
            out.write(self.before)

    @property
    def complete(self) -> bool:
        """Every row imported (or already there): exit status 0."""
        return not self.refused and not self.register_problems

    def check_merged(self) -> None:
        """The register's own part, edited (organisations added, sensors updated), must pass ``dtpr validate``.

        Each new entry was validated on its own, its organisations with it, and its id is
        new to the register and the file: with a valid own part, the whole passes (the
        register's other checks, LoRaWAN devices, concern fields an import does not map).
        When it fails, nothing is written.
        """
        if self.merged is None:
            return
        large = too_large(self.merged.size)
        if large is not None:  # dtpr validate and dtpr sync would refuse the whole register
            self._not_written([large])
            return
        if self.merged.head == self.before:
            return
        result = load_register_text(self.merged.head)
        if not result.ok:
            self._not_written([p for p in result.problems if p.is_error])

    def _not_written(self, errors: list[Problem]) -> None:
        assert self.merged is not None
        self.register_problems = [p.format(self.register_name) for p in errors[:MAX_REGISTER_PROBLEMS]]
        self.merged.close()
        self.merged = None

    def diff(self) -> str:
        return unified_diff(self.before, self.after, self.register_name)

    def repeated_problems(self, most: int = 5) -> list[RepeatedProblem]:
        """The problems said on several rows, most frequent first."""
        rows: dict[tuple[str, str, str, str], list[CellProblem]] = {}
        for problem in self.problems:
            rows.setdefault((problem.file, problem.sheet, problem.column, problem.message), []).append(problem)
        repeated = [RepeatedProblem(found[0], sorted({p.row for p in found})) for found in rows.values()]
        frequent = sorted((found for found in repeated if len(found.rows) > 1), key=lambda found: -len(found.rows))
        return frequent[:most]  # rows, not sensors: a wide form has several a row

    def repeated(self, most: int = 5) -> list[str]:
        """The problems said on several rows, most frequent first: ``9 rows (2–10): COLUMN: message``."""
        return [repeated.format() for repeated in self.repeated_problems(most)]

    def _named(self, reason: SkipReason) -> str:
        return f" ({', '.join(self.other_sheets)})" if reason is SkipReason.OTHER_SHEET else ""

    def summary(self) -> str:
        parts = [
            f"{self.read} row{'s' * (self.read != 1)} read",
            f"{len(self.imported)} imported",
            f"{len(self.updated)} updated",
            f"{self.refused} refused",
        ]
        if self.drafts:
            parts.append(f"{len(self.drafts)} written as drafts (status: planned)")
        if self.organisations_added:
            parts.append(f"organisations added: {', '.join(self.organisations_added)}")
        if self.organisations_completed:
            parts.append(f"DPO contact added to: {', '.join(self.organisations_completed)}")
        skipped = ", ".join(f"{count} {reason}{self._named(reason)}" for reason, count in sorted(self.skipped.items()))
        if skipped:
            parts.append(f"skipped: {skipped}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class RepeatedProblem:
    """One problem said on several rows (the first of them, and the rows' numbers)."""

    problem: CellProblem
    rows: list[int]

    @property
    def ranges(self) -> str:
        """The rows as runs: ``2–10, 14, 20–31, …``."""
        return _ranges(self.rows)

    def format(self) -> str:
        return f"{len(self.rows)} rows ({self.ranges}): {self.problem.column}: {self.problem.message}"


def _ranges(numbers: list[int]) -> str:
    """Row numbers as runs: ``2–10, 14, 20–31, …``."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = [f"{first}–{last}" if last > first else str(first) for first, last in runs[:MAX_RANGES]]
    return ", ".join(shown) + (", …" if len(runs) > MAX_RANGES else "")
