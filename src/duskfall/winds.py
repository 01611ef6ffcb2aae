"""Winds aloft: one interface, several sources.

A wind profile is any object with a method ``velocity_enu_mps(altitude_m, time_utc_s)``
returning the east and north components [m/s] of the air's motion (the direction the
air moves *toward*) at geometric altitudes [m MSL]. The method broadcasts over arrays:
the ensemble integrator asks for one altitude per member. At the edges, winds are
written as forecasts print them: direction FROM in degrees true and speed in knots;
convert with :func:`wind_components` and :func:`wind_direction_speed`.

Implementations here are pure numbers; the readers of files (tables, soundings,
gridded forecasts) live in :mod:`duskfall.io` and build these objects.

- :class:`ConstantWind`: the same wind everywhere.
- :class:`LayeredWind`: levels in altitude, interpolated linearly in east/north
  components (never in angles), end values held beyond the data. Every profile records
  its ``source``, its ``valid_time_utc_s`` and its ``warnings``; :meth:`LayeredWind.
  coverage_notices` says when a jump reaches beyond the levels.
- :class:`TimeLayeredWind`: a sequence of such profiles at several valid times (a
  gridded forecast interpolated to the drop zone), interpolated linearly in time.
- Weather aloft, when the source has it: the air temperature [K] and the cloud cover
  (fraction 0-1) by level (:meth:`LayeredWind.temperature_k_at`,
  :meth:`LayeredWind.cloud_cover_at`, :meth:`LayeredWind.max_cloud_cover_below`), and the
  period the data are for (``valid_from_utc_s`` to ``valid_to_utc_s``;
  :meth:`LayeredWind.validity_notices`).
- :class:`PerturbedWind`: a base profile plus a per-member error drawn from a
  :class:`WindError` model, for Monte Carlo ensembles.
- :func:`parse_wind_levels`: the command-line one-liner
  ``"0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from duskfall import atmosphere
from duskfall.arrays import read_only
from duskfall.constants import KNOT_MPS
from duskfall.errors import InconsistentInputError, OutOfRangeError, UnitError
from duskfall.notices import Notice
from duskfall.timeutil import iso_utc
from duskfall.units import parse_altitude, parse_wind

MAX_WIND_SPEED_MPS = 250.0 * KNOT_MPS
"""Largest wind speed accepted [m/s]: 250 kt (128.6 m/s). Jet-stream cores exceed 100 m/s
(about 200 kt) on rare occasions and soundings record them; a value beyond 250 kt is
almost certainly a unit mistake."""


class WindProfile(Protocol):
    """Anything that gives the wind vector at altitudes and times."""

    def velocity_enu_mps(self, altitude_m, time_utc_s=None) -> tuple[np.ndarray, np.ndarray]:
        """East and north components of the wind [m/s] at ``altitude_m`` [m MSL]."""
        ...


def wind_components(direction_from_deg, speed_mps):
    """East and north components [m/s] of a wind blowing FROM ``direction_from_deg``.

    A wind "from 270 at 20 kt" moves the air toward the east: ``(+10.3, 0.0)`` m/s.
    """
    direction = np.radians(np.asarray(direction_from_deg, dtype=float))
    speed = np.asarray(speed_mps, dtype=float)
    return -speed * np.sin(direction), -speed * np.cos(direction)


def wind_direction_speed(east_mps, north_mps):
    """Direction FROM [deg true, 0-360) and speed [m/s] of the wind ``(east, north)``.

    The inverse of :func:`wind_components`; a calm wind reports direction 0.
    Scalars in, scalars out.
    """
    east = np.asarray(east_mps, dtype=float)
    north = np.asarray(north_mps, dtype=float)
    speed = np.hypot(east, north)
    direction = np.where(speed > 0, np.degrees(np.arctan2(-east, -north)) % 360.0, 0.0)
    if direction.ndim == 0:
        return float(direction), float(speed)
    return direction, speed


def _check_speed(speed_mps, field: str) -> None:
    speed = np.asarray(speed_mps, dtype=float)
    bad = ~np.isfinite(speed) | (speed < 0) | (speed > MAX_WIND_SPEED_MPS)
    if np.any(bad):
        raise OutOfRangeError(
            field, float(speed[bad].flat[0]), f"0 to {MAX_WIND_SPEED_MPS:.0f} m/s", None
        )


@dataclass(frozen=True)
class ConstantWind:
    """The same wind at every altitude and time."""

    direction_from_deg: float = 0.0
    """Direction the wind blows from [deg true]."""
    speed_mps: float = 0.0
    """Wind speed [m/s]."""
    source: str = "constant"
    valid_time_utc_s: float | None = None
    """When the wind was observed or is valid [POSIX s]; None if not known."""
    warnings: tuple[str, ...] = ()

    def __post_init__(self):
        _check_speed(self.speed_mps, "wind speed")

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        east, north = wind_components(self.direction_from_deg, self.speed_mps)
        shape = np.shape(altitude_m)
        if not shape:
            return float(east), float(north)
        return np.full(shape, float(east)), np.full(shape, float(north))

    def coverage_notices(self, low_m: float, high_m: float) -> tuple[Notice, ...]:
        """A constant wind covers every altitude: no notices."""
        return ()


def _interp(altitude_m, levels: np.ndarray, values: np.ndarray):
    result = np.interp(altitude_m, levels, values)
    return float(result) if np.ndim(result) == 0 else result


@dataclass(frozen=True)
class LayeredWind:
    """Winds given at a few altitudes, interpolated linearly in east/north components.

    Below the lowest and above the highest level the end values are held;
    :meth:`coverage_notices` says so for a given span of altitudes, so that a caller can
    put the warning in its result.

    Parameters
    ----------
    altitude_m
        Levels [m MSL], strictly increasing, within the standard atmosphere's range
        (:data:`duskfall.atmosphere.MIN_ALTITUDE_M` to ``MAX_ALTITUDE_M``).
    direction_from_deg
        Direction the wind blows from at each level [deg true], 0 to 360.
    speed_mps
        Wind speed at each level [m/s], 0 to :data:`MAX_WIND_SPEED_MPS`.
    source
        Where the winds come from (file, station, model run), for reports.
    valid_time_utc_s
        When they were observed or are valid [POSIX s]; None if not known.
    model_run_utc_s
        Reference (initialisation) time of the model run [POSIX s], for forecasts.
    warnings
        Warnings from reading the data (levels dropped, extrapolation, ...).
    temperature_k
        Air temperature at each level [K], None where the source gives none (an FB
        forecast omits it near the station); None for a source without temperatures.
    cloud_cover
        Cloud cover at each level (fraction 0-1), None where not given; None for a
        source without cloud cover.
    valid_from_utc_s, valid_to_utc_s
        The period the data are for [POSIX s] (an FB forecast's FOR USE window); None
        where not known.
    notices
        What the reader noticed, as :class:`duskfall.notices.Notice` records.
    """

    altitude_m: tuple[float, ...]
    direction_from_deg: tuple[float, ...]
    speed_mps: tuple[float, ...]
    source: str = "table"
    valid_time_utc_s: float | None = None
    model_run_utc_s: float | None = None
    warnings: tuple[str, ...] = ()
    temperature_k: tuple[float | None, ...] | None = None
    cloud_cover: tuple[float | None, ...] | None = None
    valid_from_utc_s: float | None = None
    valid_to_utc_s: float | None = None
    notices: tuple[Notice, ...] = ()
    _levels: np.ndarray = field(init=False, repr=False, compare=False)
    _east: np.ndarray = field(init=False, repr=False, compare=False)
    _north: np.ndarray = field(init=False, repr=False, compare=False)
    _complex: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        altitude = np.asarray(self.altitude_m, dtype=float)
        if (
            altitude.ndim != 1
            or altitude.size < 1
            or np.any(~np.isfinite(altitude))
            or np.any(np.diff(altitude) <= 0)
        ):
            raise OutOfRangeError(
                "wind altitudes", list(self.altitude_m), "at least one level, strictly increasing"
            )
        # Levels where the standard atmosphere is defined: a level outside it (-50,000 ft,
        # a sounding's 9,999,999 m) is a unit slip or a missing-data code read as a number.
        outside = (altitude < atmosphere.MIN_ALTITUDE_M) | (altitude > atmosphere.MAX_ALTITUDE_M)
        if np.any(outside):
            raise OutOfRangeError(
                "wind altitude",
                float(altitude[outside][0]),
                f"{atmosphere.MIN_ALTITUDE_M:.0f} m to {atmosphere.MAX_ALTITUDE_M:.0f} m MSL "
                "(the standard atmosphere's range)",
            )
        if not (len(self.direction_from_deg) == len(self.speed_mps) == altitude.size):
            raise InconsistentInputError(
                "wind levels", len(self.speed_mps), f"{altitude.size} directions and speeds"
            )
        direction = np.asarray(self.direction_from_deg, dtype=float)
        if not np.all(np.isfinite(direction) & (direction >= 0.0) & (direction <= 360.0)):
            raise OutOfRangeError(
                "wind direction", list(self.direction_from_deg), "0 to 360 degrees true"
            )
        _check_speed(self.speed_mps, "wind speed")
        east, north = wind_components(self.direction_from_deg, self.speed_mps)
        object.__setattr__(self, "_levels", altitude)
        object.__setattr__(self, "_east", np.atleast_1d(east))
        object.__setattr__(self, "_north", np.atleast_1d(north))
        # One interpolation of east + i north does both components (half the work).
        object.__setattr__(self, "_complex", self._east + 1j * self._north)
        _check_level_values(self.temperature_k, altitude.size, "air temperature", TEMPERATURE_K)
        _check_level_values(self.cloud_cover, altitude.size, "cloud cover", CLOUD_COVER)
        _check_validity(self.valid_from_utc_s, self.valid_to_utc_s)

    @classmethod
    def from_components(cls, altitude_m, east_mps, north_mps, **metadata: object) -> LayeredWind:
        """A profile from east/north components [m/s] at levels ``altitude_m`` [m MSL].

        ``metadata`` are the other fields (``source``, ``valid_time_utc_s``, ...).
        """
        east = np.asarray(east_mps, dtype=float)
        north = np.asarray(north_mps, dtype=float)
        direction, speed = wind_direction_speed(east, north)
        return cls(
            tuple(float(a) for a in np.atleast_1d(altitude_m)),
            tuple(float(d) for d in np.atleast_1d(direction)),
            tuple(float(s) for s in np.atleast_1d(speed)),
            **metadata,
        )

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        value = np.interp(altitude_m, self._levels, self._complex)
        if np.ndim(value) == 0:
            return float(value.real), float(value.imag)
        return value.real, value.imag

    @property
    def east_mps(self) -> np.ndarray:
        """East component at each level [m/s]."""
        return self._east.copy()

    @property
    def north_mps(self) -> np.ndarray:
        """North component at each level [m/s]."""
        return self._north.copy()

    def coverage_notices(self, low_m: float, high_m: float) -> tuple[Notice, ...]:
        """A notice if the span ``low_m``-``high_m`` [m MSL] reaches beyond the levels.

        Where the data stop, the wind of the nearest level is held; the result of a jump
        through that span then rests on an assumption the data do not support.
        """
        return _coverage(self.source, self.altitude_m[0], self.altitude_m[-1], low_m, high_m)

    @property
    def has_temperature(self) -> bool:
        """True if the source gives an air temperature at one level or more."""
        return _known(self.altitude_m, self.temperature_k) is not None

    @property
    def has_cloud_cover(self) -> bool:
        """True if the source gives a cloud cover at one level or more."""
        return _known(self.altitude_m, self.cloud_cover) is not None

    @property
    def temperature_span_m(self) -> tuple[float, float] | None:
        """Lowest and highest level with a temperature [m MSL], or None."""
        return _span(_known(self.altitude_m, self.temperature_k))

    @property
    def cloud_cover_span_m(self) -> tuple[float, float] | None:
        """Lowest and highest level with a cloud cover [m MSL], or None."""
        return _span(_known(self.altitude_m, self.cloud_cover))

    def temperature_k_at(self, altitude_m):
        """Air temperature [K] at ``altitude_m`` [m MSL], or None without temperatures.

        Linear in altitude between the levels that have one; beyond them the end values
        are held, as for the winds (:attr:`temperature_span_m` says where they stop).
        Scalar in, scalar out.

        Examples
        --------
        >>> wind = LayeredWind((0.0, 1000.0), (270.0, 270.0), (5.0, 10.0),
        ...                    temperature_k=(288.0, 282.0))
        >>> wind.temperature_k_at(250.0)
        286.5
        """
        return _interp_known(altitude_m, _known(self.altitude_m, self.temperature_k))

    def cloud_cover_at(self, altitude_m):
        """Cloud cover (fraction 0-1) at ``altitude_m`` [m MSL], or None without it.

        Linear in altitude between the levels that have one, end values held.
        """
        return _interp_known(altitude_m, _known(self.altitude_m, self.cloud_cover))

    def max_cloud_cover_below(self, altitude_m):
        """Largest cloud cover (fraction 0-1) at and below ``altitude_m`` [m MSL].

        The largest of the levels at or below the altitude and of the value interpolated
        at the altitude itself: what a jumper falls through from there to the ground
        (levels below the lowest one are not known). None without cloud cover.
        """
        return _max_below(altitude_m, _known(self.altitude_m, self.cloud_cover))

    def validity_notices(self, start_utc_s: float, end_utc_s: float | None = None):
        """A ``wind-outside-validity`` notice if ``start_utc_s``-``end_utc_s`` [POSIX s]
        is not within ``valid_from_utc_s``-``valid_to_utc_s``; nothing where those are
        not known."""
        return _validity(
            self.source, self.valid_from_utc_s, self.valid_to_utc_s, start_utc_s, end_utc_s
        )


def _coverage(source: str, bottom_m: float, top_m: float, low_m: float, high_m: float):
    """``wind-extrapolated`` if ``low_m``-``high_m`` reaches 1 m beyond ``bottom_m``-``top_m``."""
    if high_m <= top_m + 1.0 and low_m >= bottom_m - 1.0:
        return ()
    values = {
        "source": source,
        "bottom_m": float(bottom_m),
        "top_m": float(top_m),
        "low_m": float(low_m),
        "high_m": float(high_m),
    }
    return (Notice("wind-extrapolated", "warn", values, source),)


@dataclass(frozen=True)
class TimeLayeredWind:
    """Layered winds at several valid times, interpolated linearly in time.

    This is what a gridded forecast becomes once interpolated to the drop zone: at each
    valid time, winds on model levels whose heights differ from time to time.

    Parameters
    ----------
    profiles
        One :class:`LayeredWind` per valid time, in increasing ``valid_time_utc_s``.
    reference_time_utc_s
        Time used when a caller gives none [POSIX s] (the planned exit); must lie within
        the valid times.
    source
        Where the winds come from.
    model_run_utc_s
        Reference time of the model run [POSIX s], if any.
    warnings
        Warnings from reading the data.
    valid_from_utc_s, valid_to_utc_s
        The period the data are for [POSIX s]; None: from the first to the last valid
        time.
    notices
        What the reader noticed, as :class:`duskfall.notices.Notice` records.
    """

    profiles: tuple[LayeredWind, ...]
    reference_time_utc_s: float
    source: str = "gridded"
    model_run_utc_s: float | None = None
    warnings: tuple[str, ...] = ()
    valid_from_utc_s: float | None = None
    valid_to_utc_s: float | None = None
    notices: tuple[Notice, ...] = ()
    _times: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        times = self.valid_times_utc_s
        if len(self.profiles) < 1 or any(t is None for t in times):
            raise InconsistentInputError(
                "wind profiles", len(self.profiles), "at least one profile with a valid time"
            )
        if np.any(np.diff(np.asarray(times, dtype=float)) <= 0):
            raise OutOfRangeError(
                "wind valid times", list(times), "strictly increasing valid times"
            )
        object.__setattr__(self, "_times", np.asarray(times, dtype=float))
        if not (times[0] <= self.reference_time_utc_s <= times[-1]):
            raise OutOfRangeError(
                "wind reference time",
                self.reference_time_utc_s,
                f"within the valid times {iso_utc(times[0])} to {iso_utc(times[-1])}",
            )
        _check_validity(self.valid_from_utc_s, self.valid_to_utc_s)

    @property
    def valid_times_utc_s(self) -> tuple[float, ...]:
        """Valid time of each profile [POSIX s]."""
        return tuple(p.valid_time_utc_s for p in self.profiles)

    @property
    def valid_time_utc_s(self) -> float:
        """The reference time [POSIX s]: the time winds are taken at by default."""
        return self.reference_time_utc_s

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        """East and north wind [m/s] at ``altitude_m`` [m MSL] and ``time_utc_s`` [POSIX
        s] (default: the reference time), both broadcast.

        Each point takes the two profiles whose valid times bracket its time (held at the
        first and last), each interpolated in altitude, and weighs them linearly in time;
        only those profiles are evaluated, and only at the points that need them (a whole
        ensemble at one time, the usual call, is two interpolations). Scalar in, scalar
        out.

        Examples
        --------
        >>> early = LayeredWind((0.0, 1000.0), (270.0, 270.0), (10.0, 10.0),
        ...                     valid_time_utc_s=0.0)
        >>> late = LayeredWind((0.0, 1000.0), (270.0, 270.0), (20.0, 20.0),
        ...                    valid_time_utc_s=3600.0)
        >>> wind = TimeLayeredWind((early, late), 0.0)
        >>> east, north = wind.velocity_enu_mps(500.0, 900.0)  # a quarter of the hour
        >>> round(east, 6), round(north, 6)  # from 270 at 12.5 m/s: toward the east
        (12.5, 0.0)
        """
        profiles = self.profiles
        if len(profiles) == 1:
            return profiles[0].velocity_enu_mps(altitude_m)
        times = self._times
        when = self.reference_time_utc_s if time_utc_s is None else time_utc_s
        when = np.clip(np.asarray(when, dtype=float), times[0], times[-1])
        index = np.clip(np.searchsorted(times, when, side="right") - 1, 0, times.size - 2)
        weight = (when - times[index]) / (times[index + 1] - times[index])
        if when.ndim == 0:
            value = _bracket(profiles, int(index), float(weight), altitude_m)
        else:
            value = _brackets(profiles, index, weight, np.asarray(altitude_m, dtype=float))
        if np.ndim(value) == 0:
            return float(value.real), float(value.imag)
        return value.real, value.imag

    def coverage_notices(self, low_m: float, high_m: float) -> tuple[Notice, ...]:
        """A notice if the span reaches beyond the levels at any valid time."""
        bottom = max(p.altitude_m[0] for p in self.profiles)
        top = min(p.altitude_m[-1] for p in self.profiles)
        return _coverage(self.source, bottom, top, low_m, high_m)

    def time_notices(self, start_utc_s: float, end_utc_s: float) -> tuple[Notice, ...]:
        """A notice if the interval reaches beyond the valid times (winds held there)."""
        times = self.valid_times_utc_s
        if start_utc_s < times[0] or end_utc_s > times[-1]:
            values = {
                "source": self.source,
                "first_utc_s": times[0],
                "last_utc_s": times[-1],
                "start_utc_s": float(start_utc_s),
                "end_utc_s": float(end_utc_s),
            }
            return (Notice("wind-time-extrapolated", "warn", values, self.source),)
        return ()

    @property
    def has_temperature(self) -> bool:
        """True if every profile gives an air temperature."""
        return all(p.has_temperature for p in self.profiles)

    @property
    def has_cloud_cover(self) -> bool:
        """True if every profile gives a cloud cover."""
        return all(p.has_cloud_cover for p in self.profiles)

    def temperature_k_at(self, altitude_m, time_utc_s=None):
        """Air temperature [K] at ``altitude_m`` [m MSL] and ``time_utc_s`` [POSIX s].

        Each profile's :meth:`LayeredWind.temperature_k_at`, linear in time between the
        two valid times around ``time_utc_s`` (default: the reference time), held beyond
        them. None unless every profile has temperatures.
        """
        if not self.has_temperature:
            return None
        return self._in_time(altitude_m, time_utc_s, LayeredWind.temperature_k_at)

    def cloud_cover_at(self, altitude_m, time_utc_s=None):
        """Cloud cover (fraction 0-1) at ``altitude_m`` [m MSL] and ``time_utc_s``,
        linear in time like :meth:`temperature_k_at`; None without cloud cover."""
        if not self.has_cloud_cover:
            return None
        return self._in_time(altitude_m, time_utc_s, LayeredWind.cloud_cover_at)

    def max_cloud_cover_below(self, altitude_m, time_utc_s=None):
        """Largest cloud cover at and below ``altitude_m`` (see
        :meth:`LayeredWind.max_cloud_cover_below`) of the two valid times around
        ``time_utc_s``, the larger of the two: cloud does not average away."""
        if not self.has_cloud_cover:
            return None
        return self._in_time(altitude_m, time_utc_s, LayeredWind.max_cloud_cover_below, True)

    def validity_notices(self, start_utc_s: float, end_utc_s: float | None = None):
        """A ``wind-outside-validity`` notice if ``start_utc_s``-``end_utc_s`` [POSIX s]
        is not within the period the data are for (by default the valid times)."""
        times = self.valid_times_utc_s
        first = times[0] if self.valid_from_utc_s is None else self.valid_from_utc_s
        last = times[-1] if self.valid_to_utc_s is None else self.valid_to_utc_s
        return _validity(self.source, first, last, start_utc_s, end_utc_s)

    def _in_time(self, altitude_m, time_utc_s, value, largest: bool = False):
        """``value(profile, altitude)`` of the profiles around ``time_utc_s``, linear in
        time (or the larger of the two, with ``largest``)."""
        times = np.asarray(self.valid_times_utc_s, dtype=float)
        when = self.reference_time_utc_s if time_utc_s is None else time_utc_s
        when = np.clip(np.asarray(when, dtype=float), times[0], times[-1])
        altitude = np.asarray(altitude_m, dtype=float)
        shape = np.broadcast_shapes(altitude.shape, when.shape)
        if len(self.profiles) == 1:
            result = np.broadcast_to(value(self.profiles[0], altitude), shape)
            return float(result) if not shape else np.array(result)
        index = np.clip(np.searchsorted(times, when, side="right") - 1, 0, times.size - 2)
        weight = np.broadcast_to((when - times[index]) / (times[index + 1] - times[index]), shape)
        index = np.broadcast_to(index, shape)
        result = np.full(shape, -np.inf if largest else 0.0)
        for k in np.unique(np.concatenate([index.ravel(), index.ravel() + 1])):
            before, after = index == k, index + 1 == k
            at_k = np.broadcast_to(value(self.profiles[k], altitude), shape)
            if largest:
                result = np.where(before | after, np.maximum(result, at_k), result)
            else:
                result = result + np.where(before, 1.0 - weight, 0.0) * at_k
                result = result + np.where(after, weight, 0.0) * at_k
        return float(result) if not shape else result


def _bracket(profiles, index: int, weight: float, altitude_m):
    """East + i north [m/s] at ``altitude_m`` between ``profiles[index]`` (weight
    ``1 - weight``) and the next one: two interpolations in altitude."""
    before, after = profiles[index], profiles[index + 1]
    value = np.interp(altitude_m, before._levels, before._complex)
    if weight == 0.0:
        return value
    later = np.interp(altitude_m, after._levels, after._complex)
    return value + weight * (later - value)


def _brackets(profiles, index: np.ndarray, weight: np.ndarray, altitude: np.ndarray):
    """:func:`_bracket` for arrays of times: each bracket in use evaluated once, at the
    points whose times fall in it."""
    shape = np.broadcast_shapes(altitude.shape, index.shape)
    index = np.broadcast_to(index, shape)
    first = index.flat[0]
    if np.all(index == first):  # one bracket for every point (an ensemble at one time)
        return _bracket_array(profiles, int(first), np.broadcast_to(weight, shape), altitude)
    altitude = np.broadcast_to(altitude, shape)
    weight = np.broadcast_to(weight, shape)
    result = np.empty(shape, dtype=complex)
    for k in np.unique(index):
        chosen = index == k
        result[chosen] = _bracket_array(profiles, int(k), weight[chosen], altitude[chosen])
    return result


def _bracket_array(profiles, index: int, weight: np.ndarray, altitude: np.ndarray):
    before, after = profiles[index], profiles[index + 1]
    value = np.interp(altitude, before._levels, before._complex)
    later = np.interp(altitude, after._levels, after._complex)
    return value + weight * (later - value)


TEMPERATURE_K = (150.0, 350.0)
"""Air temperatures accepted by level [K]: -123 to +77 C. The coldest air measured at the
tropical tropopause is about 180 K (-93 C); 330 K is hotter than any surface air recorded.
A value outside is a unit mistake (Fahrenheit, Celsius given as kelvin)."""

CLOUD_COVER = (0.0, 1.0)
"""Cloud cover accepted by level: a fraction from 0 (clear) to 1 (overcast)."""


def _check_level_values(values, count: int, field: str, limits: tuple[float, float]) -> None:
    if values is None:
        return
    if len(values) != count:
        raise InconsistentInputError(field, len(values), f"one value per wind level ({count})")
    low, high = limits
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OutOfRangeError(field, value, f"a number from {low:g} to {high:g} or None")
        if not (np.isfinite(value) and low <= value <= high):
            raise OutOfRangeError(field, value, f"{low:g} to {high:g}")


def _check_validity(first: float | None, last: float | None) -> None:
    for name, value in (("valid from", first), ("valid to", last)):
        if value is not None and not np.isfinite(value):
            raise OutOfRangeError(f"wind {name}", value, "a finite time [POSIX s] or None")
    if first is not None and last is not None and last < first:
        raise OutOfRangeError(
            "wind validity", (iso_utc(first), iso_utc(last)), "a period that ends after it starts"
        )


def _known(altitude_m, values) -> tuple[np.ndarray, np.ndarray] | None:
    """(levels, values) of the levels that have a value, or None if there are none."""
    if values is None:
        return None
    pairs = [(a, v) for a, v in zip(altitude_m, values, strict=True) if v is not None]
    if not pairs:
        return None
    levels, known = zip(*pairs, strict=True)
    return np.asarray(levels, dtype=float), np.asarray(known, dtype=float)


def _span(known) -> tuple[float, float] | None:
    return None if known is None else (float(known[0][0]), float(known[0][-1]))


def _interp_known(altitude_m, known):
    return None if known is None else _interp(altitude_m, *known)


def _max_below(altitude_m, known):
    if known is None:
        return None
    levels, values = known
    altitude = np.asarray(altitude_m, dtype=float)
    at = np.interp(altitude, levels, values)
    # Largest value of the levels at or below each altitude: a running maximum.
    running = np.maximum.accumulate(values)
    below = np.searchsorted(levels, altitude, side="right") - 1
    result = np.where(below >= 0, np.maximum(at, running[np.clip(below, 0, None)]), at)
    return float(result) if result.ndim == 0 else result


def _validity(source, first, last, start_utc_s, end_utc_s):
    end = start_utc_s if end_utc_s is None else end_utc_s
    early = first is not None and start_utc_s < first
    late = last is not None and end > last
    if not (early or late):
        return ()
    values = {
        "source": source,
        "valid_from_utc_s": first,
        "valid_to_utc_s": last,
        "start_utc_s": float(start_utc_s),
        "end_utc_s": float(end),
    }
    return (Notice("wind-outside-validity", "warn", values, source=source),)


def is_time_dependent(wind) -> bool:
    """True if the wind changes with time (profiles at more than one valid time), so that
    a jump must be simulated at its own exit time."""
    if wind is None:
        return False
    base = getattr(wind, "base", None)
    if base is not None:
        return is_time_dependent(base)
    return len(getattr(wind, "profiles", ())) > 1


def parse_uniform_wind(text: str, field: str = "wind") -> ConstantWind:
    """Read one wind ``DIR@SPEED`` (``270@20kt``) that blows alike at every altitude.

    Parameters
    ----------
    text
        Direction FROM in degrees true, ``@``, speed (bare: knots).
    field
        Name of the input, for error messages.

    Raises
    ------
    UnitError
        If the text is not of that form.
    OutOfRangeError
        If the speed exceeds :data:`MAX_WIND_SPEED_MPS`, naming ``field`` and the text.

    Examples
    --------
    >>> round(parse_uniform_wind("270@20kt").speed_mps, 3)
    10.289
    """
    direction, speed = parse_wind(text, field)
    if speed > MAX_WIND_SPEED_MPS:
        raise OutOfRangeError(
            field,
            str(text).strip(),
            f"speeds of 0 to {MAX_WIND_SPEED_MPS:.0f} m/s ({MAX_WIND_SPEED_MPS / KNOT_MPS:.0f} kt)",
        )
    return ConstantWind(direction, speed, source=field)


def level_texts(text, field: str, allowed: str) -> list[str]:
    """The comma-separated levels of a one-line table (``0ft:270@8kt,10000ft:280@25kt``),
    a trailing comma allowed; none for empty text.

    Raises
    ------
    UnitError
        Naming ``field`` and the text as written, for an empty level (two commas).
    """
    stripped = str(text).strip().removesuffix(",")
    parts = stripped.split(",") if stripped else []
    if any(not part.strip() for part in parts):
        raise UnitError(field, text, allowed, "has an empty level (two commas in a row?)")
    return parts


def parse_wind_levels(
    text: str, ground_elevation_m: float = 0.0, field: str = "--wind"
) -> LayeredWind:
    """Read the one-line wind table ``"0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"``.

    Parameters
    ----------
    text
        Comma-separated ``ALTITUDE:DIRECTION@SPEED`` levels. Altitudes are MSL unless
        they say AGL (``3000ftAGL``), bare numbers in feet; directions FROM in degrees
        true; bare speeds in knots. Levels may come in any order. A lone
        ``DIRECTION@SPEED`` is the same wind at every altitude.
    ground_elevation_m
        Elevation of the drop zone [m MSL], for AGL levels.
    field
        Name of the input, for error messages.

    Returns
    -------
    LayeredWind
        With ``source`` ``"wind levels given on the command line"``.

    Raises
    ------
    UnitError
        If a level is not of that form.
    OutOfRangeError
        If two levels share an altitude or a speed exceeds 250 kt.

    Examples
    --------
    >>> wind = parse_wind_levels("0ft:270@10kt,10000ft:270@30kt")
    >>> round(wind.velocity_enu_mps(1524.0)[0], 2)
    10.29
    """
    allowed = (
        "ALTITUDE:DIR@SPEED levels separated by commas, e.g. 0ft:270@8kt,10000ft:280@25kt, "
        "or one DIR@SPEED for the same wind at every altitude"
    )
    written = text
    parts = level_texts(text, field, allowed)
    if len(parts) == 1 and ":" not in parts[0]:
        uniform = parse_uniform_wind(parts[0].strip(), field)
        # Levels at both ends of the atmosphere: the same wind everywhere, none held.
        return LayeredWind(
            (atmosphere.MIN_ALTITUDE_M, atmosphere.MAX_ALTITUDE_M),
            (uniform.direction_from_deg,) * 2,
            (uniform.speed_mps,) * 2,
            source="wind given on the command line",
        )
    levels = []
    for part in parts:
        pieces = part.split(":")
        if len(pieces) != 2:
            raise UnitError(field, part.strip(), allowed)
        altitude = parse_altitude(pieces[0].strip(), field).msl_m(ground_elevation_m)
        if not atmosphere.MIN_ALTITUDE_M <= altitude <= atmosphere.MAX_ALTITUDE_M:
            raise OutOfRangeError(
                field,
                part.strip(),
                f"levels from {atmosphere.MIN_ALTITUDE_M:,.0f} m to "
                f"{atmosphere.MAX_ALTITUDE_M:,.0f} m MSL (the standard atmosphere's range)",
                "has a level outside the atmosphere",
            )
        level = parse_uniform_wind(pieces[1].strip(), field)
        levels.append((altitude, level.direction_from_deg, level.speed_mps))
    if not levels:
        raise UnitError(field, written, allowed, "has no wind levels")
    levels.sort()
    altitudes = [level[0] for level in levels]
    if len(set(altitudes)) != len(altitudes):
        raise OutOfRangeError(field, written, "levels at different altitudes", "repeats a level")
    return LayeredWind(
        tuple(altitudes),
        tuple(level[1] for level in levels),
        tuple(level[2] for level in levels),
        source="wind levels given on the command line",
    )


# --- Uncertainty -------------------------------------------------------------------------


@dataclass(frozen=True)
class WindError:
    """How wrong the wind may be, by altitude: a model for Monte Carlo dispersion.

    The error of each wind component (east and north, independently) is a Gaussian with
    zero mean and standard deviation ``sigma_mps`` interpolated linearly between
    ``altitude_m``; errors at two altitudes ``dz`` apart are correlated by
    ``exp(-|dz| / correlation_length_m)`` (a first-order Markov profile).

    Notes
    -----
    The default, 1.5 m/s per component near the ground rising to 2.5 m/s at 10 km, is of
    the order of the errors of operational upper-wind forecasts: the UK Met Office's
    monthly verification of its aviation (WAFS) wind forecasts for the CAA reports root
    mean square vector errors of about 3-4 m/s aloft, against a performance target of
    2.85 m/s (a vector RMS is sqrt(2) times the per-component sigma). Near the ground
    the boundary layer's gusts and the forecast's smoothing dominate. For a radiosonde
    ascent within the hour and a few tens of km the errors are smaller; for a forecast
    days ahead, larger: pass your own.
    """

    altitude_m: tuple[float, ...] = (0.0, 10_000.0)
    """Altitudes where the error is given [m MSL], increasing."""
    sigma_mps: tuple[float, ...] = (1.5, 2.5)
    """Standard deviation of each component at those altitudes [m/s]."""
    correlation_length_m: float = 2_000.0
    """Vertical correlation length of the error [m]."""

    def __post_init__(self):
        altitude = np.asarray(self.altitude_m, dtype=float)
        sigma = np.asarray(self.sigma_mps, dtype=float)
        if altitude.ndim != 1 or altitude.size < 1 or np.any(np.diff(altitude) <= 0):
            raise OutOfRangeError(
                "wind error altitudes", list(self.altitude_m), "increasing altitudes"
            )
        if sigma.shape != altitude.shape or np.any(~np.isfinite(sigma)) or np.any(sigma < 0):
            raise OutOfRangeError(
                "wind error", list(self.sigma_mps), "one non-negative sigma [m/s] per altitude"
            )
        if not (np.isfinite(self.correlation_length_m) and self.correlation_length_m > 0):
            raise OutOfRangeError(
                "wind error correlation length", self.correlation_length_m, "a positive length"
            )

    def sigma_at(self, altitude_m):
        """Standard deviation of each component [m/s] at ``altitude_m`` [m MSL]."""
        return _interp(
            altitude_m, np.asarray(self.altitude_m, float), np.asarray(self.sigma_mps, float)
        )

    def sample(self, levels_m, members: int, rng: np.random.Generator):
        """Draw ``members`` error profiles at ``levels_m`` [m]: (east, north), (N, K) each."""
        levels = np.asarray(levels_m, dtype=float)
        distance = np.abs(levels[:, None] - levels[None, :])
        sigma = np.asarray(self.sigma_at(levels), dtype=float)
        covariance = np.exp(-distance / self.correlation_length_m) * np.outer(sigma, sigma)
        # Eigen-decomposition rather than Cholesky: tolerates sigma = 0 at some level.
        values, vectors = np.linalg.eigh(covariance)
        root = vectors * np.sqrt(np.clip(values, 0.0, None))
        east = rng.standard_normal((members, levels.size)) @ root.T
        north = rng.standard_normal((members, levels.size)) @ root.T
        return east, north


@dataclass(frozen=True)
class PerturbedWind:
    """A base profile plus a different error profile for each ensemble member.

    ``velocity_enu_mps(z, t)`` expects ``z`` with the members along its last axis, in
    member order (``z.shape[-1] == members``; any shape for one member): member ``i``
    gets the base wind plus its own error, a natural cubic spline through its values at
    ``levels_m`` (held beyond them).

    Notes
    -----
    The spline is continuous with its first and second derivatives. A profile linear
    between the levels has a kink at every level, one every 250 m for every member of an
    ensemble, and an integrator whose members share the step pays for each: the seed's
    1,000-member dispersion took 48 free-fall and 14 canopy steps with linear errors, 34
    and 9 with the spline. Both go through the same drawn values; between the levels the
    spline's spread is closer to the model's (:class:`WindError`: the error's standard
    deviation at every altitude), where a straight line between two values correlated
    by ``rho`` has a standard deviation ``sqrt((1 + rho) / 2)`` of it halfway (97 % at the
    default 250 m spacing and 2 km correlation length).
    """

    base: WindProfile
    levels_m: np.ndarray
    """Altitudes of the error samples [m MSL], increasing, (K,)."""
    east_error_mps: np.ndarray
    """East error of each member at each level [m/s], (N, K)."""
    north_error_mps: np.ndarray
    """North error [m/s], (N, K)."""

    _offsets: np.ndarray = field(init=False, repr=False, compare=False)
    _step: float = field(init=False, repr=False, compare=False)
    _constant: tuple | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Copies, read-only: the splines are made from them once, and a kept fall
        # (duskfall.fall.kept) is found by a digest of them.
        levels, east, north = (
            read_only(v) for v in (self.levels_m, self.east_error_mps, self.north_error_mps)
        )
        if levels.ndim != 1 or levels.size < 2 or np.any(np.diff(levels) <= 0):
            raise OutOfRangeError("error levels", levels.size, "two or more increasing levels")
        if east.shape != north.shape or east.ndim != 2 or east.shape[1] != levels.size:
            raise InconsistentInputError(
                "wind errors", east.shape, f"(members, {levels.size}) for east and north"
            )
        object.__setattr__(self, "levels_m", levels)
        object.__setattr__(self, "east_error_mps", east)
        object.__setattr__(self, "north_error_mps", north)
        count = east.shape[0]
        object.__setattr__(self, "_offsets", np.arange(count) if count > 1 else 0)
        steps = np.diff(levels)
        object.__setattr__(self, "_step", float(steps[0]) if np.allclose(steps, steps[0]) else 0.0)
        constant = None
        if isinstance(self.base, ConstantWind):
            constant = tuple(float(c) for c in self.base.velocity_enu_mps(0.0))
        object.__setattr__(self, "_constant", constant)

    @cached_property
    def _cubic(self) -> tuple[np.ndarray, ...]:
        """The splines' coefficients of east + i north, level by level (K - 1, N) and
        flattened: one gather per coefficient and a complex Horner sum per call (this
        runs at every stage of every integrator step of an ensemble). Made on the real
        and imaginary parts side by side, as real numbers, on the first call: a kept
        fall (:func:`duskfall.fall.kept`) needs the drawn errors, not the splines."""
        errors = np.ascontiguousarray((self.east_error_mps + 1j * self.north_error_mps).T)
        cubic = natural_cubic_spline(self.levels_m, errors.view(float))
        return tuple(c.view(complex).ravel() for c in cubic)

    def __reduce__(self):
        # Pickled by what it is made of (the splines are made again): half the bytes, for
        # the digests of kept falls (duskfall.fall.kept) and for worker processes.
        made_of = tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.init)
        return (type(self), made_of)

    @property
    def members(self) -> int:
        """Number of members N."""
        return int(self.east_error_mps.shape[0])

    @property
    def source(self) -> str:
        """The base profile's source, perturbed."""
        return f"{getattr(self.base, 'source', 'wind')} (perturbed)"

    def velocity_enu_mps(self, altitude_m, time_utc_s=None):
        z = np.asarray(altitude_m, dtype=float)
        count = self.members
        if count != 1 and (z.ndim == 0 or z.shape[-1] != count):
            raise InconsistentInputError(
                "altitude_m",
                z.shape,
                f"one altitude per member along the last axis ({count} members)",
            )
        levels = self.levels_m
        last = levels.size - 1
        held = np.minimum(np.maximum(z, levels[0]), levels[last])  # np.clip, cheaper
        if self._step:
            position = (held - levels[0]) * (1.0 / self._step)
        else:
            position = np.interp(held, levels, np.arange(levels.size, dtype=float))
        lower = np.minimum(position.astype(np.intp), last - 1)
        d = held - levels.take(lower)
        index = lower * self.members + self._offsets
        a, b, c, e = self._cubic
        # a + d (b + d (c + d e)), in place and with d made complex once (numpy would
        # cast it at each product): the same sums, half the time. ``take`` gathers the
        # same values as indexing, a quarter faster for 1,000 members.
        dc = d.astype(complex)
        error = e.take(index) * dc
        error += c.take(index)
        error *= dc
        error += b.take(index)
        error *= dc
        error += a.take(index)
        if self._constant is not None:
            return self._constant[0] + error.real, self._constant[1] + error.imag
        east, north = self.base.velocity_enu_mps(z, time_utc_s)
        return east + error.real, north + error.imag

    def member(self, index: int) -> PerturbedWind:
        """Member ``index`` as a wind of its own (one member: any altitudes).

        Raises
        ------
        IndexError
            For an index out of range (negative ones count from the end).
        """
        i = range(self.members)[index]
        keep = slice(i, i + 1)
        return PerturbedWind(
            self.base, self.levels_m, self.east_error_mps[keep], self.north_error_mps[keep]
        )


def natural_cubic_spline(knots: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """The natural cubic spline through ``values`` at ``knots``, every column at once.

    Parameters
    ----------
    knots
        (K,) increasing abscissae, K >= 2.
    values
        (K, ...) ordinates: each column along the first axis is one spline.

    Returns
    -------
    tuple of ndarray
        ``(a, b, c, e)``, each (K - 1, ...): on interval ``i`` the spline is
        ``a + b d + c d^2 + e d^3`` with ``d`` the distance above ``knots[i]``.

    Notes
    -----
    The second derivatives ``m`` at the knots solve the spline's tridiagonal system
    (continuous first derivatives, ``m = 0`` at both ends: the natural spline), by the
    system's inverse for all columns together. Checked against scipy's
    ``CubicSpline(bc_type="natural")`` in tests/test_winds.py (scipy is not imported
    here: it would cost a plan 0.4 s).

    References
    ----------
    de Boor, C. (2001), A Practical Guide to Splines, revised ed., Springer, ch. IV.

    Examples
    --------
    >>> a, b, c, e = natural_cubic_spline(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 0.0]))
    >>> (a + b * 0.5 + c * 0.25 + e * 0.125)[0].round(4)  # halfway along the first interval
    np.float64(0.6875)
    """
    hs = np.diff(knots)
    h = hs.reshape(hs.shape + (1,) * (values.ndim - 1))  # broadcast along the columns
    slope = np.diff(values, axis=0) * (1.0 / h)
    second = np.zeros(values.shape, dtype=np.result_type(values, float))
    if knots.size > 2:
        inner = knots.size - 2
        system = np.zeros((inner, inner))
        rows = np.arange(inner)
        system[rows, rows] = 2.0 * (hs[:-1] + hs[1:])
        system[rows[1:], rows[:-1]] = hs[1:-1]
        system[rows[:-1], rows[1:]] = hs[1:-1]
        right = 6.0 * np.diff(slope, axis=0)
        # By the inverse: the system is small and strictly diagonally dominant (well
        # conditioned); for the 2,000 columns of a 1,000-member dispersion
        # numpy.linalg.solve took 2.2 ms, the inverse 0.16 ms
        inverse = np.linalg.inv(system)
        second[1:-1] = (inverse @ right.reshape(inner, -1)).reshape(right.shape)
    a = values[:-1]
    b = slope - h * (2.0 * second[:-1] + second[1:]) / 6.0
    c = 0.5 * second[:-1]
    e = (second[1:] - second[:-1]) / (6.0 * h)
    return a, b, c, e


def perturb(
    base: WindProfile,
    error: WindError,
    members: int,
    seed: int | np.random.Generator,
    low_m: float,
    high_m: float,
    spacing_m: float = 250.0,
) -> PerturbedWind:
    """Draw a :class:`PerturbedWind` of ``members`` members between two altitudes.

    Parameters
    ----------
    base
        The best-estimate wind.
    error
        The error model.
    members
        Number of members N.
    seed
        Seed of the random generator (or a generator): same seed, same draw.
    low_m, high_m
        Altitude span to cover [m MSL] (ground to exit).
    spacing_m
        Spacing of the error levels [m]; an eighth of the default correlation length.
    """
    if members < 1:
        raise OutOfRangeError("members", members, "at least 1")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    count = max(2, int(np.ceil((high_m - low_m) / spacing_m)) + 1)
    levels = np.linspace(low_m, high_m, count)
    east, north = error.sample(levels, members, rng)
    return PerturbedWind(base, levels, east, north)
