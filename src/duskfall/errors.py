"""Specific errors that carry what was wrong: the field, the value and what is allowed.

Every error raised for bad input is an :class:`InputError` (a :class:`ValueError`), so
callers can catch one type; the CLI prints its one-line message and exits with status 2.
"""

from __future__ import annotations

from typing import Any


class DuskfallError(Exception):
    """Base class of every error raised by duskfall."""


class InputError(DuskfallError, ValueError):
    """A value given to duskfall is not allowed.

    Parameters
    ----------
    field
        The name of the input as the user wrote it (``--exit-altitude``,
        ``latitude_deg``, ``jumper.mass``).
    value
        The offending value, as given.
    allowed
        What would have been accepted, in words (``"-90 to 90 degrees"``).
    problem
        Optional short description of what is wrong; defaults to "is not allowed".
    """

    def __init__(self, field: str, value: Any, allowed: str, problem: str | None = None):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.problem = problem or "is not allowed"
        super().__init__(f"{field}: {value!r} {self.problem}; allowed: {allowed}")


class OutOfRangeError(InputError):
    """A number is outside the range the model or the physics allows."""

    def __init__(self, field: str, value: Any, allowed: str, problem: str | None = None):
        super().__init__(field, value, allowed, problem or "is out of range")


class UnitError(InputError):
    """A quantity could not be read as a number with an allowed unit."""

    def __init__(self, field: str, value: Any, allowed: str, problem: str | None = None):
        super().__init__(field, value, allowed, problem or "is not a valid quantity")


class NaiveDatetimeError(InputError):
    """A datetime without a time zone was given where an aware one is required."""

    def __init__(self, field: str, value: Any):
        super().__init__(
            field,
            value,
            "a timezone-aware datetime (e.g. datetime(..., tzinfo=timezone.utc))",
            "is naive (has no time zone)",
        )


class InconsistentInputError(InputError):
    """Two inputs are each valid but not together (exit below the opening altitude)."""

    def __init__(self, field: str, value: Any, allowed: str, problem: str | None = None):
        super().__init__(field, value, allowed, problem or "is inconsistent with other inputs")
