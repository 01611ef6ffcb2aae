"""Body positions and canopies: the drag and the flight of the jumper, with their sources.

- :class:`Posture` and :data:`POSTURES`: drag area per kilogram of each body position in
  free fall, with the transonic drag rise (:class:`DragRise`) of stratospheric jumps;
- :class:`Canopy` and :data:`CANOPIES`: the steady flight and the opening of a main
  canopy (ram-air or round).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from duskfall.atmosphere import SEA_LEVEL_DENSITY_KGPM3
from duskfall.constants import MPH_MPS, STANDARD_GRAVITY_MPS2
from duskfall.errors import OutOfRangeError

# --- Drag: postures and the transonic drag rise ----------------------------------------


@dataclass(frozen=True)
class DragRise:
    """Transonic drag rise: the drag area multiplied by ``f(M)`` at Mach number ``M``.

    ``f(M) = 1 + increase * s(x)`` with ``x = (M - mach_start) / (mach_end - mach_start)``
    clipped to [0, 1] and the smoothstep ``s(x) = 3x^2 - 2x^3``: no change below
    ``mach_start``, a smooth rise through the transonic range, a plateau above
    ``mach_end``.

    The shape follows the drag of bluff bodies (a sphere's drag coefficient starts to rise
    near Mach 0.6 and levels off above Mach 1.1; Hoerner, Fluid-Dynamic Drag, 1965,
    ch. 16). The amplitude for a jumper is small: Guerster and Walter (2017) found from
    the Red Bull Stratos data a subsonic drag coefficient of 0.60 and a compressibility
    drag only 19 % of what a smooth body would have; see :data:`POSTURES`.
    """

    increase: float = 0.0
    """Fractional increase of the drag area on the plateau (0.2 means +20 %)."""
    mach_start: float = 0.6
    """Mach number where the rise begins."""
    mach_end: float = 1.1
    """Mach number where the plateau begins."""
    source: str = "no drag rise"

    def factor(self, mach):
        """The multiplier ``f(M)`` of the drag area at Mach number ``mach``."""
        x = np.clip((np.asarray(mach, dtype=float) - self.mach_start) / self._width(), 0, 1)
        value = 1.0 + self.increase * x * x * (3.0 - 2.0 * x)
        return float(value) if value.ndim == 0 else value

    def _width(self) -> float:
        return self.mach_end - self.mach_start

    def table(self) -> tuple[np.ndarray, np.ndarray]:
        """Nodes (Mach, factor) for linear interpolation in the integrator."""
        mach = np.linspace(self.mach_start, self.mach_end, 41)
        return mach, np.asarray(self.factor(mach))


@dataclass(frozen=True)
class Posture:
    """A body position in free fall, described by its drag area per unit mass."""

    name: str
    cda_per_kg_m2: float
    """Drag area per kilogram of jumper and equipment [m^2/kg]."""
    source: str
    """Where the value comes from."""
    drag_rise: DragRise = field(default_factory=DragRise)
    """Transonic drag rise (only matters for stratospheric exits)."""

    def cda_m2(self, mass_kg: float) -> float:
        """Drag area [m^2] for a jumper of ``mass_kg`` [kg] with equipment."""
        return self.cda_per_kg_m2 * mass_kg

    @property
    def sea_level_terminal_speed_mps(self) -> float:
        """Terminal speed in sea-level standard air [m/s]: sqrt(2 g / (rho0 CdA/m))."""
        return float(
            np.sqrt(2 * STANDARD_GRAVITY_MPS2 / (SEA_LEVEL_DENSITY_KGPM3 * self.cda_per_kg_m2))
        )


def cda_per_kg_for_terminal_speed(speed_mps: float) -> float:
    """CdA/m [m^2/kg] that gives terminal speed ``speed_mps`` [m/s] in sea-level air.

    ``CdA/m = 2 g0 / (rho0 v^2)`` with the standard g0 and rho0.
    """
    return 2.0 * STANDARD_GRAVITY_MPS2 / (SEA_LEVEL_DENSITY_KGPM3 * speed_mps**2)


#: Transonic drag rise of a human body: none. The amplitude was calibrated on the two
#: supersonic records (Red Bull Stratos 2012, StratEx 2014), fitting each one's drag
#: area to its free-fall time: any positive amplitude makes both predicted peak speeds
#: lower, and Stratos' is already 5 % low without it, so the least-squares amplitude is
#: at its physical bound, zero. This agrees with Guerster and Walter (2017), who found
#: the compressibility drag of the Stratos jumper only 19 % of a smooth body's, and it
#: is the cautious choice for the supersonic warning. A body with a measured drag rise
#: gets its own :class:`DragRise` (see docs/fall.md).
HUMAN_DRAG_RISE = DragRise(
    increase=0.0,
    source="calibrated on the Red Bull Stratos and StratEx records (no measurable rise; "
    "Guerster and Walter 2017: 19 % of a smooth body's compressibility drag)",
)

#: Belly-to-earth drag area fitted on the FlySight reference logs (median quasi-steady
#: CdA/m of the three belly jumps, 0.0071 m^2/kg: a sea-level terminal speed of 47 m/s).
FLYSIGHT_BELLY_CDA_PER_KG_M2 = 0.0071

#: Body positions by name. Sport postures are given through their commonly quoted
#: sea-level terminal speed; the pressure suit through a fit to a record jump.
POSTURES: dict[str, Posture] = {
    "belly": Posture(
        "belly",
        cda_per_kg_for_terminal_speed(120 * MPH_MPS),
        "120 mph sea-level terminal speed, belly-to-earth (USPA Skydiver's Information "
        "Manual, the common reference value). The FlySight reference logs show slower "
        "belly flyers: 0.0071 m^2/kg, 105 mph (see docs/fall.md)",
        HUMAN_DRAG_RISE,
    ),
    "sit": Posture(
        "sit",
        cda_per_kg_for_terminal_speed(145 * MPH_MPS),
        "about 145 mph sea-level terminal speed in a sit-fly position (freefly coaching "
        "literature; midway in the usual 130-160 mph range)",
        HUMAN_DRAG_RISE,
    ),
    "head-down": Posture(
        "head-down",
        cda_per_kg_for_terminal_speed(165 * MPH_MPS),
        "about 165 mph sea-level terminal speed head-down (freefly literature, 150-180 "
        "mph; the FlySight freefly log peaks at 92 m/s at 3,000 m, equivalent to 79 m/s "
        "at sea level)",
        HUMAN_DRAG_RISE,
    ),
    "track": Posture(
        "track",
        cda_per_kg_for_terminal_speed(100 * MPH_MPS),
        "about 100 mph vertical speed in a flat track (tracking literature, 90-110 mph)",
        HUMAN_DRAG_RISE,
    ),
    "pressure-suit": Posture(
        "pressure-suit",
        0.00651,
        "full pressure suit and rig: CdA/m fitted to the Red Bull Stratos free-fall time "
        "(260 s from 38,969.4 m to 2,566.8 m MSL; FAI 2013 and Red Bull Stratos 2013), a "
        "sea-level terminal speed of 50 m/s",
        HUMAN_DRAG_RISE,
    ),
}

# --- Canopies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Canopy:
    """A main canopy: its steady flight and its opening.

    Speeds are equivalent airspeeds (at sea-level density); in thinner air the canopy
    flies faster by ``sqrt(rho0 / rho)`` at the same wing loading (lift = weight at a
    constant lift coefficient).

    The opening: the airspeed vector relaxes from its free-fall value ``u_d`` to the
    canopy's steady airspeed ``u_c`` as ``u = u_c + (u_d - u_c) phi(tau)`` with
    ``phi(tau) = 1 - tau / D`` for ``tau < D`` and 0 after: a steady deceleration over the
    opening duration ``D``, the shape the FlySight reference logs show (their fall rate
    drops almost linearly from about 50 m/s to the canopy's sink rate in 6-7 s).
    """

    name: str
    sink_mps: float
    """Steady sink rate at sea-level density [m/s]."""
    airspeed_mps: float
    """Steady horizontal airspeed at sea-level density [m/s]; 0 for a round canopy."""
    opening_duration_s: float
    """Duration ``D`` of the deployment stage [s]."""
    source: str

    def opening_fraction(self, tau_s):
        """``phi(tau)``: the part of the free-fall airspeed excess left ``tau_s`` [s] after
        the start of deployment (1 at the start, 0 when the canopy flies)."""
        if isinstance(tau_s, float):
            return max(0.0, 1.0 - tau_s / self.opening_duration_s)
        value = np.maximum(0.0, 1.0 - np.asarray(tau_s, dtype=float) / self.opening_duration_s)
        return float(value) if value.ndim == 0 else value


#: Canopies by name.
CANOPIES: dict[str, Canopy] = {
    "ram-air": Canopy(
        "ram-air",
        sink_mps=5.0,
        airspeed_mps=10.0,
        opening_duration_s=6.25,
        source="sport ram-air canopy at moderate wing loading: 10 m/s (20 kt) forward, "
        "5 m/s sink, glide ratio 2:1 (Knacke, Parachute Recovery Systems Design Manual, "
        "NWC TP 6575, 1991, ch. 5; the FlySight reference logs sink at 5-7 m/s under "
        "canopy). Opening fitted to the FlySight logs: deceleration start to a fall rate "
        "below g in 5.6-8.2 s over 160-178 m",
    ),
    "round": Canopy(
        "round",
        sink_mps=5.8,
        airspeed_mps=0.0,
        opening_duration_s=4.0,
        source="military round troop canopy (T-11 class): about 19 ft/s (5.8 m/s) rate of "
        "descent, no forward speed (US Army FM 3-21.220, 2017, ch. 2); opening within the "
        "four-second count of static-line training (same manual)",
    ),
}


def resolve_posture(posture: str) -> Posture:
    """The :class:`Posture` named ``posture`` (a key of :data:`POSTURES`)."""
    if posture not in POSTURES:
        raise OutOfRangeError("posture", posture, ", ".join(POSTURES))
    return POSTURES[posture]


def resolve_canopy(canopy: str | Canopy) -> Canopy:
    """A :class:`Canopy`, or the one named ``canopy`` (a key of :data:`CANOPIES`)."""
    if isinstance(canopy, Canopy):
        return canopy
    if canopy not in CANOPIES:
        raise OutOfRangeError("canopy", canopy, ", ".join(CANOPIES))
    return CANOPIES[canopy]
