"""Shared fixtures: the test-only oracles and the reference data."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

#: The real FlySight logs shipped beside the repository (never copied into it).
FLYSIGHT_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference" / "flysight"

ONE_SECOND = 1.0
ONE_METRE = 1.0


@pytest.fixture(scope="session")
def skyfield_sun():
    """Skyfield with the JPL DE421 ephemeris, loaded offline from skyfield-data.

    Returns a function ``(latitude_deg, longitude_deg) -> (timescale, observer, sun)``.
    skyfield-data warns when its bundled files pass a date read from the clock; that
    warning says nothing about the years used here (DE421 covers 1900-2050), so it is
    silenced while loading.
    """
    skyfield_api = pytest.importorskip("skyfield.api")
    skyfield_data = pytest.importorskip("skyfield_data")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        path = skyfield_data.get_skyfield_data_path()
    loader = skyfield_api.Loader(path)
    ephemeris = loader("de421.bsp")
    timescale = loader.timescale(builtin=True)

    def observer(latitude_deg, longitude_deg, elevation_m=0.0):
        place = skyfield_api.wgs84.latlon(latitude_deg, longitude_deg, elevation_m=elevation_m)
        return timescale, ephemeris["earth"] + place, ephemeris["sun"], ephemeris

    yield observer
    ephemeris.close()


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden output files under tests/golden/ instead of comparing.",
    )


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")
    folder = Path(__file__).parent / "golden"

    def check(name: str, text: str) -> None:
        path = folder / name
        if update:
            folder.mkdir(exist_ok=True)
            path.write_text(text)
            return
        assert path.exists(), f"missing golden file {name}: run pytest --update-golden"
        assert text == path.read_text(), f"output differs from golden file {name}"

    return check


def make_jump(
    exit_altitude_m,
    deploy_altitude_m,
    ground_elevation_m=0.0,
    mass_kg=90.0,
    cda_m2=None,
    posture="belly",
    aircraft_speed_mps=0.0,
    aircraft_heading_deg=0.0,
    wind=None,
    *,
    canopy="ram-air",
    canopy_heading_deg=None,
    exit_time_utc_s=None,
    exit_east_m=0.0,
    exit_north_m=0.0,
    air=None,
):
    """A :class:`duskfall.fall.Jump` from the flat keywords the tests read best with."""
    from duskfall.fall import Body, Exit, Jump

    return Jump(
        exit=Exit(
            exit_altitude_m,
            airspeed_mps=aircraft_speed_mps,
            heading_deg=aircraft_heading_deg,
            time_utc_s=exit_time_utc_s,
            east_m=exit_east_m,
            north_m=exit_north_m,
        ),
        deploy_altitude_m=deploy_altitude_m,
        body=Body(mass_kg, posture, cda_m2),
        ground_elevation_m=ground_elevation_m,
        canopy=canopy,
        canopy_heading_deg=canopy_heading_deg,
        wind=wind,
        air=air,
    )


def simulate(*args, sample_interval_s=0.5, **kwargs):
    """:func:`duskfall.fall.simulate_jump` of :func:`make_jump`."""
    from duskfall.fall import simulate_jump

    return simulate_jump(make_jump(*args, **kwargs), sample_interval_s=sample_interval_s)


def simulate_many(*args, **kwargs):
    """:func:`duskfall.fall.simulate_ensemble` of :func:`make_jump` (fields may be arrays)."""
    from duskfall.fall import simulate_ensemble

    return simulate_ensemble(make_jump(*args, **kwargs))
