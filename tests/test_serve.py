"""The server's API, in process: it answers exactly what the commands print (the
authority is the command line itself, run on the same inputs), refuses bad input with
422 and the field, the value and what is allowed, bounds what a request may cost, and
serves an offline page. A real ``duskfall serve`` binds the loopback address unless told
otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the serve extra (FastAPI) is not installed")

import httpx

from duskfall.cli import main
from duskfall.io.scenario_file import example_mapping
from duskfall.reports import geo
from duskfall.serve import work
from duskfall.serve.app import create_app
from duskfall.serve.limits import MAX_BODY_BYTES, WorkGate
from serve_client import Client, serving

WINDS = "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    client = Client(app)
    yield client
    client.close()


def seed() -> dict:
    """The seed scenario as a request's JSON (dates as text)."""
    return json.loads(json.dumps(example_mapping(), default=str))


def cli(capsys, *argv) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def scenario_file(tmp_path, mapping) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    return str(path)


# --- The same bytes as the command line -----------------------------------------------


def test_plan_of_the_seed_is_duskfall_plan_format_json(client, capsys):
    answer = client.post("/api/plan", json=seed())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    printed = cli(capsys, "plan", "--format", "json")
    assert answer.text == printed
    assert answer.json() == json.loads(printed)


def test_plan_of_a_scenario_file_in_metric_units(client, capsys, tmp_path):
    mapping = seed()
    mapping["site"].update(lat=36.1, lon=-115.2, ground_elevation="2000ft")
    mapping["attempt"]["date"] = "2024-06-01"
    mapping["jumpers"].append({"name": "camera", "mass": "100kg", "posture": "sit"})
    mapping["winds"] = {"levels": WINDS}
    answer = client.post("/api/plan?units=metric", json=mapping)
    path = scenario_file(tmp_path, mapping)
    assert answer.text == cli(capsys, "plan", path, "--format", "json", "--units", "metric")


def test_light_is_duskfall_light_of_the_scenarios_site_date_and_exit(client, capsys):
    answer = client.post("/api/light", json=seed())
    printed = cli(
        capsys,
        *("light", "--lat", "24.4", "--lon", "54.6", "--ground-elevation", "50m"),
        *("--date", "2018-03-10", "--at", "dusk", "--light", "lowsun"),
        *("--altitude", "25000ft", "--format", "json"),
    )
    assert answer.status_code == 200
    assert answer.text == printed


def test_light_of_nothing_is_duskfall_light_and_a_range_is_a_range(client, capsys):
    assert client.post("/api/light", json={}).text == cli(capsys, "light", "--format", "json")
    body = {"light": {"horizon": "astronomical", "from": "2018-03-01", "to": "2018-03-05"}}
    printed = cli(
        capsys,
        *("light", "--horizon", "astronomical", "--from", "2018-03-01", "--to", "2018-03-05"),
        *("--format", "json", "--units", "metric"),
    )
    assert client.post("/api/light?units=metric", json=body).text == printed


def test_release_is_duskfall_release_of_the_scenarios_jump(client, capsys):
    mapping = seed()
    mapping["winds"] = {"levels": WINDS}
    mapping["release"] = {"groups": 2, "wind_error": "4kt"}
    answer = client.post("/api/release", json=mapping)
    printed = cli(
        capsys,
        *("release", "--target", "24.4,54.6", "--ground-elevation", "50m"),
        *("--exit-altitude", "25000ft", "--deploy-altitude", "4000ftAGL", "--mass", "90kg"),
        *("--posture", "belly", "--aircraft-speed", "130kt", "--jump-run", "270"),
        *("--wind", WINDS, "--members", "1000", "--seed", "0", "--radius", "100m"),
        *("--groups", "2", "--wind-error", "4kt", "--format", "json"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.text == printed


def test_season_is_duskfall_season_of_the_same_file(client, capsys, tmp_path):
    mapping = seed()
    mapping["season"] = {
        "from": "2018-03-01",
        "to": "2018-04-30",
        "weather": 0.8,
        "p_success": 0.25,
        "shots": 3,
        "deadline": "2018-04-20",
        "blocked": ["2018-03-05..2018-04-15"],
    }
    answer = client.post("/api/season?best=5", json=mapping)
    path = scenario_file(tmp_path, mapping)
    assert answer.status_code == 200, answer.text
    assert answer.text == cli(capsys, "season", path, "--best", "5", "--format", "json")
    assert answer.json()["monte_carlo"]["p_done_by_deadline"] < 0.5


# --- Bad input: 422 naming the key ------------------------------------------------------


def _with(mapping: dict, section: str, key: str, value) -> dict:
    mapping.setdefault(section, {})[key] = value
    return mapping


BAD = [
    ("/api/plan", ("site", "lat", 95), "site.lat", 95.0, "is out of range"),
    ("/api/plan", ("jump", "exit_altitude", "25000"), None, None, None),
    ("/api/plan", ("jump", "exit_altitude", "25000fx"), "jump.exit_altitude", "25000fx", None),
    ("/api/plan", ("site", "elevation", "50m"), "site.elevation", "50m", "is not a known key"),
    ("/api/light", ("site", "lat", "north"), "site.lat", "north", "is not a number"),
    ("/api/light", ("light", "horizon", "up"), "light.horizon", "up", None),
    ("/api/light", ("jump", "exit_altitude", "900km"), "jump.exit_altitude", None, None),
    ("/api/release", ("release", "aim", "moon"), "release.aim", "moon", None),
    ("/api/release", ("dispersion", "members", 5), "dispersion.members", 5, "is out of range"),
    ("/api/release", ("aircraft", "jump_run_true_airspeed", "190kt"), None, None, None),
    ("/api/season", ("season", "from", "2018-13-01"), "season.from", "2018-13-01", None),
    ("/api/season", ("season", "to", "2099-01-01"), "season.to", None, None),
    ("/api/season", ("season", "weather_file", "w.csv"), "season.weather_file", "w.csv", None),
    ("/api/season", ("season", "members", 0), "season.members", 0, "is out of range"),
    ("/api/plan", ("winds", "wind_file", "/etc/passwd"), "winds.wind_file", "/etc/passwd", None),
    ("/api/season", ("winds", "wind_file", "w.json"), "winds.wind_file", "w.json", None),
    ("/api/plan", ("winds", "station", "DXB"), "winds.station", "DXB", None),
]


@pytest.mark.parametrize(("endpoint", "change", "field", "value", "problem"), BAD)
def test_bad_input_is_422_naming_the_key(client, endpoint, change, field, value, problem):
    mapping = seed()
    if endpoint == "/api/release":
        mapping["winds"] = {"levels": WINDS}
    answer = client.post(endpoint, json=_with(mapping, *change))
    if field is None and change[1] == "exit_altitude":
        assert answer.status_code == 200  # a bare number is in feet, as in a file
        return
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert set(body) == {"field", "value", "allowed", "problem", "message"}
    assert body["field"] == (field or f"{change[0]}.{change[1]}")
    if value is not None:
        assert body["value"] == value
    if problem is not None:
        assert body["problem"] == problem
    assert body["allowed"]
    assert body["message"].startswith(body["field"] + ": ")


def test_a_number_beyond_floats_is_named_by_its_key(client):
    """1e999 parses to infinity: refused as the other bad values are, by its key."""
    answer = client.post(
        "/api/plan",
        content=b'{"site": {"lat": 1e999}}',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422
    body = answer.json()
    assert (body["field"], body["problem"]) == ("site.lat", "is not a finite number")


def test_a_release_without_winds_names_the_winds_key(client):
    body = client.post("/api/release", json=seed()).json()
    assert body["field"] == "winds.levels"
    assert body["problem"].startswith("is missing")


@pytest.mark.parametrize(
    ("request_", "status", "field"),
    [
        (("GET", "/api/plan", {}), 405, "method"),
        (("PUT", "/api/season", {}), 405, "method"),
        (("GET", "/api/nothing", {}), 404, "path"),
        (
            ("POST", "/api/plan", {"content": b"{}", "headers": {"content-type": "text/plain"}}),
            415,
            "Content-Type",
        ),
        (
            (
                "POST",
                "/api/plan",
                {"content": b"{", "headers": {"content-type": "application/json"}},
            ),
            422,
            "body",
        ),
        (("POST", "/api/plan?units=imperial", {"json": {}}), 422, "units"),
        (("POST", "/api/plan?format=text", {"json": {}}), 422, "format"),
        (("POST", "/api/season?best=ten", {"json": {}}), 422, "best"),
    ],
)
def test_refusals_name_what_was_wrong(client, request_, status, field):
    method, path, options = request_
    answer = client.request(method, path, **options)
    assert answer.status_code == status
    assert answer.json()["field"] == field
    if status == 405:
        assert answer.headers["allow"] == "POST"


def test_a_body_over_the_limit_is_413_whatever_its_length_header_says(client):
    big = b'{"site": {"name": "' + b"x" * MAX_BODY_BYTES + b'"}}'
    headers = {"content-type": "application/json"}
    assert client.post("/api/plan", content=big, headers=headers).status_code == 413
    declared = {**headers, "content-length": str(MAX_BODY_BYTES + 1)}
    answer = client.post("/api/plan", content=b"{}", headers=declared)
    assert answer.status_code == 413

    async def chunks():  # no length header: read up to the limit, then refused
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    assert client.post("/api/plan", content=chunks(), headers=headers).status_code == 413


def test_an_internal_error_is_500_without_a_traceback(monkeypatch):
    app = create_app()
    client = Client(app, raise_app_exceptions=False)

    def broken(mapping, units):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(work, "plan_answer", broken)
    try:
        answer = client.post("/api/plan", json=seed())
    finally:
        client.close()
    assert answer.status_code == 500
    assert "Traceback" not in answer.text
    assert "ZeroDivisionError" not in answer.text
    assert answer.json()["field"] == "server"
    assert app.state.internal_errors == 1


# --- Bounded work -----------------------------------------------------------------------


def test_requests_past_the_limit_are_429_not_queued_forever(monkeypatch):
    release = threading.Event()
    started = threading.Event()

    def slow(mapping, units):
        started.set()
        release.wait(10)
        return "{}\n"

    monkeypatch.setattr(work, "plan_answer", slow)
    app = create_app(gate=WorkGate(workers=1, pending=1))
    client = Client(app)
    try:
        first = client.portal.start_task_soon(lambda: client.http.post("/api/plan", json=seed()))
        assert started.wait(10)
        second = client.post("/api/plan", json=seed())
        release.set()
        assert first.result(10).status_code == 200
    finally:
        release.set()
        client.close()
    assert second.status_code == 429
    assert second.headers["retry-after"] == "1"


def test_a_plan_asked_for_twice_at_once_is_made_once(monkeypatch):
    made = []
    real = work.planning.make_plan

    def counted(scenario):
        made.append(scenario)
        return real(scenario)

    monkeypatch.setattr(work.planning, "make_plan", counted)
    monkeypatch.setattr(work, "PLANS", work.PlanCache())
    client = Client(create_app())
    mapping = _with(seed(), "attempt", "date", "2018-03-12")
    try:
        answers = client.gather(
            [
                ("POST", "/api/plan", {"json": mapping}),
                ("POST", "/api/plan/figure", {"json": mapping}),
                ("POST", "/api/plan/geojson", {"json": mapping}),
            ]
        )
    finally:
        client.close()
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len(made) == 1


# --- Worker processes --------------------------------------------------------------------


def _blas_threads() -> list[int]:
    """The thread counts of the BLAS libraries loaded in this process (threadpoolctl)."""
    import threadpoolctl

    return [
        pool["num_threads"]
        for pool in threadpoolctl.threadpool_info()
        if pool["user_api"] == "blas"
    ]


def _faults_of_new_arrays(count: int = 20) -> int:
    """Page faults of this process while it makes ``count`` times four arrays of 512 kB,
    each written through (a first touch of a page is a fault), and frees them."""
    import resource

    import numpy as np

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(count):
        arrays = [np.ones(65_536) for _ in range(4)]
        del arrays
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


GLIBC = platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_a_worker_keeps_its_freed_memory_for_its_next_arrays():
    """keep_freed_memory (glibc's mallopt) makes a process reuse the memory of arrays it
    freed: 20 times four arrays of 512 kB (128 pages each) made and freed take a few page
    faults, where glibc's defaults hand the memory back each time and fault it in again
    (thousands); checked in a new process, before and after."""
    tests = str(Path(__file__).parent)
    script = (
        f"import sys; sys.path.insert(0, {tests!r}); from test_serve import _faults_of_new_arrays"
        " as f; from duskfall.serve.work import keep_freed_memory as keep; f(); a = f();"
        " k = keep(); f(); print(a, k, f())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    printed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    default, kept, after = int(printed[0]), printed[1], int(printed[2])
    assert default > 1000  # the control: without it, every array faults its pages again
    assert kept == "True"
    assert after < 100


def test_worker_processes_answer_the_commands_bytes_and_their_refusals(monkeypatch, capsys):
    """``duskfall serve`` makes plans, release points and seasons in worker processes: the
    plan comes back by pickle and prints the command line's bytes; an input error comes
    back with its field and value. Each worker runs numpy's BLAS on one thread (one
    worker per core)."""
    monkeypatch.setattr(work, "PLANS", work.PlanCache())
    mapping = seed()
    mapping["winds"] = {"levels": WINDS}
    in_thread = work.release_answer(mapping, "metric")
    work.PROCESSES.start(1)
    try:
        assert work.PROCESSES.count == 1
        answer = work.plan_answer(seed(), "aviation")
        threads = work.PROCESSES.call(_blas_threads)
        assert threads  # numpy's BLAS at least
        assert set(threads) == {1}
        if GLIBC:  # its freed memory kept (keep_freed_memory)
            work.PROCESSES.call(_faults_of_new_arrays)
            assert work.PROCESSES.call(_faults_of_new_arrays) < 100
        assert work.release_answer(mapping, "metric") == in_thread
        with pytest.raises(work.InputError) as refused:
            work.plan_answer(_with(seed(), "site", "lat", 95), "aviation")
    finally:
        work.PROCESSES.stop()
    assert work.PROCESSES.count == 0
    assert answer == cli(capsys, "plan", "--format", "json")
    assert (refused.value.field, refused.value.value) == ("site.lat", 95.0)
    assert "-90 to 90" in refused.value.allowed


def _descendants(pid: int) -> set[int]:
    """Processes started by ``pid``, and by them (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii")
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the processes from /proc")
def test_a_killed_server_leaves_no_worker_process_behind():
    """Stopped (SIGTERM) the server stops its workers; killed (SIGKILL) it cannot, and
    the workers end themselves within seconds."""
    for stop in (signal.SIGTERM, signal.SIGKILL):
        with serving("--processes", "2") as url:
            assert httpx.post(url + "api/plan", json=seed(), timeout=60).status_code == 200
            server = _server_pid(url)
            workers = _descendants(server)
            assert len(workers) >= 2  # the two workers (and the process that forks them)
            os.kill(server, stop)
            os.waitpid(server, 0)  # reaped, as a shell reaps what it started
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and any(_alive(p) for p in workers):
                time.sleep(0.2)
            assert not [p for p in workers if _alive(p)], stop


def _server_pid(url: str) -> int:
    port = urlsplit(url).port
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                command = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in command and b"duskfall" in command and _listens(int(entry), port):
                return int(entry)
    raise AssertionError(f"no duskfall serve listening on {port}")


def _listens(pid: int, port: int) -> bool:
    """Whether ``pid`` holds a socket listening on ``port`` (from /proc/net/tcp)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[9] in inodes:
                    return True
    return False


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# --- The figure, the report, the exports --------------------------------------------------


def test_the_figure_is_the_reports_light_and_fall_figure_as_svg(client):
    answer = client.post("/api/plan/figure", json=seed())
    assert answer.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(answer.content)
    assert root.tag.endswith("svg")
    assert "Light and fall: 10 March 2018, dusk, lowsun band" in answer.text


@pytest.mark.slow
def test_the_report_and_the_exports_download(client):
    mapping = seed()
    report = client.post("/api/plan/report", json=mapping)
    assert report.status_code == 200
    assert report.headers["content-disposition"] == 'attachment; filename="plan.html"'
    assert "<title>duskfall plan: Desert drop zone near Abu Dhabi, UAE" in report.text
    plan, _ = work.PLANS.get(mapping)
    geojson = client.post("/api/plan/geojson", json=mapping)
    assert geojson.text == geo.geojson_text(plan.release, plan.dispersion)
    kml = client.post("/api/plan/kml", json=mapping)
    assert kml.content == geo.to_kml(plan.release, plan.dispersion).encode()
    gpx = client.post("/api/plan/gpx", json=mapping)
    ET.fromstring(gpx.content)
    kmz = client.post("/api/plan/kmz", json=mapping)
    assert kmz.content[:2] == b"PK"


# --- The schema and the page ------------------------------------------------------------


def test_the_openapi_schema_lists_every_endpoint_and_no_online_docs(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/plan", "/api/light", "/api/release", "/api/season"} <= set(schema["paths"])
    body = schema["paths"]["/api/plan"]["post"]["requestBody"]["content"]["application/json"]
    assert "jumpers" in body["schema"]["properties"]
    assert client.get("/docs").status_code == 404


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.references = []

    def handle_starttag(self, tag, attrs):
        self.references += [v for k, v in attrs if k in ("src", "href") and v]


def test_the_page_loads_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    parser = References()
    parser.feed(page.text)
    assert parser.references
    assert all(r.startswith(("/", "#", "data:")) for r in parser.references), parser.references
    for name in ("app.js", "app.css"):
        text = client.get(f"/static/{name}").text
        urls = set(re.findall(r"https?://[^\s\"'`)]+", text))
        assert urls <= {"http://www.w3.org/2000/svg"}, urls  # an XML namespace, not fetched
    assert client.get("/static/app.py").status_code == 404


def test_a_tile_url_is_allowed_in_the_policy_and_given_to_the_page():
    client = Client(create_app(tiles="https://tiles.example.org/{z}/{x}/{y}.png"))
    try:
        page = client.get("/")
    finally:
        client.close()
    assert (
        "img-src 'self' blob: data: https://tiles.example.org"
        in page.headers["content-security-policy"]
    )
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page.text


# --- duskfall serve ---------------------------------------------------------------------


def test_duskfall_serve_binds_the_loopback_address_by_default():
    with serving() as url:
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1"
        assert httpx.get(url + "api/choices", timeout=30).status_code == 200
        answer = httpx.post(url + "api/plan", json=seed(), timeout=60)
        assert answer.status_code == 200
        assert answer.json()["go"] is True
        # Not reachable on another address of this machine (if it has one).
        others = {
            info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        } - {"127.0.0.1"}
        for address in sorted(others)[:1]:
            try:
                socket.create_connection((address, parts.port), 2).close()
                reached = True
            except OSError:
                reached = False
            assert not reached, address


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["serve", "--port", "70000"], "--port"),
        (["serve", "--port", "-1"], "--port"),
        (["serve", "--tiles", "ftp://x/{z}/{x}/{y}"], "--tiles"),
        (["serve", "--tiles", "https://tiles.example.org/map.png"], "--tiles"),
        (["serve", "--host", "no-such-host.invalid", "--port", "0"], "--host"),
        (["serve", "--processes", "-1"], "--processes"),
        (["serve", "--processes", "65"], "--processes"),
        (["serve", "--processes", "two"], "--processes"),
    ],
)
def test_serve_bad_options_are_one_line(capsys, argv, option):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"duskfall: error: {option}: ")


def test_the_front_door_does_not_import_the_server():
    """``duskfall plan`` registers ``serve`` but imports neither FastAPI nor uvicorn."""
    import subprocess
    import sys

    probe = (
        "import sys, io, contextlib\n"
        "import duskfall.serve\n"
        "from duskfall.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['plan'])\n"
        "print(','.join(m for m in ('fastapi', 'starlette', 'uvicorn', 'anyio') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
