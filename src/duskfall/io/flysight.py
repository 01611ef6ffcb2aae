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
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from duskfall import atmosphere, fall
from duskfall.constants import STANDARD_GRAVITY_MPS2
from duskfall.errors import InputError

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


def _times(values: list[str], name: str, first_line: int) -> np.ndarray:
    text = [v.strip().rstrip("Z") for v in values]
    try:
        stamps = np.array(text, dtype="datetime64[ns]")
    except ValueError:
        for i, v in enumerate(text):
            try:
                np.datetime64(v)
            except ValueError:
                raise _error(
                    name,
                    f"has a bad time on line {first_line + i}",
                    values[i],
                    "ISO 8601 UTC times such as 2024-08-31T08:11:50.800Z",
                ) from None
        raise
    return (stamps - np.datetime64("1970-01-01T00:00:00", "ns")).astype(np.int64) / 1e9


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
        If the text is not a FlySight log, a column is missing, a row has the wrong number
        of fields or a value that is not a number (a truncated file ends with such a row),
        or there are fewer than 10 fixes.
    """
    lines = text.splitlines()
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    if lines and lines[0].startswith("$FLYS"):
        fmt = "FlySight 2"
        columns = None
        for number, line in enumerate(lines, start=1):
            if line.startswith("$COL,GNSS,"):
                columns = line.strip().split(",")[2:]
            elif line.startswith("$GNSS,"):
                if columns is None:
                    raise _error(name, f"has data before its $COL,GNSS header (line {number})")
                rows.append(line.strip().split(",")[1:])
                line_numbers.append(number)
        if columns is None:
            raise _error(name, "has no $COL,GNSS header line")
    else:
        fmt = "FlySight 1"
        if not lines:
            raise _error(name, "is empty")
        columns = [c.strip() for c in lines[0].split(",")]
        for number, line in enumerate(lines[2:], start=3):
            if line.strip():
                rows.append(line.strip().split(","))
                line_numbers.append(number)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise _error(
            name,
            f"lacks the column(s) {', '.join(missing)}",
            ",".join(columns)[:80],
            f"a header with {', '.join(REQUIRED_COLUMNS)}",
        )
    width = len(columns)
    for row, number in zip(rows, line_numbers, strict=True):
        if len(row) != width:
            raise _error(
                name,
                f"has {len(row)} fields on line {number}, expected {width} (truncated file?)",
                ",".join(row)[:80],
            )
    if len(rows) < 10:
        raise _error(name, f"has {len(rows)} fixes", len(rows), "at least 10 GPS fixes")
    table = list(zip(*rows, strict=True))
    index = {c: i for i, c in enumerate(columns)}

    def numbers(column: str) -> np.ndarray:
        values = table[index[column]]
        try:
            return np.array([float(v) if v.strip() else np.nan for v in values])
        except ValueError:
            for i, v in enumerate(values):
                try:
                    float(v)
                except ValueError:
                    raise _error(
                        name,
                        f"has a value that is not a number in column {column} on line "
                        f"{line_numbers[i]}",
                        v,
                        "numbers",
                    ) from None
            raise

    data = {c: numbers(c) for c in REQUIRED_COLUMNS[1:]}
    core = np.column_stack(list(data.values()))
    if not np.all(np.isfinite(core)):
        bad = int(np.nonzero(~np.all(np.isfinite(core), axis=1))[0][0])
        raise _error(name, f"has an empty value on line {line_numbers[bad]}")
    vertical_accuracy = numbers("vAcc") if "vAcc" in index else np.full(len(rows), np.inf)
    usable = np.nan_to_num(vertical_accuracy, nan=np.inf) < MAX_VERTICAL_ACCURACY_M
    if "gpsFix" in index:
        usable &= numbers("gpsFix") == 3
    elif "numSV" in index:
        usable &= numbers("numSV") >= MIN_SATELLITES
    times = _times(list(table[index["time"]]), name, line_numbers[0])
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
    """Read a FlySight 1 CSV or FlySight 2 TRACK.CSV file (see :func:`parse_flysight`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise _error(path.name, f"cannot be read ({error.strerror})", str(path)) from None
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
    [m^2/kg]."""
    fall_time_s: np.ndarray = field(repr=False)
    """Times after exit of the usable fixes from exit to deployment [s]."""
    fall_altitude_m: np.ndarray = field(repr=False)
    fall_rate_mps: np.ndarray = field(repr=False)

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


def find_jump(log: FlySightLog) -> FlySightJump:
    """Find exit, free fall, deployment, canopy flight and landing in a log.

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
        If the log has no free fall (no run of at least 10 s falling faster than g that
        reaches 25 m/s) or does not end at rest on the ground.
    """
    import pymap3d

    keep = log.usable
    if keep.sum() < 10:
        raise _error(log.name, "has fewer than 10 usable GPS fixes", int(keep.sum()))
    t_utc = log.time_utc_s[keep]
    t = t_utc - t_utc[0]
    h = log.altitude_m[keep]
    vd = log.velocity_down_mps[keep]
    vn = log.velocity_north_mps[keep]
    ve = log.velocity_east_mps[keep]
    lat = log.latitude_deg[keep]
    lon = log.longitude_deg[keep]
    az = _slope(t, vd)

    first, last = _longest_run(vd > G)
    no_freefall = _error(
        log.name,
        "has no free fall",
        "",
        f"a log with at least {MIN_FREEFALL_S:.0f} s falling faster than g and reaching "
        f"{MIN_FREEFALL_RATE_MPS:.0f} m/s",
    )
    if (
        first < 0
        or t[last] - t[first] < MIN_FREEFALL_S
        or vd[first : last + 1].max() < MIN_FREEFALL_RATE_MPS
    ):
        raise no_freefall

    # Landing: the first fix after the free fall from which the logger stays at rest.
    speed = np.sqrt(vn**2 + ve**2 + vd**2)
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
    ground = float(np.median(h[(t >= t[i_land]) & (t <= t[i_land] + GROUND_WINDOW_S)]))

    # Exit (FlySight Viewer): velD crosses g, minus g over the acceleration there.
    j = max(first, 1)
    frac = (G - vd[j - 1]) / (vd[j] - vd[j - 1])
    t_cross = t[j - 1] + frac * (t[j] - t[j - 1])
    a_cross = az[j - 1] + frac * (az[j] - az[j - 1])
    t_exit = t_cross - G / max(a_cross, G / 5.0)
    exit_altitude = float(np.interp(t_exit, t, h))
    before = max(int(np.searchsorted(t, t_exit)) - 1, 0)

    # Deployment: strongest deceleration near the end of the free fall, walked back.
    window = np.nonzero((t >= t[last] - 20.0) & (np.arange(t.size) <= last))[0]
    i_deploy = int(window[np.argmin(az[window])])
    while i_deploy > first and az[i_deploy] < -G / 4.0:
        i_deploy -= 1
    t_deploy = float(t[i_deploy])
    i_exit = int(np.searchsorted(t, t_exit))
    if t_deploy - t_exit < MIN_FREEFALL_S:
        raise no_freefall

    # Peak fall rate between exit and deployment, refined by a parabola.
    span = np.arange(i_exit, i_deploy + 1)
    i_peak = int(span[np.argmax(vd[span])])
    peak_t, peak_v = float(t[i_peak]), float(vd[i_peak])
    if 0 < i_peak < t.size - 1:
        tt, vv = t[i_peak - 1 : i_peak + 2], vd[i_peak - 1 : i_peak + 2]
        c2, c1, c0 = np.polyfit(tt - tt[1], vv, 2)
        if c2 < 0:
            offset = float(np.clip(-c1 / (2 * c2), tt[0] - tt[1], tt[2] - tt[1]))
            peak_t = float(tt[1] + offset)
            peak_v = float(c0 + c1 * offset + c2 * offset**2)
    peak_altitude = float(np.interp(peak_t, t, h))

    # Opening: first fix after deployment falling slower than g.
    after = np.nonzero((np.arange(t.size) > i_deploy) & (vd < G))[0]
    i_open = int(after[0]) if after.size else i_deploy
    opening_duration = float(t[i_open] - t_deploy)
    opening_loss = float(h[i_deploy] - h[i_open])

    t_land = float(t[i_land])
    lat_land = float(np.interp(t_land, t, lat))
    lon_land = float(np.interp(t_land, t, lon))
    lat_exit = float(np.interp(t_exit, t, lat))
    lon_exit = float(np.interp(t_exit, t, lon))
    east, north, _ = pymap3d.geodetic2enu(lat_land, lon_land, ground, lat_exit, lon_exit, ground)

    canopy = (t > t[i_open] + 10.0) & (h - ground > 300.0) & (np.arange(t.size) < i_land)
    sink = float(np.median(vd[canopy])) if canopy.any() else math.nan

    steady = (t >= t_exit + 15.0) & (np.arange(t.size) < i_deploy) & (np.abs(az) < 0.5)
    rho = atmosphere.density_kgpm3(h[steady])
    cda_per_kg = float(np.median(2 * G / (rho * vd[steady] ** 2))) if steady.any() else math.nan

    fall_span = (t >= t_exit) & (np.arange(t.size) <= i_deploy)
    return FlySightJump(
        log=log,
        ground_elevation_m=ground,
        exit_time_utc_s=float(t_utc[0] + t_exit),
        exit_altitude_m=exit_altitude,
        exit_latitude_deg=lat_exit,
        exit_longitude_deg=lon_exit,
        exit_ground_speed_mps=float(np.hypot(vn[before], ve[before])),
        exit_track_deg=float(np.degrees(np.arctan2(ve[before], vn[before])) % 360.0),
        deploy_altitude_m=float(h[i_deploy]),
        freefall_duration_s=t_deploy - t_exit,
        max_speed_mps=peak_v,
        max_speed_time_s=peak_t - t_exit,
        max_speed_altitude_m=peak_altitude,
        landing_time_s=t_land - t_exit,
        landing_east_m=float(east),
        landing_north_m=float(north),
        opening_duration_s=opening_duration,
        opening_altitude_loss_m=opening_loss,
        canopy_sink_mps=sink,
        cda_per_kg_m2=cda_per_kg,
        fall_time_s=t[fall_span] - t_exit,
        fall_altitude_m=h[fall_span],
        fall_rate_mps=vd[fall_span],
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
    """
    from scipy.optimize import minimize_scalar

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
