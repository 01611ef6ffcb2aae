"""The atlas, against the single-site planner, at the poles, and on a Dask cluster.

Authorities: :func:`duskfall.planning.make_plan` (Brent's method on the full model along
the whole action) at sampled cells and days; the Sun's declination at the solstices for
the polar rows (midnight sun and polar night are facts of geometry, not of the solver);
the same computation on local threads and on a ``dask.distributed`` cluster of worker
processes, which must agree bit for bit.
"""

import datetime as dt

import numpy as np
import pytest

xr = pytest.importorskip("xarray")
pytest.importorskip("dask")

from conftest import make_jump  # noqa: E402
from duskfall import atlas, atmosphere, planning  # noqa: E402
from duskfall.constants import FOOT_M, KNOT_MPS  # noqa: E402
from duskfall.errors import InputError  # noqa: E402

EXIT_M = 25_000 * FOOT_M
AGL_M = 4_000 * FOOT_M
TAS_MPS = atmosphere.true_airspeed_mps(130 * KNOT_MPS, EXIT_M)

SAME_WINDOW_S = 0.05
"""The atlas's window length against the planner's: both solve the same edges (0.01 s);
the atlas stores float32 seconds (1 ms at 10,000 s)."""

DATES = np.array(
    ["2026-01-15", "2026-03-20", "2026-05-02", "2026-06-21", "2026-09-23", "2026-12-21"],
    dtype="datetime64[D]",
)


def make(at="dusk", band="lowsun", grid=10.0, dates=DATES, **kwargs):
    body = {k: kwargs.pop(k) for k in ("mass_kg", "posture", "cda_m2") if k in kwargs}
    jump = make_jump(EXIT_M, kwargs.pop("deploy_altitude_m", 1000.0), aircraft_speed_mps=TAS_MPS)
    jump = jump.with_body(**body)
    return atlas.make_atlas(
        jump,
        band,
        deploy_altitude_agl_m=kwargs.pop("deploy_altitude_agl_m", AGL_M),
        dates=dates,
        at=at,
        grid_deg=grid,
        **kwargs,
    )


def plan_at(lat, lon, date, at, band):
    scenario = planning.make_scenario(
        {
            "site": {"latitude_deg": lat, "longitude_deg": lon, "ground_elevation_m": 0.0},
            "date": date,
            "at": at,
            "light": band,
            "exit_altitude_m": EXIT_M,
            "deploy_altitude_m": AGL_M,
            "jumpers": [{"mass_kg": 90.0}],
            "aircraft": {"true_airspeed_mps": TAS_MPS},
            "members": 0,
        }
    )
    return planning.make_plan(scenario)


def expected_status(plan):
    window = plan.exit_window
    if window is None:
        return 2 if plan.light_window is None else 1
    opened, closed = window.start_utc_s is None, window.end_utc_s is None
    return {(False, False): 0, (True, False): 3, (False, True): 4, (True, True): 5}[
        (opened, closed)
    ]


@pytest.fixture(scope="module", params=["dusk", "dawn"])
def computed(request):
    return request.param, atlas.compute_atlas(make(at=request.param))


def test_atlas_agrees_with_the_single_site_plan_at_sampled_cells(computed):
    at, result = computed
    rng = np.random.default_rng(5)
    for _ in range(10):
        i = int(rng.integers(DATES.size))
        j = int(rng.integers(3, 15))  # 55 S to 55 N
        k = int(rng.integers(result.lon.size))
        lat, lon = float(result.lat[j]), float(result.lon[k])
        plan = plan_at(lat, lon, DATES[i].astype(dt.date), at, "lowsun")
        status = int(result.status[i, j, k])
        assert status == expected_status(plan), (lat, lon, DATES[i])
        length = float(result.exit_window_s[i, j, k])
        if status == 0:
            assert length == pytest.approx(plan.exit_window.duration_s, abs=SAME_WINDOW_S)
            band = plan.light_window.duration_s
            assert float(result.light_window_s[i, j, k]) == pytest.approx(band, abs=SAME_WINDOW_S)
        elif status in (1, 2):
            assert length == 0.0


def test_polar_rows_are_honest():
    """At 85 N on the June solstice the Sun circles 18 to 28 deg up: no low sun at all
    (no window, as data), and the sunlit band holds all day (a whole-day window); at the
    December solstice it stays 18 to 28 deg down: no sunlit band. The planner agrees."""
    solstices = np.array(["2026-06-21", "2026-12-21"], dtype="datetime64[D]")
    low = atlas.compute_atlas(make(dates=solstices, grid=10.0))
    lit = atlas.compute_atlas(make(dates=solstices, band="sunlit", grid=10.0))
    north, south = -1, 0  # rows at 85 N and 85 S
    assert (low.status[:, north, :] == 2).all()  # no_light, summer and winter
    assert (low.exit_window_s[:, north, :] == 0).all()
    assert (lit.status[0, north, :] == 5).all()  # whole_half_day under the midnight sun
    assert np.isnan(lit.exit_window_s[0, north, :]).all()
    assert (lit.status[1, north, :] == 2).all()  # polar night
    assert (lit.status[1, south, :] == 5).all()  # and the mirror in the south
    assert (lit.status[0, south, :] == 2).all()
    assert expected_status(plan_at(85.0, 5.0, dt.date(2026, 6, 21), "dusk", "sunlit")) == 5
    assert expected_status(plan_at(85.0, 5.0, dt.date(2026, 6, 21), "dusk", "lowsun")) == 2
    flags = lit["status"].attrs
    assert flags["flag_meanings"].split()[5] == "whole_half_day"
    assert list(flags["flag_values"]) == [0, 1, 2, 3, 4, 5]


def test_dataset_layout_and_chunks():
    lazy = make(grid=30.0, lat_chunk=2)
    assert dict(lazy.sizes) == {"date": DATES.size, "lat": 6, "lon": 12}
    assert lazy["exit_window_s"].data.chunks[1] == (2, 2, 2)
    assert lazy["exit_window_s"].dtype == np.float32
    assert lazy["status"].dtype == np.int8
    np.testing.assert_allclose(lazy.lat, [-75, -45, -15, 15, 45, 75])
    assert lazy.attrs["light_band"] == "lowsun"
    assert lazy["exit_window_s"].attrs["units"] == "s"


def test_ground_elevation_per_cell_moves_the_opening():
    # High terrain: the same 4,000 ft AGL opening is higher up, the fall shorter, the
    # horizon lower; the window at a 2,000 m plateau is the planner's for that ground.
    ground = np.zeros((6, 12))
    ground[4, 3] = 2000.0
    result = atlas.compute_atlas(make(grid=30.0, ground_elevation_m=ground))
    assert float(result.deploy_altitude_m[4, 3]) == pytest.approx(2000.0 + AGL_M)
    scenario = planning.make_scenario(
        {
            "site": {"latitude_deg": 45.0, "longitude_deg": -75.0, "ground_elevation_m": 2000.0},
            "date": dt.date(2026, 3, 20),
            "light": "lowsun",
            "exit_altitude_m": EXIT_M,
            "deploy_altitude_m": 2000.0 + AGL_M,
            "jumpers": [{"mass_kg": 90.0}],
            "aircraft": {"true_airspeed_mps": TAS_MPS},
            "members": 0,
        }
    )
    plan = planning.make_plan(scenario)
    assert float(result.exit_window_s[1, 4, 3]) == pytest.approx(
        plan.exit_window.duration_s, abs=SAME_WINDOW_S
    )
    assert float(result.exit_window_s[1, 4, 3]) != float(result.exit_window_s[1, 4, 4])


@pytest.mark.slow
def test_local_cluster_of_processes_gives_identical_results():
    distributed = pytest.importorskip("distributed")
    lazy = make(grid=15.0, dates=DATES[:3], lat_chunk=3)
    local = atlas.compute_atlas(lazy)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = atlas.compute_atlas(lazy, scheduler=client)
        by_address = atlas.compute_atlas(lazy, scheduler=cluster.scheduler_address)
    xr.testing.assert_identical(local, remote)
    xr.testing.assert_identical(local, by_address)
    serial = atlas.compute_atlas(lazy, scheduler="synchronous")
    xr.testing.assert_identical(local, serial)


# --- Bad input -----------------------------------------------------------------------------------


def test_grid_finer_than_a_hundredth_needs_an_override():
    with pytest.raises(InputError) as error:
        atlas.atlas_grid(0.005)
    assert error.value.field == "grid"
    lat, lon = atlas.atlas_grid(0.005, allow_fine_grid=True)
    assert lat.size == 36_000
    assert lon.size == 72_000


@pytest.mark.parametrize("grid", [7.0, 0.0, -1.0, 100.0, float("nan")])
def test_bad_grids(grid):
    with pytest.raises(InputError) as error:
        atlas.atlas_grid(grid)
    assert error.value.field == "grid"


def test_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(InputError) as error:
        atlas.connect_scheduler("tcp://127.0.0.1:9", timeout_s=0.5)
    assert error.value.field == "scheduler"
    assert "cannot be reached" in str(error.value)
    with pytest.raises(InputError, match="is not a scheduler address"):
        atlas.connect_scheduler("localhost:8786")


@pytest.mark.parametrize(
    ("greeting", "reason"),
    [(None, "sent no Dask handshake"), (b"SSH-2.0-OpenSSH_9.6\r\n", "is not a Dask scheduler")],
)
def test_a_tcp_service_that_is_not_dask_is_refused_in_time(greeting, reason):
    """A silent server (HTTP waits for a request) or a banner is refused within the timeout."""
    import socket
    import threading

    pytest.importorskip("distributed")
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted = []

    def serve():
        conn, _ = server.accept()
        accepted.append(conn)
        if greeting is not None:
            conn.sendall(greeting)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with pytest.raises(InputError, match=reason) as error:
            atlas.connect_scheduler(f"tcp://127.0.0.1:{port}", timeout_s=0.5)
        assert error.value.field == "scheduler"
    finally:
        thread.join(timeout=2)
        for conn in accepted:
            conn.close()
        server.close()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"deploy_altitude_agl_m": 9000.0}, "deploy_altitude_agl_m"),
        ({"deploy_altitude_m": 9000.0, "deploy_altitude_agl_m": None}, "deploy_altitude_m"),
        ({"dates": DATES, "year": 2026}, "dates"),
        ({"year": 2200}, "year"),
        ({"posture": "cartwheel"}, "posture"),
        ({"at": "noon"}, "at"),
        ({"band": "purple"}, "light"),
        ({"ground_elevation_m": 12_000.0}, "ground_elevation_m"),
    ],
)
def test_bad_atlas_inputs_name_the_field(arguments, field):
    base = {"deploy_altitude_agl_m": AGL_M, "dates": DATES, "grid_deg": 30.0}
    base.update(arguments)
    if "year" in arguments and "dates" not in arguments:
        base.pop("dates")
    band = base.pop("band", "lowsun")
    jump = make_jump(EXIT_M, base.pop("deploy_altitude_m", 1000.0), aircraft_speed_mps=TAS_MPS)
    jump = jump.with_body(posture=base.pop("posture", "belly"))
    with pytest.raises(InputError) as error:
        atlas.make_atlas(jump, band, **base)
    assert error.value.field == field
