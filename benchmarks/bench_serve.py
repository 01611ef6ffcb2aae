"""The server under load: plan requests from 8 concurrent clients, against the command line.

Starts ``duskfall serve`` on 127.0.0.1 on a free port, then sends a bounded number of
``POST /api/plan`` requests from 8 concurrent clients, three times:

- **new dates**: every request a scenario the server has not planned, the seed on
  another date (as the page's calendar and season strip ask), so every one makes a
  whole plan; the falls of the lead jump and of the 1,000-member dispersion, the same
  in a steady wind whatever the day, are simulated once per worker and kept
  (``duskfall.fall.kept``);
- **new jumps**: every request another jump (the seed's exit altitude changed by a few
  feet), so every one makes a whole plan, its falls included;
- **repeated plan**: the seed every time, as a page asks for a plan and then its figure
  and downloads (the plan is made once and kept).

It prints the median and 95th percentile of the answer times, one client's time for a
new plan, and their ratio against ``duskfall plan --format json`` run as a whole process
in the same script (best of 3); then stops the server. The clients are the standard
library's ``http.client`` on kept-alive connections, sending bodies encoded beforehand:
they run on the same two cores as the server, and take about 0.6 ms of a core per
request (httpx in 8 threads took 12-14 ms, a sixth of a new plan's). Targets (issue
"The planner in a browser"): a plan in well under the command line's time (a tenth),
and a 95th percentile under 300 ms with 8 clients on 2 cores.

    python benchmarks/bench_serve.py [requests_per_client]
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
START_TIMEOUT_S = 60.0
CLI = [sys.executable, "-m", "duskfall", "plan", "--format", "json"]


def start_server() -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "duskfall", "serve", "--host", "127.0.0.1", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        found = re.search(r"http://\S+/", child.stderr.readline())
        if found:
            threading.Thread(target=child.stderr.read, daemon=True).start()
            return child, found.group(0)
        if child.poll() is not None:
            break
    child.kill()
    raise SystemExit("duskfall serve did not start")


def stop_server(child: subprocess.Popen) -> None:
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def seed(date: dt.date | None = None, exit_ft: int | None = None) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from duskfall.io.scenario_file import example_mapping

    mapping = json.loads(json.dumps(example_mapping(), default=str))
    if date is not None:
        mapping["attempt"]["date"] = date.isoformat()
    if exit_ft is not None:
        mapping["jump"]["exit_altitude"] = f"{exit_ft}ft"
    return mapping


class Client:
    """One client: a kept-alive connection to the server, posting JSON bodies."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.path = parts.path
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.connection.close()

    def timed(self, body: bytes) -> float:
        """Seconds from sending ``body`` to the whole answer read."""
        start = time.perf_counter()
        self.connection.request("POST", self.path, body, {"Content-Type": "application/json"})
        answer = self.connection.getresponse()
        text = answer.read()
        elapsed = time.perf_counter() - start
        if answer.status != 200:
            raise SystemExit(f"{answer.status}: {text[:200]!r}")
        return elapsed


def encoded(mapping: dict) -> bytes:
    return json.dumps(mapping).encode()


def load(url: str, bodies: list[bytes]) -> list[float]:
    """Answer times of ``bodies`` sent by CLIENTS clients, each in turn."""

    def client_run(part: list[bytes]) -> list[float]:
        with Client(url) as client:
            return [client.timed(body) for body in part]

    parts = [bodies[i::CLIENTS] for i in range(CLIENTS)]
    with ThreadPoolExecutor(CLIENTS) as pool:
        return [t for times in pool.map(client_run, parts) for t in times]


def percentiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[94]


def cli_time(repeats: int = 3) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(CLI, check=True, stdout=subprocess.DEVNULL, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def main(per_client: int = 6) -> None:
    count = CLIENTS * per_client
    first = dt.date(2018, 1, 1)
    dates = [encoded(seed(first + dt.timedelta(days=i))) for i in range(count + 3)]
    jumps = [encoded(seed(exit_ft=24_000 + 10 * i)) for i in range(count + 3)]
    again = encoded(seed())
    child, url = start_server()
    try:
        plan_url = url + "api/plan"
        with Client(plan_url) as client:
            client.timed(again)  # the first request loads the time zones
            single = min(client.timed(body) for body in jumps[count:])
        runs = {"new dates": load(plan_url, dates[:count])}
        runs["new jumps"] = load(plan_url, jumps[:count])
        with Client(plan_url) as client:
            client.timed(again)  # planned again: the new plans pushed it out
        runs["repeated plan"] = load(plan_url, [again] * count)
    finally:
        stop_server(child)
    command = cli_time()
    print(f"duskfall serve on {url}, {CLIENTS} clients, {count} requests each run")
    print(f"duskfall plan --format json (whole process, best of 3): {command * 1000:7.0f} ms")
    print(
        f"one client, a new jump (best of 3):                    {single * 1000:7.0f} ms"
        f"   ratio to the command line {single / command:.2f}"
    )
    for name, times in runs.items():
        p50, p95 = percentiles(times)
        print(
            f"{CLIENTS} clients, {name:13s} p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms"
            f"   p50/command line {p50 / command:.2f}  p95/command line {p95 / command:.2f}"
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
