"""The commands as functions: from their inputs, as a user writes them, to the library's
results. The command line (:mod:`duskfall.cli`) and the server (:mod:`duskfall.serve`)
both call them, so that ``duskfall light --format json`` and ``POST /api/light`` print
the same thing from the same inputs.

The inputs are the commands' options, with the options' defaults and semantics: texts
with units (``"25000ft"``, ``"4000ftAGL"``, ``"130kt"``; a bare number in the option's
default unit), numbers, dates. Errors name them by their options (``--mass``); a caller
that names them otherwise (the server names the scenario file's keys) renames them.

- :func:`day_light` (``duskfall light``): sunsets, twilights and band windows aloft.
- :func:`find_release` (``duskfall release``): the release point and its dispersion.
- :func:`season_range` and :func:`season_odds_of` (``duskfall season``): the dates and
  the odds of a ``[season]`` table or its options.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from duskfall import atmosphere, fall, release, season, sun, timeutil
from duskfall import light as light_model
from duskfall.errors import (
    InconsistentInputError,
    InputError,
    OutOfRangeError,
    UnitError,
    check_range,
)
from duskfall.io.windfile import check_station, read_wind_file
from duskfall.timeutil import utc_seconds
from duskfall.units import parse_altitude, parse_quantity
from duskfall.winds import WindError, is_time_dependent, level_texts, parse_wind_levels

# --- Errors named after the options ----------------------------------------------------


@contextmanager
def named_after_options(
    given: dict[str, Any], option_of_field: dict[str, str], typed: set[str] | None = None
):
    """Re-raise the library's errors under the names of the options that set the fields
    (``body.mass_kg`` -> ``--mass``), with the values as the user wrote them.

    A conflict between two inputs (an exit below the opening) is named after the one the
    user typed (``typed``, from :func:`duskfall.cli._app.typed_options`; else those given
    a value)."""

    def chosen(option: str | None) -> bool:
        return option in typed if typed is not None else given.get(option) is not None

    try:
        yield
    except InputError as error:
        option = option_of_field.get(error.field)
        if isinstance(error, InconsistentInputError) and not chosen(option):
            other = next((f for f in error.others if chosen(option_of_field.get(f))), None)
            if other is not None:
                error, option = error.said_of(other), option_of_field[other]
        if option is None or option not in given:
            raise
        value = given[option] if given[option] is not None else error.value
        raise type(error)(option, value, error.allowed, error.problem) from None


def _choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    """A value the command line checks as a choice, checked here for other callers."""
    if value not in choices:
        raise InputError(option, value, ", ".join(choices))
    return value


# --- duskfall light ----------------------------------------------------------------------

CHUNK_DAYS = 366
"""Dates computed per step of a long range (one step of the progress bar)."""

HORIZONS = ("visible", "astronomical")
"""What band elevations are measured from: the visible horizon or the horizontal."""

WHEN = ("dusk", "dawn")


@dataclasses.dataclass(frozen=True)
class LightOptions:
    """The inputs of ``duskfall light``, with its defaults (see its ``--help``)."""

    lat: float = 24.4
    lon: float = 54.6
    date: str | None = None
    altitude: str | float | None = None
    ground_elevation: str | float | None = None
    at: str = "dusk"
    light: str = "golden"
    horizon: str = "visible"
    from_date: str | None = None
    to_date: str | None = None


class LightAnswer(NamedTuple):
    """What ``duskfall light`` renders."""

    light: light_model.DayLight
    single: bool
    """One date (not a range)."""
    band: light_model.LightBand
    """The band the text report highlights."""


# Fields named by the light engine's errors and the options that set them.
LIGHT_OPTION_OF_FIELD = {"altitude_m": "--altitude", "ground_elevation_m": "--ground-elevation"}


def _light_dates(options: LightOptions) -> tuple[np.ndarray, bool]:
    if options.from_date is not None or options.to_date is not None:
        if options.date is not None:
            raise InputError(
                "--date", options.date, "either --date or --from and --to", "is ambiguous"
            )
        if options.from_date is None or options.to_date is None:
            missing = "--from" if options.from_date is None else "--to"
            raise InputError(missing, None, "a date YYYY-MM-DD with the other end", "is missing")
        return timeutil.date_range(options.from_date, options.to_date, "--from", "--to"), False
    date = "2018-03-10" if options.date is None else options.date
    date = timeutil.parse_date(date, "--date")
    return np.array([np.datetime64(date)]), True


def day_light(
    options: LightOptions, progress: Callable[[list], Iterable] | None = None
) -> LightAnswer:
    """Sunset, twilights and every light band's windows for an observer aloft, for a date
    or a range of dates (``duskfall light``).

    Parameters
    ----------
    options
        The command's inputs.
    progress
        Wraps the list of chunks of a long range (:data:`CHUNK_DAYS` dates each) to show
        progress, or None.

    Raises
    ------
    InputError
        Naming the option.
    """
    sun.check_latitude(options.lat, "--lat")
    sun.check_longitude(options.lon, "--lon")
    at = _choice("--at", options.at, WHEN)
    horizon = _choice("--horizon", options.horizon, HORIZONS)
    given = {"--altitude": options.altitude, "--ground-elevation": options.ground_elevation}
    ground_text = "0m" if options.ground_elevation is None else options.ground_elevation
    ground = parse_quantity(ground_text, "length", "ft", "--ground-elevation")
    sun.check_ground(ground, "--ground-elevation")
    altitude_text = "25000ft" if options.altitude is None else options.altitude
    altitude_m = parse_altitude(altitude_text, "--altitude").msl_m(ground)
    sun.check_altitude(altitude_m, "--altitude")
    band = light_model.light_band(options.light, "--light")
    bands = list(light_model.LIGHT_BANDS.values())
    if band.name not in light_model.LIGHT_BANDS:
        bands.append(band)
    dates, single = _light_dates(options)

    chunks = [dates[i : i + CHUNK_DAYS] for i in range(0, dates.size, CHUNK_DAYS)]
    if len(chunks) > 1 and progress is not None:
        chunks = progress(chunks)
    with named_after_options(given, LIGHT_OPTION_OF_FIELD):
        result = light_model.join_day_light(
            [
                light_model.find_day_light(
                    chunk, options.lat, options.lon, altitude_m, ground, at, horizon, bands
                )
                for chunk in chunks
            ]
        )
    return LightAnswer(result, single, band)


# --- duskfall release --------------------------------------------------------------------

SEED_TARGET = (24.4, 54.6)
"""The seed scenario's drop zone (desert near Abu Dhabi)."""


_WIND_ERROR = WindError()
DEFAULT_WIND_ERROR = ",".join(
    f"{altitude:g}m:{sigma:g}m/s"
    for altitude, sigma in zip(_WIND_ERROR.altitude_m, _WIND_ERROR.sigma_mps, strict=True)
)
"""``--wind-error``'s default: the library's (:class:`duskfall.winds.WindError`), the
same as a plan's dispersion, so that ``release`` and ``plan`` answer alike."""


@dataclasses.dataclass(frozen=True)
class ReleaseOptions:
    """The inputs of ``duskfall release``, with its defaults (see its ``--help``)."""

    target: str = f"{SEED_TARGET[0]},{SEED_TARGET[1]}"
    wind_file: Path | None = None
    station: str | None = None
    wind: str | None = None
    time: str | None = None
    ground_elevation: str | float = "50m"
    exit_altitude: str | float = "25000ft"
    deploy_altitude: str | float = "4000ftAGL"
    mass: str | float = "90kg"
    posture: str = "belly"
    cda: str | float | None = None
    aircraft_speed: str | float = "130kt"
    jump_run: float | None = None
    aim: str = "opening"
    offset: str | None = None
    canopy: str = "ram-air"
    groups: int = 1
    separation: str | float = "300m"
    members: int = 1000
    seed: int = 0
    wind_error: str | float = DEFAULT_WIND_ERROR
    cda_spread: float = 0.10
    exit_time_error: str | float = "15s"
    exit_along_error: str | float = "100m"
    exit_cross_error: str | float = "50m"
    radius: str | float = "100m"
    light_window: str | None = None


def _target(text: str) -> tuple[float, float]:
    allowed = "LAT,LON in degrees, north and east positive (e.g. 24.4,54.6)"
    parts = text.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise UnitError("--target", text, allowed) from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
        raise OutOfRangeError("--target", text, allowed)
    return lat, lon


def _time(text: str, field: str) -> float:
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            field, text, "an ISO-8601 time with its offset, e.g. 2018-03-10T14:22:38Z"
        ) from None
    return utc_seconds(when, field)


def _duration(text: str, field: str) -> float:
    return parse_quantity(text, "duration", "s", field)


def _offset(text: str) -> tuple[float, float]:
    """``300m@090``: distance and bearing FROM the target of the aim point."""
    parts = text.split("@")
    allowed = "DISTANCE@BEARING of the aim point from the target, e.g. 300m@090"
    if len(parts) != 2:
        raise UnitError("--offset", text, allowed)
    distance = parse_quantity(parts[0], "length", "m", "--offset")
    try:
        bearing = float(parts[1])
    except ValueError:
        raise UnitError("--offset", text, allowed) from None
    check_range("--offset", bearing, 0, 360, allowed=allowed)
    check_range("--offset", distance, 0, 100_000, allowed=allowed)
    angle = math.radians(bearing)
    return distance * math.sin(angle), distance * math.cos(angle)


WIND_ERROR_ALLOWED = "a non-negative speed (5kt), or ALT:SPEED levels (0ft:3kt,25000ft:8kt)"
"""What ``--wind-error`` takes."""


def _wind_error(text: str, ground_m: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """``0ft:3kt,25000ft:8kt`` or a single ``5kt``: sigma per component by altitude,
    refused as written (naming ``--wind-error``) when a speed is negative or an altitude
    comes twice."""

    def sigma(speed: str | float) -> float:
        value = parse_quantity(speed, "speed", "kt", "--wind-error")
        if value < 0:
            raise OutOfRangeError("--wind-error", text, WIND_ERROR_ALLOWED, "has a negative speed")
        return value

    if not isinstance(text, str) or ":" not in text:
        return (0.0,), (sigma(text),)
    levels = []
    for part in level_texts(text, "--wind-error", WIND_ERROR_ALLOWED):  # commas as in --wind
        altitude, _, speed = part.partition(":")
        levels.append(
            (
                parse_altitude(altitude.strip(), "--wind-error").msl_m(ground_m),
                sigma(speed.strip()),
            )
        )
    levels.sort()
    altitudes = tuple(a for a, _ in levels)
    if len(set(altitudes)) < len(altitudes):
        raise OutOfRangeError(
            "--wind-error", text, WIND_ERROR_ALLOWED + ", each altitude once", "repeats an altitude"
        )
    return altitudes, tuple(s for _, s in levels)


RELEASE_OPTION_OF_FIELD = {
    "exit.altitude_m": "--exit-altitude",
    "deploy_altitude_m": "--deploy-altitude",
    "ground_elevation_m": "--ground-elevation",
    "body.mass_kg": "--mass",
    "body.cda_m2": "--cda",
    "exit.airspeed_mps": "--aircraft-speed",
    "airspeed_mps": "--aircraft-speed",
    "posture": "--posture",
    "canopy": "--canopy",
    "aim": "--aim",
    "groups": "--groups",
    "group_separation_m": "--separation",
    "target_radius_m": "--radius",
    "radius_m": "--radius",
    "track_deg": "--jump-run",
    "jump run": "--jump-run",
    "members": "--members",
    "seed": "--seed",
    "cda_relative": "--cda-spread",
    "exit_time_s": "--exit-time-error",
    "exit_along_track_m": "--exit-along-error",
    "exit_cross_track_m": "--exit-cross-error",
}
"""Fields named by the library's errors and the options that set them."""


def _profile(options: ReleaseOptions, ground, lat, lon, exit_time):
    wind_file, wind, station = options.wind_file, options.wind, options.station
    allowed = "one of --wind-file PATH or --wind (270@20kt, or ALT:DIR@SPEED levels)"
    if wind_file is None and wind is None:
        raise InputError("--wind", None, allowed, "is missing (the release point needs winds)")
    if wind_file is not None and wind is not None:
        raise InconsistentInputError("--wind", wind, allowed, "is given with --wind-file")
    if wind_file is None:
        if station is not None:
            raise InconsistentInputError(
                "--station",
                station,
                "a station of the FB winds-aloft forecast given by --wind-file",
                "is given without --wind-file",
            )
        return parse_wind_levels(wind, ground, "--wind")
    check_station(station, wind_file, "--station", "--wind-file")
    try:
        profile = read_wind_file(
            wind_file,
            ground,
            target=(lat, lon),
            time_utc_s=exit_time,
            field="--wind-file",
            station=station,
            station_field="--station",
        )
    except InputError as error:
        option = {"time": "--time", "target": "--target"}.get(error.field)
        if option is None:
            raise
        raise type(error)(option, error.value, error.allowed, error.problem) from None
    if exit_time is None and is_time_dependent(profile):
        # without it the forecast's first hour would be taken, without a word
        raise InputError(
            "--time",
            None,
            "the exit time, ISO-8601 with its offset (2018-03-10T14:22:38Z)",
            f"is missing: {Path(wind_file).name} forecasts winds that change with time",
        )
    return profile


def _light_window(light_window: str | None, exit_time: float | None):
    if light_window is None:
        return None
    if exit_time is None:
        raise InputError("--light-window", light_window, "a window with --time", "needs --time")
    start, _, end = light_window.partition("..")
    if not end:
        raise InputError("--light-window", light_window, "START..END, ISO-8601 times")
    opens, closes = _time(start, "--light-window"), _time(end, "--light-window")
    if closes <= opens:
        raise InputError(
            "--light-window",
            light_window,
            "START..END with END after START",
            "ends before it starts",
        )
    return opens, closes


def _dispersion(spot, options: ReleaseOptions, ground, exit_time):
    if options.members == 0:
        return None
    check_range(
        "members",
        options.members,
        release.MIN_MEMBERS,
        release.MAX_MEMBERS,
        allowed=release.MEMBERS_ALLOWED,
    )
    check_range("seed", options.seed, 0, 2**63 - 1, allowed="a non-negative whole number")
    altitudes, sigmas = _wind_error(options.wind_error, ground)
    if len(altitudes) == 1:
        altitudes, sigmas = (0.0, 1.0), (sigmas[0], sigmas[0])
    uncertainty = release.Uncertainty(
        wind=WindError(altitudes, sigmas),
        cda_relative=options.cda_spread,
        exit_time_s=_duration(options.exit_time_error, "--exit-time-error"),
        exit_along_track_m=parse_quantity(
            options.exit_along_error, "length", "m", "--exit-along-error"
        ),
        exit_cross_track_m=parse_quantity(
            options.exit_cross_error, "length", "m", "--exit-cross-error"
        ),
    )
    return release.dispersion(
        spot,
        members=options.members,
        seed=options.seed,
        uncertainty=uncertainty,
        radius_m=parse_quantity(options.radius, "length", "m", "--radius"),
        light_window=_light_window(options.light_window, exit_time),
    )


def _given(options: ReleaseOptions) -> dict[str, Any]:
    """The options by name, as the errors name them."""
    return {
        f"--{name.replace('_', '-')}": getattr(options, name)
        for name in (
            "exit_altitude",
            "deploy_altitude",
            "ground_elevation",
            "mass",
            "cda",
            "aircraft_speed",
            "posture",
            "canopy",
            "aim",
            "groups",
            "separation",
            "radius",
            "jump_run",
            "members",
            "seed",
            "cda_spread",
            "exit_time_error",
            "exit_along_error",
            "exit_cross_error",
        )
    }


def find_release(options: ReleaseOptions):
    """The release point upwind of the target, the jump run and the landing dispersion
    (``duskfall release``).

    Returns
    -------
    tuple
        ``(spot, spread)``: the :class:`duskfall.release.ReleasePoint` and the
        :class:`duskfall.release.Dispersion` (None with no members).

    Raises
    ------
    InputError
        Naming the option.
    """
    lat, lon = _target(options.target)
    ground = parse_quantity(options.ground_elevation, "length", "ft", "--ground-elevation")
    exit_m = parse_altitude(options.exit_altitude, "--exit-altitude").msl_m(ground)
    deploy_m = parse_altitude(options.deploy_altitude, "--deploy-altitude").msl_m(ground)
    exit_time = None if options.time is None else _time(options.time, "--time")
    profile = _profile(options, ground, lat, lon, exit_time)
    given = _given(options)
    with named_after_options(given, RELEASE_OPTION_OF_FIELD):
        ias = parse_quantity(options.aircraft_speed, "speed", "kt", "--aircraft-speed")
        jump = fall.Jump(
            exit=fall.Exit(
                exit_m, airspeed_mps=atmosphere.true_airspeed_mps(ias, exit_m), time_utc_s=exit_time
            ),
            deploy_altitude_m=deploy_m,
            body=fall.Body(
                parse_quantity(options.mass, "mass", "kg", "--mass"),
                options.posture,
                None if options.cda is None else parse_quantity(options.cda, "area", "m2", "--cda"),
            ),
            ground_elevation_m=ground,
            canopy=options.canopy,
            wind=profile,
        )
        spot_options = release.SpotOptions(
            aim=options.aim,
            aim_offset_m=(0.0, 0.0) if options.offset is None else _offset(options.offset),
            groups=options.groups,
            group_separation_m=parse_quantity(options.separation, "length", "m", "--separation"),
            target_radius_m=parse_quantity(options.radius, "length", "m", "--radius"),
        )
        spot = release.find_release_point(
            jump, lat, lon, track_deg=options.jump_run, options=spot_options
        )
        spread = _dispersion(spot, options, ground, exit_time)
    return spot, spread


# --- duskfall season ---------------------------------------------------------------------

DEFAULT_DAYS = 30
"""Days scanned from the scenario's date when no range is given."""

# Keys of the scenario file's optional [season] table and the options they stand for.
SEASON_KEYS = {
    "from": "--from",
    "to": "--to",
    "weather": "--weather",
    "weather_file": "--weather-file",
    "p_success": "--p-success",
    "shots": "--shots",
    "deadline": "--deadline",
    "blocked": "--blocked",
    "members": "--members",
    "seed": "--seed",
}

# Library field names of season.season_odds and the options that set them.
_ODDS_FIELDS = {
    "weather": "weather",
    "p_success": "p_success",
    "shots_needed": "shots",
    "deadline": "deadline",
    "blocked": "blocked",
    "members": "members",
    "seed": "seed",
}


def parse_weather(value: Any, field: str) -> Any:
    """A constant or 12 monthly values: ``0.8`` or ``"0.9,0.9,...,0.8"`` or a list."""
    if isinstance(value, list):
        return value
    text = str(value)
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise InputError(
                field, value, "a probability 0-1, or 12 monthly values separated by commas"
            ) from None
    try:
        return float(text)
    except ValueError:
        raise InputError(
            field, value, "a probability 0-1, or 12 monthly values separated by commas"
        ) from None


def read_weather_file(path: str | Path, field: str = "--weather-file") -> dict[str, float]:
    """Daily weather probabilities from a CSV file of ``date,probability`` rows (a header
    row is allowed)."""
    allowed = "a CSV file of date,probability rows (YYYY-MM-DD, 0 to 1)"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(field, str(path), allowed, f"cannot be read ({error.strerror})") from None
    table: dict[str, float] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2:
            raise InputError(
                field, f"line {number}: {','.join(row)}", allowed, "has no probability"
            )
        date, value = row[0].strip(), row[1].strip()
        try:
            probability = float(value)
        except ValueError:
            if number == 1:
                continue  # a header row
            raise InputError(field, f"line {number}: {value}", allowed, "is not a number") from None
        table[timeutil.parse_date(date, f"{field} line {number}").isoformat()] = probability
    if not table:
        raise InputError(field, str(path), allowed, "has no rows")
    return table


def blocked_dates(items: list[str], field: str) -> list[tuple[str, str] | str]:
    """``2018-03-01..2018-04-11`` ranges or single dates."""
    result: list[tuple[str, str] | str] = []
    for item in items:
        text = str(item).strip()
        if ".." in text:
            first, last = (part.strip() for part in text.split("..", 1))
            result.append((first, last))
        else:
            result.append(text)
    return result


def season_table(mapping: dict[str, Any]) -> dict[str, Any]:
    """Take the ``[season]`` table out of a scenario mapping; return it.

    Raises
    ------
    InputError
        If it is not a table or holds a key not in :data:`SEASON_KEYS`.
    """
    table = mapping.pop("season", {})
    if not isinstance(table, dict):
        raise InputError("season", table, "a [season] table", "is not a table")
    for key in table:
        if key not in SEASON_KEYS:
            raise InputError(
                f"season.{key}", table[key], ", ".join(SEASON_KEYS), "is not a known key"
            )
    return table


def season_range(
    scenario, settings: dict[str, Any], name: Callable[[str], str]
) -> tuple[dt.date, dt.date]:
    """The first and last dates of a season: ``settings["from"]`` (else the scenario's
    date) to ``settings["to"]`` (else :data:`DEFAULT_DAYS` days), bounded by
    :func:`duskfall.season.season_dates`. ``name(key)`` is the key's name in errors."""
    first = settings["from"] if settings["from"] is not None else scenario.date
    first = timeutil.parse_date(first, name("from") if settings["from"] is not None else "date")
    last = settings["to"]
    if last is None:
        last = first + dt.timedelta(days=DEFAULT_DAYS - 1)
    dates = season.season_dates(first, last, name("from"), name("to"))
    return dates[0].astype(dt.date), dates[-1].astype(dt.date)


ODDS_KEYS = ("weather", "weather_file", "p_success", "shots", "deadline", "blocked")
ODDS_KEYS += ("members", "seed")


def _weather(settings: dict[str, Any], name: Callable[[str], str]) -> tuple[Any, str]:
    if settings["weather"] is not None and settings["weather_file"] is not None:
        raise InputError(
            name("weather_file"),
            str(settings["weather_file"]),
            "either --weather or --weather-file",
            "is ambiguous",
        )
    if settings["weather_file"] is not None:
        return read_weather_file(settings["weather_file"], name("weather_file")), name(
            "weather_file"
        )
    if settings["weather"] is not None:
        return parse_weather(settings["weather"], name("weather")), name("weather")
    return 1.0, name("weather")


def season_odds_of(
    scan: season.SeasonScan, settings: dict[str, Any], name: Callable[[str], str]
) -> season.SeasonOdds | None:
    """The odds of a season (:func:`duskfall.season.season_odds`) from the settings of
    its ``[season]`` keys (:data:`SEASON_KEYS`, None where not given), or None when no
    odds key is given. ``name(key)`` is the key's name in errors."""
    if not any(settings[key] is not None for key in ODDS_KEYS):
        return None
    weather_value, weather_name = _weather(settings, name)
    blocked_value = settings["blocked"] or []
    if isinstance(blocked_value, str):
        blocked_value = [blocked_value]
    arguments = {
        "weather": weather_value,
        "p_success": 1.0 if settings["p_success"] is None else settings["p_success"],
        "shots_needed": 1 if settings["shots"] is None else settings["shots"],
        "deadline": settings["deadline"],
        "blocked": blocked_dates(blocked_value, name("blocked")),
        "members": 10_000 if settings["members"] is None else settings["members"],
        "seed": 0 if settings["seed"] is None else settings["seed"],
    }
    try:
        return season.season_odds(scan, **arguments)
    except InputError as error:
        head = error.field.split(" ", 1)
        key = _ODDS_FIELDS.get(head[0])
        if key is None:
            raise
        option = weather_name if key == "weather" else name(key)
        field = option + (f" ({head[1]})" if len(head) > 1 else "")
        raise type(error)(field, error.value, error.allowed, error.problem) from None
