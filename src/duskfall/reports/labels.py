"""Labels of a figure placed clear of its lines, markers, texts, legends and each other.

A label is a matplotlib :class:`~matplotlib.text.Annotation` of a point (a sunset, the
exit, the deployment, the peak fall rate, the Sun's direction). :func:`place_labels`
tries places around the point, nearest first, and keeps the first one where the label's
box (its text and rounded box, not its leader line) stays inside its axes, overlaps no
other label, text, marker or legend, and is crossed by no drawn line; where no place is
clear, the one crossed by the fewest lines. The geometry is the one matplotlib draws:
the label's box is measured on the drawn figure with the renderer (once, then moved
with its offset: a centred label keeps its size wherever it goes), the lines are their
display paths, and :meth:`matplotlib.path.Path.intersects_bbox` says whether one
crosses the box.

The figure's layout is settled and then frozen before the labels move, and the labels
are kept out of it, so moving them moves nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.path import Path
    from matplotlib.text import Annotation

LEADER = {"arrowstyle": "-", "color": "0.3", "lw": 0.6, "shrinkA": 0, "shrinkB": 2}
"""The thin line from a label to its point."""

CLEARANCE_PT = 1.0
"""Room kept between a label's box and a line [pt]: the box is grown by this much on
every side before it is tested, so that a label is not drawn touching a line (and a
figure saved at another resolution, whose text hinting differs by a pixel, stays
clear)."""

STEP_PT = 5.0
"""Spacing of the places tried around a point [pt]."""

REACH_PT = 200.0
"""The farthest a label's centre may sit from its point [pt]."""

DIRECTIONS = 24
"""Directions tried at each distance, evenly spaced from straight up."""

MAX_MARKERS = 200
"""Lines with more markers than this (a cloud of simulated points) are not obstacles."""


@dataclass(frozen=True)
class Place:
    """Where a label may sit: an offset from its point [pt] and the alignment of its text
    there; ``xy`` moves the point itself (in the label's own coordinates), for a label
    that names a line rather than a point."""

    dx_pt: float
    dy_pt: float
    ha: str
    va: str
    xy: tuple[float, float] | None = None


@cache
def around(step_pt: float = STEP_PT, reach_pt: float = REACH_PT, directions: int = DIRECTIONS):
    """Places of a label's centre around its point, nearest first.

    Examples
    --------
    >>> first = around()[0]
    >>> first.dx_pt, first.dy_pt, first.ha, first.va
    (0.0, 5.0, 'center', 'center')
    """
    angles = np.radians(90.0 - np.arange(directions) * 360.0 / directions)
    return tuple(
        Place(round(float(d * np.cos(a)), 6), round(float(d * np.sin(a)), 6), "center", "center")
        for d in np.arange(step_pt, reach_pt + step_pt / 2, step_pt)
        for a in angles
    )


def along(xs: Sequence[float], y: float, gap_pt: float = 3.0) -> tuple[Place, ...]:
    """Places just above and just below a horizontal line at ``y``, starting at each of
    ``xs`` (data coordinates): for a label that names the line."""
    return tuple(
        Place(gap_pt, sign * gap_pt, "left", "bottom" if sign > 0 else "top", (float(x), y))
        for x in xs
        for sign in (-1, 1)
    )


def line_paths(ax: Axes) -> list[Path]:
    """The display paths [px] of every drawn line of ``ax`` (markers alone excluded),
    split where a line has a gap (NaN)."""
    from matplotlib.path import Path

    paths = []
    for line in ax.get_lines():
        if not line.get_visible() or line.get_linestyle() in ("None", "none", " ", ""):
            continue
        data = np.column_stack([np.asarray(v, dtype=float) for v in line.get_data()])
        if len(data) < 2:
            continue
        xy = line.get_transform().transform(data)
        good = np.all(np.isfinite(xy), axis=1)
        for run in np.split(np.arange(len(xy)), np.flatnonzero(~good)):
            run = run[good[run]]
            if run.size >= 2:
                paths.append(Path(xy[run]))
    return paths


def label_box(label: Annotation, renderer):
    """The display box of a label's text (and its rounded box), without its leader line,
    where the label is now."""
    from matplotlib.text import Text

    label.update_positions(renderer)
    patch = label.get_bbox_patch()
    if patch is not None:
        label.update_bbox_position_size(renderer)
        return patch.get_window_extent(renderer)
    return Text.get_window_extent(label, renderer)


def crossings(box, paths: Sequence[Path]) -> int:
    """How many of the paths cross or touch a display box (the paths as lines, not as
    filled shapes)."""
    return sum(1 for path in paths if path.intersects_bbox(box, filled=False))


def _move(label: Annotation, place: Place) -> None:
    if place.xy is not None:
        label.xy = place.xy
    label.xyann = (place.dx_pt, place.dy_pt)
    label.set_ha(place.ha)
    label.set_va(place.va)


def _marker_boxes(ax: Axes, renderer) -> list:
    """Boxes of the markers of ``ax`` (a label must not hide a marked point)."""
    from matplotlib.transforms import Bbox

    boxes = []
    for line in ax.get_lines():
        if not line.get_visible() or line.get_marker() in (None, "None", "none", "", " "):
            continue
        data = np.column_stack([np.asarray(v, dtype=float) for v in line.get_data()])
        if len(data) > MAX_MARKERS:
            continue
        half = renderer.points_to_pixels(line.get_markersize()) / 2
        for x, y in line.get_transform().transform(data):
            if np.isfinite(x) and np.isfinite(y):
                boxes.append(Bbox([[x - half, y - half], [x + half, y + half]]))
    return boxes


def _obstacles(ax: Axes, moving: set, renderer) -> list:
    """Boxes a label must not overlap: the texts that do not move, the markers and the
    legend."""
    boxes = [
        text.get_window_extent(renderer)
        for text in ax.texts
        if id(text) not in moving and text.get_visible() and text.get_text().strip()
    ]
    boxes += _marker_boxes(ax, renderer)
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        boxes.append(legend.get_window_extent(renderer))
    return boxes


class _Measure:
    """A label's box at each place. The box of a centred label moves with its offset and
    keeps its size, so it is measured once and moved; other places are measured where
    the label is put."""

    def __init__(self, label: Annotation, renderer):
        self.label = label
        self.renderer = renderer
        self.scale = renderer.points_to_pixels(1.0)
        _move(label, Place(0.0, 0.0, "center", "center"))
        self.centred = label_box(label, renderer)

    def box(self, place: Place):
        if place.xy is None and place.ha == "center" and place.va == "center":
            return self.centred.translated(self.scale * place.dx_pt, self.scale * place.dy_pt)
        _move(self.label, place)
        return label_box(self.label, self.renderer)


def _score(box, order: int, paths, frame, others) -> tuple:
    """(outside the axes, labels and texts overlapped, lines crossed, order): the
    smallest is the best place."""
    outside = not (
        frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    )
    clash = sum(1 for other in others if box.overlaps(other))
    return (outside, clash, crossings(box, paths), order)


def _freeze_layout(figure: Figure, labels: Sequence[Annotation]) -> None:
    """Settle the figure's layout without the labels and freeze it."""
    for label in labels:
        label.set_in_layout(False)
    # The constrained layout settles over two draws; then it is frozen, so that the lines
    # stay where the labels were placed clear of them.
    figure.canvas.draw()
    figure.canvas.draw()
    figure.set_layout_engine("none")


def place_labels(
    figure: Figure, labels: Sequence[Annotation | tuple[Annotation, Sequence[Place]]]
) -> None:
    """Move every label to the first of its places (its own place first, then
    :func:`around` its point, or the places given with it) that is clear (module notes);
    where none is, to the least bad one.

    Parameters
    ----------
    figure
        The figure, drawn on an Agg canvas.
    labels
        Annotations of the figure's axes, each alone or with its own places.
    """
    if not labels:
        return
    pairs = [
        (item, None) if not isinstance(item, tuple) else (item[0], tuple(item[1]))
        for item in labels
    ]
    _freeze_layout(figure, [label for label, _ in pairs])
    renderer = figure.canvas.get_renderer()
    moving = {id(label) for label, _ in pairs}
    pad = renderer.points_to_pixels(CLEARANCE_PT)
    placed: dict[int, list] = {}
    paths: dict[int, list] = {}
    for label, own in pairs:
        ax = label.axes
        if id(ax) not in paths:
            paths[id(ax)] = line_paths(ax)
            placed[id(ax)] = _obstacles(ax, moving, renderer)
        start = Place(*label.xyann, label.get_ha(), label.get_va())
        places = (start, *around()) if own is None else own
        measure = _Measure(label, renderer)
        frame = ax.get_window_extent(renderer)
        best = None
        for order, place in enumerate(places):
            box = measure.box(place).padded(pad)
            score = _score(box, order, paths[id(ax)], frame, placed[id(ax)])
            if best is None or score < best[0]:
                best = (score, place)
            if score[:3] == (False, 0, 0):
                break
        _move(label, best[1])
        placed[id(ax)].append(label_box(label, renderer))
