"""Atlas: the exit window for every place on Earth and every day, as an xarray Dataset.

For a jump (exit and deployment altitudes, a jumper, calm air) and a light band, the
atlas gives, for every cell of a latitude-longitude grid and every day, the length of
the exit window (every exit time that keeps the whole free fall in the band) and of the
band itself at the exit altitude, on the evening (or morning) of that day.

Method
------
The trajectory does not depend on the place or the date (calm air), so it is simulated
once; the window edges come from the exit-window engine of the plan and the season
(:func:`duskfall.light.find_exit_windows`; its module notes say why the edges are events
of the vectorised solver). Unlike the plan and the season, the atlas does not refine
each edge on the full model, so where the Sun grazes a band edge (within days of polar
day or night) an edge can be off by seconds; at latitudes up to 60 deg the atlas agrees
with :func:`duskfall.planning.make_plan` to 0.01 s (tests/test_atlas.py).

A cell's date is its local date in the nautical time zone of its longitude (UTC plus
the longitude at 15 degrees per hour, rounded to the hour): the mean solar noon of a
date falls on that date in every cell.

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
from duskfall.fall import Jump
from duskfall.light import LightBand, Places

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
    return np.arange(np.datetime64(dt.date(year, 1, 1)), np.datetime64(dt.date(year + 1, 1, 1)))


_TRAJECTORIES: dict[Jump, fall.Trajectory] = {}


def _trajectory(jump: Jump) -> fall.Trajectory:
    """The simulated jump (down to the lowest deployment of the grid), once per process."""
    if jump not in _TRAJECTORIES:
        _TRAJECTORIES[jump] = fall.simulate_jump(jump)
    return _TRAJECTORIES[jump]


def _atlas_dates(dates, year) -> np.ndarray:
    if (dates is None) == (year is None):
        raise InputError("dates", dates, "either dates or a year", "is ambiguous or missing")
    if year is not None:
        return year_dates(year)
    days = sun.days_since_epoch(dates).reshape(-1).astype("datetime64[D]")
    if days.size == 0:
        raise InputError("dates", dates, "one or more dates", "is empty")
    return days


def _deployments(jump: Jump, ground: np.ndarray, deploy_altitude_agl_m):
    """Deployment altitude of every cell [m MSL] and the field it came from."""
    if deploy_altitude_agl_m is not None:
        deploy = ground + float(deploy_altitude_agl_m)
        field = "deploy_altitude_agl_m"
    else:
        deploy = np.full(ground.shape, float(jump.deploy_altitude_m))
        field = "deploy_altitude_m"
    if np.any(deploy <= ground):
        raise InconsistentInputError(
            field, float(deploy.min()), "above the ground of every cell", "is at or below"
        )
    exit_m = float(jump.exit.altitude_m)
    if np.any(deploy >= exit_m):
        raise InconsistentInputError(
            field,
            float(deploy.max()),
            f"below the exit altitude ({exit_m:g} m)",
            "is at or above the exit",
        )
    return deploy


def _lazy(name_dtype, days, lat, lon, chunks):
    shape = (days.size, lat.size, lon.size)
    return {
        name: (("date", "lat", "lon"), dask_array.empty(shape, chunks=chunks, dtype=dtype))
        for name, dtype in name_dtype
    }


# The jump is one object; the keyword-only rest are the atlas's own axes (dates, grid,
# terrain, chunking) and where its light is judged, each with a default.
def make_atlas(
    jump: Jump,
    band: LightBand | str,
    *,
    deploy_altitude_agl_m: float | None = None,
    dates=None,
    year: int | None = None,
    at: str = "dusk",
    grid_deg: float = 1.0,
    ground_elevation_m=0.0,
    lat_chunk: int | None = None,
    allow_fine_grid: bool = False,
    judge_at: str = "jumper",
    horizon: str = "visible",
):
    """The atlas as a lazy :class:`xarray.Dataset` (module notes for its variables).

    Parameters
    ----------
    jump
        The jump (:class:`duskfall.fall.Jump`): exit altitude and airspeed, the body, and
        the deployment altitude [m MSL] unless ``deploy_altitude_agl_m`` is given; calm
        air (a wind is refused), its ground elevation ignored (each cell has its own).
    band
        The light band (:class:`duskfall.light.LightBand` or its name, or ``LOW..HIGH``).
    deploy_altitude_agl_m
        Deployment altitude (the action's end) above each cell's ground [m], instead of
        the jump's MSL altitude.
    dates, year
        The dates (``datetime64[D]`` array or sequence of dates), or a calendar year;
        exactly one.
    at
        ``"dusk"`` or ``"dawn"``.
    grid_deg
        Grid step [deg], dividing 180 (:func:`atlas_grid`).
    ground_elevation_m
        Terrain [m MSL]: a number, or an array of shape (latitudes, longitudes).
    lat_chunk
        Grid rows per chunk; by default about :data:`CELL_DAYS_PER_CHUNK` cell-days.
    allow_fine_grid
        Accept a grid finer than :data:`MIN_GRID_DEG`.
    judge_at, horizon
        Where the light is judged (``jumper``, ``exit``, ``ground``) and what the band's
        elevations are measured from (``visible``, ``astronomical``), as in a plan
        (:func:`duskfall.light.judged_action`).

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
    >>> from duskfall.fall import Body, Exit, Jump
    >>> jump = Jump(Exit(7620.0), 1219.2, Body(90.0))
    >>> atlas = make_atlas(jump, "lowsun", deploy_altitude_agl_m=1219.2, year=2026, grid_deg=30)
    >>> dict(atlas.sizes)
    {'date': 365, 'lat': 6, 'lon': 12}
    """
    _need_scale_extra()
    band = light.light_band(band, "light")
    light.check_judge_at(judge_at)
    light.check_horizon(horizon)
    if at not in ("dusk", "dawn"):
        raise InputError("at", at, "dusk or dawn")
    if jump.wind is not None:
        raise InputError("wind", getattr(jump.wind, "source", "wind"), "calm air", "is not calm")
    lat, lon = atlas_grid(grid_deg, allow_fine_grid)
    days = _atlas_dates(dates, year)
    ground = np.broadcast_to(np.asarray(ground_elevation_m, dtype=float), (lat.size, lon.size))
    sun.check_ground(ground, "ground_elevation_m")
    sun.check_altitude(jump.exit.altitude_m, "exit.altitude_m")
    deploy = _deployments(jump, ground, deploy_altitude_agl_m)
    lowest = float(deploy.min())
    # Simulate once here (down to the lowest deployment): bad inputs fail now, not in a worker.
    jump = jump.replace(deploy_altitude_m=lowest, ground_elevation_m=min(lowest - 1.0, 0.0))
    trajectory = _trajectory(jump)
    if lat_chunk is None:
        lat_chunk = max(1, CELL_DAYS_PER_CHUNK // (days.size * lon.size))
    lat_chunk = int(min(max(lat_chunk, 1), lat.size))
    chunks = (days.size, lat_chunk, lon.size)
    coords = {
        "date": ("date", days.astype("datetime64[ns]"), {"long_name": "local date"}),
        "lat": ("lat", lat, {"units": "degrees_north", "standard_name": "latitude"}),
        "lon": ("lon", lon, {"units": "degrees_east", "standard_name": "longitude"}),
    }
    plane = (lat_chunk, lon.size)
    inputs = xr.Dataset(
        {
            "ground_elevation_m": (("lat", "lon"), dask_array.from_array(np.array(ground), plane)),
            "deploy_altitude_m": (("lat", "lon"), dask_array.from_array(deploy, chunks=plane)),
        },
        coords=coords,
    )
    variables = (("exit_window_s", np.float32), ("light_window_s", np.float32), ("status", np.int8))
    template = xr.Dataset(_lazy(variables, days, lat, lon, chunks), coords=coords)
    params = {"jump": jump, "band": band, "at": at, "judged": (judge_at, horizon)}
    result = xr.map_blocks(_atlas_block, inputs, kwargs=params, template=template)
    result["ground_elevation_m"] = inputs["ground_elevation_m"]
    result["deploy_altitude_m"] = inputs["deploy_altitude_m"]
    _describe(result, band, at, jump, trajectory, (judge_at, horizon))
    return result


def _describe(ds, band: LightBand, at: str, jump: Jump, trajectory, judged) -> None:
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
        exit_altitude_m=float(jump.exit.altitude_m),
        mass_kg=float(jump.body.mass_kg),
        posture=jump.body.posture,
        aircraft_true_airspeed_mps=float(jump.exit.airspeed_mps),
        freefall_to_lowest_deployment_s=round(trajectory.freefall_duration_s, 3),
        judge_at=judged[0],
        horizon=judged[1],
        date_convention="local date in the nautical time zone of the cell's longitude",
        half_day="dusk: mean solar noon to 12 hours later; dawn: 12 hours before to the noon",
        winds="calm",
        Conventions="CF-1.8",
    )


def _atlas_block(block, *, jump: Jump, band: LightBand, at: str, judged: tuple[str, str]):
    """Compute one latitude chunk (called by Dask; pure NumPy inside)."""
    trajectory = _trajectory(jump)
    dates = block["date"].values.astype("datetime64[D]")
    lat = block["lat"].values
    lon = block["lon"].values
    ground = block["ground_elevation_m"].values
    deploy = block["deploy_altitude_m"].values
    arrays = _window_arrays(dates, lat, lon, ground, deploy, trajectory, band, at, judged)
    coords = {"date": block["date"], "lat": block["lat"], "lon": block["lon"]}
    dims = ("date", "lat", "lon")
    return xr.Dataset({key: (dims, value) for key, value in arrays.items()}, coords=coords)


def _status(windows, shape) -> np.ndarray:
    both = ~windows.start_open & ~windows.end_open
    status = np.full(shape, 2, dtype=np.int8)
    status[windows.light_exists & ~windows.fits] = 1
    status[windows.fits & both] = 0
    status[windows.fits & windows.start_open & ~windows.end_open] = 3
    status[windows.fits & windows.end_open & ~windows.start_open] = 4
    status[windows.fits & windows.start_open & windows.end_open] = 5
    status[~windows.light_exists] = 2
    return status


def _arrays_of(windows, shape) -> dict[str, np.ndarray]:
    """Exit-window length, band length at the exit altitude and status (module notes)."""
    closed = windows.fits & ~windows.start_open & ~windows.end_open
    length = np.where(closed, windows.slack_s, np.where(windows.fits, np.nan, 0.0))
    with np.errstate(invalid="ignore"):
        band = windows.light_end_utc_s - windows.light_start_utc_s
    return {
        "exit_window_s": np.broadcast_to(length, shape).astype(np.float32),
        "light_window_s": np.broadcast_to(np.where(windows.light_exists, band, 0.0), shape).astype(
            np.float32
        ),
        "status": np.broadcast_to(_status(windows, windows.fits.shape), shape),
    }


def _window_arrays(
    dates, lat, lon, ground, deploy, trajectory, band, at, judged=("jumper", "visible")
):
    """Exit-window length, light-window length and status for a block of cells and days.

    One action per distinct (ground, end altitude) pair, the ground of its envelope table
    rounded to 50 m (the tables change by under 1e-5 deg per 50 m). With one pair (flat
    ground, or a deployment MSL over it) the block is one grid: dates, latitudes and
    longitudes broadcast, so that the Sun's place is computed per date and longitude, not
    per cell. Otherwise each pair's cells are computed together.
    """
    shape = (dates.size, *ground.shape)
    pairs, inverse = np.unique(
        np.stack([np.round(ground.ravel() / 50.0) * 50.0, deploy.ravel()], axis=1),
        axis=0,
        return_inverse=True,
    )
    actions = []
    for table_ground, end in pairs:
        times, altitudes = trajectory.action_segment(float(end))
        actions.append(light.judged_action(times, altitudes, float(table_ground), *judged))
    if len(actions) == 1:
        flat = np.all(ground == ground.flat[0])
        places = Places(
            dates[:, None, None],
            lat[:, None],
            lon[None, :],
            np.float64(ground.flat[0]) if flat else ground,
            at,
        )
        windows = light.find_exit_windows(actions, band, places, refine=False)
        return _arrays_of(windows, shape)
    cells_lat = np.broadcast_to(lat[:, None], ground.shape).ravel()
    cells_lon = np.broadcast_to(lon[None, :], ground.shape).ravel()
    out = {
        "exit_window_s": np.zeros((dates.size, ground.size), dtype=np.float32),
        "light_window_s": np.zeros((dates.size, ground.size), dtype=np.float32),
        "status": np.full((dates.size, ground.size), 2, dtype=np.int8),
    }
    for k, action in enumerate(actions):
        cells = np.flatnonzero(inverse.ravel() == k)
        places = Places(
            dates[:, None], cells_lat[cells], cells_lon[cells], ground.ravel()[cells], at
        )
        windows = light.find_exit_windows([action], band, places, refine=False)
        for key, value in _arrays_of(windows, (dates.size, cells.size)).items():
            out[key][:, cells] = value
    return {key: value.reshape(shape) for key, value in out.items()}


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
    if address.startswith("tcp://"):
        _probe_dask_tcp(address, timeout_s, allowed)
    try:
        return Client(address, timeout=timeout_s, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise _unreachable(address, allowed, timeout_s, error) from None


def _unreachable(address: str, allowed: str, timeout_s: float, error: Exception) -> InputError:
    problem = f"cannot be reached within {timeout_s:g} s ({type(error).__name__})"
    return InputError("scheduler", address, allowed, problem)


MAX_HANDSHAKE_FRAMES = 64
"""Most frames a Dask handshake message can plausibly count (it sends one or a few)."""


def _probe_dask_tcp(address: str, timeout_s: float, allowed: str) -> None:
    """Refuse, within ``timeout_s``, a TCP service that is not a Dask scheduler.

    A Dask comm writes its handshake as soon as a connection opens: a message whose first
    8 bytes are its frame count (little-endian unsigned). A service that sends nothing
    first (an HTTP server) or something else (a banner) would leave the client waiting
    past its own timeout, so it is probed with a plain socket first.
    """
    import socket

    host, _, port = address.removeprefix("tcp://").rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s) as conn:
            conn.settimeout(timeout_s)
            head = conn.recv(8)
    except ValueError:
        raise InputError("scheduler", address, allowed, "has no port number") from None
    except TimeoutError:
        raise InputError(
            "scheduler", address, allowed, f"sent no Dask handshake within {timeout_s:g} s"
        ) from None
    except OSError as error:
        raise _unreachable(address, allowed, timeout_s, error) from None
    if len(head) < 8 or not 0 < int.from_bytes(head, "little") <= MAX_HANDSHAKE_FRAMES:
        raise InputError("scheduler", address, allowed, "is not a Dask scheduler")


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
