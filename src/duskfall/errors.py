"""Specific errors that carry what was wrong: the field, the value and what is allowed.

Every error raised for bad input is an :class:`InputError` (a :class:`ValueError`), so
callers can catch one type; the CLI prints its one-line message and exits with status 2.
"""

from __future__ import annotations

from typing import Any

import numpy as np


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
        shown = "" if value is None else f"{value!r} "  # a missing value is not shown as None
        super().__init__(f"{field}: {shown}{self.problem}; allowed: {allowed}")

    def __reduce__(self):
        # Pickled whole, field and value included (an error raised in a worker process
        # reaches the caller as raised): by its state, not by calling __init__ again.
        return (_restore_error, (type(self), self.args, self.__dict__))


def _restore_error(kind: type[InputError], args: tuple, state: dict) -> InputError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


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
        if hasattr(value, "isoformat"):  # shown as written, not as Python's repr
            value = value.isoformat()
        super().__init__(
            field,
            value,
            'a time with its zone ("2018-03-10T14:22:38Z", "...+04:00"; in Python an '
            "aware datetime)",
            "is naive (has no time zone)",
        )


class InconsistentInputError(InputError):
    """Two inputs are each valid but not together (exit below the opening altitude).

    ``others`` holds the same conflict said of the other inputs, as
    ``{field: (value, allowed, problem)}``, so that a caller who knows which input the
    user changed can name that one.
    """

    def __init__(
        self,
        field: str,
        value: Any,
        allowed: str,
        problem: str | None = None,
        others: dict[str, tuple[Any, str, str]] | None = None,
    ):
        super().__init__(field, value, allowed, problem or "is inconsistent with other inputs")
        self.others = dict(others or {})

    def said_of(self, field: str) -> InconsistentInputError:
        """The same conflict named after ``field`` (one of :attr:`others`)."""
        value, allowed, problem = self.others[field]
        others = {self.field: (self.value, self.allowed, self.problem)}
        return InconsistentInputError(field, value, allowed, problem, others)


def describe_range(
    low=None,
    high=None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    unit: str = "",
) -> str:
    """A range in words, as every "allowed" text says one: ``from 0 to 360 deg``,
    ``more than 0 kg, at most 1,000 kg``."""
    suffix = f" {unit}" if unit else ""
    lower = None if low is None else f"{'at least' if low_inclusive else 'more than'} {low:,g}"
    upper = None if high is None else f"{'at most' if high_inclusive else 'less than'} {high:,g}"
    if lower and upper:
        if low_inclusive and high_inclusive:
            return f"from {low:,g} to {high:,g}{suffix}"
        return f"{lower}{suffix}, {upper}{suffix}"
    if lower or upper:
        return f"{lower or upper}{suffix}"
    return f"a finite number{suffix}"


def check_range(
    field: str,
    value: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    unit: str = "",
    allowed: str | None = None,
):
    """``value`` as a float (or a float array), if it is a finite number in the range.

    The one range check of the library: a bool or a text is not a number, NaN and
    infinities are refused, and every element of an array must lie in the range.

    Parameters
    ----------
    field
        The name of the input, for the message.
    value
        A number or an array of numbers.
    low, high
        The limits (None: unbounded on that side).
    low_inclusive, high_inclusive
        Whether each limit itself is allowed.
    unit
        Unit of the limits, for the message (``"m"``, ``"kg"``).
    allowed
        The message's "allowed" text, if not the range in words.

    Returns
    -------
    float or ndarray
        A float for a scalar, a float array for an array.

    Raises
    ------
    OutOfRangeError
        Naming ``field``, the first offending value and what is allowed.

    Examples
    --------
    >>> check_range("mass_kg", 90, 0, 1000, low_inclusive=False, unit="kg")
    90.0
    """
    text = allowed or describe_range(
        low, high, low_inclusive=low_inclusive, high_inclusive=high_inclusive, unit=unit
    )
    if isinstance(value, bool | str | bytes) or value is None:
        raise OutOfRangeError(field, value, text, "is not a number")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise OutOfRangeError(field, value, text, "is not a number") from None
    if array.dtype.kind not in "fiu" or (
        array.dtype == object or np.asarray(value).dtype.kind in "bUSO"
    ):
        raise OutOfRangeError(field, value, text, "is not a number")
    bad = ~np.isfinite(array)
    if low is not None:
        bad |= array < low if low_inclusive else array <= low
    if high is not None:
        bad |= array > high if high_inclusive else array >= high
    if np.any(bad):
        if array.ndim:
            first = array[bad].flat[0]
            first = int(first) if np.asarray(value).dtype.kind in "iu" else float(first)
        else:  # as given: a whole number stays whole ("--port: 70000", not 70000.0)
            first = value if isinstance(value, int | float) else float(array)
        raise OutOfRangeError(field, first, text)
    return float(array) if array.ndim == 0 else array
