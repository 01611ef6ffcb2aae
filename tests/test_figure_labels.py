"""No label of a figure covers a line: every text drawn in an axes (the exit, the sunsets,
the deployment, the peak fall rate, the Sun's rays, the formation's events) is clear of
every data line of that axes, in the wide and the phone layout, at dusk and at dawn.

Authority: matplotlib's own geometry. A line is its display path (``Line2D`` data through
its transform, split where it has a gap, as matplotlib draws it); a label is the display
box of its text and rounded box after the figure is drawn (its leader line, which must
reach its point, is left out); :meth:`matplotlib.path.Path.intersects_bbox` with
``filled=False`` says whether the path crosses or touches the box. None of this uses the
code that places the labels (:mod:`duskfall.reports.labels`).
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.path import Path
from matplotlib.text import Text

from duskfall.io.scenario_file import example_mapping, scenario_from_mapping
from duskfall.planning import make_plan
from duskfall.planning.figure_data import make_light_series, make_track_series
from duskfall.reports import figures

WINDS = "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"


def _plan(at: str = "dusk", camera: bool = False):
    mapping = example_mapping()
    mapping["attempt"]["at"] = at
    if camera:
        mapping["jumpers"].append(
            {"name": "camera", "mass": "95kg", "posture": "sit", "exit_delay": "3s"}
        )
        mapping["winds"] = {"levels": WINDS}
        mapping["camera"] = {"field_of_view": 70}
    return make_plan(scenario_from_mapping(mapping))


def display_paths(ax) -> list[tuple[str, Path]]:
    """Every drawn line of ``ax`` (not markers alone) as display paths, split at gaps."""
    paths = []
    for line in ax.get_lines():
        if not line.get_visible() or line.get_linestyle() in ("None", "none", "", " "):
            continue
        data = np.column_stack([np.asarray(v, dtype=float) for v in line.get_data()])
        xy = line.get_transform().transform(data)
        finite = np.all(np.isfinite(xy), axis=1)
        for piece in np.split(xy, np.flatnonzero(~finite)):
            piece = piece[np.all(np.isfinite(piece), axis=1)]
            if len(piece) >= 2:
                paths.append((line.get_label(), Path(piece)))
    return paths


def text_box(text, renderer):
    """The display box of a text and of its rounded box, without a leader line."""
    patch = text.get_bbox_patch()
    if patch is not None:
        return patch.get_window_extent(renderer)
    return Text.get_window_extent(text, renderer)


def covered_lines(figure) -> list[tuple[str, str]]:
    """(label, line) for every label of the figure that a line of its axes crosses."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    found = []
    for ax in figure.axes:
        paths = display_paths(ax)
        for text in ax.texts:
            if not text.get_visible() or not text.get_text().strip():
                continue
            box = text_box(text, renderer)
            found += [
                (text.get_text(), name)
                for name, path in paths
                if path.intersects_bbox(box, filled=False)
            ]
    return found


def test_the_check_sees_a_label_on_a_line():
    """The check itself: a label put on a line is found, one beside it is not."""
    figure = figures._new_figure(4.0, 3.0)
    ax = figure.add_subplot()
    ax.plot([0, 1], [0, 1], label="diagonal")
    ax.annotate("on it", (0.5, 0.5), ha="center", va="center")
    ax.annotate("clear", (0.05, 0.95), ha="left", va="top")
    assert covered_lines(figure) == [("on it", "diagonal")]


@pytest.fixture(scope="module", params=["dusk", "dawn"])
def seed(request):
    plan = _plan(request.param)
    return plan, make_light_series(plan), make_track_series(plan)


@pytest.mark.parametrize("layout", ["wide", "phone"])
def test_no_label_covers_a_line_in_the_seed_figures(seed, layout):
    plan, series, track = seed
    made = {
        "light and fall": figures.light_and_fall_figure(series, layout=layout),
        "sun elevation": figures.sun_elevation_figure(series, layout=layout),
        "fall profile": figures.fall_profile_figure(plan, layout=layout),
        "sun direction": figures.sun_direction_figure(track, plan.sun, layout=layout),
        "ground track": figures.ground_track_figure(track, nautical=True, layout=layout),
    }
    assert {name: covered_lines(f) for name, f in made.items()} == {key: [] for key in made}


@pytest.mark.parametrize("layout", ["wide", "phone"])
def test_no_label_covers_a_line_with_a_camera_flyer(layout):
    plan = _plan(camera=True)
    track = make_track_series(plan)
    made = {
        "fall profile": figures.fall_profile_figure(plan, layout=layout),
        "sun direction": figures.sun_direction_figure(track, plan.sun, layout=layout),
        "metric sun direction": figures.sun_direction_figure(
            track, plan.sun, metric=True, layout=layout
        ),
    }
    assert {name: covered_lines(f) for name, f in made.items()} == {key: [] for key in made}
