"""The figures and the series behind them.

Authorities:
- The exit window found by :func:`duskfall.light.find_exit_window` (Brent's method on the
  light margin along the whole action): at the window's first exit the action touches
  the band's upper edge at the exit altitude, at its last exit the action's end touches
  the lower edge. The series finds band-edge altitudes by another route (inverting the
  horizon table), so the two must agree.
- :func:`duskfall.light.shadow_altitude_m`, found by bisection: the series' sunset edge
  is the same curve.
- The ICAO standard atmosphere table (Doc 7488): density ratio 0.4481 at 25,000 ft, so
  130 KEAS is 194.2 KTAS there; in calm air that is the jump run's ground speed.
- The scenario's own wind table at its levels (from 290 deg at 55 kt at 25,000 ft).
- Okabe and Ito (2008), Color Universal Design: the palette every figure uses.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D

from duskfall import light
from duskfall.constants import FOOT_M, KNOT_MPS, NAUTICAL_MILE_M
from duskfall.io.scenario_file import example_mapping, scenario_from_mapping
from duskfall.light import band_edge_altitude_m
from duskfall.planning import make_plan
from duskfall.planning.figure_data import (
    SUNSET_EDGE_DEG,
    make_light_series,
    make_track_series,
)
from duskfall.reports import figures

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "figures"
ONE_METRE = 1.0
ONE_THOUSANDTH_DEGREE = 1e-3
TENTH_KNOT = 0.1 * KNOT_MPS
# ICAO tabulates at geopotential 25,000 ft; an exit at geometric 25,000 ft is 30 ft lower
# in geopotential, where the density is 0.1 % higher and the true airspeed 0.1 kt lower.
FIFTH_KNOT = 0.2 * KNOT_MPS
TEST_DPI = 60  # small PNGs: the tests check structure, not looks
HUNDREDTH_DEGREE = 0.01
ONE_PERCENT = 0.01

WINDS = "0ft:200@8kt,5000ft:240@18kt,10000ft:270@30kt,18000ft:280@45kt,25000ft:290@55kt"

ALLOWED_COLOURS = {c.lower() for c in figures.OKABE_ITO.values()} | {
    "#ffffff",
    "#595959",  # "0.35": grey reference lines
    "#4d4d4d",  # "0.3"
}


def _plan(*changes):
    """The seed scenario with ``(section, key, value)`` changes; a jumper is appended."""
    mapping = example_mapping()
    for section, key, value in changes:
        if section == "jumpers":
            mapping["jumpers"].append(value)
        else:
            mapping.setdefault(section, {})[key] = value
    return make_plan(scenario_from_mapping(mapping))


@pytest.fixture(scope="module")
def seed_plan():
    return _plan()


@pytest.fixture(scope="module")
def seed_series(seed_plan):
    return make_light_series(seed_plan)


@pytest.fixture(scope="module")
def windy_plan():
    """Winds aloft and a camera flyer in a sit."""
    return _plan(
        ("winds", "levels", WINDS),
        ("jumpers", None, {"name": "camera", "mass": "95kg", "posture": "sit"}),
    )


def _save(figure, name: str) -> None:
    """Keep PNG and SVG as test artefacts, and check both formats."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = figures.save_figure(figure, ARTIFACTS / f"{name}.png", dpi=TEST_DPI)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = figures.save_figure(figure, ARTIFACTS / f"{name}.svg")
    root = ElementTree.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")


def _local_hours(ax) -> set[int]:
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels
    return {int(text.split(":")[0]) for text in labels}


def _line_colours(figure) -> set[str]:
    return {
        to_hex(line.get_color()).lower()
        for ax in figure.axes
        for line in ax.get_lines()
        if isinstance(line, Line2D)
    }


# --- Series --------------------------------------------------------------------------------


def test_edge_altitudes_invert_the_light_scale(seed_plan, seed_series):
    """At the altitude the series gives for an edge, the light module's own scale says the
    Sun is on that edge."""
    site = seed_plan.scenario.site
    for elevation, edge in seed_series.edges.items():
        inside = np.isfinite(edge.altitude_m) & (edge.altitude_m > site.ground_elevation_m + 1)
        if not inside.any():
            continue
        back = light.sun_above_horizon_deg(
            seed_series.time_utc_s[inside],
            site.latitude_deg,
            site.longitude_deg,
            edge.altitude_m[inside],
            site.ground_elevation_m,
        )
        assert np.max(np.abs(back - elevation)) < ONE_THOUSANDTH_DEGREE


def test_sunset_edge_is_the_shadow_altitude_of_the_bisection(seed_series):
    shadow = seed_series.shadow_altitude_m
    edge = seed_series.edges[SUNSET_EDGE_DEG].altitude_m
    finite = np.isfinite(shadow)
    assert finite.any()
    assert not finite.all()  # the shadow climbs above the ceiling before the series ends
    assert np.array_equal(np.isinf(edge), ~finite)
    assert np.max(np.abs(shadow[finite] - edge[finite])) < ONE_METRE


def test_exit_window_edges_graze_the_band_edges(seed_plan):
    """Dusk: the first exit leaves with the Sun on the band's upper edge at the exit
    altitude; the last exit's action ends with the Sun on the lower edge."""
    scenario = seed_plan.scenario
    site = scenario.site
    where = (site.latitude_deg, site.longitude_deg, site.ground_elevation_m)
    window = seed_plan.exit_window
    band = scenario.band
    upper = band_edge_altitude_m(window.start_utc_s, band.upper_deg, *where)
    assert isinstance(upper, float)
    assert abs(upper - scenario.exit_altitude_m) < ONE_METRE
    action_s, action_m = seed_plan.trajectory.action_segment(scenario.action_end_altitude_m)
    lower = band_edge_altitude_m(window.end_utc_s + action_s[-1], band.lower_deg, *where)
    assert abs(lower - action_m[-1]) < ONE_METRE


def test_band_edge_is_vectorised_and_scalar_for_scalar(seed_plan):
    site = seed_plan.scenario.site
    where = (site.latitude_deg, site.longitude_deg, site.ground_elevation_m)
    t = seed_plan.exit_time_utc_s
    many = band_edge_altitude_m(np.array([t, t + 60.0]), SUNSET_EDGE_DEG, *where)
    assert many.shape == (2,)
    assert band_edge_altitude_m(t, SUNSET_EDGE_DEG, *where) == pytest.approx(many[0])
    # Noon: the Sun is above every dusk edge down to the ground.
    assert band_edge_altitude_m(t - 6 * 3600.0, 6.0, *where) == site.ground_elevation_m


def test_light_series_paths_are_the_jump_in_absolute_time(seed_plan, seed_series):
    path = seed_series.paths[0]
    assert path.time_utc_s[0] == seed_plan.exit_time_utc_s
    assert path.altitude_m[0] == seed_plan.scenario.exit_altitude_m
    assert [p.label for p in seed_series.window_paths] == ["first exit", "last exit"]
    assert seed_series.time_utc_s[0] < seed_plan.exit_window.start_utc_s
    assert seed_series.time_utc_s[-1] > seed_plan.sunset_exit_utc_s


def test_calm_jump_run_ground_speed_is_the_icao_true_airspeed(seed_plan):
    track = make_track_series(seed_plan)
    icao_density_ratio_25000ft = 0.4481
    assert seed_plan.scenario.exit_altitude_m == pytest.approx(25_000 * FOOT_M)
    expected = 130.0 * KNOT_MPS / np.sqrt(icao_density_ratio_25000ft)
    assert abs(track.aircraft_ground_speed_mps - expected) < FIFTH_KNOT
    assert np.all(track.winds.speed_mps == 0.0)


def test_track_winds_follow_the_scenario_table(windy_plan):
    track = make_track_series(windy_plan)
    top = -1  # the exit altitude, a level of the table
    assert track.winds.altitude_m[top] == pytest.approx(25_000 * FOOT_M)
    assert track.winds.direction_from_deg[top] == pytest.approx(290.0, abs=0.1)
    assert track.winds.speed_mps[top] == pytest.approx(55 * KNOT_MPS, abs=TENTH_KNOT)
    # The air moves toward 110 deg: east and a little south.
    assert track.winds.east_mps[top] > 0 > track.winds.north_mps[top]


def test_track_opens_over_the_target(windy_plan):
    """The release point is chosen so that the lead's canopy opens over the target."""
    track = make_track_series(windy_plan)
    lead = track.tracks[0]
    opened = int(np.nonzero(lead.stage == 1)[0][-1])
    assert np.hypot(lead.east_m[opened], lead.north_m[opened]) < ONE_METRE
    assert len(track.tracks) == 2
    assert track.tracks[1].east_m[0] == pytest.approx(track.exit_east_m)
    assert {o.label for o in track.outlines} >= {"openings, 50 %", "openings, 95 %"}
    assert track.release is not None


# --- Figures -------------------------------------------------------------------------------


def test_light_and_fall_figure(seed_series):
    figure = figures.light_and_fall_figure(seed_series)
    ax = figure.axes[0]
    assert ax.get_title(loc="left").startswith("Light and fall")
    assert "[ft MSL]" in ax.get_ylabel()
    assert "local time" in ax.get_xlabel()
    assert "Asia/Dubai" in ax.get_xlabel()
    # Dusk in Abu Dhabi: local 17-19 h (UTC would read 13-15 h).
    assert _local_hours(ax) <= {17, 18, 19}
    assert figure.legends
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert any("shadow altitude" in label for label in labels)
    assert any("exit window" in label for label in labels)
    assert _line_colours(figure) <= ALLOWED_COLOURS
    _save(figure, "light_and_fall")


def test_light_and_fall_figure_metric(seed_series):
    figure = figures.light_and_fall_figure(seed_series, metric=True)
    assert "[m MSL]" in figure.axes[0].get_ylabel()


def test_sun_elevation_figure(seed_series):
    figure = figures.sun_elevation_figure(seed_series)
    ax = figure.axes[0]
    assert ax.get_title(loc="left")
    assert "[deg]" in ax.get_ylabel()
    assert _local_hours(ax) <= {17, 18, 19}
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("at the ground" in label for label in labels)
    assert any("at the exit altitude" in label for label in labels)
    assert _line_colours(figure) <= ALLOWED_COLOURS
    _save(figure, "sun_elevation")


def test_fall_profile_figure(windy_plan):
    figure = figures.fall_profile_figure(windy_plan)
    altitude_ax, separation_ax, speed_ax, mach_ax = figure.axes[:4]
    assert altitude_ax.get_title(loc="left").startswith("Fall profile")
    assert "[ft MSL]" in altitude_ax.get_ylabel()
    assert "separation" in separation_ax.get_ylabel()
    assert "[mph]" in speed_ax.get_ylabel()
    assert "Mach" in mach_ax.get_ylabel()
    assert "time after exit [s]" in mach_ax.get_xlabel()
    # One line per jumper in each panel (two speeds), and the deployment marked.
    assert len(altitude_ax.get_legend().get_texts()) == 2
    assert any("deployment" in t.get_text() for t in altitude_ax.texts)
    assert _line_colours(figure) <= ALLOWED_COLOURS
    _save(figure, "fall_profile")


def test_ground_track_figure(windy_plan):
    track = make_track_series(windy_plan)
    figure = figures.ground_track_figure(track)
    ax, wind_ax = figure.axes[:2]
    assert ax.get_title(loc="left").startswith("Ground track")
    assert "[km]" in ax.get_xlabel()
    assert "[km]" in ax.get_ylabel()
    assert "[ft MSL]" in wind_ax.get_ylabel()
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    for wanted in ("release point", "jump run", "green-light zone", "openings, 95 %", "target"):
        assert any(wanted in label for label in labels), wanted
    arrows = [t for t in wind_ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == np.count_nonzero(track.winds.speed_mps > 0.05)
    assert any("from 290° 55 kt" in t.get_text() for t in wind_ax.texts)
    assert _line_colours(figure) <= ALLOWED_COLOURS
    _save(figure, "ground_track")
    nautical = figures.ground_track_figure(track, nautical=True)
    assert "[NM]" in nautical.axes[0].get_xlabel()


def test_dawn_figures():
    plan = _plan(("attempt", "at", "dawn"))
    series = make_light_series(plan)
    assert series.at == "dawn"
    figure = figures.light_and_fall_figure(series)
    texts = " ".join(t.get_text() for t in figure.axes[0].texts)
    assert "sunrise" in texts
    assert _local_hours(figure.axes[0]) <= {5, 6, 7}
    _save(figure, "light_and_fall_dawn")


def test_a_long_golden_hour_gets_clock_ticks_without_warnings():
    """At 69.68 N on 1 March the golden band lasts two hours at 4,000 m: the time axis
    spans about 2.5 h, too short for three hourly ticks and too long for a phone's six
    half-hourly ones; it is ticked every 20 or 60 minutes, silently (matplotlib warned
    there, 16 times in a report)."""
    import warnings

    plan = _plan(
        ("site", "lat", 69.68),
        ("site", "lon", 18.92),
        ("attempt", "date", "2024-03-01"),
        ("attempt", "light", "golden"),
        ("jump", "exit_altitude", "4000m"),
        ("jump", "deploy_altitude", "1000mAGL"),
    )
    series = make_light_series(plan)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = figures.light_and_fall_figure(series, layout="phone")  # 6 ticks at most
        figure.canvas.draw()
        minutes = {
            int(t.get_text().split(":")[1])
            for t in figure.axes[0].get_xticklabels()
            if t.get_text()
        }
    assert minutes <= {0, 20, 40}


def test_svg_carries_no_date(seed_series):
    """The library never reads the clock: no creation date in the SVG's metadata."""
    figure = figures.sun_elevation_figure(seed_series)
    assert b"<dc:date>" not in figures.figure_bytes(figure, "svg")
    with pytest.raises(ValueError, match="png or svg"):
        figures.figure_bytes(figure, "jpeg")


def test_matplotlib_is_not_imported_by_the_cli_or_the_figures_module():
    code = (
        "import sys, duskfall.cli, duskfall.reports.figures, duskfall.reports.html; "
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- What a reader saw wrong -------------------------------------------------------------------


LONG_NAME = (
    "Liwa Oasis desert drop zone, Al Dhafra Region, Emirate of Abu Dhabi, United Arab Emirates"
)


def test_dawn_legend_says_nothing_of_sunset():
    series = make_light_series(_plan(("attempt", "at", "dawn")))
    figure = figures.light_and_fall_figure(series)
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert not any("set" in label.lower() for label in labels), labels
    assert any("before sunrise" in label for label in labels)


@pytest.mark.parametrize("layout", ["wide", "phone"])
def test_a_long_site_name_stays_clear_of_the_winds_title(layout):
    plan = _plan(("site", "name", LONG_NAME))
    figure = figures.ground_track_figure(make_track_series(plan), layout=layout)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ground, winds = figure.axes[:2]
    title = ground.title if ground.title.get_text() else ground._left_title
    box = ground._left_title.get_window_extent(renderer)
    other = winds._left_title.get_window_extent(renderer)
    assert "Liwa Oasis" in ground._left_title.get_text()
    assert not box.overlaps(other)
    assert box.x1 <= figure.bbox.x1
    assert title is not None


def test_fall_profile_runs_until_the_canopy_lands(windy_plan):
    figure = figures.fall_profile_figure(windy_plan)
    altitude_ax = figure.axes[0]
    landing = max(t.landing_time_s for t in windy_plan.trajectories)
    assert altitude_ax.get_xlim()[1] >= landing
    ends = [line.get_xdata()[-1] for line in altitude_ax.get_lines() if len(line.get_xdata()) > 2]
    assert max(ends) == pytest.approx(landing)


# --- The Sun's direction, seen from above ----------------------------------------------------


def _page_azimuth_deg(line) -> float:
    """The direction of a drawn line from its first to its last point, on the page,
    clockwise from straight up [deg]."""
    xy = line.get_transform().transform(np.column_stack(line.get_data()))
    east, up = xy[-1] - xy[0]
    return float(np.degrees(np.arctan2(east, up)) % 360.0)


def _by_gid(ax, gid: str):
    (found,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return found


def _angle_deg(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


@pytest.fixture(scope="module")
def camera_plan():
    """A camera flyer in a sit who leaves 3 s after the performer, winds aloft, a lens."""
    return _plan(
        ("winds", "levels", WINDS),
        ("camera", "field_of_view", 70),
        ("jumpers", None, {"name": "camera", "mass": "95kg", "posture": "sit", "exit_delay": "3s"}),
    )


@pytest.mark.parametrize("layout", ["wide", "phone"])
def test_sun_rays_point_at_the_sun_on_a_north_up_map(seed_plan, layout):
    """The seed flies a 270° jump run into a Sun at about 265° (the Sun's place by ERFA,
    checked against skyfield in test_sun_oracle): on the page, north is up and each ray
    leaves its point in the Sun's azimuth, the jump run in its track."""
    track = make_track_series(seed_plan)
    figure = figures.sun_direction_figure(track, seed_plan.sun, layout=layout)
    figure.canvas.draw()
    ax = figure.axes[0]
    north = ax.transData.transform([(0.0, 0.0), (0.0, 1.0)])
    assert north[1][0] == pytest.approx(north[0][0])
    assert north[1][1] > north[0][1]
    exit_ray, deployment_ray = _by_gid(ax, "sun-exit"), _by_gid(ax, "sun-deployment")
    sun = seed_plan.sun
    assert _angle_deg(_page_azimuth_deg(exit_ray), sun.exit.azimuth_deg) < HUNDREDTH_DEGREE
    assert (
        _angle_deg(_page_azimuth_deg(deployment_ray), sun.deployment.azimuth_deg) < HUNDREDTH_DEGREE
    )
    assert 260.0 < sun.exit.azimuth_deg < 270.0
    per = NAUTICAL_MILE_M
    assert exit_ray.get_xydata()[0] == pytest.approx([track.exit_east_m / per, 0.0], abs=1e-9)
    lead = track.tracks[0]
    assert deployment_ray.get_xydata()[0] == pytest.approx(
        [lead.deploy_east_m / per, lead.deploy_north_m / per], abs=1e-9
    )
    run = _page_azimuth_deg(_by_gid(ax, "jump-run"))
    assert _angle_deg(run, seed_plan.release.jump_run_track_deg_true) < HUNDREDTH_DEGREE
    # The north arrow's head is straight above its "N".
    (arrow,) = [t for t in ax.texts if t.get_text() == "N"]
    tip = ax.transAxes.transform(arrow.xy)
    assert arrow.xyann[0] == 0
    assert arrow.xyann[1] < 0
    assert tip[1] > 0
    # The title words the Sun against the run: 265° against 270° is ahead and to the left.
    relative = sun.exit.relative_to_jump_run_deg
    assert relative < 0
    title = " ".join(ax.get_title(loc="left").split())
    assert f"ahead, {abs(relative):.1f}° left of the jump run" in title


def _scale_bar(ax):
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    (bar,) = [a for a in ax.artists if isinstance(a, AnchoredSizeBar)]
    return bar


def test_the_scale_bar_measures_the_release_point(seed_plan):
    """Measured with its own scale bar, the map puts the release point as far from the
    target as the plan says (0.46 NM), to the pixel."""
    track = make_track_series(seed_plan)
    figure = figures.sun_direction_figure(track, seed_plan.sun)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    bar = _scale_bar(ax)
    text = bar.txt_label.get_text()
    value, unit = text.split()
    assert unit == "NM"
    (rectangle,) = bar.size_bar.get_children()
    pixels_per_nm = rectangle.get_window_extent(renderer).width / float(value)
    points = ax.transData.transform(
        [(0.0, 0.0), (track.exit_east_m / NAUTICAL_MILE_M, track.exit_north_m / NAUTICAL_MILE_M)]
    )
    measured_nm = float(np.hypot(*(points[1] - points[0]))) / pixels_per_nm
    expected_nm = seed_plan.release.release_point.distance_m / NAUTICAL_MILE_M
    assert measured_nm == pytest.approx(expected_nm, rel=ONE_PERCENT)


def test_wind_arrows_point_downwind(camera_plan):
    """A wind from 290° blows toward 110°: every arrow of the winds panel points where the
    air goes and is labelled with where it comes from (the forecasts' convention)."""
    track = make_track_series(camera_plan)
    for figure in (
        figures.sun_direction_figure(track, camera_plan.sun),
        figures.ground_track_figure(track),
    ):
        wind_ax = figure.axes[1]
        arrows = [t for t in wind_ax.texts if getattr(t, "arrow_patch", None) is not None]
        names = [t.get_text() for t in wind_ax.texts if t.get_text().startswith("from")]
        blowing = track.winds.speed_mps > 0.05
        assert len(arrows) == len(names) == np.count_nonzero(blowing)
        for arrow, name, direction in zip(
            arrows, names, track.winds.direction_from_deg[blowing], strict=True
        ):
            # The arrow runs from its tail, xyann points before the head, to its head.
            tail_to_head = -np.asarray(arrow.xyann, dtype=float)
            pointing = float(np.degrees(np.arctan2(*tail_to_head)) % 360.0)
            assert _angle_deg(pointing, direction + 180.0) < HUNDREDTH_DEGREE
            assert name.startswith(f"from {direction:03.0f}°")
        assert names[-1].startswith("from 290° 55 kt")


def test_sun_direction_metric_has_no_aviation_units(camera_plan):
    from test_units_metric import imperial

    track = make_track_series(camera_plan)
    figure = figures.sun_direction_figure(track, camera_plan.sun, nautical=True, metric=True)
    figure.canvas.draw()
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert imperial("\n".join(texts)) == []
    assert _scale_bar(figure.axes[0]).txt_label.get_text().endswith(("km", " m"))
    svg = figures.figure_bytes(figure, "svg").decode("utf-8")
    assert imperial(svg) == []
    _save(figure, "sun_direction_metric")


# --- The formation in the fall profile -------------------------------------------------------


def test_fall_profile_without_a_formation_has_three_panels(seed_plan):
    figure = figures.fall_profile_figure(seed_plan)
    labels = [ax.get_ylabel() for ax in figure.axes]
    assert not any("separation" in label for label in labels)
    assert "time after exit [s]" in figure.axes[2].get_xlabel()


def test_fall_profile_draws_the_formation(camera_plan):
    """Both jumpers from their own exits on one clock (the green light), their vertical
    and horizontal separation as the plan computed it, and the closest approach, the
    meet, the closing and the limit passed where the plan found them."""
    formation = camera_plan.formation
    assert formation.together
    assert formation.flyer_delay_s == 3.0
    figure = figures.fall_profile_figure(camera_plan)
    altitude_ax, separation_ax = figure.axes[:2]
    assert "after the green light" in figure.axes[3].get_xlabel()
    starts = {line.get_label(): line.get_xdata()[0] for line in altitude_ax.get_lines()}
    assert starts["performer"] == 0.0
    assert starts["camera"] == 3.0
    lines = {line.get_label(): line for line in separation_ax.get_lines()}
    vertical = lines["camera above performer"]
    assert np.array_equal(vertical.get_xdata(), formation.time_s)
    assert np.allclose(vertical.get_ydata() * FOOT_M, formation.vertical_separation_m)
    horizontal = lines["apart horizontally"]
    assert np.allclose(horizontal.get_ydata() * FOOT_M, formation.horizontal_separation_m)
    events = {
        label.split(" (")[0]: line.get_xydata()[0]
        for label, line in lines.items()
        if line.get_marker() not in ("None", "")
    }
    meet = next(v for k, v in events.items() if k.startswith("level at"))
    assert meet == pytest.approx([formation.meet_time_s, 0.0])
    closing = next(v for k, v in events.items() if k.startswith("within 10 ft"))
    assert closing[0] == pytest.approx(formation.closing_time_s)
    assert abs(closing[1]) == pytest.approx(10.0, abs=0.05)  # the closing distance [ft]
    limit = next(v for k, v in events.items() if k.startswith("more than 100 ft"))
    assert limit[0] == pytest.approx(formation.limit_passed_time_s)
    assert abs(limit[1]) == pytest.approx(100.0, abs=0.05)  # the separation limit [ft]
    legend = " ".join(t.get_text() for t in figure.legends[0].get_texts())
    assert "closest approach" in legend
    _save(figure, "fall_profile_formation")


def test_the_figure_modules_examples_run():
    import doctest

    from duskfall.reports import labels

    for module in (figures, labels):
        assert doctest.testmod(module).failed == 0
