"""FlySight GPS logs: read them, find the jump in them, compare them with the model.

Two formats are read:

- **FlySight 1** CSV: a header row ``time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,
  heading,cAcc,gpsFix,numSV``, a units row, then one row per fix (5 Hz);
- **FlySight 2** ``TRACK.CSV``: ``$FLYS,1``, ``$VAR`` lines, ``$COL,GNSS,<columns>``,
  ``$UNIT,GNSS,...``, ``$DATA``, then ``$GNSS,<values>`` rows (other ``$`` rows ignored).

In both, ``velD`` is positive down and ``hMSL`` is the GPS height above mean sea level.

:func:`find_jump` finds exit, deployment and landing in a log and gives the same summary
figures as a simulated :class:`duskfall.fall.Trajectory` (free-fall duration, peak fall
rate with its time and altitude, landing time and point), plus the quasi-steady drag
area per unit mass. :func:`fit_cda_per_kg` fits the model's drag area to a log's whole
free fall. The definitions, all documented in :class:`FlySightJump`:

- fixes kept: ``gpsFix == 3`` where the column exists, else ``numSV >= 6``; and
  ``vAcc < 20 m``;
- vertical acceleration: least-squares slope of ``velD`` over 5 consecutive fixes;
- landing: the first fix after the free fall from which the logger stays at rest
  (3-D speed below 2 m/s) for 5 s; the ground elevation is the median ``hMSL`` over the
  10 s from there (GPS heights drift over a long log, so the landing, not the end of the
  log, gives the ground);
- free fall: the longest run of fixes with ``velD`` above g (9.80665 m/s);
- exit: FlySight Viewer's rule (flysight-viewer-qt, ``MainWindow::initExit``): the time
  ``velD`` crosses g, minus g over the vertical acceleration there;
- deployment: the start of the canopy's deceleration: from the strongest deceleration in
  the last 20 s of the free fall, back to the last fix before the vertical acceleration
  fell below -g/4.

Every fix is checked when the log is read (:data:`RANGES`: a latitude of 95 degrees or a
speed beyond the receiver's limit is refused with its line), and the flight is
classified (:data:`FLIGHT_KINDS`): the model is a vertical free fall, so a wingsuit
flight or a canopy flight is flagged with a notice and never fitted.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from duskfall import atmosphere, fall, timeutil
from duskfall.constants import STANDARD_GRAVITY_MPS2
from duskfall.errors import InputError
from duskfall.io.text import read_text, shown, split_lines
from duskfall.notices import Notice

G = STANDARD_GRAVITY_MPS2

REQUIRED_COLUMNS = ("time", "lat", "lon", "hMSL", "velN", "velE", "velD")
"""Columns every FlySight log must have."""

MAX_VERTICAL_ACCURACY_M = 20.0
"""Fixes with a larger vertical accuracy estimate (vAcc) are dropped [m]."""
MIN_SATELLITES = 6
"""Fixes of FlySight 2 logs with fewer satellites are dropped."""
MIN_FREEFALL_S = 10.0
"""A free fall shorter than this is not a jump [s]."""
MIN_FREEFALL_RATE_MPS = 25.0
"""A free fall must reach this fall rate at least once [m/s]."""
LANDED_SPEED_MPS = 2.0
"""At rest: the GPS speed (3-D) is below this [m/s]."""
REST_S = 5.0
"""Landing: the first fix after the free fall from which the logger stays at rest this
long [s]."""
GROUND_WINDOW_S = 10.0
"""The ground elevation is the median height over this long after the landing [s]."""

MIN_FALL_S = 2.0
"""A log must fall faster than g for at least this long to have a jump in it [s]; a
canopy's descent never does (a swoop's dive lasts a few seconds)."""
MIN_CANOPY_S = 30.0
"""A log without a fall that descends this long is a canopy flight only [s]."""
SETTLE_S = 10.0
"""The kind of flight is judged from this long after exit to deployment [s], once the
aircraft's forward speed has decayed (the "throw")."""
MAX_GLIDE_RATIO = 1.0
"""A free fall is vertical: its horizontal GPS speed (the wind's drift and the jumper's
tracking) stays below its fall rate. A wingsuit flies 2 to 3 times faster than it falls;
a belly fall drifts with the wind, a few m/s against 50 m/s of fall (the reference logs:
0.1 to 0.5, the freefly jump included)."""

FREE_FALL = "free fall"
WINGSUIT = "wingsuit"
CANOPY_ONLY = "canopy only"
FLIGHT_KINDS = (FREE_FALL, WINGSUIT, CANOPY_ONLY)
"""The kinds of flight :func:`find_jump` tells apart (:attr:`FlySightJump.kind`)."""

MAX_LOG_BYTES = 64 * 2**20
"""Largest log read [bytes]: 64 MiB, some hours of 5 Hz fixes (a jump's log is 1 MiB)."""
MAX_GPS_SPEED_MPS = 500.0
"""Fastest speed a log may give [m/s]: the operational limit of the u-blox receivers in
FlySight loggers (u-blox M8 and M10 data sheets, "Operational limits": velocity 500 m/s)."""
FIRST_FIX_DATE = dt.date(1980, 1, 6)
"""No GPS fix is older than the GPS time epoch, 6 January 1980 (IS-GPS-200)."""

RANGES: dict[str, tuple[float, float, str]] = {
    "lat": (-90.0, 90.0, "-90 to 90 degrees"),
    "lon": (-180.0, 180.0, "-180 to 180 degrees"),
    "hMSL": (
        atmosphere.MIN_ALTITUDE_M,
        atmosphere.MAX_ALTITUDE_M,
        f"{atmosphere.MIN_ALTITUDE_M:.0f} to {atmosphere.MAX_ALTITUDE_M:.0f} m "
        "(the standard atmosphere's range)",
    ),
    "velN": (-MAX_GPS_SPEED_MPS, MAX_GPS_SPEED_MPS, f"within {MAX_GPS_SPEED_MPS:.0f} m/s"),
    "velE": (-MAX_GPS_SPEED_MPS, MAX_GPS_SPEED_MPS, f"within {MAX_GPS_SPEED_MPS:.0f} m/s"),
    "velD": (-MAX_GPS_SPEED_MPS, MAX_GPS_SPEED_MPS, f"within {MAX_GPS_SPEED_MPS:.0f} m/s"),
    "vAcc": (0.0, math.inf, "0 or more metres"),
    "gpsFix": (0.0, 5.0, "a u-blox fix type, 0 to 5"),
    "numSV": (0.0, 255.0, "0 to 255 satellites"),
}
"""Physical range of each column read, checked on every fix (low, high, in words)."""

#: A decimal number as FlySight writes it (never ``nan``, ``inf`` or ``1_0``).
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")
#: An ISO 8601 UTC time as FlySight writes it: 2024-08-31T08:11:50.800Z.
_TIME = re.compile(
    r"^\s*([0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?Z?\s*$"
)


class FlySightError(InputError):
    """A FlySight log that cannot be read, or has no jump in it."""

    def __init__(self, field: str, value, allowed: str, problem: str | None = None):
        super().__init__(field, value, allowed, problem or "is not a usable FlySight log")


@dataclass(frozen=True)
class FlySightLog:
    """The fixes of a FlySight log (all rows, unfiltered), as arrays."""

    name: str
    """File name (no directories)."""
    format: str
    """``"FlySight 1"`` or ``"FlySight 2"``."""
    time_utc_s: np.ndarray
    """POSIX seconds UTC of each fix."""
    latitude_deg: np.ndarray
    longitude_deg: np.ndarray
    altitude_m: np.ndarray
    """GPS height above mean sea level [m]."""
    velocity_north_mps: np.ndarray
    velocity_east_mps: np.ndarray
    velocity_down_mps: np.ndarray
    vertical_accuracy_m: np.ndarray
    """vAcc [m]; infinite when the column is missing."""
    usable: np.ndarray
    """Fixes kept by the quality rule (fix type or satellite count, and vAcc)."""

    @property
    def size(self) -> int:
        """Number of fixes."""
        return int(self.time_utc_s.size)


def _error(name: str, problem: str, value="", allowed: str = "") -> FlySightError:
    return FlySightError(
        f"FlySight log {name}",
        value,
        allowed or "a FlySight 1 CSV or FlySight 2 TRACK.CSV file",
        problem,
    )


def _times(values: list[str], name: str, line_numbers: list[int]) -> np.ndarray:
    allowed = (
        f"ISO 8601 UTC times such as 2024-08-31T08:11:50.800Z, from {FIRST_FIX_DATE} to "
        f"{timeutil.LAST_DATE}"
    )
    for i, value in enumerate(values):
        match = _TIME.match(value)
        if match is None or not (
            FIRST_FIX_DATE.year <= int(match.group(1)) <= timeutil.LAST_DATE.year
        ):
            raise _error(name, f"has a bad time on line {line_numbers[i]}", shown(value), allowed)
    text = [v.strip().rstrip("Z") for v in values]
    try:
        stamps = np.array(text, dtype="datetime64[ns]")
    except ValueError:  # a day or hour that does not exist (2024-02-30, 25:00)
        for i, v in enumerate(text):
            try:
                np.datetime64(v, "ns")
            except ValueError:
                raise _error(
                    name, f"has a bad time on line {line_numbers[i]}", values[i], allowed
                ) from None
        raise
    seconds = (stamps - np.datetime64("1970-01-01T00:00:00", "ns")).astype(np.int64) / 1e9
    first = timeutil.utc_seconds(dt.datetime.combine(FIRST_FIX_DATE, dt.time(), dt.UTC))
    early = np.nonzero(seconds < first)[0]
    if early.size:
        raise _error(
            name, f"has a bad time on line {line_numbers[early[0]]}", values[early[0]], allowed
        )
    return seconds


def _rows(lines: list[str], name: str) -> tuple[str, list[str], list[list[str]], list[int]]:
    """(format, column names, rows of fields, their line numbers) of a log's lines."""
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    if lines and lines[0].startswith("$FLYS"):
        columns = None
        for number, line in enumerate(lines, start=1):
            if line.startswith("$COL,GNSS,"):
                columns = [c.strip() for c in line.strip().split(",")[2:]]
            elif line.startswith("$GNSS,"):
                if columns is None:
                    raise _error(name, f"has data before its $COL,GNSS header (line {number})")
                rows.append(line.strip().split(",")[1:])
                line_numbers.append(number)
        if columns is None:
            raise _error(name, "has no $COL,GNSS header line")
        return "FlySight 2", columns, rows, line_numbers
    if not any(line.strip() for line in lines):
        raise _error(name, "is empty")
    columns = [c.strip() for c in lines[0].split(",")]
    # The second line gives the units; a log without it starts its fixes there.
    first = 2 if len(lines) > 1 and not lines[1][:1].isdigit() else 1
    for number, line in enumerate(lines[first:], start=first + 1):
        if line.strip():
            rows.append(line.strip().split(","))
            line_numbers.append(number)
    return "FlySight 1", columns, rows, line_numbers


def _numbers(table, index, column: str, name: str, line_numbers: list[int]) -> np.ndarray:
    """The column's values as floats (NaN where empty); text that is not a decimal
    number (``nan``, ``inf``, ``1_0``, ``zero``) is refused with its line."""
    values = table[index[column]]
    result = np.full(len(values), np.nan)
    for i, value in enumerate(values):
        text = value.strip()
        if not text:
            continue
        if not _DECIMAL.fullmatch(text):
            raise _error(
                name,
                f"has a value that is not a number in column {column} on line {line_numbers[i]}",
                shown(value),
                "decimal numbers",
            )
        result[i] = float(text)
    bad = np.nonzero(~np.isfinite(result) & np.array([bool(v.strip()) for v in values]))[0]
    if bad.size:
        i = int(bad[0])
        raise _error(
            name,
            f"has a value that is not finite in column {column} on line {line_numbers[i]}",
            shown(values[i]),
            "finite numbers",
        )
    return result


def _check_ranges(data: dict[str, np.ndarray], name: str, line_numbers: list[int]) -> None:
    """Refuse the first fix with a value outside its physical range (:data:`RANGES`)."""
    for column, (low, high, words) in RANGES.items():
        values = data.get(column)
        if values is None:
            continue
        outside = np.nonzero(np.isfinite(values) & ((values < low) | (values > high)))[0]
        if outside.size:
            i = int(outside[0])
            raise _error(
                name,
                f"has {column} out of range on line {line_numbers[i]}",
                float(values[i]),
                f"{column} {words}",
            )


def parse_flysight(text: str, name: str = "<text>") -> FlySightLog:
    """Read the text of a FlySight 1 or FlySight 2 log.

    Parameters
    ----------
    text
        The whole file.
    name
        The file's name, for error messages.

    Returns
    -------
    FlySightLog

    Raises
    ------
    FlySightError
        If the text is not a FlySight log, a column is missing or repeated, a row has the
        wrong number of fields or a value that is not a decimal number (a truncated file
        ends with such a row), a value lies outside its physical range (:data:`RANGES`:
        a latitude of 95 degrees, a speed beyond what a GPS receiver reports), a time is
        not an ISO 8601 time from 1980 to 2100 or does not increase, or there are fewer
        than 10 fixes.
    """
    fmt, columns, rows, line_numbers = _rows(split_lines(text), name)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c})
    if missing or repeated:
        problem = (
            f"lacks the column(s) {', '.join(missing)}"
            if missing
            else f"repeats the column(s) {', '.join(repeated)}"
        )
        raise _error(
            name, problem, shown(",".join(columns)), f"a header with {', '.join(REQUIRED_COLUMNS)}"
        )
    width = len(columns)
    for row, number in zip(rows, line_numbers, strict=True):
        if len(row) != width:
            raise _error(
                name,
                f"has {len(row)} fields on line {number}, expected {width} (truncated file?)",
                shown(",".join(row)),
            )
    if len(rows) < 10:
        raise _error(name, f"has {len(rows)} fixes", len(rows), "at least 10 GPS fixes")
    table = list(zip(*rows, strict=True))
    index = {c: i for i, c in enumerate(columns)}
    optional = [c for c in ("vAcc", "gpsFix", "numSV") if c in index]
    data = {
        c: _numbers(table, index, c, name, line_numbers) for c in (*REQUIRED_COLUMNS[1:], *optional)
    }
    core = np.column_stack([data[c] for c in REQUIRED_COLUMNS[1:]])
    if not np.all(np.isfinite(core)):
        bad = int(np.nonzero(~np.all(np.isfinite(core), axis=1))[0][0])
        raise _error(name, f"has an empty value on line {line_numbers[bad]}")
    _check_ranges(data, name, line_numbers)
    speed = np.sqrt(data["velN"] ** 2 + data["velE"] ** 2 + data["velD"] ** 2)
    if np.any(speed > MAX_GPS_SPEED_MPS):
        i = int(np.nonzero(speed > MAX_GPS_SPEED_MPS)[0][0])
        raise _error(
            name,
            f"has a speed out of range on line {line_numbers[i]}",
            float(speed[i]),
            f"speeds up to {MAX_GPS_SPEED_MPS:.0f} m/s (a GPS receiver's limit)",
        )
    vertical_accuracy = data.get("vAcc", np.full(len(rows), np.inf))
    usable = np.nan_to_num(vertical_accuracy, nan=np.inf) < MAX_VERTICAL_ACCURACY_M
    if "gpsFix" in data:
        usable &= data["gpsFix"] == 3
    elif "numSV" in data:
        usable &= data["numSV"] >= MIN_SATELLITES
    times = _times(list(table[index["time"]]), name, line_numbers)
    if np.any(np.diff(times) <= 0):
        bad = int(np.nonzero(np.diff(times) <= 0)[0][0]) + 1
        raise _error(name, f"has a time that does not increase on line {line_numbers[bad]}")
    return FlySightLog(
        name=name,
        format=fmt,
        time_utc_s=times,
        latitude_deg=data["lat"],
        longitude_deg=data["lon"],
        altitude_m=data["hMSL"],
        velocity_north_mps=data["velN"],
        velocity_east_mps=data["velE"],
        velocity_down_mps=data["velD"],
        vertical_accuracy_m=vertical_accuracy,
        usable=usable,
    )


def read_flysight(path: str | Path) -> FlySightLog:
    """Read a FlySight 1 CSV or FlySight 2 TRACK.CSV file (see :func:`parse_flysight`).

    The file is read with :func:`duskfall.io.text.read_text`: at most
    :data:`MAX_LOG_BYTES`, UTF-8 text (a binary or non-UTF-8 file is refused)."""
    path = Path(path)
    text = read_text(path, f"FlySight log {path.name}", "a FlySight CSV log", MAX_LOG_BYTES)
    return parse_flysight(text, path.name)


@dataclass(frozen=True)
class FlySightJump:
    """A jump found in a FlySight log: the figures a simulated Trajectory also gives.

    Times are seconds after exit; altitudes metres MSL (GPS); positions metres East and
    North of the exit point.
    """

    log: FlySightLog = field(repr=False)
    ground_elevation_m: float
    exit_time_utc_s: float
    exit_altitude_m: float
    exit_latitude_deg: float
    exit_longitude_deg: float
    exit_ground_speed_mps: float
    """Horizontal GPS speed just before exit [m/s]: the aircraft's ground speed."""
    exit_track_deg: float
    """Direction of that motion [deg true]."""
    deploy_altitude_m: float
    """Altitude where the canopy's deceleration starts [m MSL]."""
    freefall_duration_s: float
    max_speed_mps: float
    """Peak fall rate in free fall [m/s] (parabola through the highest fix and its
    neighbours)."""
    max_speed_time_s: float
    max_speed_altitude_m: float
    landing_time_s: float
    landing_east_m: float
    landing_north_m: float
    opening_duration_s: float
    """From the start of deceleration to the first fix falling slower than g [s]."""
    opening_altitude_loss_m: float
    """Height lost over that time [m]."""
    canopy_sink_mps: float
    """Median fall rate under canopy, from 10 s after the opening down to 300 m above
    the ground [m/s]."""
    cda_per_kg_m2: float
    """Median quasi-steady drag area per unit mass, 2 g / (rho v^2) over fixes with a
    vertical acceleration below 0.5 m/s^2 from 15 s after exit to deployment, with the
    standard atmosphere's density (not the day's: a few per cent of uncertainty)
    [m^2/kg]. NaN when the fall has no such fixes (a canopy flight: ``kind`` says so)."""
    fall_time_s: np.ndarray = field(repr=False)
    """Times after exit of the usable fixes from exit to deployment [s]."""
    fall_altitude_m: np.ndarray = field(repr=False)
    fall_rate_mps: np.ndarray = field(repr=False)
    kind: str = "free fall"
    """What the flight from exit to deployment is: one of :data:`FLIGHT_KINDS`. Only a
    ``"free fall"`` is what the model simulates (and can be fitted)."""
    notices: tuple[Notice, ...] = ()
    """Warnings about the log as data: ``flysight-wingsuit`` or ``flysight-canopy-only``
    when the flight is not a vertical free fall, for a caller that shows it."""

    @property
    def exit_altitude_agl_m(self) -> float:
        """Exit height above the ground [m]."""
        return self.exit_altitude_m - self.ground_elevation_m

    @property
    def deploy_altitude_agl_m(self) -> float:
        """Deployment height above the ground [m]."""
        return self.deploy_altitude_m - self.ground_elevation_m


def _slope(t: np.ndarray, v: np.ndarray, half: int = 2) -> np.ndarray:
    """Least-squares slope dv/dt over windows of 2 half + 1 consecutive samples."""
    n = t.size
    width = 2 * half + 1
    pad_t = np.pad(t, half, mode="edge")
    pad_v = np.pad(v, half, mode="edge")
    windows_t = np.lib.stride_tricks.sliding_window_view(pad_t, width)
    windows_v = np.lib.stride_tricks.sliding_window_view(pad_v, width)
    # Edge padding repeats end samples; drop the repeats by masking duplicate times.
    mask = np.ones((n, width), dtype=bool)
    for j in range(width):
        k = np.arange(n) + j - half
        mask[:, j] = (k >= 0) & (k < n)
    tm = np.sum(windows_t * mask, axis=1) / mask.sum(axis=1)
    vm = np.sum(windows_v * mask, axis=1) / mask.sum(axis=1)
    dt = (windows_t - tm[:, None]) * mask
    dv = (windows_v - vm[:, None]) * mask
    denominator = np.sum(dt * dt, axis=1)
    return np.where(
        denominator > 0, np.sum(dt * dv, axis=1) / np.where(denominator > 0, denominator, 1), 0.0
    )


def _longest_run(mask: np.ndarray) -> tuple[int, int]:
    """First and last index of the longest run of True (-1, -1 if none)."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    edges = np.diff(padded)
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0] - 1
    if starts.size == 0:
        return -1, -1
    best = int(np.argmax(ends - starts))
    return int(starts[best]), int(ends[best])


def _series(log: FlySightLog) -> dict[str, np.ndarray]:
    """The usable fixes as arrays: times after the first [s], and the vertical
    acceleration ``az`` [m/s^2] (positive when the fall speeds up)."""
    keep = log.usable
    if keep.sum() < 10:
        raise _error(log.name, "has fewer than 10 usable GPS fixes", int(keep.sum()))
    series = {
        "t_utc": log.time_utc_s[keep],
        "h": log.altitude_m[keep],
        "vd": log.velocity_down_mps[keep],
        "vn": log.velocity_north_mps[keep],
        "ve": log.velocity_east_mps[keep],
        "lat": log.latitude_deg[keep],
        "lon": log.longitude_deg[keep],
    }
    series["t"] = series["t_utc"] - series["t_utc"][0]
    series["az"] = _slope(series["t"], series["vd"])
    series["horizontal"] = np.hypot(series["vn"], series["ve"])
    return series


def _no_fall(log: FlySightLog, s: dict[str, np.ndarray]) -> FlySightError:
    """The error for a log without a fall faster than g: a canopy flight only (it
    descends) or no jump at all."""
    descending = s["vd"] > LANDED_SPEED_MPS
    if np.count_nonzero(descending) * np.median(np.diff(s["t"])) >= MIN_CANOPY_S:
        what = (
            f"a canopy flight only (descending at {np.median(s['vd'][descending]):.1f} m/s, "
            f"never faster than g for {MIN_FALL_S:.0f} s)"
        )
    else:
        what = f"no jump (its fastest fall rate is {s['vd'].max():.1f} m/s)"
    return _error(
        log.name,
        f"has no free fall: it is {what}",
        "",
        f"a log with a fall faster than g ({G:.2f} m/s) for {MIN_FALL_S:.0f} s or more, from "
        "its exit to its landing",
    )


def _landing(log: FlySightLog, s: dict[str, np.ndarray], last: int) -> tuple[int, float]:
    """(index of the landing fix, ground elevation [m]) after the fall ending at ``last``."""
    t, vd = s["t"], s["vd"]
    speed = np.sqrt(s["vn"] ** 2 + s["ve"] ** 2 + vd**2)
    moving = speed >= LANDED_SPEED_MPS
    later_motion = np.full(t.size, np.inf)
    next_moving = np.nonzero(moving)[0]
    # Time of the next moving fix after each fix (inf if none).
    position = np.searchsorted(next_moving, np.arange(t.size), side="right")
    has_next = position < next_moving.size
    later_motion[has_next] = t[next_moving[position[has_next]]]
    at_rest = ~moving & (later_motion - t >= REST_S) & (np.arange(t.size) > last)
    if not at_rest.any():
        raise _error(
            log.name,
            "does not end at rest on the ground",
            f"{speed[-1]:.1f} m/s at the end",
            f"a log with at least {REST_S:.0f} s at rest after the landing",
        )
    i_land = int(np.nonzero(at_rest)[0][0])
    window = (t >= t[i_land]) & (t <= t[i_land] + GROUND_WINDOW_S)
    return i_land, float(np.median(s["h"][window]))


def _exit_time(s: dict[str, np.ndarray], first: int) -> float:
    """Exit (FlySight Viewer): the time velD crosses g, minus g over the acceleration
    there [s after the first fix]."""
    t, vd, az = s["t"], s["vd"], s["az"]
    frac = (G - vd[first - 1]) / (vd[first] - vd[first - 1])
    t_cross = t[first - 1] + frac * (t[first] - t[first - 1])
    a_cross = az[first - 1] + frac * (az[first] - az[first - 1])
    return float(t_cross - G / max(a_cross, G / 5.0))


def _deployment(s: dict[str, np.ndarray], first: int, last: int) -> int:
    """Index of the start of the canopy's deceleration: the strongest deceleration in the
    last 20 s of the fall, walked back while the deceleration exceeds g/4."""
    t, az = s["t"], s["az"]
    index = np.arange(t.size)
    window = np.nonzero((t >= t[last] - 20.0) & (index >= first) & (index <= last))[0]
    i_deploy = int(window[np.argmin(az[window])])
    while i_deploy > first and az[i_deploy] < -G / 4.0:
        i_deploy -= 1
    return i_deploy


def _peak(s: dict[str, np.ndarray], i_exit: int, i_deploy: int) -> tuple[float, float]:
    """(time [s], fall rate [m/s]) of the peak fall rate between exit and deployment,
    refined by a parabola through the highest fix and its neighbours."""
    t, vd = s["t"], s["vd"]
    span = np.arange(min(i_exit, i_deploy), i_deploy + 1)
    i_peak = int(span[np.argmax(vd[span])])
    peak_t, peak_v = float(t[i_peak]), float(vd[i_peak])
    if 0 < i_peak < t.size - 1:
        tt, vv = t[i_peak - 1 : i_peak + 2], vd[i_peak - 1 : i_peak + 2]
        c2, c1, c0 = np.polyfit(tt - tt[1], vv, 2)
        if c2 < 0:
            offset = float(np.clip(-c1 / (2 * c2), tt[0] - tt[1], tt[2] - tt[1]))
            peak_t = float(tt[1] + offset)
            peak_v = float(c0 + c1 * offset + c2 * offset**2)
    return peak_t, peak_v


def _classify(
    log: FlySightLog, s: dict[str, np.ndarray], t_exit: float, i_deploy: int, peak_v: float
) -> tuple[str, tuple[Notice, ...]]:
    """What the flight from exit to deployment is (:data:`FLIGHT_KINDS`), and the notice
    that says so when it is not a vertical free fall."""
    t = s["t"]
    duration = float(t[i_deploy] - t_exit)
    settled = (t >= t_exit + min(SETTLE_S, duration / 2)) & (np.arange(t.size) <= i_deploy)
    fall_rate = float(np.median(s["vd"][settled]))
    horizontal = float(np.median(s["horizontal"][settled]))
    values = {
        "source": log.name,
        "freefall_duration_s": duration,
        "max_fall_rate_mps": peak_v,
        "fall_rate_mps": fall_rate,
        "horizontal_speed_mps": horizontal,
    }
    if duration >= MIN_FREEFALL_S and horizontal > MAX_GLIDE_RATIO * fall_rate:
        return WINGSUIT, (Notice("flysight-wingsuit", "warn", values, log.name),)
    if duration < MIN_FREEFALL_S or peak_v < MIN_FREEFALL_RATE_MPS:
        return CANOPY_ONLY, (Notice("flysight-canopy-only", "warn", values, log.name),)
    return FREE_FALL, ()


def find_jump(log: FlySightLog) -> FlySightJump:
    """Find exit, free fall, deployment, canopy flight and landing in a log.

    The flight from exit to deployment is classified (:attr:`FlySightJump.kind`): a
    vertical free fall (belly, sit, head-down: what the model simulates); a wingsuit or
    tracking flight (after the first seconds the horizontal speed exceeds the fall rate:
    :data:`MAX_GLIDE_RATIO`); or a canopy flight with a short fall or none before it (a
    hop-and-pop, a clear-and-pull: less than :data:`MIN_FREEFALL_S` or never
    :data:`MIN_FREEFALL_RATE_MPS`). Only the first can be fitted
    (:func:`fit_cda_per_kg`); the others come with a warning notice, for a caller that
    shows them.

    Parameters
    ----------
    log
        A log from :func:`read_flysight`.

    Returns
    -------
    FlySightJump

    Raises
    ------
    FlySightError
        If the log has no fall faster than g for :data:`MIN_FALL_S` (the message says
        whether it is a canopy flight only), starts in free fall (its exit is not in it),
        or does not end at rest on the ground.
    """
    import pymap3d

    s = _series(log)
    t, h = s["t"], s["h"]
    first, last = _longest_run(s["vd"] > G)
    if first < 0 or t[last] - t[first] < MIN_FALL_S:
        raise _no_fall(log, s)
    if first == 0:
        raise _error(
            log.name,
            "starts in free fall: its exit is not in the log",
            "",
            "a log that starts before the exit (in the aircraft)",
        )
    i_land, ground = _landing(log, s, last)
    t_exit = _exit_time(s, first)
    exit_altitude = float(np.interp(t_exit, t, h))
    before = max(int(np.searchsorted(t, t_exit)) - 1, 0)
    i_deploy = _deployment(s, first, last)
    t_deploy = float(t[i_deploy])
    i_exit = int(np.searchsorted(t, t_exit))
    peak_t, peak_v = _peak(s, i_exit, i_deploy)
    kind, notices = _classify(log, s, t_exit, i_deploy, peak_v)

    # Opening: first fix after deployment falling slower than g.
    after = np.nonzero((np.arange(t.size) > i_deploy) & (s["vd"] < G))[0]
    i_open = int(after[0]) if after.size else i_deploy

    t_land = float(t[i_land])
    lat_exit = float(np.interp(t_exit, t, s["lat"]))
    lon_exit = float(np.interp(t_exit, t, s["lon"]))
    east, north, _ = pymap3d.geodetic2enu(
        float(np.interp(t_land, t, s["lat"])),
        float(np.interp(t_land, t, s["lon"])),
        ground,
        lat_exit,
        lon_exit,
        ground,
    )
    index = np.arange(t.size)
    canopy = (t > t[i_open] + 10.0) & (h - ground > 300.0) & (index < i_land)
    steady = (t >= t_exit + 15.0) & (index < i_deploy) & (np.abs(s["az"]) < 0.5)
    vd = s["vd"]
    cda_per_kg = math.nan  # no quasi-steady fall (a canopy flight): no drag area
    if steady.any():
        rho = atmosphere.density_kgpm3(h[steady])
        cda_per_kg = float(np.median(2 * G / (rho * vd[steady] ** 2)))
    fall_span = (t >= t_exit) & (index <= i_deploy)
    return FlySightJump(
        log=log,
        ground_elevation_m=ground,
        exit_time_utc_s=float(s["t_utc"][0] + t_exit),
        exit_altitude_m=exit_altitude,
        exit_latitude_deg=lat_exit,
        exit_longitude_deg=lon_exit,
        exit_ground_speed_mps=float(s["horizontal"][before]),
        exit_track_deg=float(np.degrees(np.arctan2(s["ve"][before], s["vn"][before])) % 360.0),
        deploy_altitude_m=float(h[i_deploy]),
        freefall_duration_s=t_deploy - t_exit,
        max_speed_mps=peak_v,
        max_speed_time_s=peak_t - t_exit,
        max_speed_altitude_m=float(np.interp(peak_t, t, h)),
        landing_time_s=t_land - t_exit,
        landing_east_m=float(east),
        landing_north_m=float(north),
        opening_duration_s=float(t[i_open] - t_deploy),
        opening_altitude_loss_m=float(h[i_deploy] - h[i_open]),
        canopy_sink_mps=float(np.median(vd[canopy])) if canopy.any() else math.nan,
        cda_per_kg_m2=cda_per_kg,
        fall_time_s=t[fall_span] - t_exit,
        fall_altitude_m=h[fall_span],
        fall_rate_mps=vd[fall_span],
        kind=kind,
        notices=notices,
    )


def simulate_log(
    jump: FlySightJump,
    cda_per_kg_m2: float,
    mass_kg: float = 80.0,
    posture: str = "belly",
    with_throw: bool = True,
) -> fall.Trajectory:
    """Simulate the jump of a log from its exit and deployment altitudes.

    Parameters
    ----------
    jump
        The jump found in a log.
    cda_per_kg_m2
        Drag area per unit mass of the model [m^2/kg] (only the ratio matters).
    mass_kg
        Mass used with it [kg].
    posture
        Posture (for the transonic drag rise only).
    with_throw
        Leave with the logged horizontal speed before exit (the aircraft's ground speed
        and track, taken as its airspeed in calm air); False for a still exit.
    """
    exit_ = fall.Exit(
        jump.exit_altitude_m,
        airspeed_mps=jump.exit_ground_speed_mps if with_throw else 0.0,
        heading_deg=jump.exit_track_deg,
    )
    body = fall.Body(mass_kg, posture, cda_per_kg_m2 * mass_kg)
    return fall.simulate_jump(
        fall.Jump(exit_, jump.deploy_altitude_m, body, jump.ground_elevation_m)
    )


def fit_cda_per_kg(jump: FlySightJump, with_throw: bool = True) -> float:
    """Drag area per unit mass [m^2/kg] whose simulated fall rate best matches the log's.

    Least squares over the free fall, from 5 s after exit (when the logged exit timing
    no longer matters) to deployment, of the simulated minus the logged fall rate at the
    logged times.

    Raises
    ------
    FlySightError
        If the jump is not a vertical free fall (:attr:`FlySightJump.kind`: a wingsuit
        flight or a canopy flight only), whose drag the model's vertical fall cannot
        represent.
    """
    from scipy.optimize import minimize_scalar

    if jump.kind != FREE_FALL:
        what = {
            WINGSUIT: "a wingsuit or tracking flight (it flies faster than it falls)",
            CANOPY_ONLY: "a canopy flight with a short fall or none before it",
        }[jump.kind]
        raise _error(
            jump.log.name,
            f"is not a vertical free fall but {what}: the model's drag cannot be fitted to it",
            jump.kind,
            f"a vertical free fall (belly, sit, head-down) of at least {MIN_FREEFALL_S:.0f} s "
            f"reaching {MIN_FREEFALL_RATE_MPS:.0f} m/s",
        )
    use = jump.fall_time_s >= 5.0
    times, rates = jump.fall_time_s[use], jump.fall_rate_mps[use]

    def misfit(log_k: float) -> float:
        trajectory = simulate_log(jump, math.exp(log_k), with_throw=with_throw)
        model = np.interp(times, trajectory.time_s, trajectory.fall_rate_mps)
        return float(np.mean((model - rates) ** 2))

    start = math.log(jump.cda_per_kg_m2) if math.isfinite(jump.cda_per_kg_m2) else math.log(0.007)
    result = minimize_scalar(
        misfit, bounds=(start - 1.0, start + 1.0), method="bounded", options={"xatol": 1e-5}
    )
    return math.exp(result.x)
