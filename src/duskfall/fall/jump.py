"""One description of a jump: the exit, the falling body, the canopy, the ground, the air.

A :class:`Jump` is the value object every layer hands down: the plan builds one per
jumper, the release point and the dispersion read it back from the trajectory it
produced, the season and the atlas simulate it once. An ensemble is the same object with
arrays in place of numbers (``jump.with_body(cda_m2=array)``): :func:`members` broadcasts
every field to N members and checks it.

Every field is SI: metres MSL, seconds, kilograms, m/s, degrees clockwise from true north.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from duskfall import atmosphere
from duskfall.errors import InconsistentInputError, OutOfRangeError, check_range
from duskfall.fall.models import Canopy, resolve_canopy, resolve_posture
from duskfall.winds import WindProfile

MAX_MASS_KG = 1000.0
"""Heaviest body simulated [kg]: a jumper with equipment, a tandem pair or a light
cargo bundle; the one limit of every command."""

MAX_CDA_M2 = 10.0
"""Largest drag area in free fall [m^2] (a belly jumper is about 0.6 m^2)."""

MAX_AIRSPEED_MPS = 300.0
"""Fastest aircraft true airspeed at exit [m/s] (583 kt)."""


@dataclass(frozen=True)
class Exit:
    """Where, when and how fast the jumper leaves the aircraft."""

    altitude_m: Any
    """Exit altitude [m MSL]."""
    airspeed_mps: Any = 0.0
    """True airspeed of the aircraft at exit [m/s]: the forward throw; 0 for a balloon."""
    heading_deg: Any = 0.0
    """Heading of the aircraft through the air at exit [deg true]."""
    time_utc_s: Any = None
    """Exit time [POSIX s], for time-dependent winds; None for steady winds."""
    east_m: Any = 0.0
    north_m: Any = 0.0
    """Exit point in the East-North-Up frame [m] (origin on the ground)."""


@dataclass(frozen=True)
class Body:
    """The falling body: the jumper with equipment, in a body position."""

    mass_kg: Any = 90.0
    """Mass of jumper and equipment [kg]."""
    posture: str = "belly"
    """Key of :data:`duskfall.fall.POSTURES` (its drag area, its transonic drag rise)."""
    cda_m2: Any = None
    """Drag area at low Mach numbers [m^2]; None for the posture's."""

    def drag_area_m2(self):
        """The drag area [m^2]: as given, or the posture's for the mass."""
        if self.cda_m2 is not None:
            return self.cda_m2
        return resolve_posture(self.posture).cda_per_kg_m2 * np.asarray(self.mass_kg, float)


@dataclass(frozen=True)
class Jump:
    """One jump, or an ensemble of jumps when fields hold arrays of one common length.

    Examples
    --------
    >>> from duskfall.fall import Body, Exit, Jump, simulate_jump
    >>> jump = Jump(Exit(4000.0), deploy_altitude_m=1000.0, body=Body(80.0, cda_m2=0.56))
    >>> round(simulate_jump(jump).freefall_duration_s, 1)
    59.2
    """

    exit: Exit
    deploy_altitude_m: Any
    """Altitude at which deployment starts [m MSL]; below the exit, above the ground."""
    body: Body = Body()
    ground_elevation_m: Any = 0.0
    """Elevation of the landing area [m MSL]."""
    canopy: str | Canopy = "ram-air"
    """Key of :data:`duskfall.fall.CANOPIES` or a :class:`~duskfall.fall.Canopy`."""
    canopy_heading_deg: Any = None
    """Heading flown under canopy [deg true]; None (or NaN for a member) to face into
    the local wind (holding). Ignored for a round canopy."""
    wind: WindProfile | None = None
    """The wind (:mod:`duskfall.winds`); calm if None."""
    air: Any = None
    """Atmosphere with ``density_kgpm3``, ``speed_of_sound_mps`` and ``gravity_mps2``; the
    1976 standard (:func:`duskfall.atmosphere.us1976_table`) if None."""

    def with_exit(self, **changes) -> Jump:
        """The same jump with some fields of :attr:`exit` changed."""
        return dataclasses.replace(self, exit=dataclasses.replace(self.exit, **changes))

    def with_body(self, **changes) -> Jump:
        """The same jump with some fields of :attr:`body` changed."""
        return dataclasses.replace(self, body=dataclasses.replace(self.body, **changes))

    def replace(self, **changes) -> Jump:
        """The same jump with some of its own fields changed."""
        return dataclasses.replace(self, **changes)

    @property
    def atmosphere(self):
        """The atmosphere model: :attr:`air`, or the 1976 standard."""
        return self.air if self.air is not None else atmosphere.us1976_table()

    @property
    def canopy_model(self) -> Canopy:
        """The :class:`~duskfall.fall.Canopy`."""
        return resolve_canopy(self.canopy)

    def checked(self) -> Jump:
        """This jump, once every field has been checked (as a simulation checks them).

        Raises
        ------
        OutOfRangeError, InconsistentInputError
            As :func:`members` does, naming the field.
        """
        members(self)
        return self


@dataclass(frozen=True)
class Members:
    """A jump's fields broadcast to (N,) float arrays, checked (see :func:`members`)."""

    exit_altitude_m: np.ndarray
    deploy_altitude_m: np.ndarray
    ground_elevation_m: np.ndarray
    mass_kg: np.ndarray
    cda_m2: np.ndarray
    aircraft_speed_mps: np.ndarray
    aircraft_heading_deg: np.ndarray
    exit_east_m: np.ndarray
    exit_north_m: np.ndarray
    exit_time_utc_s: np.ndarray | None
    canopy_heading_deg: np.ndarray | None
    """NaN where the canopy faces into the local wind; None if every member does."""

    @property
    def size(self) -> int:
        """Number of members N."""
        return int(self.mass_kg.size)


def numeric_fields(jump: Jump) -> dict[str, Any]:
    """The numeric fields of a jump by their names (the names errors use), each a number
    or an array of one value per member."""
    values = {
        "exit.altitude_m": jump.exit.altitude_m,
        "deploy_altitude_m": jump.deploy_altitude_m,
        "ground_elevation_m": jump.ground_elevation_m,
        "body.mass_kg": jump.body.mass_kg,
        "exit.airspeed_mps": jump.exit.airspeed_mps,
        "exit.heading_deg": jump.exit.heading_deg,
        "exit.east_m": jump.exit.east_m,
        "exit.north_m": jump.exit.north_m,
    }
    if jump.body.cda_m2 is not None:
        values["body.cda_m2"] = jump.body.cda_m2
    if jump.exit.time_utc_s is not None:
        values["exit.time_utc_s"] = jump.exit.time_utc_s
    return values


def _canopy_heading(value: Any) -> np.ndarray:
    """Canopy headings [deg]: NaN (into the wind) is allowed, infinities are not."""
    array = np.asarray(value, dtype=float)
    check_range("canopy_heading_deg", np.where(np.isnan(array), 0.0, array), unit="deg")
    return array


def _broadcast(values: dict[str, Any]) -> dict[str, np.ndarray]:
    arrays = {}
    for name, value in values.items():
        if name == "canopy_heading_deg":
            arrays[name] = _canopy_heading(value)
            continue
        array = np.asarray(check_range(name, value, allowed="a finite number"), dtype=float)
        if array.ndim > 1:
            raise OutOfRangeError(name, f"array of shape {array.shape}", "a scalar or a 1-D array")
        arrays[name] = array
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()), (1,))
    except ValueError:
        sizes = sorted({a.size for a in arrays.values() if a.ndim})
        raise OutOfRangeError(
            "ensemble members", sizes, "scalars and arrays of one common length N"
        ) from None
    return {name: np.broadcast_to(a, shape).astype(float) for name, a in arrays.items()}


def _first(array: np.ndarray, mask: np.ndarray) -> float:
    return float(np.asarray(array)[mask].flat[0])


def _check_altitudes(exit_alt, deploy, ground, air) -> None:
    low = max(
        air.min_altitude_m,
        atmosphere.MIN_ALTITUDE_M if np.isfinite(air.min_altitude_m) else -np.inf,
    )
    check_range("ground_elevation_m", ground, low, unit="m MSL")
    check_range(
        "exit.altitude_m",
        exit_alt,
        high=air.max_altitude_m,
        allowed=f"at most {air.max_altitude_m:.0f} m MSL (the top of the {air.name})",
    )
    ground_words, deploy_words = "ground elevation", "deployment altitude"
    for (low_name, low_value, low_words), (high_name, high_value, high_words) in (
        (
            ("ground_elevation_m", ground, ground_words),
            ("exit.altitude_m", exit_alt, "exit altitude"),
        ),
        (("ground_elevation_m", ground, ground_words), ("deploy_altitude_m", deploy, deploy_words)),
        (
            ("deploy_altitude_m", deploy, deploy_words),
            ("exit.altitude_m", exit_alt, "exit altitude"),
        ),
    ):
        bad = high_value <= low_value
        if np.any(bad):
            high, low = _first(high_value, bad), _first(low_value, bad)
            raise InconsistentInputError(
                high_name,
                high,
                f"above the {low_words} ({low:,.0f} m MSL)",
                f"is at or below the {low_words}",
                others={
                    low_name: (
                        low,
                        f"below the {high_words} ({high:,.0f} m MSL)",
                        f"is at or above the {high_words}",
                    )
                },
            )


def members(jump: Jump) -> Members:
    """The jump's fields broadcast to N members and checked against their ranges.

    Raises
    ------
    OutOfRangeError, InconsistentInputError
        Naming the field (``body.mass_kg``, ``exit.altitude_m``...): a non-finite value,
        a mass or drag area out of range, altitudes out of order, an exit above the
        atmosphere model, arrays of different lengths.
    """
    values = numeric_fields(jump)
    if jump.canopy_heading_deg is not None:
        values["canopy_heading_deg"] = jump.canopy_heading_deg
    b = _broadcast(values)
    mass = check_range(
        "body.mass_kg", b["body.mass_kg"], 0, MAX_MASS_KG, low_inclusive=False, unit="kg"
    )
    mass = np.asarray(mass)
    cda = b.get("body.cda_m2")
    if cda is None:
        cda = resolve_posture(jump.body.posture).cda_per_kg_m2 * mass
    cda = np.asarray(check_range("body.cda_m2", cda, 0, MAX_CDA_M2, low_inclusive=False, unit="m2"))
    speed = b["exit.airspeed_mps"]
    check_range("exit.airspeed_mps", speed, 0, MAX_AIRSPEED_MPS, unit="m/s true airspeed")
    exit_alt, deploy, ground = (
        b["exit.altitude_m"],
        b["deploy_altitude_m"],
        b["ground_elevation_m"],
    )
    _check_altitudes(exit_alt, deploy, ground, jump.atmosphere)
    return Members(
        exit_altitude_m=exit_alt,
        deploy_altitude_m=deploy,
        ground_elevation_m=ground,
        mass_kg=np.broadcast_to(mass, exit_alt.shape).astype(float),
        cda_m2=np.broadcast_to(cda, exit_alt.shape).astype(float),
        aircraft_speed_mps=speed,
        aircraft_heading_deg=b["exit.heading_deg"],
        exit_east_m=b["exit.east_m"],
        exit_north_m=b["exit.north_m"],
        exit_time_utc_s=b.get("exit.time_utc_s"),
        canopy_heading_deg=_headings_or_none(b.get("canopy_heading_deg")),
    )


def _headings_or_none(headings: np.ndarray | None) -> np.ndarray | None:
    if headings is None or np.all(np.isnan(headings)):
        return None
    return headings
