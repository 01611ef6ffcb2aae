"""Physiology and safety checks: go/no-go items as data, with their source, never a verdict.

duskfall is not a medical or legal authority. These checks point at the rules and the
physiology a jump team already works with, so that nothing is forgotten; the team's own
procedures, its physician and its aviation authority decide. Each check is a
:class:`duskfall.notices.Notice` (severity ``pass``, ``warn`` or ``fail``) with its
numbers in SI; the reports word it.
"""

from __future__ import annotations

import numpy as np

from duskfall import atmosphere
from duskfall.constants import FOOT_M, MPH_MPS
from duskfall.notices import Notice
from duskfall.planning.authorities import aviation_authority

DISCLAIMER = (
    "These checks are reminders, not medical or legal advice: follow your operator's "
    "procedures, your physician and your aviation authority."
)

OXYGEN_ALTITUDE_M = 15_000 * FOOT_M
"""Above this exit altitude every skydiver needs supplemental oxygen [m MSL]."""
OXYGEN_SOURCE = (
    "14 CFR 91.211(a)(3) (supplemental oxygen for each occupant above its cabin altitude); "
    "USPA Basic Safety Requirements, Skydiver's Information Manual sec. 2-1 (supplemental "
    "oxygen on skydiving flights above that altitude)"
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

TUC_TABLE_FT = (
    (45_000, 9.0, 15.0),
    (40_000, 15.0, 20.0),
    (35_000, 30.0, 60.0),
    (30_000, 60.0, 120.0),
    (28_000, 150.0, 180.0),
    (25_000, 180.0, 300.0),
    (22_000, 300.0, 600.0),
    (20_000, 1800.0, None),
)
"""Time of useful consciousness (altitude ft, shortest s, longest s or None for "or
more"), FAA Pilot's Handbook of Aeronautical Knowledge (FAA-H-8083-25B), ch. 17:
45,000 ft 9 to 15 seconds; 40,000 ft 15 to 20 s; 35,000 ft 30 to 60 s; 30,000 ft 1 to 2
minutes; 28,000 ft 2.5 to 3 min; 25,000 ft 3 to 5 min; 22,000 ft 5 to 10 min; 20,000 ft
30 minutes or more."""
TUC_SOURCE = "FAA Pilot's Handbook of Aeronautical Knowledge (FAA-H-8083-25B), ch. 17"

WIND_CHILL_RISK = (
    (-55.0, "extreme"),
    (-48.0, "severe"),
    (-40.0, "very-high"),
    (-28.0, "high"),
)
"""Environment Canada wind chill hazard categories: the lower bound of the wind chill
[deg C] of each risk (extreme: exposed skin freezes in less than 2 minutes; severe: in
2 to 5 min; very high: 5 to 10 min; high: 10 to 30 min)."""
WIND_CHILL_SOURCE = (
    "wind chill index of Environment Canada / US NWS (JAG/TI 2001), "
    "13.12 + 0.6215 T - 11.37 V^0.16 + 0.3965 T V^0.16 (T deg C, V km/h); hazard "
    "categories of Environment Canada"
)

USPA_OPENING_MIN_FT = {"students and A license": 3000, "B license": 2500, "C and D license": 2000}
"""USPA Basic Safety Requirements, minimum container opening altitudes [ft AGL]."""

DARKNESS_SOURCE = (
    "14 CFR 105.19 (parachute operations between sunset and sunrise: a light on each "
    "person descending, from the time the person is under a properly functioning open "
    "parachute until reaching the surface)"
)


CLOUD_SOURCE = (
    "14 CFR 105.17 (flight visibility and clearance from cloud requirements): no parachute "
    'operation "(a) Into or through a cloud", nor "(b) When the flight visibility or the '
    'distance from any cloud is less than that prescribed" in its table; eCFR, 66 FR 23553, '
    "May 9, 2001"
)
"""The rule, quoted. Its table: 1,200 ft or less above the surface, and from there to
10,000 ft MSL, 3 statute miles of flight visibility and 500 ft below, 1,000 ft above and
2,000 ft horizontally from cloud; more than 1,200 ft above the surface and at or above
10,000 ft MSL, 5 statute miles and 1,000 ft below, 1,000 ft above, 1 statute mile
horizontal. The figures are worded in the report's units
(:mod:`duskfall.reports.wording`)."""

CLOUD_CLEARANCE_ABOVE_M = 1_000 * FOOT_M
"""Clearance above a cloud, 1,000 ft at every altitude in the table of 14 CFR 105.17: the
cloud-clearance check looks at the cloud cover from the ground up to this far above the
exit altitude [m]."""

OKTA_CATEGORIES = (
    (0, "clear"),
    (2, "few"),
    (4, "scattered"),
    (7, "broken"),
    (8, "overcast"),
)
"""Sky cover in eighths (oktas) and its name, up to and including each count: SKC 0/8,
FEW 1/8 to 2/8, SCT 3/8 to 4/8, BKN 5/8 to 7/8, OVC 8/8: the cloud amounts of METAR
reports (ICAO Annex 3, Meteorological Service for International Air Navigation; the US
Federal Meteorological Handbook No. 1, FCM-H1, whose sky-cover table starts FEW at "less
than 1/8"). A model's fraction is rounded up to whole oktas, so that any cloud counts as
at least FEW."""

CLOUD_FAIL_OKTAS = 5
"""From broken (5/8) up the model's cloud is a no-go: a layer that covers more than half
of the sky on the jump's path, which the jump would go into or through (105.17(a))
unless the sky on the day shows otherwise. Few or scattered cloud is a warning: the jump
must keep clear of it by the rule's distances."""


def cloud_oktas(cover: float) -> int:
    """A cloud fraction (0-1) in whole oktas, rounded up (:data:`OKTA_CATEGORIES`)."""
    return int(np.clip(np.ceil(round(float(cover) * 8, 9)), 0, 8))


def cloud_clearance_check(
    cover: float,
    exit_altitude_m: float,
    ground_elevation_m: float,
    source: str,
    span_m: tuple[float, float] | None = None,
) -> Notice:
    """The cloud-clearance check from a model's cloud cover on the jump's path.

    Parameters
    ----------
    cover
        Largest cloud cover (fraction 0-1) from the ground to
        :data:`CLOUD_CLEARANCE_ABOVE_M` above the exit, at the exit time.
    exit_altitude_m, ground_elevation_m
        [m MSL]
    source
        The wind source the cloud cover comes from (a model, never an observation).
    span_m
        Lowest and highest level of the source with a cloud cover [m MSL].

    Returns
    -------
    Notice
        ``cloud-clearance``: pass with no cloud, warn with few or scattered cloud, fail
        from broken up (:data:`CLOUD_FAIL_OKTAS`); its values say it is a model's.

    Examples
    --------
    >>> cloud_clearance_check(0.3, 7620.0, 50.0, "Open-Meteo").severity
    'warn'
    """
    oktas = cloud_oktas(cover)
    category = next(name for most, name in OKTA_CATEGORIES if oktas <= most)
    status = "pass" if oktas == 0 else ("fail" if oktas >= CLOUD_FAIL_OKTAS else "warn")
    values = {
        "cloud_cover": float(cover),
        "oktas": oktas,
        "category": category,
        "top_m": exit_altitude_m + CLOUD_CLEARANCE_ABOVE_M,
        "ground_m": ground_elevation_m,
        "clearance_above_m": CLOUD_CLEARANCE_ABOVE_M,
        "from_model": True,
        "model": source,
        "levels_from_m": None if span_m is None else span_m[0],
        "levels_to_m": None if span_m is None else span_m[1],
    }
    return Notice("cloud-clearance", status, values, CLOUD_SOURCE)


def wind_chill_c(temperature_c, speed_mps):
    """Wind chill index [deg C] (JAG/TI 2001 formula, as used by Environment Canada and
    the US National Weather Service). Calibrated for winds up to about 100 km/h; at
    free-fall speeds it is an indication only."""
    v = np.asarray(speed_mps) * 3.6
    t = np.asarray(temperature_c)
    return 13.12 + 0.6215 * t - 11.37 * v**0.16 + 0.3965 * t * v**0.16


def time_of_useful_consciousness(altitude_m: float) -> tuple[float, float, float | None] | None:
    """The FAA table's time of useful consciousness at ``altitude_m``: (row altitude [m],
    shortest [s], longest [s] or None), or None at or below 15,000 ft.

    Between two rows the higher row is taken (the shorter time): conservative. Above the
    highest row (45,000 ft) its figures are an upper bound.
    """
    if altitude_m <= OXYGEN_ALTITUDE_M:
        return None
    feet = altitude_m / FOOT_M
    rows = sorted(TUC_TABLE_FT)
    for row_ft, low_s, high_s in rows:
        if feet <= row_ft + 1:
            return row_ft * FOOT_M, low_s, high_s
    row_ft, low_s, high_s = rows[-1]
    return row_ft * FOOT_M, low_s, high_s


def _oxygen(exit_altitude_m: float) -> Notice:
    values = {"exit_altitude_m": exit_altitude_m, "limit_m": OXYGEN_ALTITUDE_M}
    status = "warn" if exit_altitude_m > OXYGEN_ALTITUDE_M else "pass"
    return Notice("oxygen", status, values, OXYGEN_SOURCE)


def _cold(
    exit_altitude_m: float,
    speed_mps: float,
    temperature_k: float | None,
    temperature_source: str | None = None,
) -> Notice:
    measured = temperature_k is not None
    if temperature_k is None:
        temperature_k = float(atmosphere.temperature_k(exit_altitude_m))
    temperature_c = temperature_k - 273.15
    chill = float(wind_chill_c(temperature_c, speed_mps))
    risk = next((name for limit, name in WIND_CHILL_RISK if chill <= limit), None)
    values = {
        "temperature_c": temperature_c,
        "wind_chill_c": chill,
        "speed_mps": speed_mps,
        "risk": risk,
        "from_forecast": measured,
        "temperature_source": (temperature_source or "the wind source")
        if measured
        else "1976 standard atmosphere",
    }
    air = (
        f"air temperature from {values['temperature_source']}"
        if measured
        else "air temperature of the 1976 standard atmosphere (the day's air can differ by 10-20 C)"
    )
    return Notice("cold", "warn" if risk else "pass", values, f"{WIND_CHILL_SOURCE}; {air}")


def _opening(deploy_altitude_agl_m: float) -> Notice:
    agl_ft = deploy_altitude_agl_m / FOOT_M
    lowest = min(USPA_OPENING_MIN_FT.values())
    status = "pass" if agl_ft >= 3000 else ("warn" if agl_ft >= lowest else "fail")
    values = {
        "deploy_altitude_agl_m": deploy_altitude_agl_m,
        "minimums_m": {k: v * FOOT_M for k, v in USPA_OPENING_MIN_FT.items()},
    }
    source = "USPA Basic Safety Requirements, minimum container opening altitudes"
    return Notice("opening-altitude", status, values, source)


USPA_STUDENT_GROUND_WIND_MPS = 14.0 * MPH_MPS
"""Maximum ground wind for solo students, 14 mph (6.26 m/s): USPA Skydiver's Information
Manual, Basic Safety Requirements 2-1 H (Winds). Licensed jumpers have no USPA limit; a
drop zone sets its own."""

LANDING_SOURCE = (
    "duskfall canopy model (reach from the opening; forward speed against the ground "
    "wind) and the USPA Basic Safety Requirements 2-1 H (student ground-wind limit)"
)


def landing_checks(
    reach_margin_m: float,
    reach_radius_m: float,
    ground_wind_mps: float,
    canopy_airspeed_mps: float,
) -> list[Notice]:
    """Can the jumper land on the target, and land at all into the ground wind?

    Parameters
    ----------
    reach_margin_m
        The canopy's reach minus the distance to the target from the centre of the
        reachable area [m] (negative: the target is out of reach).
    reach_radius_m
        Radius of the reachable area [m].
    ground_wind_mps
        Wind at the ground when the jumper lands [m/s].
    canopy_airspeed_mps
        The canopy's forward airspeed at the ground's air density [m/s]; 0 for a round
        canopy (which cannot fly against the wind).

    Returns
    -------
    list of Notice
        ``landing-reach``: pass within reach, fail beyond it; ``ground-wind``: pass up to
        the students' 14 mph, warn up to the canopy's forward speed, fail beyond it (the
        canopy backs up on landing).

    Examples
    --------
    >>> [n.severity for n in landing_checks(800.0, 2000.0, 3.0, 10.0)]
    ['pass', 'pass']
    >>> [n.severity for n in landing_checks(-50.0, 2000.0, 11.0, 10.0)]
    ['fail', 'fail']
    """
    reach = Notice(
        "landing-reach",
        "pass" if reach_margin_m >= 0.0 else "fail",
        {"reach_margin_m": reach_margin_m, "reach_radius_m": reach_radius_m},
        LANDING_SOURCE,
    )
    if canopy_airspeed_mps > 0.0 and ground_wind_mps >= canopy_airspeed_mps:
        status = "fail"
    elif ground_wind_mps > USPA_STUDENT_GROUND_WIND_MPS:
        status = "warn"
    else:
        status = "pass"
    wind = Notice(
        "ground-wind",
        status,
        {
            "ground_wind_mps": ground_wind_mps,
            "canopy_airspeed_mps": canopy_airspeed_mps,
            "student_limit_mps": USPA_STUDENT_GROUND_WIND_MPS,
        },
        LANDING_SOURCE,
    )
    return [reach, wind]


LIGHT_ODDS_WARN = 0.9
"""Below this share of the dispersion's jumps with the whole action in the light, the
plan warns: one attempt in ten or more would miss the light."""
LIGHT_ODDS_FAIL = 0.5
"""Below this share the plan is a no-go: with one chance a day, a plan that misses the
light more often than not is not a plan."""


def light_odds_check(p_action_in_light: float | None, members: int) -> list[Notice]:
    """Does the action stay in the light when the exit, the fall and the wind are as
    uncertain as the dispersion draws them?

    Parameters
    ----------
    p_action_in_light
        The share of the dispersion's members whose whole action is in the light
        (:attr:`duskfall.release.Dispersion.p_action_in_light`), or None without one.
    members
        The dispersion's members.

    Returns
    -------
    list of Notice
        ``light-odds``: pass from :data:`LIGHT_ODDS_WARN`, warn down to
        :data:`LIGHT_ODDS_FAIL`, fail below it; none without a dispersion.

    Examples
    --------
    >>> [n.severity for n in light_odds_check(0.97, 1000)]
    ['pass']
    >>> [n.severity for n in light_odds_check(0.10, 1000)]
    ['fail']
    """
    if p_action_in_light is None:
        return []
    if p_action_in_light >= LIGHT_ODDS_WARN:
        status = "pass"
    elif p_action_in_light >= LIGHT_ODDS_FAIL:
        status = "warn"
    else:
        status = "fail"
    values = {
        "p_action_in_light": p_action_in_light,
        "members": members,
        "warn_below": LIGHT_ODDS_WARN,
        "fail_below": LIGHT_ODDS_FAIL,
    }
    source = "the plan's Monte Carlo dispersion (exit time, drag area and wind errors)"
    return [Notice("light-odds", status, values, source)]


def physiology_checks(
    exit_altitude_m: float,
    deploy_altitude_agl_m: float,
    freefall_speed_mps: float,
    timezone: str | None = None,
    exit_temperature_k: float | None = None,
    temperature_source: str | None = None,
) -> list[Notice]:
    """Oxygen, time of useful consciousness, pre-breathing, cold, airspace, opening.

    Parameters
    ----------
    exit_altitude_m
        [m MSL]
    deploy_altitude_agl_m
        [m above the ground]
    freefall_speed_mps
        Peak airspeed in free fall [m/s], for the wind chill.
    timezone
        The site's IANA time zone, to name its aviation authority.
    exit_temperature_k
        Air temperature at the exit altitude from the day's winds aloft [K], if known;
        else the standard atmosphere's.
    temperature_source
        Where ``exit_temperature_k`` comes from (the wind source), for the cold check's
        values.
    """
    checks = [_oxygen(exit_altitude_m)]
    tuc = time_of_useful_consciousness(exit_altitude_m)
    if tuc:
        row_m, low_s, high_s = tuc
        values = {"exit_altitude_m": exit_altitude_m, "row_altitude_m": row_m}
        values |= {"shortest_s": low_s, "longest_s": high_s}
        checks.append(Notice("useful-consciousness", "warn", values, TUC_SOURCE))
    if exit_altitude_m >= PREBREATHE_ALTITUDE_M:
        values = {"threshold_m": PREBREATHE_ALTITUDE_M, "prebreathe_s": PREBREATHE_S}
        source = "FAA AC 61-107B (decompression sickness); US Army ATP 3-18.11 (military free fall)"
        checks.append(Notice("prebreathing", "warn", values, source))
    checks.append(
        _cold(exit_altitude_m, freefall_speed_mps, exit_temperature_k, temperature_source)
    )
    if exit_altitude_m >= CLASS_A_ALTITUDE_M:
        values = {"floor_m": CLASS_A_ALTITUDE_M, "authority": aviation_authority(timezone)}
        source = "14 CFR 71.33 (Class A airspace); 14 CFR 105.25 (designated airspace)"
        checks.append(Notice("airspace", "warn", values, source))
    checks.append(_opening(deploy_altitude_agl_m))
    return checks


def darkness_checks(
    exit_utc_s: float | None,
    opening_utc_s: float | None,
    landing_utc_s: float | None,
    ground_sunset_utc_s: float | None,
    at: str,
) -> list[Notice]:
    """A parachute operation between sunset and sunrise needs a light on each jumper,
    from the open canopy to the ground (14 CFR 105.19)."""
    if exit_utc_s is None or landing_utc_s is None:
        return []
    if ground_sunset_utc_s is None:
        return [Notice("darkness", "warn", {"no_sunset": True}, DARKNESS_SOURCE)]
    if at == "dusk":
        late_s = landing_utc_s - ground_sunset_utc_s
        dark = late_s > 0
        values = {"event": "landing", "after_sunset_s": late_s}
    else:
        late_s = ground_sunset_utc_s - exit_utc_s
        dark = late_s > 0
        values = {"event": "exit", "before_sunrise_s": late_s}
    values["opening_utc_s"] = opening_utc_s
    return [Notice("darkness", "warn" if dark else "pass", values, DARKNESS_SOURCE)]
