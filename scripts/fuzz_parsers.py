"""Fuzz duskfall's parsers: any exception that is not the project's own is a bug.

Every reader of a file (scenario files, CSV and TOML wind tables, University of Wyoming
and NOAA GSL soundings, FlySight logs, GRIB and NetCDF forecasts) and every parser of a
quantity (:func:`duskfall.units.parse_quantity`, ``parse_altitude``, ``parse_wind``) must,
whatever it is given, either return a valid result or raise an
:class:`duskfall.errors.InputError` (the one-line error the command line prints). This
script feeds them many inputs and reports every other outcome:

- an exception of another class (a traceback for the user), or
- a result that breaks the reader's own ranges (a wind level outside the standard
  atmosphere, a speed above the limit, a non-finite quantity: a silent wrong answer).

Inputs are made by a seeded random generator from small valid examples of each format
(built in; add files with ``--corpus``), mutated the way files get broken: bytes flipped,
inserted or deleted, a number replaced by a missing-data code (999, 99999, -9999, 32767),
by ``1e999``, ``nan`` or a bool, lines deleted, repeated or swapped, the file truncated,
two files spliced, nesting a thousand deep, text that is not UTF-8, NUL bytes. The same
seed gives the same inputs.

Usage::

    PYTHONPATH=src python scripts/fuzz_parsers.py                 # 100,000 inputs, seed 0
    PYTHONPATH=src python scripts/fuzz_parsers.py --inputs 250000 --seed 7
    PYTHONPATH=src python scripts/fuzz_parsers.py --corpus ../flysight-logs --save failures/
    PYTHONPATH=src python scripts/fuzz_parsers.py --only GRIB --inputs 5000

It prints, per parser, the inputs tried, the results accepted, the InputErrors raised and
the failures, then each distinct failure (exception, where it was raised, an input that
causes it; with ``--save DIR`` the inputs are written there). The exit status is 1 if
there was any failure, else 0. GRIB and NetCDF targets run only when cfgrib/ecCodes and
xarray are installed (the ``grib`` and ``gridded`` extras).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from duskfall import atmosphere
from duskfall.errors import InputError
from duskfall.io import flysight, scenario, soundings, text, windtable
from duskfall.units import MAX_MAGNITUDE, UNITS, parse_altitude, parse_quantity, parse_wind
from duskfall.winds import MAX_WIND_SPEED_MPS

HOSTILE = [
    b"999", b"9999", b"99999", b"-9999", b"-99999", b"32767", b"-32768", b"1e999", b"-1e999",
    b"nan", b"NaN", b"inf", b"-inf", b"Infinity", b"true", b"false", b'"false"', b"null",
    b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\r", b"\n", b"\r\n", b"\x0c", b"\x0b",
    "\u2028".encode(), "\u0663".encode(), "\uff15".encode(), b"\xed\xa0\x80", b",", b"@",
    b":", b";", b"[", b"{", b"]", b"}", b'"', b"'", b"=", b"#", b"9" * 400, b"1" * 5000,
    b"AGL", b"MSL", b"ft", b"kt", b"m/s", b"km", b"1e308", b"-0", b"0x10", b"1_000",
    b"2024-13-45T25:61:61Z", b"0000-00-00", b"$GNSS,", b"$COL,GNSS,", b"254", b"   ",
    b"9999999", b"-50000", b"4294967.295", b"1e-400", b"\\u0000", b"\\ud800",
]  # fmt: skip
"""Tokens that have broken parsers, inserted or put in place of a number."""

# --- Seeds: small valid examples of each format -------------------------------------------

CSV_TABLE = b"""# DZ winds aloft
altitude_ft,direction_deg,speed_kt
0,270,8
3000,275,15
10000,280,25
25000,290,45
"""
TOML_TABLE = b"""source = "pilot report"
valid_time = 2018-03-10T12:00:00Z

[[level]]
altitude = "0ft"
direction_deg = 270
speed = "8kt"

[[level]]
altitude_m = 3000
agl = true
direction_deg = 280
speed_mps = 12
"""
SCENARIO_TOML = b"""[site]
name = "Desert drop zone"
lat = 24.4
lon = 54.6
ground_elevation = "50m"

[attempt]
date = 2018-03-10
at = "dusk"

[jump]
exit_altitude = "25000ft"
deploy_altitude = "4000ftAGL"

[[jumpers]]
name = "performer"
mass = "90kg"
posture = "belly"

[aircraft]
type = "C-17A"
jump_run_speed = "130kt"
heading = 270
"""
SCENARIO_JSON = (
    b'{"site": {"name": "DZ", "lat": 24.4, "lon": 54.6, "ground_elevation": "50m"},'
    b' "jump": {"exit_altitude": "25000ft", "deploy_altitude": "4000ftAGL"},'
    b' "jumpers": [{"name": "a", "mass": "90kg", "posture": "belly"}], "seed": 0}'
)
UWYO = b"""41217 OMAA Abu Dhabi International Airport Observations at 12Z 10 Mar 2018
-----------------------------------------------------------------------------
   PRES   HGHT   TEMP   DWPT   RELH   MIXR   DRCT   SKNT   THTA   THTE
    hPa      m      C      C      %   g/kg    deg   knot      K      K
-----------------------------------------------------------------------------
 1012.0     27   25.0   15.0     54   10.5    300      8  297.1  328.2
 1000.0    131   24.0   14.0     54   10.2    310     10  297.2  327.0
  925.0    806
  500.0   5850  -10.1  -30.1     18    0.6    270     30  316.2  318.3
  400.0   7570  -21.9  -40.9     16    0.2    260     50  322.0  322.8
  300.0   9680  -37.1  -52.1     19    0.1    265     70  328.5  328.9
Station information and sounding indices
                         Station identifier: OMAA
                             Station number: 41217
                           Observation time: 180310/1200
                           Station latitude: 24.43
                          Station longitude: 54.65
                          Station elevation: 27.0
"""
GSL = b"""    254     12     10      MAR    2018
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
QUANTITIES = [
    b"25000ft", b"4000ftAGL", b"7.62 km", b"1269m", b"130kt", b"12m/s", b"1500fpm",
    b"90kg", b"200lb", b"0.5m2", b"1.5deg", b"10min", b"60s", b"-400m", b"0", b"+.5e3",
]  # fmt: skip
WINDS = [b"270@20kt", b"360@0", b"0@5m/s", b"090.5@10", b"270 @ 20 kt"]


def _flysight_seed(version: int) -> bytes:
    """A small synthetic belly jump: 20 s in the aircraft at 4,000 m, 45 s of free fall
    towards 50 m/s, a canopy at 8 m/s, 12 s at rest on the ground (5 Hz)."""
    t = np.arange(0.0, 600.0, 0.2)
    tau = t - 20.0
    vd = np.where(tau < 0, 0.0, 50.0 * np.tanh(np.clip(tau, 0, None) / 5.0))
    vd = np.where(tau > 45.0, np.maximum(8.0, 50.0 - (tau - 45.0) * 8.0), vd)
    h = 4000.0 - np.concatenate([[0.0], np.cumsum(vd[:-1]) * 0.2])
    landed = np.nonzero(h <= 30.0)[0][0]
    t, vd, h = t[: landed + 60], vd[: landed + 60], h[: landed + 60]
    vd[landed:], h[landed:] = 0.0, 30.0
    vn = np.where(tau[: t.size] < 0, 40.0, 3.0)
    vn[landed:] = 0.0
    rows = [
        f"2024-08-31T08:{int(x // 60):02d}:{x % 60:06.3f}Z,50.85,3.15,{z:.3f},{n:.2f},0.00,"
        f"{d:.2f},2.0,1.0,0.5,3,10"
        for x, z, n, d in zip(t, h, vn, vd, strict=True)
    ]
    columns = "time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,gpsFix,numSV"
    if version == 1:
        return (
            "\n".join([columns, ",(deg),(deg),(m),(m/s),(m/s),(m/s),,,,,", *rows]) + "\n"
        ).encode()
    lines = ["$FLYS,1", "$COL,GNSS," + columns, "$UNIT,GNSS,,deg", "$DATA"]
    return ("\n".join([*lines, *("$GNSS," + r for r in rows)]) + "\n").encode()


# --- Mutations ------------------------------------------------------------------------------

_NUMBER = re.compile(rb"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """``data`` broken in one to ten ways (see the module docstring)."""
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 5, 10))):
        position = rng.randrange(len(data) + 1)
        operation = rng.randrange(13)
        if operation == 0 and data:  # flip a byte
            i = rng.randrange(len(data))
            data = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]
        elif operation == 1:  # insert a random byte
            data = data[:position] + bytes([rng.randrange(256)]) + data[position:]
        elif operation == 2:  # delete a span
            data = data[:position] + data[position + rng.randrange(1, 40) :]
        elif operation == 3:  # insert a hostile token
            data = data[:position] + rng.choice(HOSTILE) + data[position:]
        elif operation in (4, 5, 6):  # a number replaced by a hostile token or another number
            numbers = list(_NUMBER.finditer(data))
            if numbers:
                match = rng.choice(numbers)
                token = rng.choice(
                    [*HOSTILE[:20], str(rng.uniform(-1e6, 1e6)).encode(), b"-" + match.group()]
                )
                data = data[: match.start()] + token + data[match.end() :]
        elif operation == 7:  # delete, repeat or swap lines
            lines = _lines(data)
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            choice = rng.randrange(3)
            if choice == 0:
                del lines[i]
            elif choice == 1:
                lines.insert(i, lines[j])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif operation == 8:  # truncate
            data = data[:position]
        elif operation == 9 and corpus:  # splice with another input
            other = rng.choice(corpus)
            data = data[:position] + other[rng.randrange(len(other) + 1) :]
        elif operation == 10:  # nesting
            opener = rng.choice([b"[", b"{", b'{"a":', b"a = [", b"[[a]]\n", b"a."])
            data = opener * rng.choice((10, 40, 1000, 5000)) + data
        elif operation == 11:  # re-encode
            data = data.decode("utf-8", "replace").encode(
                rng.choice(["utf-16", "latin-1"]), "replace"
            )
        else:  # random bytes
            data = data[:position] + rng.randbytes(rng.randrange(1, 30)) + data[position:]
    return data[: 4 * 2**20]


# --- Targets --------------------------------------------------------------------------------


class InvariantError(AssertionError):
    """A parser returned a result that breaks its own documented ranges."""


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise InvariantError(what)


def check_wind(wind) -> None:
    """A wind profile (or each profile of a time series) within the documented ranges."""
    profiles = getattr(wind, "profiles", (wind,))
    for profile in profiles:
        z = np.asarray(profile.altitude_m)
        speed = np.asarray(profile.speed_mps)
        direction = np.asarray(profile.direction_from_deg)
        _require(bool(np.all(np.isfinite(z)) and np.all(np.diff(z) > 0)), "levels not increasing")
        _require(
            z.min() >= atmosphere.MIN_ALTITUDE_M and z.max() <= atmosphere.MAX_ALTITUDE_M,
            f"level outside the atmosphere: {z.min()}..{z.max()}",
        )
        _require(bool(np.all((speed >= 0) & (speed <= MAX_WIND_SPEED_MPS))), "speed out of range")
        _require(bool(np.all((direction >= 0) & (direction <= 360))), "direction out of range")


@dataclass
class Target:
    """One parser: its seeds, how to call it on bytes, and its weight in the draw."""

    name: str
    seeds: list[bytes]
    run: Callable[[bytes], None]
    weight: float = 1.0
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _quantity(rng_kind: list[str]):
    def run(data: bytes) -> None:
        kind = rng_kind[0]
        value = parse_quantity(_text(data), kind, next(iter(UNITS[kind])), "x")
        _require(math.isfinite(value) and abs(value) <= MAX_MAGNITUDE[kind], f"quantity {value}")

    return run


def _altitude(data: bytes) -> None:
    value = parse_altitude(_text(data), "x")
    _require(math.isfinite(value.value_m), "altitude not finite")


def _wind(data: bytes) -> None:
    direction, speed = parse_wind(_text(data), "x")
    _require(0 <= direction < 360 and 0 <= speed <= MAX_MAGNITUDE["speed"], "wind out of range")


def _in_file(folder: Path, name: str, reader: Callable[[Path], object]):
    path = folder / name

    def run(data: bytes) -> None:
        path.write_bytes(data)
        result = reader(path)
        if hasattr(result, "velocity_enu_mps"):
            check_wind(result)

    return run


def _scenario(folder: Path, suffix: str):
    def reader(path: Path) -> None:
        data = scenario.load_mapping(path)
        _require(isinstance(data, dict), "scenario is not a mapping")
        text.check_structure(data, path, "again")

    return _in_file(folder, "scenario" + suffix, reader)


def _sounding_text(parse):
    def run(data: bytes) -> None:
        check_wind(parse(_text(data), (24.4, 54.6), "s.txt", "x"))

    return run


def _flysight(data: bytes) -> None:
    log = flysight.parse_flysight(_text(data), "LOG.CSV")
    for column, values in (("lat", log.latitude_deg), ("lon", log.longitude_deg),
                           ("hMSL", log.altitude_m), ("velD", log.velocity_down_mps)):  # fmt: skip
        low, high, _ = flysight.RANGES[column]
        _require(bool(np.all((values >= low) & (values <= high))), f"{column} out of range")
    _require(bool(np.all(np.diff(log.time_utc_s) > 0)), "times not increasing")
    jump = flysight.find_jump(log)
    _require(jump.kind in flysight.FLIGHT_KINDS, "unknown kind")
    _require(math.isfinite(jump.exit_altitude_m), "exit altitude not finite")
    if jump.kind == flysight.FREE_FALL:
        return
    try:  # any other kind must be refused by the fit
        flysight.fit_cda_per_kg(jump)
    except InputError:
        return
    raise InvariantError(f"a {jump.kind} log was fitted")


def _gridded_targets(folder: Path) -> list[Target]:
    """GRIB and NetCDF targets, if their readers are installed."""
    targets = []
    try:
        import eccodes  # noqa: F401
        import xarray  # noqa: F401

        from duskfall.io import gridded
    except ImportError:
        return targets

    def reader(suffix: str):
        def read(path: Path):
            return gridded.read_gridded(path, 24.4, 54.6, 1520676000.0)  # 2018-03-10T10Z

        return _in_file(folder, "forecast" + suffix, read)

    seed = folder / "seed.grib2"
    _write_grib(seed)
    targets.append(Target("gridded GRIB2", [seed.read_bytes()], reader(".grib2"), weight=0.02))
    netcdf = folder / "seed.nc"
    _write_netcdf(netcdf)
    targets.append(Target("gridded NetCDF", [netcdf.read_bytes()], reader(".nc"), weight=0.1))
    return targets


def _write_grib(path: Path) -> None:
    """u, v and gh on three pressure levels at steps 3 and 6 h of a 2018-03-10 06 UTC run,
    on a 3 x 3 grid of 0.5 degrees around 24.5 N 54.5 E (ecCodes' own GRIB2 sample)."""
    import eccodes

    keys = {"centre": "kwbc", "dataDate": 20180310, "dataTime": 600, "Ni": 3, "Nj": 3,
            "latitudeOfFirstGridPointInDegrees": 25.0, "longitudeOfFirstGridPointInDegrees": 54.0,
            "latitudeOfLastGridPointInDegrees": 24.0, "longitudeOfLastGridPointInDegrees": 55.0,
            "iDirectionIncrementInDegrees": 0.5, "jDirectionIncrementInDegrees": 0.5,
            "typeOfLevel": "isobaricInhPa", "stepUnits": 1}  # fmt: skip
    with open(path, "wb") as out:
        for step in (3, 6):
            for level, height in ((1000, 100.0), (850, 1500.0), (500, 5800.0)):
                for name, value in (("u", 5.0 + step), ("v", 0.0), ("gh", height)):
                    handle = eccodes.codes_grib_new_from_samples("regular_ll_pl_grib2")
                    for key, item in {**keys, "level": level, "shortName": name,
                                      "forecastTime": step}.items():  # fmt: skip
                        if isinstance(item, str):
                            eccodes.codes_set_string(handle, key, item)
                        elif isinstance(item, float):
                            eccodes.codes_set_double(handle, key, item)
                        else:
                            eccodes.codes_set_long(handle, key, item)
                    eccodes.codes_set_values(handle, np.full(9, value))
                    eccodes.codes_write(handle, out)
                    eccodes.codes_release(handle)


def _write_netcdf(path: Path) -> None:
    import xarray

    shape = (2, 3, 2, 2)
    heights = np.array([100.0, 1500.0, 5800.0])[None, :, None, None]
    dims = ("time", "level", "latitude", "longitude")
    xarray.Dataset(
        {
            "u": (dims, np.full(shape, 5.0), {"standard_name": "eastward_wind"}),
            "v": (dims, np.zeros(shape), {"standard_name": "northward_wind"}),
            "z": (
                dims,
                np.broadcast_to(heights * 9.80665, shape),
                {"standard_name": "geopotential"},
            ),
        },
        coords={
            "time": np.array(["2018-03-10T09:00", "2018-03-10T12:00"], dtype="datetime64[ns]"),
            "level": [1000, 850, 500],
            "latitude": [24.0, 25.0],
            "longitude": [54.0, 55.0],
        },
    ).to_netcdf(path, engine="scipy")


def targets(folder: Path, corpus: list[bytes], kind: list[str]) -> list[Target]:
    """Every parser with its seeds (and the ``--corpus`` files, for the file readers)."""
    fs = [_flysight_seed(1), _flysight_seed(2)]
    files = corpus or []
    return [
        Target("units.parse_quantity", QUANTITIES, _quantity(kind), weight=1.5),
        Target("units.parse_altitude", QUANTITIES, _altitude),
        Target("units.parse_wind", WINDS, _wind),
        Target("io.text.parse_toml", [TOML_TABLE, SCENARIO_TOML],
               lambda d: text.parse_toml(_text(d), "t.toml", "x")),
        Target("io.text.parse_json", [SCENARIO_JSON],
               lambda d: text.parse_json(_text(d), "t.json", "x")),
        Target("io.scenario.load_mapping (TOML)", [SCENARIO_TOML], _scenario(folder, ".toml")),
        Target("io.scenario.load_mapping (JSON)", [SCENARIO_JSON], _scenario(folder, ".json")),
        Target("io.windtable.read_wind_csv", [CSV_TABLE],
               _in_file(folder, "w.csv", windtable.read_wind_csv), weight=1.5),
        Target("io.windtable.read_wind_toml", [TOML_TABLE],
               _in_file(folder, "w.toml", windtable.read_wind_toml), weight=1.5),
        Target("io.soundings.read_sounding", [UWYO, GSL, *files],
               _in_file(folder, "s.txt", lambda p: soundings.read_sounding(p, (24.4, 54.6))),
               weight=1.5),
        Target("io.soundings.parse_uwyo", [UWYO], _sounding_text(soundings.parse_uwyo)),
        Target("io.soundings.parse_gsl", [GSL], _sounding_text(soundings.parse_gsl)),
        Target("io.flysight.parse_flysight+find_jump", [*fs, *files], _flysight, weight=1.0),
        Target("io.flysight.read_flysight", fs,
               _in_file(folder, "TRACK.CSV", flysight.read_flysight), weight=0.3),
        *_gridded_targets(folder),
    ]  # fmt: skip


def _signature(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f for f in reversed(frames) if "duskfall" in f.filename), frames[-1])
    return f"{type(error).__name__} at {Path(where.filename).name}:{where.lineno} ({where.name})"


def run(
    inputs: int, seed: int, corpus: list[bytes], save: Path | None, only: str | None = None
) -> int:
    rng = random.Random(seed)
    kind = [next(iter(UNITS))]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        all_targets = [t for t in targets(folder, corpus, kind) if only is None or only in t.name]
        if not all_targets:
            print(f"no parser's name contains {only!r}", file=sys.stderr)
            return 2
        weights = [t.weight for t in all_targets]
        start = time.perf_counter()
        for count in range(inputs):
            target = rng.choices(all_targets, weights)[0]
            kind[0] = rng.choice(sorted(UNITS))
            base = rng.choice(target.seeds)
            data = base if rng.random() < 0.02 else mutate(rng, base, target.seeds)
            target.tried += 1
            began = time.perf_counter()
            try:
                target.run(data)
                target.accepted += 1
            except InputError as error:
                target.refused += 1
                if "\n" in str(error):
                    target.failed += 1
                    target.failures.setdefault("InputError of more than one line", ("", data))
            except Exception as error:  # anything else is a failure: the point of the script
                target.failed += 1
                target.failures.setdefault(_signature(error), (repr(error)[:200], data))
            target.seconds += time.perf_counter() - began
            if (count + 1) % 10_000 == 0:
                elapsed = time.perf_counter() - start
                print(f"  {count + 1:,} inputs, {elapsed:.0f} s", file=sys.stderr, flush=True)
        elapsed = time.perf_counter() - start
    return _report(all_targets, inputs, seed, elapsed, save)


def _report(all_targets: list[Target], inputs: int, seed: int, elapsed: float, save) -> int:
    print(f"duskfall parser fuzz: {inputs:,} inputs, seed {seed}, {elapsed:.1f} s")
    print(
        f"{'parser':40s} {'inputs':>8s} {'accepted':>9s} {'InputError':>11s} {'failures':>9s} "
        f"{'time':>7s}"
    )
    totals = Counter()
    for t in all_targets:
        print(
            f"{t.name:40s} {t.tried:8,d} {t.accepted:9,d} {t.refused:11,d} {t.failed:9,d} "
            f"{t.seconds:6.1f}s"
        )
        totals.update(tried=t.tried, accepted=t.accepted, refused=t.refused, failed=t.failed)
    print(f"{'total':40s} {totals['tried']:8,d} {totals['accepted']:9,d} "
          f"{totals['refused']:11,d} {totals['failed']:9,d}")  # fmt: skip
    number = 0
    for t in all_targets:
        for signature, (message, data) in t.failures.items():
            number += 1
            print(
                f"\nfailure {number}: {t.name}: {signature}\n  {message}\n  input: {data[:300]!r}"
            )
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"failure-{number}.bin").write_bytes(data)
    return 1 if totals["failed"] else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to try (100,000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator (0)")
    parser.add_argument(
        "--corpus", type=Path, action="append", default=[],
        help="a folder of extra seed files (soundings, FlySight logs); may be repeated",
    )  # fmt: skip
    parser.add_argument("--save", type=Path, help="write the failing inputs to this folder")
    parser.add_argument("--only", help="fuzz only the parsers whose name contains this text")
    args = parser.parse_args(argv)
    corpus = [p.read_bytes()[: 2**20] for folder in args.corpus for p in sorted(folder.iterdir())
              if p.is_file()]  # fmt: skip
    return run(args.inputs, args.seed, corpus, args.save, args.only)


if __name__ == "__main__":
    raise SystemExit(main())
