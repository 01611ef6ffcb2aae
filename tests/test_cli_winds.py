"""``duskfall winds fetch`` against a server on 127.0.0.1, and no network anywhere else.

The server (a thread in the test) replays an answer in the format Open-Meteo documents
(https://open-meteo.com/en/docs, "JSON Return Object" and "Errors": an error is a JSON
object with ``error`` and ``reason`` and HTTP status 400). No test reaches the internet.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from duskfall.cli import main
from duskfall.io import fetch
from duskfall.reports import html as report_html
from openmeteo_sample import response_text

ANSWER = response_text().encode("utf-8")
FETCH = ["winds", "fetch", "--lat", "24.4", "--lon", "54.6", "--date", "2018-03-10"]


class _Replay(BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        if server.delay_s:
            server.release.wait(server.delay_s)
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(server.body)))
        self.end_headers()
        self.wfile.write(server.body)

    def log_message(self, *args):
        """Quiet: the tests read the server's requests, not its log."""


@pytest.fixture
def replay():
    """Start a server on 127.0.0.1 that answers every GET with (status, body, delay)."""
    servers = []

    def start(status=200, body=ANSWER, delay_s=0.0):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
        server.daemon_threads = True
        server.status, server.body, server.delay_s = status, body, delay_s
        server.requests, server.release = [], threading.Event()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.release.set()
        server.shutdown()
        server.server_close()


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _one_line(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("duskfall: error:")
    for word in words:
        assert word in lines[0], lines[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_fetch_writes_the_answer_unchanged(replay, capsys, tmp_path):
    server, url = replay()
    output = tmp_path / "winds.json"
    status, out, err = run(capsys, *FETCH, "--url", url, "--model", "gfs_seamless", "-o", output)
    assert status == 0, err
    assert output.read_bytes() == ANSWER
    assert "24 hours 2018-03-09T20:00:00Z to 2018-03-10T19:00:00Z, 14 levels" in out
    (request,) = server.requests
    parts = urlsplit(request)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/v1/forecast"
    assert query["latitude"] == "24.4000"
    assert query["start_date"] == query["end_date"] == "2018-03-10"
    assert query["models"] == "gfs_seamless"
    assert query["timezone"] == "auto"
    hourly = query["hourly"].split(",")
    for name in ("wind_speed_850hPa", "geopotential_height_200hPa", "cloud_cover_500hPa"):
        assert name in hourly
    assert list(tmp_path.iterdir()) == [output]


def test_url_of_a_mirror_with_a_prefix(replay, capsys, tmp_path):
    server, url = replay()
    status, _, err = run(capsys, *FETCH, "--url", url + "/mirror/", "-o", tmp_path / "w.json")
    assert status == 0, err
    assert urlsplit(server.requests[0]).path == "/mirror/v1/forecast"


def test_offline_closed_port(capsys, tmp_path):
    output = tmp_path / "winds.json"
    url = f"http://127.0.0.1:{_closed_port()}"
    status, out, err = run(capsys, *FETCH, "--url", url, "-o", output)
    assert status == 2
    assert out == ""
    _one_line(err, "--url", "cannot be reached")
    assert list(tmp_path.iterdir()) == []


def test_slow_server_times_out_and_leaves_the_old_file(replay, capsys, tmp_path):
    _, url = replay(delay_s=10.0)
    output = tmp_path / "winds.json"
    output.write_text("yesterday's forecast")
    status, _, err = run(capsys, *FETCH, "--url", url, "--timeout", "0.3", "-o", output)
    assert status == 2
    _one_line(err, "--url", "did not answer within 0.3 s")
    assert output.read_text() == "yesterday's forecast"
    assert list(tmp_path.iterdir()) == [output]


@pytest.mark.parametrize(
    ("code", "body", "words"),
    [
        (400, b'{"error":true,"reason":"Cannot initialize ... for key models"}', ["HTTP 400"]),
        (404, b"<html>Not Found</html>", ["HTTP 404 Not Found", "Not Found"]),
        (503, b"", ["HTTP 503"]),
    ],
)
def test_http_errors_are_one_line_with_the_reason(replay, capsys, tmp_path, code, body, words):
    _, url = replay(status=code, body=body)
    status, _, err = run(capsys, *FETCH, "--url", url, "-o", tmp_path / "winds.json")
    assert status == 2
    _one_line(err, *words)
    if code == 400:
        assert "for key models" in err
    assert list(tmp_path.iterdir()) == []


def test_an_answer_that_is_not_a_forecast_is_not_written(replay, capsys, tmp_path):
    _, url = replay(body=b'{"latitude": 24.4, "hourly": {"time": []}}')
    status, _, err = run(capsys, *FETCH, "--url", url, "-o", tmp_path / "winds.json")
    assert status == 2
    _one_line(err, "not with a usable forecast")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["-o", "{tmp}/no/such/folder/winds.json"], ["-o", "has no folder"]),
        (["-o", "{tmp}"], ["-o", "is a folder"]),
        (["--lat", "95", "-o", "{tmp}/w.json"], ["--lat", "-90 to 90"]),
        (["--date", "2018-13-01", "-o", "{tmp}/w.json"], ["--date"]),
        (["--timeout", "0", "-o", "{tmp}/w.json"], ["--timeout"]),
        (["--model", "gfs seamless!", "-o", "{tmp}/w.json"], ["--model"]),
        (["--url", "ftp://example.org", "-o", "{tmp}/w.json"], ["--url", "http(s)"]),
        (["--source", "nowhere", "-o", "{tmp}/w.json"], ["--source"]),
    ],
)
def test_bad_options_refused_before_any_request(replay, capsys, tmp_path, argv, words):
    server, url = replay()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    base = FETCH if "--lat" not in argv and "--date" not in argv else ["winds", "fetch"]
    if "--lat" in argv:
        base = [*base, "--lon", "54.6", "--date", "2018-03-10"]
    if "--date" in argv:
        base = [*base, "--lat", "24.4", "--lon", "54.6"]
    if "--url" not in argv:
        argv = [*argv, "--url", url]
    status, out, err = run(capsys, *base, *argv)
    assert status == 2
    assert out == ""
    _one_line(err, *words)
    assert server.requests == []


def test_library_fetch_returns_what_it_wrote(replay, tmp_path):
    _, url = replay()
    result = fetch.fetch_open_meteo(24.4, 54.6, "2018-03-10", tmp_path / "w.json", base_url=url)
    assert result.size_bytes == len(ANSWER)
    assert result.url.startswith(url + "/v1/forecast?latitude=24.4000")
    assert result.checked is None


# --- No other command touches the network ------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Every way of opening a connection raises, and is recorded."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args else kwargs)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_every_other_command_runs_without_the_network(no_network, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(report_html, "REPORT_DPI", 40.0)
    forecast = tmp_path / "forecast.json"
    forecast.write_bytes(ANSWER)
    wind = "0ft:270@8kt,10000ft:280@25kt,25000ft:290@45kt"
    commands = [
        ["plan", "--format", "json"],
        ["light", "--format", "json"],
        ["fall", "--format", "json"],
        ["release", "--wind", wind, "--members", "20", "--format", "json"],
        ["release", "--wind-file", forecast, "--time", "2018-03-10T14:22:38Z", "--members", "0"],
        ["season", "--from", "2018-03-08", "--to", "2018-03-10", "--format", "json"],
        ["report", "-o", tmp_path / "plan.html"],
        ["atlas", "--grid", "30deg", "--from", "2026-03-19", "--to", "2026-03-20"],
    ]
    for argv in commands:
        status, _, err = run(capsys, *argv)
        assert status == 0, (argv, err)
    assert no_network == []
    # And the one command that does need it says so in one line.
    status, _, err = run(capsys, *FETCH, "-o", tmp_path / "w.json")
    assert status == 2
    _one_line(err, "cannot be reached", "offline")
    assert len(no_network) >= 1
    assert json.loads(forecast.read_text())["timezone"] == "Asia/Dubai"
