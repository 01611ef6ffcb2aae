"""The winds a plan used: which source, which valid time, how old, and the period it is for.

A wind profile says where it comes from (``source``), when it is valid
(``valid_time_utc_s``; an hourly forecast, every hour), the model run it comes from
(``model_run_utc_s``) and the period it is for (``valid_from_utc_s`` to
``valid_to_utc_s``: an FB product's FOR USE window, an hourly forecast's first and last
hour). :func:`wind_used` reads those against the planned exit into a :class:`WindUsed`
record, the data the reports word; :func:`check_wind_period` refuses a planned exit far
outside the period (:data:`WIND_TIME_GRACE_S`).

The age of the winds is the planned exit minus the model run for a forecast that names
its run (an FB product's DATA BASED ON, a gridded file's reference time), else minus the
valid time of a source that has one and no run (a sounding's launch, a table's
``valid_time``): how much weather has happened since the data were made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from duskfall.errors import OutOfRangeError
from duskfall.notices import Notice
from duskfall.timeutil import iso_utc
from duskfall.winds import is_time_dependent

WIND_TIME_GRACE_S = 3600.0
"""How far [s] the planned exit may lie outside the period the winds are for and still
be planned with them, with a warning (``wind-outside-validity``, and for an hourly
forecast ``wind-time-extrapolated``, its nearest hour held): one hour, the spacing of an
hourly forecast and the tolerance of the gridded reader
(:func:`duskfall.io.gridded.read_gridded`). Beyond it the plan refuses: a forecast for
other hours says nothing about the winds at the exit, and holding its nearest hour would
be a confident wrong answer."""


STALE_OBSERVATION_S = 12 * 3600.0
"""Age [s] past which winds with a valid time but no period and no model run (a sounding,
a table with a time) are flagged as far from the exit: 12 hours, the interval between
the synoptic radiosonde launches at 00 and 12 UTC (WMO Manual on the Global Observing
System, WMO-No. 544), after which a newer ascent exists."""


@dataclass(frozen=True)
class WindUsed:
    """Where the plan's winds come from and how they meet the planned exit.

    All times are POSIX seconds UTC; None where the source does not say.
    """

    source: str | None
    """The profile's ``source`` (file, station, model); None for calm air."""
    time_utc_s: float | None
    """The time the winds are taken at: the planned exit (or, when the action does not
    fit, the time the jump was simulated at); None for a steady wind without one."""
    valid_times_utc_s: tuple[float, ...]
    """The valid times used: the two forecast hours around :attr:`time_utc_s`, linearly
    interpolated between (one when it falls on an hour or beyond the last); a single
    profile's own valid time; empty if it has none."""
    weight: float | None
    """With two valid times: the share of the later one (0 to 1)."""
    held: bool
    """The time lies outside the valid times of an hourly forecast: the nearest hour's
    winds are held."""
    model_run_utc_s: float | None
    """The model run (reference time) the winds come from."""
    age_s: float | None
    """:attr:`time_utc_s` minus the model run, or minus the valid time of a source with
    no model run [s]; None where neither is known."""
    age_from: Literal["model-run", "valid-time"] | None
    """What :attr:`age_s` is counted from."""
    valid_from_utc_s: float | None
    valid_to_utc_s: float | None
    """The period the winds are for (an FB FOR USE window; the first and last hour of an
    hourly forecast)."""
    hours_utc_s: tuple[float, ...] = ()
    """Every valid time of an hourly forecast (for a sweep of the spot hour by hour)."""
    temperature: bool = False
    """The source gives air temperatures (the cold check uses them)."""
    cloud_cover: bool = False
    """The source gives cloud cover (the cloud-clearance check uses it)."""

    @property
    def calm(self) -> bool:
        """No winds were given: calm air."""
        return self.source is None


def wind_period(wind) -> tuple[float, float] | None:
    """(first, last) [POSIX s] of the period the winds are for, or None if not known.

    An hourly forecast is for its first to last hour unless it says otherwise; a single
    profile only if it gives both ends (an FB product's FOR USE window).
    """
    if wind is None:
        return None
    times = tuple(getattr(wind, "valid_times_utc_s", ()))
    first = getattr(wind, "valid_from_utc_s", None)
    last = getattr(wind, "valid_to_utc_s", None)
    if is_time_dependent(wind):
        first = times[0] if first is None else first
        last = times[-1] if last is None else last
    if first is None or last is None:
        return None
    return float(first), float(last)


def covers(wind, time_utc_s: float) -> bool:
    """True unless ``wind`` is an hourly forecast whose profiles do not bracket
    ``time_utc_s`` (a gridded file read around another time holds two hours only)."""
    if not is_time_dependent(wind):
        return True
    times = wind.valid_times_utc_s
    return times[0] <= time_utc_s <= times[-1]


def check_wind_period(wind, exit_time_utc_s: float | None, field: str = "wind") -> None:
    """Refuse a planned exit more than :data:`WIND_TIME_GRACE_S` outside the period the
    winds are for (:func:`wind_period`).

    Raises
    ------
    OutOfRangeError
        Naming ``field`` (the wind file's option or key), the planned exit and the
        period.
    """
    period = wind_period(wind)
    if period is None or exit_time_utc_s is None:
        return
    first, last = period
    if first - WIND_TIME_GRACE_S <= exit_time_utc_s <= last + WIND_TIME_GRACE_S:
        return
    hours = WIND_TIME_GRACE_S / 3600
    source = getattr(wind, "source", "the winds")
    raise OutOfRangeError(
        field,
        f"planned exit {iso_utc(exit_time_utc_s)}",
        f"exits within {hours:g} h of the period of {source}, {iso_utc(first)} to "
        f"{iso_utc(last)}: use a forecast for the time of the jump",
        "is outside the period the winds are for",
    )


def _bracket(times: tuple[float, ...], when: float) -> tuple[tuple[float, ...], float | None]:
    """The valid times around ``when`` and the later one's weight."""
    array = np.asarray(times, dtype=float)
    if when <= array[0] or when >= array[-1]:
        return (float(array[0] if when <= array[0] else array[-1]),), None
    upper = int(np.searchsorted(array, when, side="left"))
    if array[upper] == when:
        return (float(when),), None
    before, after = float(array[upper - 1]), float(array[upper])
    return (before, after), (when - before) / (after - before)


def wind_used(wind, time_utc_s: float | None) -> WindUsed:
    """The :class:`WindUsed` record of a wind profile at the time the plan takes it.

    Parameters
    ----------
    wind
        The plan's wind profile, or None for calm air.
    time_utc_s
        The planned exit [POSIX s], or None.

    Examples
    --------
    >>> from duskfall.winds import LayeredWind
    >>> wind = LayeredWind((0.0, 5000.0), (270.0, 280.0), (5.0, 20.0), source="sounding",
    ...                    valid_time_utc_s=0.0)
    >>> used = wind_used(wind, 7200.0)
    >>> used.valid_times_utc_s, used.age_s / 3600, used.age_from
    ((0.0,), 2.0, 'valid-time')
    """
    if wind is None:
        return WindUsed(None, time_utc_s, (), None, False, None, None, None, None, None)
    hours: tuple[float, ...] = ()
    weight, held = None, False
    if is_time_dependent(wind):
        hours = tuple(float(t) for t in wind.valid_times_utc_s)
        when = wind.valid_time_utc_s if time_utc_s is None else time_utc_s
        valid, weight = _bracket(hours, when)
        held = not hours[0] <= when <= hours[-1]
    else:
        single = getattr(wind, "valid_time_utc_s", None)
        valid = () if single is None else (float(single),)
    run = getattr(wind, "model_run_utc_s", None)
    age = age_from = None
    if time_utc_s is not None and run is not None:
        age, age_from = time_utc_s - run, "model-run"
    elif time_utc_s is not None and valid and not hours:
        age, age_from = time_utc_s - valid[0], "valid-time"
    period = wind_period(wind)
    return WindUsed(
        source=str(getattr(wind, "source", type(wind).__name__)),
        time_utc_s=time_utc_s,
        valid_times_utc_s=valid,
        weight=weight,
        held=held,
        model_run_utc_s=None if run is None else float(run),
        age_s=age,
        age_from=age_from,
        valid_from_utc_s=None if period is None else period[0],
        valid_to_utc_s=None if period is None else period[1],
        hours_utc_s=hours,
        temperature=bool(getattr(wind, "has_temperature", False)),
        cloud_cover=bool(getattr(wind, "has_cloud_cover", False)),
    )


def stale_notices(used: WindUsed) -> tuple[Notice, ...]:
    """A ``wind-stale`` warning when winds valid at one time (a sounding) are more than
    :data:`STALE_OBSERVATION_S` from the exit, before or after it."""
    if used.age_from != "valid-time" or abs(used.age_s) <= STALE_OBSERVATION_S:
        return ()
    values = {
        "source": used.source,
        "valid_time_utc_s": used.valid_times_utc_s[0],
        "exit_utc_s": used.time_utc_s,
        "age_s": used.age_s,
        "limit_s": STALE_OBSERVATION_S,
    }
    return (Notice("wind-stale", "warn", values, source=used.source or ""),)
