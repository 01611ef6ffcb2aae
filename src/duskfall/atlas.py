"""Atlas: the exit window for every place on Earth and every day, as an xarray Dataset.

For a jump (exit and deployment altitudes, a jumper, calm air) and a light band, the
atlas gives, for every cell of a latitude-longitude grid and every day, the length of
the exit window (every exit time that keeps the whole free fall in the band) and of the
band itself at the exit altitude, on the evening (or morning) of that day.

Method
------
The trajectory does not depend on the place or the date (calm air), so it is simulated
once; the window edges come from the vectorised event solver, as in
:mod:`duskfall.season` (module notes there): at dusk the window opens when the Sun
crosses the band's upper edge for an observer at the exit altitude and closes an
action's length before it crosses the lower edge for an observer at the end of the
action; at dawn the mirror. The envelope offsets of
:func:`duskfall.season.envelope_offsets_deg` correct the edges for the first seconds of
the fall, when a rising Sun outruns the jumper's rising horizon (about 1 s at dawn).
Unlike the season scan, the atlas does not refine each edge on the full model, so where
the Sun grazes a band edge (within days of polar day or night) an edge can be off by
seconds; at latitudes up to 60 deg the atlas agrees with
:func:`duskfall.planning.make_plan` to 0.01 s (tests/test_atlas.py).

Scale
-----
The dataset is lazy: a Dask array chunked by latitude band, computed by
:func:`compute_atlas` on local threads (default), local processes, or a Dask
distributed cluster (``scheduler="tcp://host:8786"``). Each chunk is computed by the
same NumPy code whatever the scheduler, so the results are identical bit for bit.

Variables (dimensions ``date``, ``lat``, ``lon``; CF-style attributes):

- ``exit_window_s`` (float32): length of the exit window [s]; 0 where the action does
  not fit or the band does not occur at the exit altitude; NaN where the window has an
  open edge (the band already holds at the start of the half day, or still holds at its
  end; see ``status``).
- ``light_window_s`` (float32): length of the band at the exit altitude [s], with the
  same conventions.
- ``status`` (int8): what the exit window is that day, with ``flag_values`` and
  ``flag_meanings`` (:data:`STATUS`).
- ``ground_elevation_m``: the terrain of each cell (sea level unless given).

The half day is the one of :func:`duskfall.light.find_light_events`: from the apparent
noon to the following midnight (dusk), or from the midnight before to the noon (dawn).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re

import numpy as np

from duskfall import fall, light, sun, timeutil
from duskfall.errors import InconsistentInputError, InputError, OutOfRangeError
from duskfall.light import LightBand
from duskfall.season import (
    RATE_GRID,
    envelope_table,
    half_day_extremes_deg,
    reclassify,
    season_dates,
    window_edges,
)

try:  # the ``scale`` extra
    import dask.array as dask_array
    import xarray as xr
except ImportError:  # pragma: no cover - exercised only without the extra
    dask_array = None
    xr = None

MIN_GRID_DEG = 0.01
"""Finest grid accepted without ``allow_fine_grid`` [deg]: 0.01 deg is 1.1 km, finer than
the flat-horizon model means (terrain is not traced) and 6.5e12 cell-days a year."""

STATUS = {
    0: "window",
    1: "does_not_fit",
    2: "no_light",
    3: "open_start",
    4: "open_end",
    5: "whole_half_day",
}
"""Codes of the ``status`` variable: 0 the exit window opens and closes that half day;
1 the band occurs at the exit altitude but the action does not fit; 2 the band does not
occur at the exit altitude; 3 the window is already open at the start of the half day
(noon at dusk, midnight at dawn); 4 it is still open at its end; 5 both (e.g. the
``sunlit`` band under the midnight sun)."""

RATE_STEP_DEG = 0.02
"""Band-scale step [deg] between two events from which the Sun's rate is estimated
(about 5 s of time at the equator); the rate then errs by under 0.1 %, the correction
it scales (at most 0.01 deg) by under 1e-5 deg."""

CELL_DAYS_PER_CHUNK = 1_500_000
"""Target size of a latitude chunk [cell-days]: a few tens of MB of temporaries."""

DEFAULT_SCHEDULER_TIMEOUT_S = 10.0
"""How long to try to reach a Dask scheduler before giving up [s]."""

_SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls|ucx|ws|wss|inproc)://\S+$")


def _need_scale_extra() -> None:
    if xr is None or dask_array is None:
        raise InputError(
            "atlas",
            "xarray, dask",
            'the "scale" extra: python -m pip install "duskfall[scale]"',
            "needs packages that are not installed",
        )


def atlas_grid(
    grid_deg: float, allow_fine_grid: bool = False, field: str = "grid"
) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres of a global grid: latitudes and longitudes [deg].

    ``grid_deg`` must divide 180 degrees; cells are centred, so a 1-degree grid has 180
    rows from -89.5 to 89.5 and 360 columns from -179.5 to 179.5.

    Raises
    ------
    InputError
        For a grid coarser than 90 deg, finer than :data:`MIN_GRID_DEG` (unless
        ``allow_fine_grid``), or one that does not divide 180 deg.
    """
    step = float(grid_deg)
    if not math.isfinite(step) or step <= 0 or step > 90:
        raise OutOfRangeError(field, grid_deg, f"{MIN_GRID_DEG} to 90 degrees")
    if step < MIN_GRID_DEG and not allow_fine_grid:
        raise OutOfRangeError(
            field,
            grid_deg,
            f"at least {MIN_GRID_DEG} degrees (or allow a finer grid explicitly)",
            "is finer than the model means",
        )
    rows = round(180.0 / step)
    if abs(rows * step - 180.0) > 1e-9 * rows:
        raise InputError(field, grid_deg, "a step that divides 180 degrees (e.g. 0.25, 1, 2.5)")
    lat = -90.0 + step * (np.arange(rows) + 0.5)
    lon = -180.0 + step * (np.arange(2 * rows) + 0.5)
    return lat, lon


def year_dates(year: int, field: str = "year") -> np.ndarray:
    """Every date of a calendar year (``datetime64[D]``), 1950-2100."""
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise InputError(field, year, "a year from 1950 to 2100")
    if not (timeutil.FIRST_DATE.year <= year <= timeutil.LAST_DATE.year):
        raise OutOfRangeError(field, year, "a year from 1950 to 2100")
    return season_dates(dt.date(year, 1, 1), dt.date(year, 12, 31), field, field)


_JUMPS: dict[tuple, _Jump] = {}


def _jump(exit_m, lowest_end_m, mass_kg, cda_m2, posture, speed_mps) -> _Jump:
    """The simulated jump for these inputs, once per process."""
    key = (exit_m, lowest_end_m, mass_kg, cda_m2, posture, speed_mps)
    if key not in _JUMPS:
        _JUMPS[key] = _Jump(*key)
    return _JUMPS[key]


class _Jump:
    """The trajectory once, and the action's duration and envelope for any end altitude."""

    def __init__(self, exit_m, lowest_end_m, mass_kg, cda_m2, posture, speed_mps):
        trajectory = fall.simulate_jump(
            exit_m,
            lowest_end_m,
            ground_elevation_m=min(lowest_end_m - 1.0, 0.0),
            mass_kg=mass_kg,
            cda_m2=cda_m2,
            posture=posture,
            aircraft_speed_mps=speed_mps,
        )
        self.exit_m = float(exit_m)
        self.freefall_s = float(trajectory.freefall_duration_s)
        self.trajectory = trajectory
        self.warnings = tuple(trajectory.warnings)

    def segment(self, end_m: float):
        return self.trajectory.action_segment(float(end_m))

    def tables(self, end_m: float, ground_m: float):
        times, altitudes = self.segment(end_m)
        upper, lower = envelope_table(times, altitudes, ground_m)
        return float(times[-1]), upper, lower


def make_atlas(
    exit_altitude_m: float,
    band: LightBand | str,
    *,
    deploy_altitude_m: float | None = None,
    deploy_altitude_agl_m: float | None = None,
    dates=None,
    year: int | None = None,
    at: str = "dusk",
    grid_deg: float = 1.0,
    ground_elevation_m=0.0,
    mass_kg: float = 90.0,
    posture: str = "belly",
    cda_m2: float | None = None,
    aircraft_speed_mps: float = 0.0,
    lat_chunk: int | None = None,
    allow_fine_grid: bool = False,
):
    """The atlas as a lazy :class:`xarray.Dataset` (module notes for its variables).

    Parameters
    ----------
    exit_altitude_m
        Exit altitude [m MSL].
    band
        The light band (:class:`duskfall.light.LightBand` or its name, or ``LOW..HIGH``).
    deploy_altitude_m, deploy_altitude_agl_m
        Deployment altitude (the action's end) [m MSL], or above each cell's ground [m];
        exactly one.
    dates, year
        The dates (``datetime64[D]`` array or sequence of dates), or a calendar year;
        exactly one.
    at
        ``"dusk"`` or ``"dawn"``.
    grid_deg
        Grid step [deg], dividing 180 (:func:`atlas_grid`).
    ground_elevation_m
        Terrain [m MSL]: a number, or an array of shape (latitudes, longitudes).
    mass_kg, posture, cda_m2
        The jumper (:func:`duskfall.fall.simulate_jump`).
    aircraft_speed_mps
        True airspeed at exit [m/s]: the forward throw.
    lat_chunk
        Grid rows per chunk; by default about :data:`CELL_DAYS_PER_CHUNK` cell-days.
    allow_fine_grid
        Accept a grid finer than :data:`MIN_GRID_DEG`.

    Returns
    -------
    xarray.Dataset
        Lazy (Dask-backed); compute it with :func:`compute_atlas`.

    Raises
    ------
    InputError
        For bad altitudes, grid, dates, band or jumper, naming the field.

    Examples
    --------
    >>> atlas = make_atlas(7620.0, "lowsun", deploy_altitude_agl_m=1219.2, year=2026, grid_deg=30)
    >>> dict(atlas.sizes)
    {'date': 365, 'lat': 6, 'lon': 12}
    """
    _need_scale_extra()
    band = light.light_band(band, "light")
    if at not in ("dusk", "dawn"):
        raise InputError("at", at, "dusk or dawn")
    lat, lon = atlas_grid(grid_deg, allow_fine_grid)
    if (dates is None) == (year is None):
        raise InputError("dates", dates, "either dates or a year", "is ambiguous or missing")
    if year is not None:
        days = year_dates(year)
    else:
        days = sun.days_since_epoch(dates).reshape(-1).astype("datetime64[D]")
        if days.size == 0:
            raise InputError("dates", dates, "one or more dates", "is empty")
    ground = np.broadcast_to(np.asarray(ground_elevation_m, dtype=float), (lat.size, lon.size))
    if ground.shape != (lat.size, lon.size):  # pragma: no cover - broadcast_to raises first
        raise InputError("ground_elevation_m", ground.shape, f"a number or {lat.size} x {lon.size}")
    sun.check_ground(ground, "ground_elevation_m")
    sun.check_altitude(exit_altitude_m, "exit_altitude_m")
    if (deploy_altitude_m is None) == (deploy_altitude_agl_m is None):
        raise InputError(
            "deploy_altitude_m",
            deploy_altitude_m,
            "either an altitude MSL or one above the ground",
            "is ambiguous or missing",
        )
    if deploy_altitude_m is not None:
        deploy = np.full(ground.shape, float(deploy_altitude_m))
        deploy_field = "deploy_altitude_m"
    else:
        deploy = ground + float(deploy_altitude_agl_m)
        deploy_field = "deploy_altitude_agl_m"
    if np.any(deploy <= ground):
        raise InconsistentInputError(
            deploy_field, float(deploy.min()), "above the ground of every cell", "is at or below"
        )
    if np.any(deploy >= exit_altitude_m):
        raise InconsistentInputError(
            deploy_field,
            float(deploy.max()),
            f"below the exit altitude ({exit_altitude_m:g} m)",
            "is at or above the exit",
        )
    if posture not in fall.POSTURES:
        raise InputError("posture", posture, ", ".join(fall.POSTURES))

    if lat_chunk is None:
        lat_chunk = max(1, CELL_DAYS_PER_CHUNK // (days.size * lon.size))
    lat_chunk = int(min(max(lat_chunk, 1), lat.size))
    params = {
        "exit_altitude_m": float(exit_altitude_m),
        "band": (band.name, band.lower_deg, band.upper_deg),
        "at": at,
        "lowest_end_m": float(deploy.min()),
        "mass_kg": float(mass_kg),
        "posture": posture,
        "cda_m2": None if cda_m2 is None else float(cda_m2),
        "aircraft_speed_mps": float(aircraft_speed_mps),
    }
    # Simulate once here: bad jumper inputs fail now, not inside a worker.
    jump = _jump(
        params["exit_altitude_m"],
        params["lowest_end_m"],
        mass_kg,
        cda_m2,
        posture,
        aircraft_speed_mps,
    )
    chunks = (days.size, lat_chunk, lon.size)
    coords = {
        "date": ("date", days.astype("datetime64[ns]"), {"long_name": "local date"}),
        "lat": ("lat", lat, {"units": "degrees_north", "standard_name": "latitude"}),
        "lon": ("lon", lon, {"units": "degrees_east", "standard_name": "longitude"}),
    }
    inputs = xr.Dataset(
        {
            "ground_elevation_m": (
                ("lat", "lon"),
                dask_array.from_array(np.array(ground), chunks=(lat_chunk, lon.size)),
            ),
            "deploy_altitude_m": (
                ("lat", "lon"),
                dask_array.from_array(deploy, chunks=(lat_chunk, lon.size)),
            ),
        },
        coords=coords,
    )
    template = xr.Dataset(
        {
            "exit_window_s": (
                ("date", "lat", "lon"),
                dask_array.empty((days.size, lat.size, lon.size), chunks=chunks, dtype=np.float32),
            ),
            "light_window_s": (
                ("date", "lat", "lon"),
                dask_array.empty((days.size, lat.size, lon.size), chunks=chunks, dtype=np.float32),
            ),
            "status": (
                ("date", "lat", "lon"),
                dask_array.empty((days.size, lat.size, lon.size), chunks=chunks, dtype=np.int8),
            ),
        },
        coords=coords,
    )
    result = xr.map_blocks(_atlas_block, inputs, kwargs=params, template=template)
    result["ground_elevation_m"] = inputs["ground_elevation_m"]
    result["deploy_altitude_m"] = inputs["deploy_altitude_m"]
    _describe(result, band, at, params, jump)
    return result


def _describe(ds, band: LightBand, at: str, params: dict, jump: _Jump) -> None:
    open_note = (
        "NaN where an edge is open: the band already holds at the start of the half day "
        "or still holds at its end (see status); 0 where there is none"
    )
    ds["exit_window_s"].attrs.update(
        units="s",
        long_name=f"length of the exit window at {at}: exit times that keep the whole "
        f"free fall in the {band.name} band",
        comment=open_note,
    )
    ds["light_window_s"].attrs.update(
        units="s",
        long_name=f"length of the {band.name} band at the exit altitude at {at}",
        comment=open_note,
    )
    ds["status"].attrs.update(
        long_name="what the exit window is that half day",
        flag_values=np.array(list(STATUS), dtype=np.int8),
        flag_meanings=" ".join(STATUS.values()),
    )
    ds["ground_elevation_m"].attrs.update(units="m", long_name="terrain elevation (MSL)")
    ds["deploy_altitude_m"].attrs.update(
        units="m", long_name="deployment altitude (MSL): the end of the action"
    )
    ds.attrs.update(
        title="duskfall atlas: exit windows by place and date",
        at=at,
        light_band=band.name,
        light_band_lower_deg=np.nan if band.lower_deg is None else band.lower_deg,
        light_band_upper_deg=np.nan if band.upper_deg is None else band.upper_deg,
        exit_altitude_m=params["exit_altitude_m"],
        mass_kg=params["mass_kg"],
        posture=params["posture"],
        aircraft_true_airspeed_mps=params["aircraft_speed_mps"],
        freefall_to_lowest_deployment_s=round(jump.freefall_s, 3),
        horizon="visible",
        half_day="dusk: apparent noon to midnight; dawn: midnight to apparent noon",
        winds="calm",
        Conventions="CF-1.8",
    )


def _atlas_block(block, **params):
    """Compute one latitude chunk (called by Dask; pure NumPy inside)."""
    _, lower, upper = params["band"]
    at = params["at"]
    exit_m = params["exit_altitude_m"]
    jump = _jump(
        exit_m,
        params["lowest_end_m"],
        params["mass_kg"],
        params["cda_m2"],
        params["posture"],
        params["aircraft_speed_mps"],
    )
    dates = block["date"].values.astype("datetime64[D]")
    lat = block["lat"].values
    lon = block["lon"].values
    ground = block["ground_elevation_m"].values
    deploy = block["deploy_altitude_m"].values
    arrays = _window_arrays(dates, lat, lon, ground, deploy, jump, lower, upper, at)
    coords = {"date": block["date"], "lat": block["lat"], "lon": block["lon"]}
    dims = ("date", "lat", "lon")
    return xr.Dataset({key: (dims, value) for key, value in arrays.items()}, coords=coords)


def _events(dates, lat, lon, target, altitude, ground, at):
    events = light.find_light_events(
        dates[:, None, None],
        lat[None, :, None],
        lon[None, None, :],
        target,
        altitude_m=altitude,
        ground_elevation_m=ground,
        at=at,
        workers=1,
    )
    return np.asarray(events.time_utc_s, dtype=float), np.asarray(events.status)


def _corrected(times, dates, lat, lon, target, altitude, ground, at, tables, key):
    """Event times moved by the envelope offset for the Sun's rate at each event."""
    table_of_cell, tables_by_key = tables
    sign = -1.0 if at == "dusk" else 1.0
    half = RATE_GRID * sign >= 0
    if not any(np.any(t[key][half] != 0.0) for t in tables_by_key.values()):
        return times  # the light is monotone along the action: no correction
    second, _ = _events(dates, lat, lon, target - sign * RATE_STEP_DEG, altitude, ground, at)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = -sign * RATE_STEP_DEG / (second - times)
    offset = np.zeros_like(times)
    for code, table in tables_by_key.items():
        cells = table_of_cell == code
        if np.any(cells):
            values = np.interp(rate, RATE_GRID, table[key])
            offset = np.where(cells[None, :, :], values, offset)
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(np.isfinite(rate) & (rate != 0) & np.isfinite(offset), offset / rate, 0.0)
    return times - shift


def _window_arrays(dates, lat, lon, ground, deploy, jump: _Jump, lower, upper, at):
    """Exit-window length, light-window length and status for a block of cells and days."""
    # Envelope tables and action durations per distinct (ground, end altitude) pair,
    # the ground rounded to 50 m for the tables (they change by under 1e-5 deg per 50 m).
    table_ground = np.round(ground / 50.0) * 50.0
    pairs, inverse = np.unique(
        np.stack([table_ground.ravel(), deploy.ravel()], axis=1), axis=0, return_inverse=True
    )
    code = inverse.reshape(ground.shape)
    tables, duration = {}, np.zeros(ground.shape)
    for k, (g, end) in enumerate(pairs):
        seconds, up, low = jump.tables(end, g)
        tables[k] = {"upper": up, "lower": low}
        duration[code == k] = seconds
    exit_m = jump.exit_m
    up_target = upper if upper is not None else 0.0
    low_target = lower if lower is not None else 0.0

    up_t, up_s = _events(dates, lat, lon, up_target, exit_m, ground, at)
    low0_t, low0_s = _events(dates, lat, lon, low_target, exit_m, ground, at)
    end_t, end_s = _events(dates, lat, lon, low_target, deploy, ground, at)
    exit_up_t = up_t  # the exit window's opening (dusk) or closing (dawn) edge
    if upper is None:
        up_s = np.full(up_s.shape, sun.ALWAYS_BELOW, dtype=np.int8)
    else:
        exit_up_t = _corrected(
            up_t, dates, lat, lon, up_target, exit_m, ground, at, (code, tables), "upper"
        )
    if lower is None:
        low0_s = np.full(low0_s.shape, sun.ALWAYS_ABOVE, dtype=np.int8)
        end_s = low0_s
    else:
        end_t = _corrected(
            end_t, dates, lat, lon, low_target, deploy, ground, at, (code, tables), "lower"
        )
    end_t = end_t - duration[None, :, :]

    # Check the crossings against the extremes of the light in the half day (near the poles).
    lowest, highest = half_day_extremes_deg(
        dates[:, None, None], lat[None, :, None], lon[None, None, :], at
    )
    exit_offset = light.horizon_offset_deg(exit_m, ground)[None, :, :]
    end_offset = light.horizon_offset_deg(deploy, ground)[None, :, :]
    aloft = (lowest + exit_offset, highest + exit_offset)
    if upper is not None:
        exit_up_t, _ = reclassify(exit_up_t, up_s, upper, aloft)
        up_t, up_s = reclassify(up_t, up_s, upper, aloft)
    if lower is not None:
        low0_t, low0_s = reclassify(low0_t, low0_s, lower, aloft)
        end_t, end_s = reclassify(end_t, end_s, lower, (lowest + end_offset, highest + end_offset))
    start, end, start_open, end_open, exists = window_edges(at, exit_up_t, up_s, end_t, end_s)
    l_start, l_end, _, _, l_exists = window_edges(at, up_t, up_s, low0_t, low0_s)
    both = np.isfinite(start) & np.isfinite(end)
    fits = exists & (~both | (end > start))
    status = np.full(start.shape, 2, dtype=np.int8)
    status[l_exists & ~fits] = 1
    status[fits & both] = 0
    status[fits & start_open & ~end_open] = 3
    status[fits & end_open & ~start_open] = 4
    status[fits & start_open & end_open] = 5
    status[~l_exists] = 2
    length = np.where(fits & both, end - start, np.where(fits, np.nan, 0.0))
    band_length = np.where(
        l_exists,
        np.where(np.isfinite(l_start) & np.isfinite(l_end), l_end - l_start, np.nan),
        0.0,
    )
    return {
        "exit_window_s": length.astype(np.float32),
        "light_window_s": band_length.astype(np.float32),
        "status": status,
    }


def connect_scheduler(address: str, timeout_s: float = DEFAULT_SCHEDULER_TIMEOUT_S):
    """A :class:`distributed.Client` for a running Dask scheduler at ``address``.

    Raises
    ------
    InputError
        Naming ``scheduler`` if the address is malformed or cannot be reached within
        ``timeout_s``.
    """
    allowed = "the address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786"
    if not isinstance(address, str) or not _SCHEDULER_ADDRESS.match(address):
        raise InputError("scheduler", address, allowed, "is not a scheduler address")
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - without the extra
        raise InputError(
            "scheduler",
            address,
            'the "scale" extra: python -m pip install "duskfall[scale]"',
            "needs dask.distributed, which is not installed",
        ) from None
    try:
        return Client(address, timeout=timeout_s, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise InputError(
            "scheduler",
            address,
            allowed,
            f"cannot be reached within {timeout_s:g} s ({type(error).__name__})",
        ) from None


def compute_atlas(
    atlas,
    scheduler=None,
    workers: int | None = None,
    timeout_s: float = DEFAULT_SCHEDULER_TIMEOUT_S,
):
    """Compute a lazy atlas and return it in memory.

    Parameters
    ----------
    atlas
        The dataset of :func:`make_atlas`.
    scheduler
        None or ``"threads"`` (local threads, the default), ``"processes"`` (local
        processes), ``"synchronous"``, the address of a Dask scheduler
        (``"tcp://host:8786"``), or a :class:`distributed.Client`.
    workers
        Local threads or processes (default: the CPUs).
    timeout_s
        How long to try to reach a scheduler [s].

    Returns
    -------
    xarray.Dataset
        The same whatever the scheduler (each chunk runs the same code).
    """
    _need_scale_extra()
    if scheduler is None or scheduler in ("threads", "processes", "synchronous"):
        kind = scheduler or "threads"
        count = workers or os.cpu_count() or 1
        if kind == "synchronous":
            return atlas.compute(scheduler=kind)
        return atlas.compute(scheduler=kind, num_workers=count)
    if isinstance(scheduler, str):
        with connect_scheduler(scheduler, timeout_s) as client:
            return atlas.compute(scheduler=client)
    return atlas.compute(scheduler=scheduler)


def longest_window_by_latitude_month(atlas):
    """The longest exit window [s] of each latitude row and calendar month (over every
    longitude and day; open windows count as the whole half day, 43,200 s)."""
    _need_scale_extra()
    length = atlas["exit_window_s"].where(atlas["status"] < 3, 43_200.0)
    month = atlas["date"].dt.month
    return length.max("lon").groupby(month).max("date")
