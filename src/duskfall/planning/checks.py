"""Physiology and safety checks: warnings with their source, never a verdict.

duskfall is not a medical or legal authority. These checks point at the rules and the
physiology a jump team already works with, so that nothing is forgotten; the team's own
procedures, its physician and its aviation authority decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from duskfall import atmosphere
from duskfall.constants import FOOT_M

DISCLAIMER = (
    "These checks are reminders, not medical or legal advice: follow your operator's "
    "procedures, your physician and your aviation authority."
)

Status = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    """One go/no-go item."""

    name: str
    status: Status
    detail: str
    source: str = ""


OXYGEN_ALTITUDE_M = 15_000 * FOOT_M
"""Above this exit altitude every skydiver needs supplemental oxygen [m MSL]."""
OXYGEN_SOURCE = (
    "14 CFR 91.211(a)(3) (oxygen for each occupant above 15,000 ft cabin altitude); USPA "
    "Basic Safety Requirements, Skydiver's Information Manual sec. 2-1 (supplemental "
    "oxygen on skydiving flights above 15,000 ft MSL)"
)

CLASS_A_ALTITUDE_M = 18_000 * FOOT_M
"""Floor of US Class A airspace, FL180 (14 CFR 71.33)."""

PREBREATHE_ALTITUDE_M = 18_000 * FOOT_M
"""Cabin altitude above which decompression sickness becomes a practical risk and
military free-fall practice pre-breathes 100 % oxygen (FAA AC 61-107B, sec. on
decompression sickness: DCS is rare below 18,000 ft)."""
PREBREATHE_S = 30 * 60.0
"""Pre-breathing of 100 % oxygen before exposure [s]: 30 minutes, the common military
free-fall figure for HALO altitudes (e.g. US Army ATP 3-18.11)."""

# FAA Pilot's Handbook of Aeronautical Knowledge (FAA-H-8083-25B), ch. 17, time of useful
# consciousness: (altitude ft, range as printed).
TUC_TABLE_FT = (
    (45_000, "9 to 15 seconds"),
    (40_000, "15 to 20 seconds"),
    (35_000, "30 to 60 seconds"),
    (30_000, "1 to 2 minutes"),
    (28_000, "2.5 to 3 minutes"),
    (25_000, "3 to 5 minutes"),
    (22_000, "5 to 10 minutes"),
    (20_000, "30 minutes or more"),
)
TUC_SOURCE = "FAA Pilot's Handbook of Aeronautical Knowledge (FAA-H-8083-25B), ch. 17"

# Environment Canada wind chill hazard categories (lower bound of the wind chill, deg C).
WIND_CHILL_RISK = (
    (-55.0, "extreme risk: exposed skin can freeze in less than 2 minutes"),
    (-48.0, "severe risk: exposed skin can freeze in 2 to 5 minutes"),
    (-40.0, "very high risk: exposed skin can freeze in 5 to 10 minutes"),
    (-28.0, "high risk: exposed skin can freeze in 10 to 30 minutes"),
)
WIND_CHILL_SOURCE = (
    "wind chill index of Environment Canada / US NWS (JAG/TI 2001), "
    "13.12 + 0.6215 T - 11.37 V^0.16 + 0.3965 T V^0.16 (T deg C, V km/h); hazard "
    "categories of Environment Canada"
)

# USPA BSR minimum container opening altitudes [ft AGL].
USPA_OPENING_MIN_FT = {"students and A license": 3000, "B license": 2500, "C and D license": 2000}


def wind_chill_c(temperature_c, speed_mps):
    """Wind chill index [deg C] (JAG/TI 2001 formula, as used by Environment Canada and
    the US National Weather Service). Calibrated for winds up to about 100 km/h; at
    free-fall speeds it is an indication only."""
    v = np.asarray(speed_mps) * 3.6
    t = np.asarray(temperature_c)
    return 13.12 + 0.6215 * t - 11.37 * v**0.16 + 0.3965 * t * v**0.16


def time_of_useful_consciousness(altitude_m: float) -> str | None:
    """The FAA table's time of useful consciousness at ``altitude_m`` (the row at or
    below it), or None below 20,000 ft."""
    feet = altitude_m / FOOT_M
    for row_ft, text in TUC_TABLE_FT:
        if feet >= row_ft - 1:
            return f"{text} (FAA table row {row_ft:,} ft)"
    return None


def physiology_checks(
    exit_altitude_m: float,
    deploy_altitude_agl_m: float,
    freefall_speed_mps: float,
) -> list[Check]:
    """Oxygen, time of useful consciousness, pre-breathing, cold, airspace, opening."""
    feet = exit_altitude_m / FOOT_M
    checks = []
    if exit_altitude_m > OXYGEN_ALTITUDE_M:
        checks.append(
            Check(
                "oxygen",
                "warn",
                f"exit at {feet:,.0f} ft: supplemental oxygen for everyone on board",
                OXYGEN_SOURCE,
            )
        )
    else:
        checks.append(
            Check("oxygen", "pass", f"exit at {feet:,.0f} ft, at or below 15,000 ft", OXYGEN_SOURCE)
        )
    tuc = time_of_useful_consciousness(exit_altitude_m)
    if tuc:
        checks.append(
            Check(
                "time of useful consciousness",
                "warn",
                f"without oxygen at {feet:,.0f} ft: {tuc}",
                TUC_SOURCE,
            )
        )
    if exit_altitude_m >= PREBREATHE_ALTITUDE_M:
        checks.append(
            Check(
                "pre-breathing",
                "warn",
                f"decompression sickness risk above 18,000 ft: pre-breathe 100 % oxygen for "
                f"{PREBREATHE_S / 60:.0f} min before the cabin goes above 18,000 ft",
                "FAA AC 61-107B (decompression sickness); US Army ATP 3-18.11 (military free fall)",
            )
        )
    temperature_c = atmosphere.temperature_k(exit_altitude_m) - 273.15
    chill = float(wind_chill_c(temperature_c, freefall_speed_mps))
    risk = next((text for limit, text in WIND_CHILL_RISK if chill <= limit), None)
    checks.append(
        Check(
            "cold",
            "warn" if risk else "pass",
            f"standard-atmosphere air at exit {temperature_c:.0f} C; wind chill at "
            f"{freefall_speed_mps:.0f} m/s {chill:.0f} C" + (f": {risk}" if risk else ""),
            WIND_CHILL_SOURCE + "; air temperature of the 1976 standard atmosphere "
            "(the day's air can differ by 10-20 C)",
        )
    )
    if exit_altitude_m >= CLASS_A_ALTITUDE_M:
        checks.append(
            Check(
                "airspace",
                "warn",
                "exit at or above FL180: Class A airspace in the US; parachute operations need an "
                "ATC authorization; elsewhere ask the national authority (UAE: GCAA)",
                "14 CFR 71.33 (Class A airspace); 14 CFR 105.25 (designated airspace)",
            )
        )
    agl_ft = deploy_altitude_agl_m / FOOT_M
    lowest = min(USPA_OPENING_MIN_FT.values())
    status: Status = "pass" if agl_ft >= 3000 else ("warn" if agl_ft >= lowest else "fail")
    allowed = ", ".join(f"{k} {v:,} ft" for k, v in USPA_OPENING_MIN_FT.items())
    checks.append(
        Check(
            "opening altitude",
            status,
            f"deployment at {agl_ft:,.0f} ft AGL (minimums: {allowed})",
            "USPA Basic Safety Requirements, minimum container opening altitudes",
        )
    )
    return checks


def darkness_checks(
    exit_utc_s: float | None,
    landing_utc_s: float | None,
    ground_sunset_utc_s: float | None,
    at: str,
) -> list[Check]:
    """Jumping or landing between sunset and sunrise needs lights."""
    source = "14 CFR 105.19 (parachute operations between sunset and sunrise)"
    if exit_utc_s is None or landing_utc_s is None:
        return []
    if ground_sunset_utc_s is None:
        return [
            Check(
                "darkness",
                "warn",
                "no sunset or sunrise on the ground that day: check the light at landing",
                source,
            )
        ]
    dark = (
        (landing_utc_s > ground_sunset_utc_s)
        if at == "dusk"
        else (exit_utc_s < ground_sunset_utc_s)
    )
    if dark:
        when = "landing after sunset" if at == "dusk" else "exit before sunrise"
        minutes = abs((landing_utc_s if at == "dusk" else exit_utc_s) - ground_sunset_utc_s) / 60
        return [
            Check(
                "darkness",
                "warn",
                f"{when} on the ground ({minutes:.0f} min): each jumper displays a light "
                "visible for 3 statute miles from exit to landing",
                source,
            )
        ]
    return [Check("darkness", "pass", "exit and landing in daylight on the ground", source)]
