"""Jump aircraft: how fast they climb, how high they go, and the timeline back from exit.

A climb profile answers one question: how long does it take to climb from one altitude
to another. Two models:

- :class:`LinearClimb`, the textbook model of a rate of climb that falls linearly with
  altitude, ``r(h) = r0 (1 - h / h_abs)``, which integrates to
  ``t = (h_abs / r0) ln((h_abs - h1) / (h_abs - h2))`` (e.g. Anderson, *Aircraft
  Performance and Design*, 1999, sec. 5.10; the service ceiling is where ``r`` has
  fallen to 100 ft/min).
- :class:`BandClimb`, a table of altitude bands with a constant rate in each, for the
  operator's own figures.

The presets are typical figures from manufacturers' and operators' published data, for
planning only; replace them with the operator's figures for the actual load.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError, OutOfRangeError

FPM_MPS = FOOT_M / 60.0
"""One foot per minute [m/s]."""

SERVICE_CEILING_RATE_MPS = 100 * FPM_MPS
"""Rate of climb that defines the service ceiling, 100 ft/min (FAA and ICAO usage)."""


@dataclass(frozen=True)
class LinearClimb:
    """Rate of climb falling linearly from ``sea_level_rate_mps`` to zero at the
    absolute ceiling."""

    sea_level_rate_mps: float
    """Rate of climb at sea level [m/s]."""
    service_ceiling_m: float
    """Altitude where the rate has fallen to 100 ft/min [m MSL]."""

    @property
    def absolute_ceiling_m(self) -> float:
        """Altitude where the rate of climb is zero [m MSL]."""
        return self.service_ceiling_m / (1.0 - SERVICE_CEILING_RATE_MPS / self.sea_level_rate_mps)

    def rate_mps(self, altitude_m):
        """Rate of climb [m/s] at ``altitude_m`` [m MSL]."""
        return self.sea_level_rate_mps * (1.0 - np.asarray(altitude_m) / self.absolute_ceiling_m)

    def time_to_climb_s(self, from_m: float, to_m: float) -> float:
        """Time [s] to climb from ``from_m`` to ``to_m`` [m MSL]."""
        ceiling = self.absolute_ceiling_m
        return float(
            ceiling / self.sea_level_rate_mps * np.log((ceiling - from_m) / (ceiling - to_m))
        )

    def altitude_after_s(self, from_m: float, elapsed_s: float) -> float:
        """Altitude [m MSL] ``elapsed_s`` [s] into a climb from ``from_m``: the inverse of
        :meth:`time_to_climb_s`, ``h_abs - (h_abs - h1) exp(-r0 t / h_abs)``."""
        ceiling = self.absolute_ceiling_m
        decay = np.exp(-self.sea_level_rate_mps * elapsed_s / ceiling)
        return float(ceiling - (ceiling - from_m) * decay)


@dataclass(frozen=True)
class BandClimb:
    """Constant rates of climb in altitude bands: ``(top_m, rate_mps)`` pairs, the band
    running from the previous top (or the ground) up to ``top_m``."""

    bands: tuple[tuple[float, float], ...]
    service_ceiling_m: float

    def __post_init__(self):
        tops = [top for top, _ in self.bands]
        if not self.bands or any(b <= a for a, b in itertools.pairwise(tops)):
            raise InputError(
                "aircraft.climb", list(self.bands), "bands with strictly increasing top altitudes"
            )
        if any(rate <= 0 for _, rate in self.bands):
            raise InputError("aircraft.climb", list(self.bands), "positive climb rates")

    def time_to_climb_s(self, from_m: float, to_m: float) -> float:
        """Time [s] to climb from ``from_m`` to ``to_m`` [m MSL]."""
        total, low = 0.0, -np.inf
        for top, rate in self.bands:
            a, b = max(from_m, low), min(to_m, top)
            if b > a:
                total += (b - a) / rate
            low = top
        if to_m > self.bands[-1][0] + 1e-6:
            raise OutOfRangeError(
                "aircraft.climb",
                to_m,
                f"altitudes up to the last band's top, {self.bands[-1][0]:.0f} m",
            )
        return total

    def altitude_after_s(self, from_m: float, elapsed_s: float) -> float:
        """Altitude [m MSL] ``elapsed_s`` [s] into a climb from ``from_m``, band by band
        (the last band's rate beyond its top)."""
        altitude, left, low = from_m, elapsed_s, -np.inf
        for top, rate in self.bands:
            if top > altitude:
                band_s = (top - max(altitude, low)) / rate
                if left <= band_s:
                    return float(max(altitude, low) + left * rate)
                left -= band_s
                altitude = top
            low = top
        return float(altitude + left * self.bands[-1][1])


def altitude_after_s(
    climb: LinearClimb | BandClimb, from_m: float, to_m: float, elapsed_s: float
) -> float:
    """Altitude [m MSL] reached ``elapsed_s`` [s] into a climb from ``from_m`` to ``to_m``
    (held at ``to_m`` once reached)."""
    if elapsed_s <= 0:
        return from_m
    if elapsed_s >= climb.time_to_climb_s(from_m, to_m):
        return to_m
    return min(climb.altitude_after_s(from_m, elapsed_s), to_m)


@dataclass(frozen=True)
class AircraftType:
    """A jump aircraft type with its typical performance."""

    name: str
    climb: LinearClimb | BandClimb
    jump_run_ias_mps: float
    """Typical indicated airspeed on jump run [m/s]."""
    pressurized: bool
    """Whether the cabin is pressurized until the door or ramp is opened."""
    descent_rate_mps: float
    """Typical rate of descent back to the field after the drop [m/s]."""
    source: str

    @property
    def service_ceiling_m(self) -> float:
        """Service ceiling [m MSL]."""
        return self.climb.service_ceiling_m


#: Aircraft presets by name (the CLI and scenario files use the keys).
AIRCRAFT: dict[str, AircraftType] = {
    "C-17A": AircraftType(
        "C-17A Globemaster III",
        LinearClimb(3500 * FPM_MPS, 45_000 * FOOT_M),
        130 * KNOT_MPS,
        True,
        4000 * FPM_MPS,
        "service ceiling 45,000 ft (USAF C-17 fact sheet); personnel airdrop at 130-145 KCAS; "
        "sea-level climb rate 3,500 ft/min is a typical figure for a lightly loaded "
        "airdrop configuration, not a published limit",
    ),
    "C-130J": AircraftType(
        "C-130J Super Hercules",
        LinearClimb(2100 * FPM_MPS, 28_000 * FOOT_M),
        130 * KNOT_MPS,
        True,
        2500 * FPM_MPS,
        "ceiling 28,000 ft with 42,000 lb payload (USAF C-130 fact sheet); maximum rate of "
        "climb about 2,100 ft/min at sea level (Lockheed Martin C-130J brochure)",
    ),
    "DHC-6": AircraftType(
        "DHC-6-300 Twin Otter",
        LinearClimb(1600 * FPM_MPS, 26_700 * FOOT_M),
        80 * KNOT_MPS,
        False,
        2000 * FPM_MPS,
        "service ceiling 26,700 ft, sea-level rate of climb 1,600 ft/min (de Havilland "
        "Canada DHC-6-300 specifications)",
    ),
    "C208B": AircraftType(
        "Cessna 208B Grand Caravan",
        LinearClimb(975 * FPM_MPS, 25_000 * FOOT_M),
        80 * KNOT_MPS,
        False,
        1500 * FPM_MPS,
        "maximum operating altitude 25,000 ft, sea-level rate of climb 975 ft/min (Cessna "
        "208B specification)",
    ),
}
