"""What kind of problem a refused cell has, and why a row was left aside: one list each.

A problem's kind is chosen where the problem is made (a value read, an id made, a
register rule checked), never guessed from its message afterwards. The command prints
the message, in technical English, as ``FILE:SHEET:ROW:COLUMN: message``; the staff
console explains the kind in the reader's language (the ``staff`` catalogue's
``import_problem_<kind>``) and keeps the message below it for the technician.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from dtpr_core.errors import Rule


class ProblemKind(StrEnum):
    """The kinds of :class:`dtpr_import.convert.CellProblem`."""

    NOT_LISTED = "not_listed"
    """A value the mapping's list for that field does not have."""
    NOT_YES_NO = "not_yes_no"
    """A yes-or-no cell (automated decisions) with something else."""
    NOT_NUMBER = "not_number"
    NOT_DAYS = "not_days"
    """A cell declared a whole number of days (``kind: days``) with something else."""
    NOT_DATE = "not_date"
    NOT_DURATION = "not_duration"
    NOT_PLACE = "not_place"
    """Coordinates that are numbers but no place on Earth, or outside the area their system is made for."""
    UNREADABLE = "unreadable"
    """A value the conversion could not read for another reason."""
    ID_NOT_MADE = "id_not_made"
    """The mapping's id template cannot be filled in from the row."""
    ID_EMPTY = "id_empty"
    DUPLICATE = "duplicate"
    """An id an earlier row of the file gave."""
    IN_REGISTER = "in_register"
    """An id the register has, with other fields, and no ``--update``."""
    NOT_A_ROLE = "not_a_role"
    NO_ORGANISATION = "no_organisation"
    """A role given to an accountable organisation the row does not name."""
    TOO_LONG = "too_long"
    """A text longer than the register allows."""
    NO_DPO_CONTACT = "no_dpo_contact"
    """Personal data, and no accountable organisation gives its data-protection officer's contact."""
    REGISTER_RULE = "register_rule"
    """Another rule of the register (those of ``dtpr validate``) that the sensor breaks."""


RULE_KINDS: Mapping[Rule | None, ProblemKind] = {
    "text_too_long": ProblemKind.TOO_LONG,
    "dpo_contact": ProblemKind.NO_DPO_CONTACT,
}
"""The register rules (:attr:`dtpr_core.errors.Problem.rule`) said in words; the others are ``REGISTER_RULE``."""


class CellValueError(ValueError):
    """A cell's value refused while reading it (:mod:`dtpr_import.values`, :mod:`dtpr_import.durations`)."""

    def __init__(self, kind: ProblemKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def kind_of(error: ValueError) -> ProblemKind:
    """The kind of a value's problem: the one it was raised with, else :attr:`ProblemKind.UNREADABLE`."""
    return error.kind if isinstance(error, CellValueError) else ProblemKind.UNREADABLE


class SkipReason(StrEnum):
    """Why rows were left aside; the value is the command's words (``skipped: 2 empty row(s)``)."""

    EMPTY_ROWS = "empty row(s)"
    UNCHANGED = "unchanged (already in the register)"
    ABOVE_HEADER = "row(s) above the header"
    OTHER_SHEET = "sheet(s) naming none of the mapped columns"

    @property
    def key(self) -> str:
        """The reason's name in the ``staff`` catalogue: ``import_skip_<key>``."""
        return self.name.lower()
