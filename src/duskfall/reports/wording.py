"""Words for notices, checks, timeline events and suggestions, in the report's units.

The library returns data: :class:`duskfall.notices.Notice` records (a code, a severity,
SI numbers, a source), timeline :class:`~duskfall.planning.Event` records and
:class:`~duskfall.planning.Suggestion` records. This module is the one place that turns
them into sentences. Each code has an entry in :data:`WORDS` (notices and checks),
:data:`EVENT_NAMES` (timeline) or :data:`SUGGESTIONS`: a function of the record's values
and a :class:`~duskfall.reports.formatting.UnitSystem`. Where a rule's own threshold is
in feet, a metric report gives the metres and the rule's figure in parentheses
("4,572 m (15,000 ft)").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.notices import Notice
from duskfall.reports.formatting import (
    AVIATION,
    UnitSystem,
    duration,
    json_value,
    window_length,
)
from duskfall.timeutil import iso_utc, utc_datetime

Wording = Callable[[Mapping[str, Any], UnitSystem], str]

LIGHT_AND_VARIABLE_MPS = 5 * KNOT_MPS
"""What an FB forecast's ``9900`` stands for: light and variable, less than 5 kt (FAA/NWS
Aviation Weather Services, AC 00-45; see :mod:`duskfall.io.fbwinds`), in m/s for metric
reports."""

STATUTE_MILE_M = 1609.344
"""The international statute mile [m] (14 CFR 105.19 states its light's range in them)."""


def rule_altitude(metres: float, u: UnitSystem) -> str:
    """An altitude a rule states in feet: ``15,000 ft``, or ``4,572 m (15,000 ft)``."""
    feet = f"{metres / FOOT_M:,.0f} ft"
    return f"{metres:,.0f} m ({feet})" if u.metric else feet


def _members(v: Mapping[str, Any]) -> str:
    if "members" not in v:
        return ""
    return f" ({v['members_affected']} of {v['members']})"


def _wind_span(v: Mapping[str, Any], u: UnitSystem) -> str:
    return (
        f"winds from {v['source']} cover {u.altitude(v['bottom_m'])} to "
        f"{u.altitude(v['top_m'])} MSL; the jump spans {u.altitude(v['low_m'])} to "
        f"{u.altitude(v['high_m'])} and the nearest level's wind is held beyond them "
        "(extrapolation)"
    )


def _tuc_range(shortest_s: float, longest_s: float | None) -> str:
    if longest_s is None:
        return f"{shortest_s / 60:g} minutes or more"
    if longest_s <= 60:
        return f"{shortest_s:g} to {longest_s:g} seconds"
    return f"{shortest_s / 60:g} to {longest_s / 60:g} minutes"


_CHILL = {
    "extreme": "extreme risk: exposed skin can freeze in less than 2 minutes",
    "severe": "severe risk: exposed skin can freeze in 2 to 5 minutes",
    "very-high": "very high risk: exposed skin can freeze in 5 to 10 minutes",
    "high": "high risk: exposed skin can freeze in 10 to 30 minutes",
}


def _cold(v: Mapping[str, Any], u: UnitSystem) -> str:
    air = "forecast air" if v.get("from_forecast") else "standard-atmosphere air"
    text = (
        f"{air} at exit {v['temperature_c']:.0f} C; wind chill at {v['speed_mps']:.0f} m/s "
        f"{v['wind_chill_c']:.0f} C"
    )
    return text + (f": {_CHILL[v['risk']]}" if v.get("risk") else "")


JUDGED_AT = {
    ("jumper", "visible"): "judged at the jumper's own visible horizon",
    ("exit", "visible"): "judged at the exit altitude's visible horizon",
    ("ground", "visible"): "judged on the ground",
    ("jumper", "astronomical"): "judged from the astronomical horizontal",
    ("exit", "astronomical"): "judged from the astronomical horizontal",
    ("ground", "astronomical"): "judged from the astronomical horizontal",
}
"""Where the light is judged, in words (``judge_at``, ``horizon``)."""


def judged_at(judge_at: str = "jumper", horizon: str = "visible") -> str:
    """Where the light is judged, in words."""
    return JUDGED_AT[(judge_at, horizon)]


def _lux(lux: float) -> str:
    return f"{lux:,.0f} lux" if lux >= 10 else f"{lux:.2g} lux"


def brightness_line(levels) -> str:
    """The brightness of the action (a :class:`duskfall.planning.LightLevels`) as one line:
    lux and EV100 at exit and at the action's end, the swing and the model's uncertainty."""
    where = judged_at(levels.judge_at, levels.horizon)
    ends = []
    for name, lux, ev in (
        ("at exit", levels.illuminance_exit_lux, levels.ev100_exit),
        ("at the end of the action", levels.illuminance_action_end_lux, levels.ev100_action_end),
    ):
        ends.append(
            f"{_lux(lux)} (EV {ev:.1f}) {name}" if lux is not None else f"below twilight {name}"
        )
    text = ", ".join(ends)
    swing = levels.exposure_swing_stops
    if swing is not None:
        change = "darker" if swing < 0 else "brighter"
        text += f": {abs(swing):.1f} stops {change}"
    return f"{text} (clear sky, within {levels.uncertainty_stops:.1f} stop either way; {where})"


def jump_run(release) -> str:
    """The jump run's ground track and, where the wind crabs it, the aircraft's heading:
    ``track 270° true, heading 294° true`` (the scenario's ``aircraft.heading`` is the
    track)."""
    track, heading = release.jump_run_track_deg_true, release.aircraft_heading_deg_true
    text = f"track {track:03.0f}° true"
    if round(heading) % 360 != round(track) % 360:
        text += f", heading {heading:03.0f}° true"
    return text


def light_window_name(scenario, units) -> str:
    """The name of the plan's light window: the band at the altitude where the light is
    judged at exit (the exit altitude, or the ground)."""
    band = scenario.band.name
    if scenario.judge_at == "ground":
        return f"{band} on the ground"
    return f"{band} at {units.altitude(scenario.exit_altitude_m)}"


def shot_line(plan) -> str:
    """The shot in the seed's three numbers: how long the light lasts where it is judged,
    how long the action is, and how many chances a day gives."""
    light = plan.light_window
    length = "no light window" if light is None else (
        f"{window_length(light)} of {plan.scenario.band.name} light"
        if light.duration_s is not None
        else f"{plan.scenario.band.name} light open at an edge"
    )  # fmt: skip
    action = f"{duration(plan.action_duration_s)} of action"
    one = next((c for c in plan.checks if c.code == "one-chance"), None)
    if one is None:
        chances = "no chance that day"
    elif one.severity == "warn":
        chances = "one chance per day"
    else:
        chances = "a second lift can make it the same day"
    return f"{length}, {action}, {chances}"


def _ground_wind(v: Mapping[str, Any], u: UnitSystem) -> str:
    wind, canopy = v["ground_wind_mps"], v["canopy_airspeed_mps"]
    text = f"ground wind {u.speed(wind)} at landing"
    if canopy > 0 and wind >= canopy:
        return text + (
            f", at or above the canopy's forward speed ({u.speed(canopy)}): it backs up on landing"
        )
    if wind > v["student_limit_mps"]:
        return text + f", above the {u.speed(v['student_limit_mps'])} limit for solo students"
    return text + f", within the {u.speed(v['student_limit_mps'])} limit for solo students"


def _light_check(v: Mapping[str, Any], u: UnitSystem) -> str:
    where = judged_at(v.get("judge_at", "jumper"), v.get("horizon", "visible"))
    if "shortfall_s" in v:
        return f"the action misses the {v['band']} band by {v['shortfall_s']:.0f} s ({where})"
    if v.get("no_light"):
        return f"no {v['band']} light at the exit altitude on {v['date']} ({where})"
    if v.get("outside_search"):
        return (
            f"the action fits the {v['band']} band that day only outside the search range "
            f"(attempt.from/to) ({where})"
        )
    if v.get("band_ends_early"):
        return f"{season_reason('band-ends-early', v['band'], 0.0, None, u)} ({where})"
    return f"the whole action fits in the {v['band']} band ({where})"


def _slack(v: Mapping[str, Any], u: UnitSystem) -> str:
    sides = [
        f"{name} {v[key]:.0f} s"
        for name, key in (("before", "before_s"), ("after", "after_s"))
        if v.get(key) is not None
    ]
    text = ", ".join(sides) or "open on both sides"
    return f"slack {text} (wanted at least {v['wanted_s']:.0f} s each side)"


def _light_odds(v: Mapping[str, Any], u: UnitSystem) -> str:
    share, members = v["p_action_in_light"], v["members"]
    text = f"the whole action in the light in {share:.1%} of {members:,} simulated jumps"
    if share < v["fail_below"]:
        return text + f" (under {v['fail_below']:.0%}: more often missed than not)"
    if share < v["warn_below"]:
        return text + f" (under {v['warn_below']:.0%})"
    return text


def _one_chance(v: Mapping[str, Any], u: UnitSystem) -> str:
    if "after_close_s" not in v:
        return "a second lift can reach exit altitude inside the window"
    return (
        "one chance per day: a second lift could exit at the earliest "
        f"{v['after_close_s'] / 60:.0f} min after the window closes (land, turn around, "
        "climb back)"
    )


def _oxygen(v: Mapping[str, Any], u: UnitSystem) -> str:
    where = u.altitude(v["exit_altitude_m"])
    if v["exit_altitude_m"] > v["limit_m"]:
        return f"exit at {where}: supplemental oxygen for everyone on board"
    return f"exit at {where}, at or below {rule_altitude(v['limit_m'], u)}"


def _opening(v: Mapping[str, Any], u: UnitSystem) -> str:
    minimums = ", ".join(
        f"{name} {rule_altitude(metres, u)}" for name, metres in v["minimums_m"].items()
    )
    return f"deployment at {u.altitude(v['deploy_altitude_agl_m'])} AGL (minimums: {minimums})"


def _darkness(v: Mapping[str, Any], u: UnitSystem) -> str:
    if v.get("no_sunset"):
        return "no sunset or sunrise on the ground that day: check the light at landing"
    late = v.get("after_sunset_s", v.get("before_sunrise_s", 0.0))
    if late <= 0:
        return "exit and landing in daylight on the ground"
    when = "landing after sunset" if v["event"] == "landing" else "exit before sunrise"
    miles = "3 statute miles"
    reach = f"{3 * STATUTE_MILE_M / 1000:.1f} km ({miles})" if u.metric else miles
    return (
        f"{when} on the ground ({late / 60:.0f} min): each jumper displays a light visible "
        f"for at least {reach}, from the open canopy to the ground"
    )


def _airspace(v: Mapping[str, Any], u: UnitSystem) -> str:
    floor = "FL180" + (f" ({v['floor_m']:,.0f} m)" if u.metric else "")
    return (
        f"exit at or above {floor}: Class A airspace in the US, where parachute operations "
        f"need an ATC authorization; here ask {v['authority']}"
    )


def length(metres: float | None, u: UnitSystem) -> str:
    """A separation between jumpers: ``98 ft`` or ``30 m``; a tenth under 10."""
    if metres is None:
        return "-"
    value = abs(metres) if u.metric else abs(metres) / FOOT_M
    unit = "m" if u.metric else "ft"
    return f"{value:,.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"


def earlier(shift_s: float) -> str:
    """An edge moved by ``-shift_s``: ``2.0 s earlier``, or ``at the same time``."""
    if abs(shift_s) < 0.05:
        return "at the same time"
    return f"{abs(shift_s):.1f} s {'earlier' if shift_s >= 0 else 'later'}"


def _positions(v: Mapping[str, Any], u: UnitSystem) -> str:
    return (
        "the exit window is worked out for the light over the target; at the jumpers' own "
        f"positions it opens {earlier(v['opening_shift_s'])} and closes "
        f"{earlier(v['closing_shift_s'])}"
    )


def _apart(v: Mapping[str, Any], u: UnitSystem) -> str:
    pair = f"{v['flyer']} and {v['subject']}"
    if v.get("never_together"):
        return f"{pair} are never in free fall together: one leaves after the other deploys"
    return (
        f"{pair} never come within {length(v['limit_m'], u)} of each other vertically before "
        f"the action ends (closest {length(v['closest_vertical_m'], u)})"
    )


def _separation(v: Mapping[str, Any], u: UnitSystem) -> str:
    other = v["subject"] if v["lower"] == v["flyer"] else v["flyer"]
    text = (
        f"{v['lower']} drops more than {length(v['limit_m'], u)} below {other} "
        f"{v['time_s']:.0f} s after the green light, at {u.altitude(v['altitude_m'])}, "
        "before the action ends"
    )
    if v.get("at_action_end_m") is not None:
        text += f" ({length(v['at_action_end_m'], u)} apart at its end)"
    if v.get("level_cda_m2") is not None:
        text += (
            f": to stay level {v['slower']} must hold a drag area of "
            f"{_drag(v['level_cda_m2'], v.get('level_posture'))}, or {v['faster']} one of "
            f"{_drag(v['faster_level_cda_m2'], v.get('faster_level_posture'))}"
        )
    return text


def _drag(cda_m2: float, posture: str | None) -> str:
    """``0.29 m² (head-down)``, or ``(no listed posture)``."""
    return f"{cda_m2:.2f} m² ({posture or 'no listed posture'})"


def _horizontal(v: Mapping[str, Any], u: UnitSystem) -> str:
    return (
        f"{v['flyer']} and {v['subject']} are level at {u.altitude(v['altitude_m'])} but "
        f"{length(v['horizontal_m'], u)} apart horizontally (they exit "
        f"{length(v['exit_separation_m'], u)} apart along the jump run): one must track to "
        "close it"
    )


def _period(start_utc_s: float | None, end_utc_s: float | None) -> str:
    if start_utc_s is None and end_utc_s is None:
        return "an unknown period"
    if start_utc_s == end_utc_s:
        return str(iso_utc(start_utc_s))
    return f"{iso_utc(start_utc_s) or 'any time'} to {iso_utc(end_utc_s) or 'any time'}"


def _rule_length(metres: float, feet: str, u: UnitSystem) -> str:
    """A distance a rule states in feet or miles: ``1,000 ft``, or ``305 m (1,000 ft)``."""
    if not u.metric:
        return feet
    shown = f"{metres / 1000:.1f} km" if metres >= 1000 else f"{metres:,.0f} m"
    return f"{shown} ({feet})"


def _clearances(v: Mapping[str, Any], u: UnitSystem) -> str:
    """The cloud clearances of the table of 14 CFR 105.17 on the way down from the exit
    (see :data:`duskfall.planning.checks.CLOUD_SOURCE`)."""
    thousand = _rule_length(1_000 * FOOT_M, "1,000 ft", u)
    low = (
        f"{_rule_length(500 * FOOT_M, '500 ft', u)} below, {thousand} above and "
        f"{_rule_length(2_000 * FOOT_M, '2,000 ft', u)} horizontally"
    )
    ten = 10_000 * FOOT_M
    if v["top_m"] - v["clearance_above_m"] < ten:
        return f"{low} from cloud"
    mile = _rule_length(STATUTE_MILE_M, "1 statute mile", u)
    return (
        f"{thousand} below, {thousand} above and {mile} horizontally from cloud at or above "
        f"{rule_altitude(ten, u)} MSL, {low} below it"
    )


def _cloud(v: Mapping[str, Any], u: UnitSystem) -> str:
    above = _rule_length(v["clearance_above_m"], "1,000 ft", u)
    span = f"from the ground to {u.altitude(v['top_m'])} MSL ({above} above the exit)"
    model = (
        f"a model's cloud cover ({v['model']}), not an observation: look at the sky and the "
        "latest reports before the go"
    )
    if v["oktas"] == 0:
        return f"no cloud in the model {span}; {model}"
    amount = f"{v['category']} cloud ({v['oktas']}/8, {v['cloud_cover'] * 100:.0f} %)"
    if v["oktas"] >= 5:
        return (
            f"{amount} in the model {span}: the jump would go through it, and no parachute "
            f"operation may go into or through a cloud (14 CFR 105.17(a)); {model}"
        )
    return (
        f"{amount} in the model {span}: the jump must not go into or through cloud and must "
        f"keep {_clearances(v, u)} (14 CFR 105.17); {model}"
    )


def _stale(v: Mapping[str, Any], u: UnitSystem) -> str:
    hours = abs(v["age_s"]) / 3600
    when = "before" if v["age_s"] >= 0 else "after"
    return (
        f"the winds from {v['source']} are valid at {iso_utc(v['valid_time_utc_s'])}, "
        f"{hours:.0f} h {when} the planned exit: look for a newer sounding or a forecast for "
        "the time of the jump"
    )


WORDS: dict[str, Wording] = {
    "supersonic": lambda v, u: (
        f"supersonic free fall, peak Mach {v['peak_mach']:.2f}{_members(v)}: drag at these "
        "speeds is calibrated on two record jumps only"
    ),
    "exit-above-records": lambda v, u: (
        f"exit above {u.altitude(v['limit_m'])}{_members(v)}: higher than any recorded jump; "
        "drag and stability are extrapolated"
    ),
    "landing-before-opening": lambda v, u: (
        f"landing before the canopy is fully open{_members(v)}: the deployment altitude is "
        "too low for a full opening"
    ),
    "terminal-not-reached": lambda v, u: (
        f"the fall rate never reaches 95 % of terminal speed before deployment{_members(v)}"
    ),
    "wind-extrapolated": _wind_span,
    "wind-time-extrapolated": lambda v, u: (
        f"winds from {v['source']} are valid {iso_utc(v['first_utc_s'])} to "
        f"{iso_utc(v['last_utc_s'])}; the jump's times reach beyond them and the nearest are "
        "held"
    ),
    "wind-source-note": lambda v, u: str(v["text"]),
    "wind-stale": _stale,
    "cloud-clearance": _cloud,
    "calm-jump-run": lambda v, u: (
        "calm winds: no preferred jump-run direction; north assumed, give one"
    ),
    "target-beyond-reach": lambda v, u: (
        f"the target is {u.distance(v['miss_m'])} beyond the canopy's reach (reach "
        f"{u.distance(v['reach_m'])}): aim the opening upwind of the target or land elsewhere"
    ),
    "no-exit-reaches-target": lambda v, u: (
        "no exit on this jump run reaches the target under canopy"
    ),
    "release-outside-green-zone": lambda v, u: (
        "the release point is outside the green-light zone: the target is beyond the "
        f"canopy's reach less its {v['reserve_fraction']:.0%} reserve"
    ),
    "groups-outside-green-zone": lambda v, u: (
        f"group(s) {', '.join(map(str, v['groups']))} exit outside the green-light zone: "
        "fewer groups or a smaller separation"
    ),
    "no-ground-speed": lambda v, u: (
        "no ground speed along the jump run: group exit times are undefined"
    ),
    "no-declination-date": lambda v, u: (
        "no date for the magnetic declination: magnetic headings omitted"
    ),
    "declination-out-of-range": lambda v, u: (
        f"magnetic declination: IGRF-14 covers {v['first_year']}-{v['last_year']}; magnetic "
        "headings omitted"
    ),
    "no-sunset": lambda v, u: (
        f"no {v['event']} on {v['date']}: the Sun stays "
        f"{'above' if v['sun_above'] else 'below'} the horizon all that half day"
    ),
    "window-edge-unrefined": lambda v, u: (
        "on some days the Sun grazes a band edge and the full-model check could not refine "
        "the window edge; those edges rest on the envelope shortcut"
    ),
    "no-light-window": lambda v, u: (
        f"no light window that day: the {v['band']} band does not occur at "
        f"{u.altitude(v['exit_altitude_m'])} on {v['date']}"
    ),
    "action-does-not-fit": lambda v, u: (
        f"the action ({v['action_s']:.0f} s) does not fit inside the {v['band']} band on "
        f"{v['date']}"
        + (f" by {v['shortfall_s']:.0f} s" if v.get("shortfall_s") is not None else "")
    ),
    "search-range-ignored": lambda v, u: (
        "the scenario's search range (attempt.from/to) is ignored: the season searches "
        "every evening (or morning)"
    ),
    "no-attempt-possible": lambda v, u: "no day of the season allows an attempt",
    "blocked-outside-season": lambda v, u: (
        f"blocked {v['first'] if v['first'] == v['last'] else v['first'] + ' to ' + v['last']}"
        f" lies outside the season ({v['season_first']} to {v['season_last']}) and blocks "
        "no day: check the year"
    ),
    "light-at-positions": _positions,
    "formation-apart": _apart,
    "formation-separation": _separation,
    "formation-horizontal": _horizontal,
    "light": _light_check,
    "slack": _slack,
    "light-odds": _light_odds,
    "one-chance": _one_chance,
    "oxygen": _oxygen,
    "useful-consciousness": lambda v, u: (
        f"without oxygen at {u.altitude(v['exit_altitude_m'])}: "
        f"{_tuc_range(v['shortest_s'], v['longest_s'])} (FAA table row "
        f"{rule_altitude(v['row_altitude_m'], u)})"
    ),
    "prebreathing": lambda v, u: (
        f"decompression sickness risk above {rule_altitude(v['threshold_m'], u)}: pre-breathe "
        f"100 % oxygen for {v['prebreathe_s'] / 60:.0f} min before the cabin goes above "
        f"{rule_altitude(v['threshold_m'], u)}"
    ),
    "cold": _cold,
    "airspace": _airspace,
    "opening-altitude": _opening,
    "landing-reach": lambda v, u: (
        f"the target is within the canopy's reach ({u.distance(v['reach_radius_m'])}), "
        f"with {u.distance(v['reach_margin_m'])} to spare"
        if v["reach_margin_m"] >= 0
        else f"the target is {u.distance(-v['reach_margin_m'])} beyond the canopy's reach "
        f"({u.distance(v['reach_radius_m'])}): the jumper lands off the target"
    ),
    "ground-wind": _ground_wind,
    "darkness": _darkness,
    "wind-outside-validity": lambda v, u: (
        f"the winds from {v['source']} are for "
        f"{_period(v['valid_from_utc_s'], v['valid_to_utc_s'])}; "
        f"the jump at {_period(v['start_utc_s'], v['end_utc_s'])} lies outside: get a forecast "
        "for the time of the jump"
    ),
    "wind-light-variable": lambda v, u: (
        f"the winds from {v['source']} are light and variable (under "
        f"{u.speed(LIGHT_AND_VARIABLE_MPS)}) at "
        f"{', '.join(u.altitude(a) for a in v['altitudes_m'])}: taken as calm there"
    ),
    "wind-levels-below-ground": lambda v, u: (
        f"{len(v['levels_hpa'])} pressure level(s) of {v['source']} "
        f"({', '.join(f'{p:g} hPa' for p in v['levels_hpa'])}) lie below the model's ground "
        f"({u.altitude(v['elevation_m'])}) and are left out"
    ),
    "wind-far-from-target": lambda v, u: (
        f"the winds from {v['source']} are for a point {u.distance(v['distance_m'])} from the "
        "target"
    ),
    "flysight-wingsuit": lambda v, u: (
        f"the log {v['source']} is a wingsuit or tracking flight, not a vertical free fall: "
        f"{u.speed(v['horizontal_speed_mps'])} across while falling "
        f"{u.fall_rate(v['fall_rate_mps'])}; the model simulates a vertical fall and cannot be "
        "fitted to it"
    ),
    "flysight-canopy-only": lambda v, u: (
        f"the log {v['source']} is a canopy flight with a short fall before it "
        f"({v['freefall_duration_s']:.0f} s, at most {u.fall_rate(v['max_fall_rate_mps'])}): "
        "not a free fall the model can be fitted to"
    ),
}
"""The wording of every notice code."""

CHECK_NAMES: dict[str, str] = {
    "light": "light",
    "slack": "slack",
    "light-odds": "light odds",
    "one-chance": "one chance",
    "oxygen": "oxygen",
    "useful-consciousness": "time of useful consciousness",
    "prebreathing": "pre-breathing",
    "cold": "cold",
    "airspace": "airspace",
    "opening-altitude": "opening altitude",
    "landing-reach": "landing on target",
    "ground-wind": "ground wind",
    "darkness": "darkness",
    "cloud-clearance": "cloud clearance",
}
"""How each go/no-go check is named in a report."""


def describe(notice: Notice, units: UnitSystem = AVIATION) -> str:
    """The notice as one sentence in ``units`` (prefixed with its subject, if any)."""
    text = WORDS[notice.code](notice.values, units)
    return f"{notice.subject}: {text}" if notice.subject else text


def notice_to_dict(notice: Notice, units: UnitSystem = AVIATION) -> dict[str, Any]:
    """A notice as ``{code, severity, subject, message, values, source}``: the message
    worded in ``units``, the values in SI."""
    return {
        "code": notice.code,
        "severity": notice.severity,
        "subject": notice.subject or None,
        "message": describe(notice, units),
        "values": json_value(notice.values),
        "source": notice.source,
    }


def check_name(notice: Notice) -> str:
    """The name of a go/no-go check (``time of useful consciousness``)."""
    return CHECK_NAMES.get(notice.code, notice.code)


def _who(v: Mapping[str, Any]) -> str:
    return f" ({v['jumper']})" if v.get("jumper") else ""


EVENT_NAMES: dict[str, Wording] = {
    "prebreathing": lambda v, u: "pre-breathing starts",
    "takeoff": lambda v, u: "take-off",
    "passing": lambda v, u: "passing",
    "level-off": lambda v, u: "level-off",
    "depressurized": lambda v, u: "cabin depressurized",
    "red-light": lambda v, u: "stand-by red light",
    "green-light": lambda v, u: "green light, exit",
    "exit": lambda v, u: "exit" + _who(v),
    "deployment": lambda v, u: "deployment" + _who(v),
    "landing": lambda v, u: "landing" + _who(v),
    "aircraft-lands": lambda v, u: "aircraft lands",
}
"""The name of every timeline event."""

EVENT_DETAILS: dict[str, Wording] = {
    "prebreathing": lambda v, u: (
        f"100 % oxygen, {v['prebreathe_s'] / 60:.0f} min before the cabin passes "
        f"{rule_altitude(v['threshold_m'], u)}"
    ),
    "takeoff": lambda v, u: f"{v['climb_s'] / 60:.0f} min climb to exit altitude",
    "depressurized": lambda v, u: (
        f"{v['warning_before_exit_s'] / 60:.0f}-minute warning or level-off; everyone on "
        "oxygen from here"
    ),
    "red-light": lambda v, u: "jump run: on the heading, door open",
    "exit": lambda v, u: f"{v['delay_s']:.1f} s after the green light",
    "aircraft-lands": lambda v, u: f"descending at {u.vertical_speed(v['descent_rate_mps'])}",
}
"""The detail line of timeline events (the others have none)."""


def event_name(event, units: UnitSystem = AVIATION) -> str:
    """A timeline event's name (``passing 10,000 ft``)."""
    name = EVENT_NAMES[event.code](event.values, units)
    if event.code == "passing":
        return f"passing {units.altitude(event.altitude_m)}"
    return name


def event_detail(event, units: UnitSystem = AVIATION) -> str:
    """A timeline event's detail, or ""."""
    wording = EVENT_DETAILS.get(event.code)
    return "" if wording is None else wording(event.values, units)


SUGGESTIONS: dict[str, Wording] = {
    "shorter-action": lambda v, u: (
        f"end the action at {u.altitude(v['end_altitude_m'])} MSL instead of "
        f"{u.altitude(v['current_end_m'])} (a shorter action, {v['action_s']:.0f} s)"
    ),
    "posture": lambda v, u: f"posture {v['posture']} ({v['freefall_s']:.0f} s of free fall) fits",
    "dates": lambda v, u: f"nearest dates that fit: {', '.join(v['dates'])}",
    "no-date": lambda v, u: f"no date within {v['days']} days fits with this band",
}
"""The wording of every suggestion code."""


def suggestion_text(suggestion, units: UnitSystem = AVIATION) -> str:
    """A suggestion as one sentence."""
    return SUGGESTIONS[suggestion.code](suggestion.values, units)


def season_reason(code: str, band: str, exit_altitude_m: float, shortfall_s, units) -> str:
    """Why a day of a season does not fit (:attr:`duskfall.season.SeasonScan.reason`)."""
    if code == "no-light":
        return f"no {band} light at {units.altitude(exit_altitude_m)}"
    if code == "shortfall":
        return f"the action misses the {band} band by {shortfall_s:.0f} s"
    if code == "band-ends-early":
        return f"the {band} band does not reach the end of the action"
    return ""


def _utc(utc_s: float, day_of: float | None = None) -> str:
    """``2018-03-10 14:00Z``, or ``14:00Z`` on the same UTC day as ``day_of``."""
    when = utc_datetime(round(utc_s))
    if day_of is not None and utc_datetime(round(day_of)).date() == when.date():
        return f"{when:%H:%MZ}"
    return f"{when:%Y-%m-%d %H:%MZ}"


def _hours_old(seconds: float) -> str:
    hours = seconds / 3600
    if hours < 0:
        return f"{-hours:.1f} h after the exit"
    return f"{hours:.1f} h old at the exit"


def wind_summary(used) -> str:
    """Where the plan's winds come from, in one sentence: the source, the valid time(s)
    at the planned exit, the model run and the age (a
    :class:`~duskfall.planning.wind_use.WindUsed`). Times in UTC; no units."""
    if used is None or used.calm:
        return "calm air: no winds given (no wind drift)"
    parts = [used.source]
    valid = used.valid_times_utc_s
    exit_s = used.time_utc_s

    def utc(utc_s: float) -> str:
        return _utc(utc_s, exit_s)

    if used.hours_utc_s:
        at = f"at the exit, {_utc(exit_s)}" if exit_s is not None else "by default"
        if used.held:
            parts.append(f"{at}, outside its hours: the {utc(valid[0])} hour held")
        elif len(valid) == 2:
            parts.append(
                f"{at}, interpolated between the {utc(valid[0])} and {utc(valid[1])} hours "
                f"({used.weight * 100:.0f} % of the way)"
            )
        else:
            parts.append(f"{at}, the {utc(valid[0])} hour")
    elif valid:
        parts.append(f"valid {_utc(valid[0])}")
    if used.valid_from_utc_s is not None and not used.hours_utc_s:
        first, last = used.valid_from_utc_s, used.valid_to_utc_s
        parts.append(f"for use {_utc(first)} to {_utc(last, first)}")
    if used.model_run_utc_s is not None:
        age = "" if used.age_s is None else f", {_hours_old(used.age_s)}"
        parts.append(f"model run {_utc(used.model_run_utc_s)}{age}")
    elif used.age_from == "valid-time":
        hours = abs(used.age_s) / 3600
        parts.append(f"{hours:.1f} h {'before' if used.age_s >= 0 else 'after'} the exit")
    elif used.hours_utc_s:
        parts.append("no model run given")
    return "; ".join(parts)
