"""The Sun as the camera sees it: its direction against the jump run and the line of
sight, the lighting it gives the performer, and whether it is in the frame.

Conventions
-----------
- Azimuths are degrees true, clockwise from north. The Sun's *relative bearing* is its
  azimuth less the jump run's ground track, in [-180, 180): positive to the right. Its
  *side* is the quarter it falls in, each 90 degrees wide and centred on a direction:
  ``ahead`` within 45 degrees of the track (inclusive), ``behind`` within 45 degrees of
  its reciprocal (inclusive), ``right`` or ``left`` between. Its *clock* position is the
  pilots' 12-hour clock relative to the track (12 ahead, 3 right), as air traffic
  control gives traffic (FAA Aeronautical Information Manual 4-1-15: "azimuth from the
  aircraft in terms of the 12 hour clock", on the aircraft's track).
- Elevations: ``elevation_deg`` is the Sun's geometric elevation above the astronomical
  horizontal (:func:`duskfall.sun.solar_position`); ``elevation_above_horizon_deg`` is
  measured from the observer's own visible horizon, the scale of the light bands
  (:func:`duskfall.light.sun_above_horizon_deg`).
- The line of sight runs from the camera to the performer: from the camera flyer to the
  performer (both in free fall, 3-D), or level along a fixed heading.

Lighting
--------
The lighting is read from the *phase angle* ``alpha``, the angle at the performer
between the directions to the Sun and to the camera (180 degrees less the angle between
the Sun and the line of sight): the convention of planetary photometry, in which the lit
fraction of a sphere's visible face is ``k = (1 + cos alpha) / 2`` (Meeus, Astronomical
Algorithms, 2nd ed., 1998, ch. 48, eq. 48.1). The three names are the photographers'
three basic lighting directions (US Navy, Photography (Basic), NAVEDTRA 14209, ch. 4,
fig. 4-18: frontlighting, side lighting, backlighting); the split between them is ours,
halfway between the pure directions:

- ``front-lit``: ``alpha <= 45`` degrees (the Sun behind the camera; more than 85 % of
  the face the camera sees is lit);
- ``side-lit``: ``45 < alpha < 135`` degrees;
- ``back-lit``: ``alpha >= 135`` degrees (the camera looks towards the Sun; less than
  15 % lit, a silhouette or a rim of light);
- ``in shadow``: the Sun's upper limb below the performer's own visible horizon,
  whatever the angle: in the Earth's shadow no side is lit by the Sun, only by the sky.

The Sun in frame
----------------
A rectilinear lens of horizontal field of view ``h`` on a 16:9 frame (the HDTV and UHDTV
picture, ITU-R BT.709 and BT.2020) sees directions within ``tan(h/2)`` of its axis
across and ``tan(h/2) * 9/16`` up and down, with its horizontal axis level (no roll).
The Sun is in frame when its centre projects inside that rectangle and its upper limb is
above the camera's visible horizon. The direction is geometric: refraction lifts the
Sun by up to about 0.6 degrees near the horizon, so a Sun that close to the top or
bottom edge of the frame may be misjudged. Durations are sums over samples
:data:`CAMERA_STEP_S` apart, good to that step at each change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from duskfall import light, sun
from duskfall.fall import Trajectory
from duskfall.planning.positions import Pair, geodetic, position_at, sun_is_up
from duskfall.release import GeoPoint

SIDES = ("ahead", "right", "behind", "left")
"""The Sun's side of the jump run (module notes)."""

SIDE_HALF_WIDTH_DEG = 45.0
"""Half-width of each side's quarter [deg] (module notes)."""

FRONT_LIT_MAX_DEG = 45.0
"""Largest phase angle called front-lit [deg] (module notes, Lighting)."""

BACK_LIT_MIN_DEG = 135.0
"""Smallest phase angle called back-lit [deg] (module notes, Lighting)."""

LIGHTINGS = ("front-lit", "side-lit", "back-lit", "in shadow")
"""The lightings (module notes); ``in shadow`` where the Sun is below the performer's
visible horizon (the Earth's shadow: no direct sunlight to light any side)."""

FRAME_ASPECT_RATIO = 16.0 / 9.0
"""Width over height of the frame: the 16:9 picture of ITU-R BT.709 (HDTV) and BT.2020."""

CAMERA_STEP_S = 0.05
"""Spacing of the camera's samples [s]: the resolution of the lighting and in-frame
durations."""

MIN_LINE_OF_SIGHT_M = 0.01
"""Below this distance between camera flyer and performer [m] there is no line of sight
(the model puts two jumpers with one exit and one drag at one point)."""


# --- Directions ------------------------------------------------------------------------------


def _scalar(value):
    array = np.asarray(value)
    return array.item() if array.ndim == 0 else array


def relative_bearing_deg(azimuth_deg, track_deg):
    """The bearing of ``azimuth_deg`` from ``track_deg`` [deg], in [-180, 180), positive
    to the right.

    Examples
    --------
    >>> relative_bearing_deg(265.0, 270.0), relative_bearing_deg(10.0, 350.0)
    (-5.0, 20.0)
    """
    relative = np.mod(np.asarray(azimuth_deg, float) - np.asarray(track_deg, float) + 180, 360)
    return _scalar(relative - 180.0)


def side_of(relative_deg):
    """``ahead``, ``right``, ``behind`` or ``left`` of a relative bearing [deg] (module
    notes).

    Examples
    --------
    >>> side_of(-5.0), side_of(90.0), side_of(-135.0)
    ('ahead', 'right', 'behind')
    """
    magnitude = np.abs(np.asarray(relative_deg, dtype=float))
    index = np.where(
        magnitude <= SIDE_HALF_WIDTH_DEG,
        0,
        np.where(
            magnitude >= 180.0 - SIDE_HALF_WIDTH_DEG,
            2,
            np.where(np.asarray(relative_deg) > 0, 1, 3),
        ),
    )
    return _scalar(np.asarray(SIDES, dtype=object)[index])


def clock_of(relative_deg):
    """The 12-hour clock position of a relative bearing [deg]: 12 ahead, 3 right.

    Examples
    --------
    >>> clock_of(-5.0), clock_of(100.0), clock_of(-80.0)
    (12, 3, 9)
    """
    hours = np.mod(np.rint(np.asarray(relative_deg, dtype=float) / 30.0), 12).astype(int)
    return _scalar(np.where(hours == 0, 12, hours))


def lighting_of(phase_angle_deg):
    """``front-lit``, ``side-lit`` or ``back-lit`` for a phase angle [deg] (module
    notes); ``""`` where the angle is NaN (no line of sight)."""
    alpha = np.asarray(phase_angle_deg, dtype=float)
    index = np.where(alpha <= FRONT_LIT_MAX_DEG, 0, np.where(alpha >= BACK_LIT_MIN_DEG, 2, 1))
    words = np.asarray(LIGHTINGS, dtype=object)[index]
    return _scalar(np.where(np.isnan(alpha), "", words))


def illuminated_fraction(phase_angle_deg):
    """Lit fraction of a sphere's face seen at a phase angle [deg]: ``(1 + cos a) / 2``
    (Meeus 1998, eq. 48.1)."""
    return _scalar((1.0 + np.cos(np.radians(phase_angle_deg))) / 2.0)


def direction_vector(azimuth_deg, elevation_deg) -> np.ndarray:
    """Unit vectors (east, north, up) of directions [deg], stacked on the last axis."""
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    return np.stack(
        np.broadcast_arrays(np.cos(el) * np.sin(az), np.cos(el) * np.cos(az), np.sin(el)),
        axis=-1,
    )


def _frame_axes(forward: np.ndarray, track_deg: float):
    """Right and up unit vectors of a level frame looking along ``forward``; looking
    straight up or down, "right" is the right of the jump run."""
    right = np.cross(forward, np.array([0.0, 0.0, 1.0]))
    length = np.linalg.norm(right, axis=-1, keepdims=True)
    track = np.radians(track_deg)
    fallback = np.array([np.cos(track), -np.sin(track), 0.0])
    right = np.where(length > 1e-9, right / np.where(length > 0, length, 1.0), fallback)
    return right, np.cross(right, forward)


def in_frame(
    sun_direction,
    forward,
    field_of_view_deg: float,
    aspect_ratio: float = FRAME_ASPECT_RATIO,
    track_deg: float = 0.0,
):
    """Whether directions project inside the frame of a level rectilinear lens.

    Parameters
    ----------
    sun_direction, forward
        Unit vectors (east, north, up) of the Sun and of the lens's axis, on the last
        axis; they broadcast.
    field_of_view_deg
        Horizontal field of view [deg], more than 0 and less than 180.
    aspect_ratio
        Frame width over height.
    track_deg
        The jump run's track [deg true]: which way is "right" when the lens looks
        straight up or down.

    Returns
    -------
    bool or ndarray

    Examples
    --------
    >>> import numpy as np
    >>> ahead = direction_vector(270.0, 0.0)
    >>> bool(in_frame(direction_vector(300.0, 2.0), ahead, 70.0))
    True
    >>> bool(in_frame(direction_vector(310.0, 2.0), ahead, 70.0))
    False
    """
    s, f = np.broadcast_arrays(np.asarray(sun_direction, float), np.asarray(forward, float))
    right, up = _frame_axes(f, track_deg)
    depth = np.sum(s * f, axis=-1)
    half = np.tan(np.radians(field_of_view_deg) / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        across = np.abs(np.sum(s * right, axis=-1) / depth)
        tall = np.abs(np.sum(s * up, axis=-1) / depth)
    inside = (depth > 0) & (across <= half) & (tall <= half / aspect_ratio)
    return _scalar(inside)


# --- The Sun along the fall ------------------------------------------------------------------


@dataclass(frozen=True)
class SunAt:
    """The Sun at one instant, for the jumper there."""

    time_utc_s: float
    azimuth_deg: float
    """[deg true]"""
    elevation_deg: float
    """Geometric elevation above the astronomical horizontal [deg]."""
    elevation_above_horizon_deg: float
    """Above the jumper's visible horizon (the band scale) [deg]."""
    relative_to_jump_run_deg: float
    """Relative bearing from the jump run's track [deg], positive to the right."""

    @property
    def side(self) -> str:
        """``ahead``, ``right``, ``behind`` or ``left`` (module notes)."""
        return side_of(self.relative_to_jump_run_deg)

    @property
    def clock(self) -> int:
        """The 12-hour clock position from the jump run (12 ahead)."""
        return clock_of(self.relative_to_jump_run_deg)


@dataclass(frozen=True)
class CameraAt:
    """The camera's view at one instant."""

    time_utc_s: float
    sun_angle_deg: float
    """Between the Sun and the line of sight [deg]; NaN without a line of sight."""
    phase_angle_deg: float
    """At the performer, between the Sun and the camera [deg] (module notes)."""
    lighting: str
    in_frame: bool | None
    """The Sun in the frame; None without a field of view."""


@dataclass(frozen=True)
class CameraView:
    """The line of sight over the shot, the lighting it gives and the Sun in the frame.

    The shot runs over the performer's action, while the camera flyer (if the line of
    sight is from the flyer) is out of the aircraft and in free fall.
    """

    line_of_sight: str
    """``flyer`` (from the camera flyer to the performer) or ``heading`` (level)."""
    subject: str
    flyer: str | None
    heading_deg: float | None
    """The fixed heading [deg true], or None."""
    field_of_view_deg: float | None
    aspect_ratio: float
    time_utc_s: np.ndarray
    """Samples :data:`CAMERA_STEP_S` apart over the shot [POSIX s]."""
    line_of_sight_azimuth_deg: np.ndarray
    line_of_sight_elevation_deg: np.ndarray
    """Where the camera looks [deg true, deg above the horizontal]; NaN without a line."""
    sun_angle_deg: np.ndarray
    phase_angle_deg: np.ndarray
    lighting: np.ndarray
    """``front-lit``, ``side-lit``, ``back-lit``, ``in shadow`` (the Sun below the
    performer's horizon), ``""`` without a line of sight."""
    in_frame: np.ndarray | None
    """The Sun in frame at each sample; None without a field of view."""

    def at(self, index: int) -> CameraAt:
        """The view at one sample (0: the start of the shot, -1: its end)."""
        frame = None if self.in_frame is None else bool(self.in_frame[index])
        return CameraAt(
            float(self.time_utc_s[index]),
            float(self.sun_angle_deg[index]),
            float(self.phase_angle_deg[index]),
            str(self.lighting[index]),
            frame,
        )

    @property
    def start(self) -> CameraAt:
        """The view at the first sample with a line of sight (the start of the shot)."""
        defined = np.nonzero(np.isfinite(self.sun_angle_deg))[0]
        return self.at(int(defined[0]) if defined.size else 0)

    @property
    def end(self) -> CameraAt:
        """The view at the last sample with a line of sight (the end of the shot)."""
        defined = np.nonzero(np.isfinite(self.sun_angle_deg))[0]
        return self.at(int(defined[-1]) if defined.size else -1)

    def _duration_s(self, mask: np.ndarray) -> float:
        if self.time_utc_s.size < 2:
            return 0.0
        step = np.diff(self.time_utc_s)
        return float(np.sum(step * (mask[:-1].astype(float) + mask[1:]) / 2.0))

    @property
    def lighting_s(self) -> dict[str, float]:
        """How long the performer is front-, side- and back-lit, and in shadow [s]."""
        return {name: self._duration_s(self.lighting == name) for name in LIGHTINGS}

    @property
    def in_frame_s(self) -> float | None:
        """How long the Sun is in frame [s]; None without a field of view."""
        return None if self.in_frame is None else self._duration_s(self.in_frame)

    @property
    def first_in_frame_utc_s(self) -> float | None:
        """When the Sun first enters the frame [POSIX s], or None."""
        if self.in_frame is None or not self.in_frame.any():
            return None
        return float(self.time_utc_s[np.argmax(self.in_frame)])

    @property
    def last_in_frame_utc_s(self) -> float | None:
        """When the Sun is last in the frame [POSIX s], or None."""
        if self.in_frame is None or not self.in_frame.any():
            return None
        return float(self.time_utc_s[self.in_frame.size - 1 - np.argmax(self.in_frame[::-1])])


@dataclass(frozen=True)
class SunView:
    """The Sun along the lead jumper's free fall, against the jump run, and the camera."""

    jump_run_track_deg: float
    time_utc_s: np.ndarray
    """The lead jumper's samples from exit to deployment [POSIX s]."""
    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    elevation_above_horizon_deg: np.ndarray
    relative_to_jump_run_deg: np.ndarray
    """At the lead jumper's positions (see :class:`SunAt`)."""
    exit: SunAt
    action_end: SunAt
    deployment: SunAt
    camera: CameraView | None
    """The camera line, when there is a camera flyer or a camera heading."""

    @property
    def side(self) -> np.ndarray:
        """The Sun's side of the jump run along the fall."""
        return np.atleast_1d(side_of(self.relative_to_jump_run_deg))


def _sun_at(view: dict[str, np.ndarray], time_utc_s: float) -> SunAt:
    times = view["time_utc_s"]
    values = [float(np.interp(time_utc_s, times, view[key])) for key in _KEYS]
    azimuth = float(
        np.degrees(
            np.arctan2(
                np.interp(time_utc_s, times, np.sin(np.radians(view["azimuth_deg"]))),
                np.interp(time_utc_s, times, np.cos(np.radians(view["azimuth_deg"]))),
            )
        )
        % 360.0
    )
    return SunAt(float(time_utc_s), azimuth, *values[:2], values[2])


_KEYS = ("elevation_deg", "elevation_above_horizon_deg", "relative_to_jump_run_deg")


def sun_view(
    lead: Trajectory,
    lead_exit_utc_s: float,
    action_end_altitude_m: float | None,
    origin: GeoPoint,
    track_deg: float,
    camera: CameraView | None = None,
) -> SunView:
    """The Sun along the lead jumper's free fall, at its own positions.

    Parameters
    ----------
    lead
        The lead jumper's trajectory, in the plan's frame
        (:mod:`duskfall.planning.positions`).
    lead_exit_utc_s
        Its exit [POSIX s].
    action_end_altitude_m
        Where the action ends [m MSL]; None for the deployment.
    origin
        The frame's origin (:func:`duskfall.planning.positions.frame_origin`).
    track_deg
        The jump run's ground track [deg true].
    camera
        The camera's view (:func:`camera_view`), or None.
    """
    time_s, altitude_m = lead.action_segment(None)
    east, north, _ = position_at(lead, time_s)
    ground = lead.ground_elevation_m
    lat, lon = geodetic(origin, east, north, altitude_m, ground)
    when = lead_exit_utc_s + time_s
    position = sun.solar_position(when, lat, lon)
    azimuth = np.asarray(position.azimuth_deg, dtype=float)
    view = {
        "time_utc_s": when,
        "azimuth_deg": azimuth,
        "elevation_deg": np.asarray(position.elevation_deg, dtype=float),
        "elevation_above_horizon_deg": np.asarray(
            light.elevation_above_horizon_deg(position.elevation_deg, altitude_m, ground),
            dtype=float,
        ),
        "relative_to_jump_run_deg": np.asarray(relative_bearing_deg(azimuth, track_deg)),
    }
    action_s, _ = lead.action_segment(action_end_altitude_m)
    return SunView(
        float(track_deg),
        **view,
        exit=_sun_at(view, lead_exit_utc_s),
        action_end=_sun_at(view, lead_exit_utc_s + float(action_s[-1])),
        deployment=_sun_at(view, lead_exit_utc_s + lead.freefall_duration_s),
        camera=camera,
    )


# --- The camera's line of sight --------------------------------------------------------------


def _span(shot: Pair, action_end_altitude_m, use_flyer: bool) -> tuple[float, float] | None:
    """The shot's times after the green light [s]: the performer's action, while the
    camera flyer is out and in free fall."""
    action_s, _ = shot.subject.action_segment(action_end_altitude_m)
    start, stop = shot.subject_delay_s, shot.subject_delay_s + float(action_s[-1])
    if use_flyer:
        start = max(start, shot.flyer_delay_s)
        stop = min(stop, shot.flyer_delay_s + shot.flyer.freefall_duration_s)
    return (start, stop) if stop > start else None


def _line_of_sight(shot: Pair, after_s: np.ndarray, heading_deg: float | None):
    """Unit vectors from the camera to the performer (NaN where undefined), and where the
    camera is (east, north, altitude)."""
    subject = np.stack(shot.subject_at(after_s), axis=-1)
    if heading_deg is not None:
        forward = np.broadcast_to(direction_vector(heading_deg, 0.0), subject.shape)
        camera = subject if shot.flyer is None else np.stack(shot.flyer_at(after_s), axis=-1)
        return forward, camera
    camera = np.stack(shot.flyer_at(after_s), axis=-1)
    line = subject - camera
    length = np.linalg.norm(line, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        forward = np.where(length >= MIN_LINE_OF_SIGHT_M, line / length, np.nan)
    return forward, camera


def camera_view(
    shot: Pair,
    green_light_utc_s: float,
    action_end_altitude_m: float | None,
    origin: GeoPoint,
    track_deg: float,
    heading_deg: float | None = None,
    field_of_view_deg: float | None = None,
) -> CameraView | None:
    """The camera's line of sight over the shot, the lighting and the Sun in frame.

    Parameters
    ----------
    shot
        The performer and the camera flyer
        (:class:`~duskfall.planning.positions.Pair`).
    green_light_utc_s
        The green light [POSIX s].
    action_end_altitude_m
        Where the performer's action ends [m MSL]; None for its deployment.
    origin
        The plan's frame origin (:func:`duskfall.planning.positions.frame_origin`).
    track_deg
        The jump run's ground track [deg true].
    heading_deg
        A fixed, level line of sight [deg true]; None: from the camera flyer to the
        performer.
    field_of_view_deg
        The lens's horizontal field of view [deg], or None.

    Returns
    -------
    CameraView or None
        None when there is no line (no heading and no camera flyer) or the flyer is never
        in free fall during the performer's action.
    """
    use_flyer = heading_deg is None
    if use_flyer and shot.flyer is None:
        return None
    span = _span(shot, action_end_altitude_m, use_flyer)
    if span is None:
        return None
    after = np.append(np.arange(span[0], span[1], CAMERA_STEP_S), span[1])
    forward, camera = _line_of_sight(shot, after, heading_deg)
    ground = shot.subject.ground_elevation_m
    subject_at = shot.subject_at(after)
    when = green_light_utc_s + after
    lat, lon = geodetic(origin, *subject_at, ground)
    position = sun.solar_position(when, lat, lon)
    direction = direction_vector(position.azimuth_deg, position.elevation_deg)
    angle = np.degrees(np.arccos(np.clip(np.sum(direction * forward, axis=-1), -1.0, 1.0)))
    lit = sun_is_up(light.sun_above_horizon_deg(when, lat, lon, subject_at[2], ground))
    lighting = np.where(lit, np.atleast_1d(lighting_of(180.0 - angle)), "in shadow")
    lighting = np.where(np.isnan(angle), "", lighting)  # no line of sight
    frame = None
    if field_of_view_deg is not None:
        camera_lat, camera_lon = geodetic(origin, camera[:, 0], camera[:, 1], camera[:, 2], ground)
        above = light.sun_above_horizon_deg(when, camera_lat, camera_lon, camera[:, 2], ground)
        visible = in_frame(
            direction, np.nan_to_num(forward), field_of_view_deg, track_deg=track_deg
        )
        frame = np.asarray(visible) & sun_is_up(above) & np.all(np.isfinite(forward), axis=-1)
    return CameraView(
        line_of_sight="flyer" if use_flyer else "heading",
        subject=shot.subject_name,
        flyer=shot.flyer_name,
        heading_deg=None if heading_deg is None else float(heading_deg),
        field_of_view_deg=None if field_of_view_deg is None else float(field_of_view_deg),
        aspect_ratio=FRAME_ASPECT_RATIO,
        time_utc_s=when,
        line_of_sight_azimuth_deg=np.mod(np.degrees(np.arctan2(forward[:, 0], forward[:, 1])), 360),
        line_of_sight_elevation_deg=np.degrees(np.arcsin(np.clip(forward[:, 2], -1.0, 1.0))),
        sun_angle_deg=angle,
        phase_angle_deg=180.0 - angle,
        lighting=lighting.astype(object),
        in_frame=frame,
    )
