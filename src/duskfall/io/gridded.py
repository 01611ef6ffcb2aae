"""Gridded forecasts and reanalyses (GFS, ERA5 and alike) interpolated to the drop zone.

Winds on pressure levels with their geopotential, in NetCDF (through xarray with the
h5netcdf engine for netCDF-4 or scipy for netCDF-3: the ``gridded`` extra) or GRIB2
(through cfgrib and ecCodes: the ``grib`` extra). The reader:

1. recognises the variables by their CF ``standard_name`` (``eastward_wind``,
   ``northward_wind``, ``geopotential``, ``geopotential_height``) or by the names the
   common sources use (ERA5 ``u``/``v``/``z``, cfgrib ``u``/``v``/``gh``, GFS OPeNDAP
   ``ugrdprs``/``vgrdprs``/``hgtprs``);
2. interpolates bilinearly in latitude and longitude to the target (either longitude
   convention, 0-360 or -180-180) and refuses a target outside the grid;
3. converts geopotential [m^2/s^2] to geopotential height with g0 = 9.80665 m/s^2 and
   then to geometric altitude (US 1976, eq. 18): heights from the model, not from
   standard pressure levels;
4. keeps the valid times that bracket the requested time and interpolates linearly
   between them (:class:`duskfall.winds.TimeLayeredWind`); a time outside the valid
   times is an error unless within ``time_tolerance_s`` of the nearest, which is then
   held with a warning;
5. records the model run (reference time) and the valid times in the result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import warnings as python_warnings
from pathlib import Path

import numpy as np

from duskfall import errors
from duskfall.atmosphere import MAX_ALTITUDE_M, MIN_ALTITUDE_M
from duskfall.atmosphere import geometric_from_geopotential_m as geometric_altitude_m
from duskfall.constants import STANDARD_GRAVITY_MPS2
from duskfall.errors import InputError, OutOfRangeError
from duskfall.timeutil import iso_utc
from duskfall.winds import LayeredWind, TimeLayeredWind

GRIB_SUFFIXES = (".grib", ".grib2", ".grb", ".grb2")
"""File suffixes read with the cfgrib engine."""

_U = ("u", "u_component_of_wind", "ugrdprs", "ugrd", "UGRD", "uwnd", "U")
_V = ("v", "v_component_of_wind", "vgrdprs", "vgrd", "VGRD", "vwnd", "V")
_GEOPOTENTIAL = ("z", "geopotential", "Z")
_HEIGHT = ("gh", "hgtprs", "hgt", "HGT", "geopotential_height", "zg")
_LATITUDE = ("latitude", "lat")
_LONGITUDE = ("longitude", "lon")


def _xarray(field: str, path: str):
    try:
        import xarray
    except ImportError:
        raise InputError(
            field,
            path,
            "a NetCDF/GRIB reader: python -m pip install 'duskfall[gridded]' (xarray, h5netcdf)",
            "needs xarray, which is not installed",
        ) from None
    return xarray


class _Captured:
    """What a third-party reader wrote to the standard error and its log while it ran."""

    def __init__(self, sink):
        self.records: list[logging.LogRecord] = []
        self._sink = sink

    def stderr(self) -> str:
        """What was written to file descriptor 2 so far (its first 4 kB)."""
        self._sink.seek(0)
        return self._sink.read(4096).decode("utf-8", "replace")

    def first_line(self) -> str:
        """The first message captured, as one short line ("" if none)."""
        lines = [record.getMessage() for record in self.records]
        lines += self.stderr().splitlines()
        lines = [" ".join(line.split()) for line in lines if line.strip()]
        return lines[0][:200] if lines else ""


class _Collect(logging.Handler):
    def __init__(self, captured: _Captured):
        super().__init__(logging.DEBUG)
        self.captured = captured

    def emit(self, record: logging.LogRecord) -> None:
        self.captured.records.append(record)


@contextlib.contextmanager
def _grib_quiet():
    """Keep cfgrib and ecCodes from printing while a GRIB file is read, and keep what
    they say for our own message.

    - cfgrib logs corrupt messages with a traceback (``LOG.exception``) on the
      ``cfgrib`` logger: collected here instead, that logger not propagating meanwhile;
    - ecCodes, a C library, writes ``ECCODES ERROR`` lines to file descriptor 2: that
      descriptor points to a temporary file meanwhile (restored after, whatever happens);
    - their deprecation warnings (nothing the user can act on) are ignored, filtered by
      category and by module (``cfgrib``, ``gribapi``, ``eccodes``) only.
    """
    logger = logging.getLogger("cfgrib")
    propagate = logger.propagate
    sys.stderr.flush()
    saved_fd = os.dup(2)
    try:
        with tempfile.TemporaryFile() as sink, python_warnings.catch_warnings():
            captured = _Captured(sink)
            handler = _Collect(captured)
            logger.addHandler(handler)
            logger.propagate = False
            for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
                python_warnings.filterwarnings(
                    "ignore", category=category, module=r"(cfgrib|gribapi|eccodes)(\.|$)"
                )
            os.dup2(sink.fileno(), 2)
            try:
                yield captured
            finally:
                os.dup2(saved_fd, 2)
                logger.removeHandler(handler)
                logger.propagate = propagate
    finally:
        os.close(saved_fd)


def _find(dataset, standard_name: str, names: tuple[str, ...]):
    for name, variable in dataset.data_vars.items():
        if variable.attrs.get("standard_name") == standard_name:
            return name
    for name in names:
        if name in dataset.data_vars:
            return name
    return None


def _posix(values) -> np.ndarray:
    return (np.asarray(values, dtype="datetime64[ns]") - np.datetime64(0, "ns")) / np.timedelta64(
        1, "s"
    )


def _time_axis(variable, dataset) -> tuple[str | None, np.ndarray | None]:
    """(dimension name, valid times [POSIX s]) of a variable, or (None, None)."""
    for dim in variable.dims:
        coordinate = dataset.coords.get(dim)
        if coordinate is None:
            continue
        if np.issubdtype(coordinate.dtype, np.datetime64):
            return dim, _posix(coordinate.values)
        if np.issubdtype(coordinate.dtype, np.timedelta64):
            # cfgrib: a "step" dimension with a "valid_time" coordinate along it.
            if "valid_time" in dataset.coords and dataset["valid_time"].dims == (dim,):
                return dim, _posix(dataset["valid_time"].values)
            reference = dataset.coords.get("time")
            if reference is not None and reference.ndim == 0:
                return dim, _posix(reference.values + coordinate.values)
    return None, None


def _model_run(dataset, time_dim: str | None) -> float | None:
    for name in ("forecast_reference_time", "reference_time"):
        if name in dataset.coords and dataset[name].ndim == 0:
            return float(_posix(dataset[name].values))
    reference = dataset.coords.get("time")
    if reference is not None and reference.ndim == 0 and time_dim != "time":
        return float(_posix(reference.values))
    return None


def _coordinate_name(variable, names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in variable.dims:
            return name
    return None


def read_gridded(
    path: str | Path,
    latitude_deg: float,
    longitude_deg: float,
    time_utc_s: float | None = None,
    *,
    time_tolerance_s: float = 3600.0,
    engine: str | None = None,
    field: str = "wind file",
) -> LayeredWind | TimeLayeredWind:
    """Winds of a gridded forecast at one place, as a profile in altitude (and time).

    Parameters
    ----------
    path
        A NetCDF or GRIB2 file with eastward and northward wind and geopotential (or
        geopotential height) on pressure levels, on a regular latitude-longitude grid.
    latitude_deg, longitude_deg
        The drop zone [deg].
    time_utc_s
        The time the winds are wanted [POSIX s], e.g. the planned exit. May be omitted
        when the file holds a single time.
    time_tolerance_s
        How far [s] outside the file's valid times a time may lie and still use the
        nearest valid time (with a warning). Beyond it: an error.
    engine
        xarray engine; by default cfgrib for ``.grib2`` and the like, else xarray's guess.
    field
        Name of the input, for error messages.

    Returns
    -------
    LayeredWind or TimeLayeredWind
        A single-time file gives a :class:`LayeredWind`; otherwise the two valid times
        around ``time_utc_s`` with ``reference_time_utc_s`` = ``time_utc_s``. ``source``
        names the file, model and run; ``model_run_utc_s`` the run, if the file says it.

    Raises
    ------
    InputError
        If the file cannot be read or lacks the variables; OutOfRangeError if the target
        lies outside the grid or the time outside the valid times.
    """
    path = str(path)
    _xarray(field, path)
    if engine is None and path.lower().endswith(GRIB_SUFFIXES):
        engine = "cfgrib"
    request = (path, latitude_deg, longitude_deg, time_utc_s, time_tolerance_s, engine, field)
    if engine == "cfgrib" and sys.executable:
        return _read_isolated(request)
    return _read_here(*request)


def _read_here(path, latitude_deg, longitude_deg, time_utc_s, time_tolerance_s, engine, field):
    """:func:`read_gridded` in this process. What the readers warn of while reading (a
    file's oddities) is recorded and kept in the result's warnings, not printed."""
    xarray = _xarray(field, path)
    options = {}
    quiet = contextlib.nullcontext(None)
    if engine == "cfgrib":
        # cfgrib would write an index file beside the data; keep the user's folder
        # untouched. errors="raise": a corrupt message is an error, not a message skipped
        # in silence (a truncated file would otherwise lose valid times or levels).
        options = {"backend_kwargs": {"indexpath": "", "errors": "raise"}}
        quiet = _grib_quiet()
    failure = None
    with quiet as captured, python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        try:
            if engine == "cfgrib":
                _check_grib(path, captured)
            dataset = _open(xarray, path, engine, options, field, captured)
            with dataset:
                wind = _profile(
                    dataset, path, latitude_deg, longitude_deg, time_utc_s, time_tolerance_s, field
                )
        except InputError as error:
            # A corrupt message met on the way: say so, not what followed from it.
            corrupt = captured is not None and captured.first_line()
            failure = _unreadable(field, path, error, captured) if corrupt else error
        except Exception as error:  # what the readers raise on a corrupt file, read lazily
            failure = _unreadable(field, path, error, captured)
        if failure is None and captured is not None and captured.first_line():
            # ecCodes skipped a message it could not decode: the file is corrupt, and its
            # winds would lack levels or times without a word.
            failure = _unreadable(field, path, RuntimeError("corrupt message"), captured)
        if failure is not None:
            # A reader that failed may leave its file open, held by the failure's frames:
            # let them go and close it here, its warnings recorded rather than printed.
            failure.__context__ = failure.__cause__ = None
            failure = failure.with_traceback(None)
            gc.collect(1)
    if failure is not None:
        raise failure
    return _with_reader_warnings(wind, caught, Path(path).name)


def _with_reader_warnings(wind, caught, name: str):
    """``wind`` with the readers' warnings added (deprecations, about the libraries and
    not the file, are dropped)."""
    quiet = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
    said = []
    for record in caught:
        text = " ".join(str(record.message).split())[:200]
        if not issubclass(record.category, quiet) and text not in said:
            said.append(text)
    if not said:
        return wind
    return dataclasses.replace(wind, warnings=(*wind.warnings, *(f"{name}: {w}" for w in said)))


GRIB_MEMORY_BYTES = 4 * 2**30
"""Address space the GRIB decoder may use [bytes] (4 GiB, ten times what a regional GFS or
ERA5 extract needs): a corrupt header that announces a huge field is refused instead of
exhausting the machine's memory."""
GRIB_TIMEOUT_S = 600.0
"""Longest a GRIB file may take to decode [s]."""


def _read_isolated(request: tuple):
    """:func:`_read_here` for a GRIB file, in a child process (``python -m
    duskfall.io.gridded``) with bounded memory.

    ecCodes is a C library: on some corrupt files it frees memory twice and aborts the
    process (found by ``scripts/fuzz_parsers.py``), which no exception handler can catch.
    In a child, such a crash only ends the child, and the user gets one line.
    """
    path, field = request[0], request[-1]
    allowed = "a readable NetCDF or GRIB2 file"
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "duskfall.io.gridded"],
            input=pickle.dumps(request),
            capture_output=True,
            timeout=GRIB_TIMEOUT_S,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            field, path, allowed, f"took more than {GRIB_TIMEOUT_S:.0f} s to decode"
        ) from None
    except OSError as error:
        raise InputError(field, path, allowed, f"cannot be decoded ({error})") from None
    if done.returncode != 0 or not done.stdout:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"status {done.returncode}"
        raise InputError(
            field, path, allowed, f"cannot be read (the GRIB decoder, ecCodes, crashed: {how})"
        )
    outcome = pickle.loads(done.stdout)
    if outcome[0] == "error":
        kind = getattr(errors, outcome[1], InputError)
        if kind is errors.NaiveDatetimeError or not issubclass(kind, InputError):
            kind = InputError  # not raised here; keep the message all the same
        raise kind(*outcome[2])
    return outcome[1]


def _child() -> None:
    """The child of :func:`_read_isolated`: a pickled request on stdin, a pickled
    ("wind", result) or ("error", class name, arguments) on stdout."""
    request = pickle.loads(sys.stdin.buffer.read())
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (GRIB_MEMORY_BYTES, GRIB_MEMORY_BYTES))
    try:
        outcome = ("wind", _read_here(*request))
    except InputError as error:
        arguments = (error.field, error.value, error.allowed, error.problem)
        outcome = ("error", type(error).__name__, arguments)
    except MemoryError:
        needs = f"needs more than {GRIB_MEMORY_BYTES / 2**30:.0f} GiB to decode"
        arguments = (request[-1], request[0], "a readable NetCDF or GRIB2 file", needs)
        outcome = ("error", "InputError", arguments)
    sys.stdout.buffer.write(pickle.dumps(outcome))


def _check_grib(path: str, captured: _Captured) -> None:
    """Decode the header of every message with ecCodes alone before cfgrib reads them.

    cfgrib sets keys on each message it reads; on some corrupt messages (a wrong length,
    no final ``7777``) that leaves ecCodes' handle broken, and releasing it aborts the
    whole process ("double free detected", found by ``scripts/fuzz_parsers.py``).
    ecCodes reports those messages on the standard error while it reads them, so any
    word from it here means a corrupt file, refused before cfgrib sees it.
    """
    import eccodes

    with open(path, "rb") as stream:
        # As cfgrib reads: with ecCodes' support for several fields in one message.
        eccodes.codes_grib_multi_support_on()
        eccodes.codes_grib_multi_support_reset_file(stream)
        try:
            while (handle := eccodes.codes_grib_new_from_file(stream)) is not None:
                eccodes.codes_release(handle)
                if captured.first_line():
                    raise RuntimeError("corrupt message")
        finally:
            eccodes.codes_grib_multi_support_off()


def _unreadable(field: str, path: str, error: Exception, captured: _Captured | None):
    said = "" if captured is None else captured.first_line()
    if isinstance(error, InputError) and said:
        reason = said
    else:
        reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        reason = reason or type(error).__name__
    if said and said not in reason:
        reason = f"{reason}; {said}"
    return InputError(field, path, "a readable NetCDF or GRIB2 file", f"cannot be read ({reason})")


def _open(xarray, path: str, engine: str | None, options: dict, field: str, captured):
    try:
        return xarray.open_dataset(path, engine=engine, **options)
    except ImportError as error:
        raise InputError(
            field,
            path,
            "install the engine: python -m pip install 'duskfall[grib]' for GRIB (cfgrib)",
            f"needs a reader that is missing ({error})",
        ) from None
    except Exception as error:  # each engine raises its own errors on a corrupt file
        raise _unreadable(field, path, error, captured) from None


def _variables(dataset, path, field) -> tuple[str, str, str | None, str | None]:
    """The names of the eastward and northward wind and of the heights (geopotential
    height or geopotential) in ``dataset``."""
    u_name = _find(dataset, "eastward_wind", _U)
    v_name = _find(dataset, "northward_wind", _V)
    if u_name is None or v_name is None:
        raise InputError(
            field,
            path,
            "variables of eastward and northward wind (u, v; standard_name eastward_wind, "
            "northward_wind)",
            f"has none (variables: {', '.join(map(str, dataset.data_vars))})",
        )
    height_name = _find(dataset, "geopotential_height", _HEIGHT)
    phi_name = _find(dataset, "geopotential", _GEOPOTENTIAL)
    if height_name is None and phi_name is None:
        raise InputError(
            field,
            path,
            "a geopotential (z) or geopotential height (gh) variable on the wind's levels",
            "has no heights",
        )
    return u_name, v_name, height_name, phi_name


def _grid_point(dataset, u, path, latitude_deg, longitude_deg, field):
    """(latitude name, longitude name, the target's longitude on the grid's convention),
    refused if the target lies outside the grid."""
    lat_name = _coordinate_name(u, _LATITUDE)
    lon_name = _coordinate_name(u, _LONGITUDE)
    if lat_name is None or lon_name is None:
        raise InputError(field, path, "winds on a latitude-longitude grid", "has no such grid")
    lat = np.asarray(dataset[lat_name].values, dtype=float)
    lon = np.asarray(dataset[lon_name].values, dtype=float)
    target_lon = (
        float(longitude_deg) % 360.0
        if lon.max() > 180.0
        else ((float(longitude_deg) + 180.0) % 360.0 - 180.0)
    )
    if not (lat.min() <= latitude_deg <= lat.max() and lon.min() <= target_lon <= lon.max()):
        raise OutOfRangeError(
            "target",
            f"{latitude_deg:g},{longitude_deg:g}",
            f"inside the grid of {Path(path).name}: latitude {lat.min():g} to {lat.max():g}, "
            f"longitude {lon.min():g} to {lon.max():g}",
            "is outside the grid",
        )
    return lat_name, lon_name, target_lon


def _chosen_time(times, time_utc_s, tolerance_s, path) -> tuple[float, list[str]]:
    """The time the winds are wanted for, and the warnings about it: the only valid time
    when none is asked, refused beyond the valid times by more than ``tolerance_s``."""
    warnings = []
    if time_utc_s is None:
        if times.size > 1:
            raise InputError(
                "time",
                None,
                f"a time between {iso_utc(times.min())} and {iso_utc(times.max())} "
                f"({times.size} valid times in {Path(path).name})",
                "is needed to pick the forecast",
            )
        time_utc_s = times[0]
    elif np.isfinite(times).all():
        low, high = times.min(), times.max()
        if time_utc_s < low - tolerance_s or time_utc_s > high + tolerance_s:
            raise OutOfRangeError(
                "time",
                iso_utc(time_utc_s),
                f"{iso_utc(low)} to {iso_utc(high)} (valid times of {Path(path).name}, "
                f"plus {tolerance_s:.0f} s)",
                "is outside the forecast's valid times",
            )
        if time_utc_s < low or time_utc_s > high:
            nearest = low if time_utc_s < low else high
            warnings.append(
                f"{iso_utc(time_utc_s)} is outside the valid times of {Path(path).name}; the "
                f"winds of {iso_utc(nearest)} are used ({abs(time_utc_s - nearest):.0f} s away)"
            )
    if not np.isfinite(times).all():
        warnings.append(f"{Path(path).name} gives no valid time: its winds are taken as valid")
    return time_utc_s, warnings


def _bracketing(times, time_dim, time_utc_s) -> tuple[list[int], float]:
    """The indices of the one or two valid times around ``time_utc_s`` (clipped to the
    forecast), and the time the profile is interpolated at."""
    if time_dim is None or times.size <= 1:
        return [0], time_utc_s
    order = np.argsort(times)
    clipped = float(np.clip(time_utc_s, times.min(), times.max()))
    sorted_times = times[order]
    upper = int(np.clip(np.searchsorted(sorted_times, clipped), 1, times.size - 1))
    if sorted_times[upper - 1] == clipped:
        return [int(order[upper - 1])], clipped
    if sorted_times[upper] == clipped:
        return [int(order[upper])], clipped
    return [int(order[upper - 1]), int(order[upper])], clipped


def _source(dataset, model_run, path, latitude_deg, longitude_deg) -> str:
    model = (
        dataset.attrs.get("GRIB_centreDescription")
        or dataset.attrs.get("institution")
        or dataset.attrs.get("source")
        or "gridded model"
    )
    run = "" if model_run is None else f", run {iso_utc(model_run)}"
    return f"{model}{run} at {latitude_deg:g},{longitude_deg:g} ({Path(path).name})"


def _profile(dataset, path, latitude_deg, longitude_deg, time_utc_s, tolerance_s, field):
    names = _variables(dataset, path, field)
    u_name, v_name, height_name, phi_name = names
    u = dataset[u_name]
    lat_name, lon_name, target_lon = _grid_point(
        dataset, u, path, latitude_deg, longitude_deg, field
    )
    time_dim, times = _time_axis(u, dataset)
    model_run = _model_run(dataset, time_dim)
    if times is None:
        valid = dataset.coords.get("valid_time", dataset.coords.get("time"))
        single = None if valid is None or valid.ndim != 0 else float(_posix(valid.values))
        times = np.array([np.nan if single is None else single])
    time_utc_s, warnings = _chosen_time(times, time_utc_s, tolerance_s, path)
    picks, reference = _bracketing(times, time_dim, time_utc_s)
    point = (
        dataset[[u_name, v_name, height_name or phi_name]]
        .sortby([lat_name, lon_name])
        .interp({lat_name: float(latitude_deg), lon_name: target_lon}, method="linear")
    )
    source = _source(dataset, model_run, path, latitude_deg, longitude_deg)
    profiles = []
    for pick in picks:
        sample = point.isel({time_dim: pick}) if time_dim is not None else point
        z, east, north, notes = _levels(sample, names, path, field)
        warnings.extend(notes)
        ordering = np.argsort(z)
        valid_time = None if not np.isfinite(times[pick]) else float(times[pick])
        try:
            profiles.append(
                LayeredWind.from_components(
                    z[ordering],
                    east[ordering],
                    north[ordering],
                    source=source,
                    valid_time_utc_s=valid_time,
                    model_run_utc_s=model_run,
                )
            )
        except InputError as error:
            raise type(error)(
                f"{field} {Path(path).name}", error.value, error.allowed, error.problem
            ) from None
    if len(profiles) == 1:
        return dataclasses.replace(profiles[0], warnings=tuple(warnings))
    return TimeLayeredWind(
        tuple(profiles),
        reference_time_utc_s=float(reference),
        source=source,
        model_run_utc_s=model_run,
        warnings=tuple(warnings),
    )


def _levels(sample, names, path: str, field: str):
    """(geometric altitudes [m], east, north [m/s], warnings) of the levels of one valid
    time at the target: levels without data or beyond the standard atmosphere's range
    (the top levels of some models: 0.01 hPa is near 80 km) are dropped with a word."""
    u_name, v_name, height_name, phi_name = names
    east = np.asarray(sample[u_name].values, dtype=float).ravel()
    north = np.asarray(sample[v_name].values, dtype=float).ravel()
    if height_name is not None:
        variable = sample[height_name]
        factor = 1000.0 if str(variable.attrs.get("units", "")).strip() in {"km"} else 1.0
        geopotential_height = np.asarray(variable.values, dtype=float).ravel() * factor
    else:
        geopotential_height = (
            np.asarray(sample[phi_name].values, dtype=float).ravel() / STANDARD_GRAVITY_MPS2
        )
    if not (east.size == north.size == geopotential_height.size):
        raise InputError(
            field, path, "wind and heights on the same levels", "has them on different ones"
        )
    finite = np.isfinite(east) & np.isfinite(north) & np.isfinite(geopotential_height)
    z = np.full(geopotential_height.shape, np.nan)
    plausible = finite & (np.abs(geopotential_height) < 1.0e6)
    z[plausible] = geometric_altitude_m(geopotential_height[plausible])
    good = plausible & (z >= MIN_ALTITUDE_M) & (z <= MAX_ALTITUDE_M)
    if np.count_nonzero(good) < 2:
        raise InputError(field, path, "winds at two or more levels at the target", "has fewer")
    notes = []
    if np.count_nonzero(~finite):
        notes.append(
            f"{np.count_nonzero(~finite)} level(s) without data at the target were dropped"
        )
    if np.count_nonzero(finite & ~good):
        notes.append(
            f"{np.count_nonzero(finite & ~good)} level(s) outside the standard atmosphere "
            f"({MIN_ALTITUDE_M:.0f} m to {MAX_ALTITUDE_M:.0f} m) were dropped"
        )
    return z[good], east[good], north[good], notes


if __name__ == "__main__":
    _child()
