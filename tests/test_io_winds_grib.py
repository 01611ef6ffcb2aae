"""GRIB2 forecasts through cfgrib: a small file written here with ecCodes, read back.

Authorities: the WMO GRIB2 edition written by ecCodes from its own sample
(``regular_ll_pl_grib2``), cfgrib's mapping of it to the CF data model, and a hand-computed
linear interpolation in time between two forecast steps.
"""

import datetime as dt

import numpy as np
import pytest

from duskfall.errors import OutOfRangeError
from duskfall.io.soundings import geometric_altitude_m
from duskfall.io.windfile import read_wind_file

eccodes = pytest.importorskip("eccodes")
pytest.importorskip("cfgrib")

HEIGHTS_GPM = {1000: 100.0, 850: 1500.0, 500: 5800.0}


def _write_grib(path, steps=(3, 6)):
    """u = 5 + step hours (m/s), v = 0, gh per level; run 2018-03-10 06 UTC, 0.5 deg grid."""
    keys = {
        "centre": "kwbc",
        "dataDate": 20180310,
        "dataTime": 600,
        "Ni": 3,
        "Nj": 3,
        "latitudeOfFirstGridPointInDegrees": 25.0,
        "longitudeOfFirstGridPointInDegrees": 54.0,
        "latitudeOfLastGridPointInDegrees": 24.0,
        "longitudeOfLastGridPointInDegrees": 55.0,
        "iDirectionIncrementInDegrees": 0.5,
        "jDirectionIncrementInDegrees": 0.5,
        "typeOfLevel": "isobaricInhPa",
        "stepUnits": 1,
    }
    with open(path, "wb") as out:
        for step in steps:
            for level, height in HEIGHTS_GPM.items():
                for name, value in (("u", 5.0 + step), ("v", 0.0), ("gh", height)):
                    handle = eccodes.codes_grib_new_from_samples("regular_ll_pl_grib2")
                    for key, item in {
                        **keys,
                        "level": level,
                        "shortName": name,
                        "forecastTime": step,
                    }.items():
                        if isinstance(item, str):
                            eccodes.codes_set_string(handle, key, item)
                        elif isinstance(item, float):
                            eccodes.codes_set_double(handle, key, item)
                        else:
                            eccodes.codes_set_long(handle, key, item)
                    eccodes.codes_set_values(handle, np.full(9, value))
                    eccodes.codes_write(handle, out)
                    eccodes.codes_release(handle)


def _utc(hour, minute=0):
    return dt.datetime(2018, 3, 10, hour, minute, tzinfo=dt.UTC).timestamp()


def test_gfs_grib2(tmp_path):
    path = tmp_path / "gfs.grib2"
    _write_grib(path)
    wind = read_wind_file(path, target=(24.4, 54.6), time_utc_s=_utc(10, 30))
    # Steps 3 h (09 UTC, 8 m/s) and 6 h (12 UTC, 11 m/s): at 10:30 halfway, 9.5 m/s.
    east, north = wind.velocity_enu_mps(geometric_altitude_m(1500.0))
    assert east == pytest.approx(9.5, abs=1e-5)
    assert north == pytest.approx(0.0, abs=1e-6)
    assert wind.model_run_utc_s == _utc(6)
    assert wind.valid_times_utc_s == (_utc(9), _utc(12))
    assert "NCEP" in wind.source
    assert not list(tmp_path.glob("*.idx"))  # no index file left beside the data
    with pytest.raises(OutOfRangeError, match="outside the forecast"):
        read_wind_file(path, target=(24.4, 54.6), time_utc_s=_utc(18))
