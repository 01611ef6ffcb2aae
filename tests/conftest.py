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
