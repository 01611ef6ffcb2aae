"""FlySight logs at the edges: ranges of every column, and flights that are not a vertical
free fall.

Authorities: the FlySight formats (README of ../shared/reference/flysight/: columns, units,
velD positive down); the physical ranges of a GPS fix (latitude within 90 degrees; the
u-blox receivers' operational limit of 500 m/s; GPS time starts on 1980-01-06,
IS-GPS-200); the four real logs, all ordinary vertical free falls (belly and freefly, in
that README), which must stay unflagged; and the kinematics of a wingsuit flight (flying
2-3 times faster than it falls, at 10-20 m/s down) and of a hop-and-pop (a few seconds
of fall, then a canopy at 4-6 m/s), synthesised here because no such real log is kept.
"""

import math

import numpy as np
import pytest

from conftest import FLYSIGHT_DIR
from duskfall.errors import InputError
from duskfall.io import flysight
from duskfall.reports import wording
from duskfall.reports.formatting import AVIATION, METRIC

HEADER = "time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,heading,cAcc,gpsFix,numSV\n"
UNITS = ",(deg),(deg),(m),(m/s),(m/s),(m/s),(m),(m),(m/s),(deg),(deg),,\n"
RATE_HZ = 5.0
GROUND_M = 20.0


def _stamp(seconds: float) -> str:
    """ISO 8601 time of ``seconds`` after 2024-08-31T08:00:00Z, as FlySight writes it."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    fraction = f"{seconds - whole:.2f}"[1:]
    return f"2024-08-31T{8 + hours:02d}:{minutes:02d}:{secs:02d}{fraction}Z"


def _csv(time_s, altitude_m, north_mps, east_mps, down_mps, **columns) -> str:
    """A FlySight 1 log of the given series (fix 3, 10 satellites, vAcc 1 m)."""
    rows = []
    for i, t in enumerate(time_s):
        value = {
            "lat": 50.85 + north_mps[: i + 1].sum() / RATE_HZ / 111_000.0,
            "lon": 3.15,
            "hMSL": altitude_m[i],
            "velN": north_mps[i],
            "velE": east_mps[i],
            "velD": down_mps[i],
        }
        value.update({k: v[i] for k, v in columns.items()})
        rows.append(
            f"{_stamp(t)},{value['lat']:.7f},{value['lon']:.7f},{value['hMSL']:.3f},"
            f"{value['velN']:.2f},{value['velE']:.2f},{value['velD']:.2f},2.0,1.0,0.5,0.0,1.0,3,10"
        )
    return HEADER + UNITS + "\n".join(rows) + "\n"


def _flight(down, horizontal, start_m, seconds):
    """Series of a flight with fall rate ``down(t)`` and horizontal speed
    ``horizontal(t)`` [m/s] from ``start_m``, down to the ground, then 30 s at rest."""
    t = np.arange(0.0, seconds, 1.0 / RATE_HZ)
    vd = np.array([down(x) for x in t])
    vn = np.array([horizontal(x) for x in t])
    h = start_m - np.concatenate([[0.0], np.cumsum(vd[:-1]) / RATE_HZ])
    landed = np.nonzero(h <= GROUND_M)[0]
    end = landed[0] if landed.size else t.size
    t, vd, vn, h = t[:end], vd[:end], vn[:end], h[:end]
    rest = np.arange(1, 30 * RATE_HZ + 1) / RATE_HZ + t[-1]
    zeros = np.zeros(rest.size)
    return (
        np.concatenate([t, rest]),
        np.concatenate([h, zeros + GROUND_M]),
        np.concatenate([vn, zeros]),
        np.zeros(t.size + rest.size),
        np.concatenate([vd, zeros]),
    )


def _wingsuit(t):
    """Exit at 60 s; 3 s to 28 m/s down, then the suit flies: 15 m/s down; canopy at
    150 s (decelerating over 3 s to 4.5 m/s)."""
    tau = t - 60.0
    if tau < 0:
        return 0.0
    if tau < 3.0:
        return 28.0 * tau / 3.0
    if tau < 90.0:
        return 15.0 + 13.0 * math.exp(-(tau - 3.0) / 3.0)
    return max(4.5, 15.0 - (tau - 90.0) * 3.5)


def _wingsuit_horizontal(t):
    """40 m/s in the aircraft, 45 m/s flying the suit, 10 m/s under canopy."""
    tau = t - 60.0
    return 40.0 if tau < 0 else 45.0 if tau < 90.0 else 10.0


def _hop_and_pop(t):
    """Exit at 60 s, 3.5 s of fall at 8 m/s^2 (28 m/s), then the canopy: 5 m/s."""
    tau = t - 60.0
    if tau < 0:
        return 0.0
    if tau < 3.5:
        return 8.0 * tau
    return max(5.0, 28.0 - (tau - 3.5) * 8.0)


def _write(tmp_path, name, series, **columns):
    path = tmp_path / name
    path.write_text(_csv(*series, **columns))
    return path


@pytest.fixture(scope="module")
def wingsuit_log(tmp_path_factory):
    series = _flight(_wingsuit, _wingsuit_horizontal, 4000.0, 900.0)
    path = _write(tmp_path_factory.mktemp("wingsuit"), "WINGSUIT.CSV", series)
    return flysight.read_flysight(path)


def test_wingsuit_flight_is_classified_and_flagged(wingsuit_log):
    """Flying 45 m/s across at 15 m/s down is a wingsuit flight, not a free fall: the
    jump says so, with a warning notice that carries the measured speeds."""
    jump = flysight.find_jump(wingsuit_log)
    assert jump.kind == flysight.WINGSUIT
    (notice,) = jump.notices
    assert notice.code == "flysight-wingsuit"
    assert notice.severity == "warn"
    assert notice.values["horizontal_speed_mps"] == pytest.approx(45.0, abs=0.5)
    assert notice.values["fall_rate_mps"] == pytest.approx(15.0, abs=0.5)
    assert notice.values["freefall_duration_s"] == pytest.approx(90.0, abs=2.0)
    assert "WINGSUIT.CSV" in wording.describe(notice, AVIATION)
    assert "87 kt" in wording.describe(notice, AVIATION)  # 45 m/s
    assert "45.0 m/s" in wording.describe(notice, METRIC)


def test_wingsuit_flight_is_not_fitted(wingsuit_log):
    jump = flysight.find_jump(wingsuit_log)
    with pytest.raises(InputError, match=r"WINGSUIT\.CSV.*not a vertical free fall.*wingsuit"):
        flysight.fit_cda_per_kg(jump)


def test_hop_and_pop_is_a_canopy_flight(tmp_path):
    """3.5 s of fall before the canopy: shown with a warning, never fitted."""
    series = _flight(_hop_and_pop, lambda t: 35.0 if t < 60 else 8.0, 1500.0, 600.0)
    jump = flysight.find_jump(flysight.read_flysight(_write(tmp_path, "HOP.CSV", series)))
    assert jump.kind == flysight.CANOPY_ONLY
    assert [n.code for n in jump.notices] == ["flysight-canopy-only"]
    assert jump.freefall_duration_s < flysight.MIN_FREEFALL_S
    assert "HOP.CSV" in wording.describe(jump.notices[0], METRIC)
    with pytest.raises(InputError, match="not a vertical free fall but a canopy flight"):
        flysight.fit_cda_per_kg(jump)


def test_canopy_only_log_has_no_free_fall(tmp_path):
    """A log switched on under canopy: one error that says what the log is."""
    series = _flight(lambda t: 5.0, lambda t: 9.0, 1000.0, 400.0)
    log = flysight.read_flysight(_write(tmp_path, "CANOPY.CSV", series))
    with pytest.raises(InputError, match=r"has no free fall: it is a canopy flight only") as e:
        flysight.find_jump(log)
    assert "CANOPY.CSV" in str(e.value)


def test_log_that_starts_in_free_fall(tmp_path):
    series = _flight(lambda t: 50.0 if t < 40 else 5.0, lambda t: 3.0, 3000.0, 600.0)
    log = flysight.read_flysight(_write(tmp_path, "LATE.CSV", series))
    with pytest.raises(InputError, match="starts in free fall: its exit is not in the log"):
        flysight.find_jump(log)


@pytest.mark.skipif(not FLYSIGHT_DIR.is_dir(), reason="reference FlySight logs not available")
@pytest.mark.parametrize("name", sorted(p.name for p in FLYSIGHT_DIR.glob("*.CSV")))
def test_reference_logs_are_vertical_free_falls(name):
    """The four real logs (belly and freefly: the reference README) are free falls,
    without notices, and can be fitted."""
    jump = flysight.find_jump(flysight.read_flysight(FLYSIGHT_DIR / name))
    assert jump.kind == flysight.FREE_FALL
    assert jump.notices == ()


# --- Ranges and syntax of every column --------------------------------------------------

GOOD_ROW = (
    "2022-06-23T15:16:47.60Z,56.1832631,9.0407279,26.225,0.65,-4.76,0.33,74.8,6.6,2.7,277,20,3,9"
)


def _log_with(row: str, position: int = 5) -> str:
    rows = [GOOD_ROW.replace("47.60", f"{40 + i}.60") for i in range(12)]
    rows[position] = row
    return HEADER + UNITS + "\n".join(rows) + "\n"


def _replace(column: str, value: str) -> str:
    cells = GOOD_ROW.split(",")
    cells[HEADER.strip().split(",").index(column)] = value
    return ",".join(cells).replace("47.60", "45.60")


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("lat", "95.0", r"lat out of range on line 8.*-90 to 90 degrees"),
        ("lat", "-90.5", "lat out of range"),
        ("lon", "190.0", r"lon out of range.*-180 to 180"),
        ("hMSL", "-15240", r"hMSL out of range.*standard atmosphere"),
        ("hMSL", "9999999", "hMSL out of range"),
        ("velD", "600", r"velD out of range.*500 m/s"),
        ("velN", "-501", "velN out of range"),
        ("vAcc", "-1", "vAcc out of range"),
        ("gpsFix", "7", "gpsFix out of range"),
        ("velD", "nan", "not a number in column velD on line 8"),
        ("velD", "inf", "not a number in column velD"),
        ("lat", "1e999", "not finite in column lat"),
        ("hMSL", "1_000", "not a number in column hMSL"),
        ("velE", "", "empty value on line 8"),
        ("time", "2024-13-01T00:00:00.00Z", "bad time on line 8"),
        ("time", "1979-12-31T00:00:00.00Z", "bad time on line 8"),
        ("time", "2024", "bad time on line 8"),
        ("time", "2024-02-30T10:00:00.00Z", "bad time on line 8"),
        ("time", "9999-01-01T00:00:00.00Z", "bad time on line 8"),
    ],
)
def test_values_out_of_range_are_refused(tmp_path, column, value, match):
    """Every fix is checked: latitude 95 is not a place, 600 m/s is beyond what the
    receiver reports, 'nan' and '1e999' are not measurements."""
    path = tmp_path / "RANGE.CSV"
    path.write_text(_log_with(_replace(column, value)))
    with pytest.raises(InputError, match=match) as caught:
        flysight.read_flysight(path)
    assert "RANGE.CSV" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_repeated_column_is_refused(tmp_path):
    path = tmp_path / "TWICE.CSV"
    path.write_text(_log_with(GOOD_ROW).replace("velD,hAcc", "velD,velD", 1))
    with pytest.raises(InputError, match="repeats the column"):
        flysight.read_flysight(path)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is binary"),
        (HEADER.encode() + b"\xff\xfe" + UNITS.encode(), r"is not UTF-8 \(byte 0xff at line 2"),
        (HEADER.encode()[:30], "lacks the column"),
    ],
)
def test_bytes_that_are_not_a_log(tmp_path, data, match):
    path = tmp_path / "BYTES.CSV"
    path.write_bytes(data)
    with pytest.raises(InputError, match=match):
        flysight.read_flysight(path)


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    """The size is checked before the file is read (bound lowered for the test)."""
    monkeypatch.setattr(flysight, "MAX_LOG_BYTES", 1000)
    path = tmp_path / "HUGE.CSV"
    path.write_text(_log_with(GOOD_ROW) * 10)
    with pytest.raises(InputError, match=r"is too large"):
        flysight.read_flysight(path)


def test_units_row_is_optional(tmp_path):
    """A FlySight 1 log without its units row keeps its first fix."""
    path = tmp_path / "NOUNITS.CSV"
    path.write_text(_log_with(_replace("lat", "56.18")).replace(UNITS, ""))
    assert flysight.read_flysight(path).size == 12
    assert np.all(np.diff(flysight.read_flysight(path).time_utc_s) > 0)
