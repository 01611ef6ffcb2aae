"""Wind files: tables, soundings and gridded forecasts, each built here in its format.

Authorities: the formats' own descriptions (University of Wyoming "Description of
Sounding Columns"; NOAA GSL "GSD Sounding data format"; the CF conventions' standard
names; ERA5 and cfgrib variable names), the 1976 standard's geopotential-to-geometric
conversion z = r0 H / (r0 - H) with r0 = 6,356,766 m (NOAA-S/T 76-1562, eq. 18), and
hand-computed linear interpolations (in altitude, ln p, latitude, longitude and time).
"""

import datetime as dt

import numpy as np
import pytest

from duskfall.constants import FOOT_M, KNOT_MPS
from duskfall.errors import InputError, NaiveDatetimeError, OutOfRangeError
from duskfall.io.soundings import geometric_altitude_m, read_sounding
from duskfall.io.windfile import read_wind_file
from duskfall.io.windtable import read_wind_csv, read_wind_toml
from duskfall.winds import LayeredWind, TimeLayeredWind, wind_components

R0 = 6_356_766.0
ONE_CM_PER_S = 0.01
ONE_CM = 0.01


def test_geopotential_to_geometric_us1976():
    """US 1976 eq. 18: 7,620 gpm is 7,629.16 m geometric (hand-computed)."""
    assert geometric_altitude_m(7620.0) == pytest.approx(R0 * 7620 / (R0 - 7620), abs=ONE_CM)
    assert geometric_altitude_m(7620.0) == pytest.approx(7629.15, abs=0.01)


# --- CSV and TOML tables ---------------------------------------------------------------


def test_csv_units_in_header(tmp_path):
    path = tmp_path / "winds.csv"
    path.write_text(
        "# DZ winds aloft\naltitude_ft,direction_deg,speed_kt\n25000,290,45\n0,270,8\n"
        "10000,280,25\n"
    )
    wind = read_wind_csv(path)
    assert wind.altitude_m == pytest.approx((0.0, 3048.0, 7620.0))
    assert wind.speed_mps == pytest.approx((8 * KNOT_MPS, 25 * KNOT_MPS, 45 * KNOT_MPS))
    east, _north = wind.velocity_enu_mps(1524.0)
    e = (wind_components(270, 8 * KNOT_MPS)[0] + wind_components(280, 25 * KNOT_MPS)[0]) / 2
    assert east == pytest.approx(e, abs=ONE_CM_PER_S)
    assert "winds.csv" in wind.source


def test_csv_units_in_cells_and_agl(tmp_path):
    path = tmp_path / "winds.csv"
    path.write_text("altitude,direction,speed\n0ftAGL,270,5m/s\n3000ftAGL,280,20kt\n4km,300,30\n")
    wind = read_wind_csv(path, ground_elevation_m=50.0)
    assert wind.altitude_m == pytest.approx((50.0, 50.0 + 3000 * FOOT_M, 4000.0))
    assert wind.speed_mps == pytest.approx((5.0, 20 * KNOT_MPS, 30 * KNOT_MPS))
    path.write_text("altitude_m_agl,direction_deg,speed_mps\n0,270,5\n1000,280,10\n")
    assert read_wind_csv(path, ground_elevation_m=50.0).altitude_m == pytest.approx((50.0, 1050.0))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("altitude_ft,direction_deg,speed_kt\n0,270,8\n10000,280\n", "line 3.*truncated"),
        ("altitude_ft,direction_deg,speed_kt\n0,270,8\n10000,280,251\n", "line 3 speed"),
        ("altitude_ft,direction_deg,speed_kt\n0,west,8\n", "line 2 direction"),
        ("height,direction_deg,speed_kt\n0,270,8\n", "no altitude column"),
        ("altitude_ft,direction_deg,speed_kt\n", "has none"),
        ("", "is empty"),
        ("altitude_ft,direction_deg,speed_kt\n0,270,8\n0,280,9\n", "repeats"),
    ],
)
def test_csv_bad(tmp_path, text, match):
    path = tmp_path / "winds.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=match):
        read_wind_csv(path)


def test_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_wind_csv(tmp_path / "missing.csv")
    binary = tmp_path / "winds.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81\x00garbage")
    with pytest.raises(InputError, match=r"is binary \(a NUL byte at line 1, column 3\)"):
        read_wind_file(binary)


def test_toml_table(tmp_path):
    path = tmp_path / "winds.toml"
    path.write_text(
        'source = "pilot report"\nvalid_time = 2018-03-10T12:00:00Z\n\n'
        '[[level]]\naltitude = "0ft"\ndirection_deg = 270\nspeed = "8kt"\n\n'
        "[[level]]\naltitude_m = 3000\nagl = true\ndirection_deg = 280\nspeed_mps = 12\n"
    )
    wind = read_wind_toml(path, ground_elevation_m=50.0)
    assert wind.altitude_m == pytest.approx((0.0, 3050.0))
    assert wind.speed_mps == pytest.approx((8 * KNOT_MPS, 12.0))
    assert wind.source == "pilot report"
    assert wind.valid_time_utc_s == dt.datetime(2018, 3, 10, 12, tzinfo=dt.UTC).timestamp()
    # the same time written as text, as in a JSON file, is read the same
    quoted = path.read_text().replace("2018-03-10T12:00:00Z", '"2018-03-10T12:00:00Z"')
    path.write_text(quoted)
    assert read_wind_toml(path, 50.0).valid_time_utc_s == wind.valid_time_utc_s


def test_toml_bad(tmp_path):
    path = tmp_path / "winds.toml"
    path.write_text('[[level]]\naltitude = "0ft"\nspeed = "8kt"\n')
    with pytest.raises(InputError, match="level 1 direction_deg"):
        read_wind_toml(path)
    path.write_text("valid_time = 2018-03-10T12:00:00\n[[level]]\n")
    with pytest.raises(NaiveDatetimeError):
        read_wind_toml(path)
    path.write_text('valid_time = "2018-03-10T12:00:00"\n[[level]]\n')
    with pytest.raises(NaiveDatetimeError, match="'2018-03-10T12:00:00' is naive"):
        read_wind_toml(path)
    path.write_text('valid_time = "noon"\n[[level]]\n')
    with pytest.raises(InputError, match="'noon' is not an ISO 8601 date-time"):
        read_wind_toml(path)
    path.write_text("[[level]\n")
    with pytest.raises(InputError, match=r"is not valid TOML: .*line 1, column 8"):
        read_wind_toml(path)


# --- University of Wyoming TEXT:LIST -------------------------------------------------------


def _uwyo(rows, station_info=True):
    """A sounding in the archive's layout: 7-character right-aligned columns."""
    names = ["PRES", "HGHT", "TEMP", "DWPT", "RELH", "MIXR", "DRCT", "SKNT", "THTA", "THTE"]
    units = ["hPa", "m", "C", "C", "%", "g/kg", "deg", "knot", "K", "K"]
    rule = "-" * 70
    lines = [
        "41217 OMAA Abu Dhabi International Airport Observations at 12Z 10 Mar 2018",
        "",
        rule,
        "".join(f"{n:>7}" for n in names),
        "".join(f"{u:>7}" for u in units),
        rule,
    ]
    for row in rows:
        lines.append("".join("       " if v is None else f"{v:>7}" for v in row))
    if station_info:
        lines += [
            "Station information and sounding indices",
            "                         Station identifier: OMAA",
            "                             Station number: 41217",
            "                           Observation time: 180310/1200",
            "                           Station latitude: 24.43",
            "                          Station longitude: 54.65",
            "                          Station elevation: 27.0",
        ]
    return "\n".join(lines) + "\n"


UWYO_ROWS = [
    ("1012.0", "27", "25.0", "15.0", "54", "10.5", "300", "8", "297.1", "328.2"),
    ("1000.0", "131", "24.0", "14.0", "54", "10.2", "310", "10", "297.2", "327.0"),
    ("925.0", "806", None, None, None, None, None, None, None, None),
    ("500.0", "5850", "-10.1", "-30.1", "18", "0.6", "270", "30", "316.2", "318.3"),
    ("400.0", "7570", "-21.9", "-40.9", "16", "0.2", "260", "50", "322.0", "322.8"),
    ("300.0", "9680", "-37.1", "-52.1", "19", "0.1", "265", "70", "328.5", "328.9"),
]


def test_uwyo_sounding(tmp_path):
    path = tmp_path / "OMAA.txt"
    path.write_text(_uwyo(UWYO_ROWS))
    wind = read_sounding(path, target=(24.4, 54.6))
    # Five levels with winds (925 hPa has none); heights converted to geometric.
    assert len(wind.altitude_m) == 5
    assert wind.altitude_m[3] == pytest.approx(R0 * 7570 / (R0 - 7570), abs=ONE_CM)
    assert wind.speed_mps[3] == pytest.approx(50 * KNOT_MPS)
    assert wind.direction_from_deg[3] == pytest.approx(260.0)
    assert wind.valid_time_utc_s == dt.datetime(2018, 3, 10, 12, tzinfo=dt.UTC).timestamp()
    assert "OMAA" in wind.source
    assert wind.warnings == ()
    # Halfway between 500 and 400 hPa (in geometric altitude): mean of the components.
    z0, z1 = geometric_altitude_m(5850.0), geometric_altitude_m(7570.0)
    e0, n0 = wind_components(270, 30 * KNOT_MPS)
    e1, n1 = wind_components(260, 50 * KNOT_MPS)
    east, north = wind.velocity_enu_mps((z0 + z1) / 2)
    assert east == pytest.approx((e0 + e1) / 2, abs=ONE_CM_PER_S)
    assert north == pytest.approx((n0 + n1) / 2, abs=ONE_CM_PER_S)
    # The sounding ends at 9.7 km: a jump from 10 km is extrapolation.
    assert wind.coverage_notices(27.0, 10_000.0)


def test_uwyo_html_page_and_truncation(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<HTML><BODY><PRE>\n" + _uwyo(UWYO_ROWS[:4], station_info=False) + "</PRE>")
    wind = read_sounding(path)
    assert len(wind.altitude_m) == 3
    assert any("truncated" in w for w in wind.warnings)


def test_uwyo_far_station_is_flagged(tmp_path):
    path = tmp_path / "OMAA.txt"
    path.write_text(_uwyo(UWYO_ROWS))
    wind = read_sounding(path, target=(23.0, 53.0))
    assert any("km from the target" in w for w in wind.warnings)


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (("500.0", "5850", "-10.1", "-30.1", "18", "0.6", "270", "251", "3", "3"), "line 10"),
        (("500.0", "5x50", "-10.1", "-30.1", "18", "0.6", "270", "30", "3", "3"), "line 10"),
    ],
)
def test_uwyo_bad_lines(tmp_path, row, match):
    path = tmp_path / "bad.txt"
    path.write_text(_uwyo([*UWYO_ROWS[:3], row]))
    with pytest.raises(InputError, match=match):
        read_sounding(path)


# --- NOAA GSL (RAOB) format -----------------------------------------------------------------

GSL = """\
    254     12     10      MAR    2018
      1  99999  41217  24.43N 54.65E    27   1115
      2  99999  99999  99999     10  99999  99999
      3           OMAA                  99999     kt
      9  10120     27    250    150    300      8
      4  10000    131    240    140    310     10
      5   8500  99999    150     50    290     20
      4   7000   3150     60    -50    280     25
      4   5000   5850   -101   -301    270     30
      6  99999   7000  99999  99999    265     40
"""


def test_gsl_sounding(tmp_path):
    path = tmp_path / "raob.txt"
    path.write_text(GSL)
    wind = read_sounding(path, target=(24.4, 54.6))
    assert wind.valid_time_utc_s == dt.datetime(2018, 3, 10, 12, tzinfo=dt.UTC).timestamp()
    assert "OMAA" in wind.source
    assert "GSL" in wind.source
    # 850 hPa has no height: ln p interpolation between 1000 hPa (131 m) and 700 hPa
    # (3150 m): 131 + (3150 - 131) ln(1000/850) / ln(1000/700).
    h850 = 131 + (3150 - 131) * np.log(1000 / 850) / np.log(1000 / 700)
    assert wind.altitude_m[2] == pytest.approx(geometric_altitude_m(h850), abs=ONE_CM)
    assert wind.speed_mps[2] == pytest.approx(20 * KNOT_MPS)
    # The type 6 wind level has a height and no pressure.
    assert wind.altitude_m[-1] == pytest.approx(geometric_altitude_m(7000.0), abs=ONE_CM)
    assert len(wind.altitude_m) == 6


def test_gsl_speed_units_and_truncation(tmp_path):
    path = tmp_path / "raob.txt"
    path.write_text(GSL.replace("kt\n", "ms\n"))
    assert read_sounding(path).speed_mps[0] == pytest.approx(8.0)
    path.write_text(GSL.replace("     10  99999  99999\n", "     14  99999  99999\n"))
    with pytest.raises(InputError, match="truncated"):
        read_sounding(path)
    path.write_text(GSL.replace("    265     40", "    265    260"))
    with pytest.raises(InputError, match=r"line 10.*wind speed of 133.8 m/s"):
        read_sounding(path)
    path.write_text(GSL.replace("  5000   5850   -101", "  5000   58x0   -101"))
    with pytest.raises(InputError, match="line 9"):
        read_sounding(path)


def test_unknown_text_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("winds are light today\n")
    with pytest.raises(InputError, match="no format"):
        read_wind_file(path)


# --- Gridded forecasts ---------------------------------------------------------------------

xarray = pytest.importorskip("xarray")

LEVELS_HPA = [1000, 850, 500, 400]
HEIGHT_GPM = np.array([100.0, 1500.0, 5800.0, 7500.0])
T0 = np.datetime64("2018-03-10T12:00", "ns")


def _field(lat, lon, hours):
    """u = 2 + k + 0.5 lat' + 0.25 lon' + hours/6 (lat' = lat - 24, lon' = lon - 54):
    linear in each coordinate, so bilinear interpolation must reproduce it exactly."""
    la, lo, hr = np.meshgrid(lat - 24.0, lon - 54.0, hours, indexing="ij")
    base = 2.0 + 0.5 * la + 0.25 * lo + hr / 6.0
    return np.stack([base + k for k in range(len(LEVELS_HPA))], axis=-1)  # lat, lon, t, k


def _era5(path, engine, lat=(25.0, 24.5, 24.0), lon=(54.0, 54.5, 55.0), hours=(0.0, 6.0)):
    lat, lon, hours = np.array(lat), np.array(lon), np.array(hours)
    u = _field(lat, lon, hours).transpose(2, 3, 0, 1)  # t, k, lat, lon
    z = np.broadcast_to(HEIGHT_GPM[None, :, None, None], u.shape) * 9.80665
    dims = ("valid_time", "pressure_level", "latitude", "longitude")
    dataset = xarray.Dataset(
        {
            "u": (dims, u, {"standard_name": "eastward_wind", "units": "m s**-1"}),
            "v": (dims, -u, {"standard_name": "northward_wind", "units": "m s**-1"}),
            "z": (dims, z, {"standard_name": "geopotential", "units": "m**2 s**-2"}),
        },
        coords={
            "valid_time": T0 + (hours * 3600).astype("timedelta64[s]"),
            "pressure_level": LEVELS_HPA,
            "latitude": lat,
            "longitude": lon,
        },
        attrs={"institution": "European Centre for Medium-Range Weather Forecasts"},
    )
    dataset.to_netcdf(path, engine=engine)


def _posix(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize("engine", ["h5netcdf", "scipy"])
def test_era5_style_netcdf(tmp_path, engine):
    pytest.importorskip(engine)
    path = tmp_path / "era5.nc"
    _era5(path, engine)
    wind = read_wind_file(path, target=(24.4, 54.6), time_utc_s=_posix("2018-03-10T13:30"))
    assert isinstance(wind, TimeLayeredWind)
    assert wind.valid_times_utc_s == (_posix("2018-03-10T12:00"), _posix("2018-03-10T18:00"))
    # At level 2 (5,800 gpm): 2 + 2 + 0.5*0.4 + 0.25*0.6 + 1.5/6 = 4.6 m/s east.
    z2 = geometric_altitude_m(5800.0)
    east, north = wind.velocity_enu_mps(z2)
    assert east == pytest.approx(4.6, abs=1e-9)
    assert north == pytest.approx(-4.6, abs=1e-9)
    assert wind.profiles[0].altitude_m[2] == pytest.approx(z2, abs=ONE_CM)
    assert "European Centre" in wind.source


def test_gfs_style_grib_names_and_longitudes(tmp_path):
    """cfgrib names (gh in gpm, isobaricInhPa, a step dimension with valid_time, a scalar
    reference time) and 0-360 longitudes; the model run is recorded."""
    lat, lon, hours = np.array([24.0, 25.0]), np.array([54.0, 55.0]), np.array([3.0, 6.0])
    u = _field(lat, lon, hours).transpose(2, 3, 0, 1)
    dims = ("step", "isobaricInhPa", "latitude", "longitude")
    gh = np.broadcast_to(HEIGHT_GPM[None, :, None, None], u.shape)
    run = np.datetime64("2018-03-10T06:00", "ns")
    steps = (hours * 3600).astype("timedelta64[s]").astype("timedelta64[ns]")
    dataset = xarray.Dataset(
        {
            "u": (dims, u),
            "v": (dims, np.zeros_like(u)),
            "gh": (dims, gh, {"units": "gpm"}),
        },
        coords={
            "time": run,
            "step": steps,
            "valid_time": ("step", run + steps),
            "isobaricInhPa": LEVELS_HPA,
            "latitude": lat,
            "longitude": lon,
        },
        attrs={"GRIB_centreDescription": "US National Weather Service - NCEP"},
    )
    path = tmp_path / "gfs.nc"
    dataset.to_netcdf(path, engine="scipy")
    wind = read_wind_file(path, target=(24.4, 54.6 - 360.0), time_utc_s=_posix("2018-03-10T12:00"))
    assert isinstance(wind, LayeredWind)  # exactly on a valid time (06 UTC + 6 h)
    assert wind.model_run_utc_s == _posix("2018-03-10T06:00")
    assert "NCEP" in wind.source
    assert "run 2018-03-10T06:00:00Z" in wind.source
    # Level 0, step 6 h: 2 + 0.5*0.4 + 0.25*0.6 + 6/6 = 3.35 m/s.
    assert wind.velocity_enu_mps(wind.altitude_m[0])[0] == pytest.approx(3.35, abs=1e-9)


def test_gridded_bad_target_and_time(tmp_path):
    path = tmp_path / "era5.nc"
    _era5(path, "scipy")
    with pytest.raises(OutOfRangeError, match=r"target.*outside the grid"):
        read_wind_file(path, target=(30.0, 54.6), time_utc_s=_posix("2018-03-10T12:00"))
    with pytest.raises(OutOfRangeError, match=r"time.*outside the forecast"):
        read_wind_file(path, target=(24.4, 54.6), time_utc_s=_posix("2018-03-11T12:00"))
    with pytest.raises(InputError, match="time"):
        read_wind_file(path, target=(24.4, 54.6))
    near = read_wind_file(path, target=(24.4, 54.6), time_utc_s=_posix("2018-03-10T18:30"))
    assert any("outside the valid times" in w for w in near.warnings)


def test_gridded_unreadable(tmp_path):
    path = tmp_path / "broken.nc"
    _era5(path, "h5netcdf")
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputError, match="cannot be read"):
        read_wind_file(path, target=(24.4, 54.6), time_utc_s=_posix("2018-03-10T12:00"))
