"""One entry for every wind file duskfall reads: the format is recognised, then read.

This is the only module that imports the readers; they import none of each other.

========================================  ===========================================
format                                    recognised by
========================================  ===========================================
GRIB2 forecast                            ``GRIB`` at the start, or ``.grib2``/``.grb2``...
NetCDF forecast or reanalysis             the NetCDF/HDF5 signature, or ``.nc``/``.nc4``...
CSV wind table                            ``.csv``
TOML wind table                           ``.toml``
Open-Meteo JSON response                  a JSON object (``{`` first), or ``.json``
FB (FD) winds and temperatures aloft      an ``FT`` line of levels and a ``VALID`` time
University of Wyoming sounding            its title line and column header
NOAA GSL sounding                         its line types 1, 3 and 4/5/9
========================================  ===========================================
"""

from __future__ import annotations

from pathlib import Path

from duskfall.errors import InconsistentInputError, InputError
from duskfall.io import fbwinds, gridded, openmeteo, soundings, windtable
from duskfall.io.text import read_head, read_text

NETCDF_SIGNATURES = (b"CDF\x01", b"CDF\x02", b"CDF\x05", b"\x89HDF\r\n\x1a\n")
"""First bytes of netCDF-3 (classic, 64-bit offset, CDF-5) and netCDF-4/HDF5 files
(NetCDF User Guide, "File Format Specifications")."""

GRIB_SIGNATURE = b"GRIB"
"""First bytes of a GRIB message (WMO Manual on Codes, FM 92 GRIB, section 0)."""

NETCDF_SUFFIXES = (".nc", ".nc4", ".netcdf", ".cdf")

FORMATS = (
    "an FB winds-aloft forecast, an Open-Meteo JSON response, a University of Wyoming "
    "TEXT:LIST or NOAA GSL sounding, a CSV/TOML wind table, or a NetCDF/GRIB2 forecast"
)
"""The formats, in words, for messages."""


def read_wind_file(
    path: str | Path,
    ground_elevation_m: float = 0.0,
    target: tuple[float, float] | None = None,
    time_utc_s: float | None = None,
    field: str = "wind file",
    station: str | None = None,
    station_field: str = "station",
):
    """Read winds from any supported file, recognised by its content (and suffix).

    Parameters
    ----------
    path
        The file.
    ground_elevation_m
        Elevation of the drop zone [m MSL], for AGL altitudes in tables.
    target
        (latitude, longitude) [deg] of the drop zone: required for gridded files; used to
        flag a distant sounding station or Open-Meteo point.
    time_utc_s
        Time the winds are wanted [POSIX s] (the planned exit): gridded files are
        interpolated to it, an Open-Meteo file takes it as its default time, an FB
        product (which names days of the month only) is dated by it.
    field
        Name of the input, for error messages (``--wind-file``).
    station
        The station of a multi-station FB product (``ABI``).
    station_field
        Name of the station input, for error messages (``--station``).

    Returns
    -------
    LayeredWind or TimeLayeredWind
        A time-dependent profile for Open-Meteo and multi-time gridded files.

    Raises
    ------
    InputError
        If the file cannot be read, is in no supported format, or its reader refuses it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "winds.csv"
    ...     _ = path.write_text("altitude_ft,direction_deg,speed_kt\\n0,270,8\\n10000,280,25\\n")
    ...     wind = read_wind_file(path)
    >>> round(wind.altitude_m[-1])
    3048
    """
    head = read_head(path, field)
    suffix = Path(path).suffix.lower()
    if head.startswith(GRIB_SIGNATURE) or suffix in gridded.GRIB_SUFFIXES:
        return _gridded(path, target, time_utc_s, field, "cfgrib")
    if head.startswith(NETCDF_SIGNATURES) or suffix in NETCDF_SUFFIXES:
        return _gridded(path, target, time_utc_s, field, None)
    if suffix == ".csv":
        return windtable.read_wind_csv(path, ground_elevation_m, field=field)
    if suffix == ".toml":
        return windtable.read_wind_toml(path, ground_elevation_m, field=field)
    text = read_text(path, field)
    if suffix == ".json" or text.lstrip().startswith(("{", "[")):
        return openmeteo.parse_open_meteo(text, time_utc_s, target, str(path), field)
    if fbwinds.is_fb(text):
        return fbwinds.parse_fb(text, station, time_utc_s, str(path), field, station_field)
    if soundings.is_uwyo(text):
        return soundings.parse_uwyo(text, target, str(path), field)
    if soundings.is_gsl(text):
        return soundings.parse_gsl(text, target, str(path), field)
    raise InputError(field, str(path), FORMATS, "is in no format duskfall reads")


def is_fb_file(path: str | Path, field: str = "wind file") -> bool:
    """True if the file holds an FB winds-aloft product (a binary forecast does not)."""
    if read_head(path, field).startswith((GRIB_SIGNATURE, *NETCDF_SIGNATURES)):
        return False
    return fbwinds.is_fb(read_text(path, field))


def check_station(station: str | None, path: str | Path, station_field: str, field: str) -> None:
    """Refuse a station given for a wind file that is not an FB product (the other files
    are for one place, and the station would be ignored without a word).

    Raises
    ------
    InconsistentInputError
        Naming ``station_field``.
    """
    if station is not None and not is_fb_file(path, field):
        raise InconsistentInputError(
            station_field,
            station,
            "a station of an FB winds-aloft forecast; the other wind files are for one place",
            f"is given for {Path(path).name}, which is not an FB product",
        )


def _gridded(path, target, time_utc_s, field: str, engine: str | None):
    if target is None:
        raise InputError("target", None, "the drop zone's latitude and longitude", "is missing")
    return gridded.read_gridded(path, *target, time_utc_s, engine=engine, field=field)


__all__ = ["FORMATS", "check_station", "is_fb_file", "read_wind_file"]
