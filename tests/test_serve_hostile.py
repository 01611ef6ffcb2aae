"""The server under abuse: more than a thousand malformed or hostile requests (wrong
types and huge numbers at every key of the seed scenario, unknown keys and sections,
deep nesting, oversize bodies, bytes that are not UTF-8 or not JSON, wrong media types,
unknown query parameters, wrong methods and paths), made from a fixed list, so the run
is the same every time. Every one is answered 4xx with the one-line error object, the
server's catch-all for its own errors is never reached, and the server still plans the
seed afterwards.
"""

from __future__ import annotations

import itertools
import json

import pytest

pytest.importorskip("fastapi", reason="the serve extra (FastAPI) is not installed")

from duskfall.io.scenario_file import example_mapping
from duskfall.serve import inputs
from duskfall.serve.app import create_app
from duskfall.serve.limits import MAX_BODY_BYTES
from serve_client import Client

ENDPOINTS = ["/api/plan", "/api/light", "/api/release", "/api/season"]
MIN_REQUESTS = 1000

# Values that no key of a scenario accepts: the wrong JSON type, or absurd as a quantity.
WRONG = [
    None,
    True,
    False,
    [],
    [1, 2],
    {},
    {"value": 1},
    "",
    " ",
    "nan",
    "inf",
    "-1e999ft",
    "1e308ft",
    "25000ft25000ft",
    "x" * 5000,
    -1e308,
    1e308,
    2**63,
    -(2**63) - 1,
]


RELEASE_WINDS = {"levels": "0ft:270@8kt,25000ft:290@40kt"}


def _seed(endpoint: str = "/api/plan") -> dict:
    seed = json.loads(json.dumps(example_mapping(), default=str))
    if endpoint == "/api/release":
        seed["winds"] = RELEASE_WINDS  # else every request would lack the winds it needs
    return seed


def _leaves(mapping: dict):
    """(section, index, key) of every key of the seed that holds a plain value."""
    for section, table in mapping.items():
        rows = enumerate(table) if isinstance(table, list) else [(None, table)]
        for index, row in rows:
            for key in row:
                yield (section, index, key)


def _set(mapping: dict, path, value) -> dict:
    section, index, key = path
    table = mapping[section] if index is None else mapping[section][index]
    table[key] = value
    return mapping


# The keys each endpoint reads (the others it only checks for their type, and a name or
# another text is right for those): the plan and the season read them all.
READS = {
    "/api/light": {("site", "lat"), ("site", "lon"), *inputs.LIGHT_KEYS},
    "/api/release": {("site", "lat"), ("site", "lon"), *inputs.RELEASE_KEYS},
}

LAX = {("dispersion", "members"), ("dispersion", "seed")}
"""Keys a scenario file reads a bool into (true as 1): see
test_a_bool_is_not_a_number_of_members_in_a_scenario."""


def _hostile(endpoint: str, path, value) -> bool:
    section, _, key = path
    if endpoint in READS and (section, key) not in READS[endpoint]:
        return False
    if key == "name" and isinstance(value, str):
        return False  # any text is a name
    return not (endpoint not in READS and (section, key) in LAX and isinstance(value, bool))


def wrong_values() -> list[tuple[str, dict]]:
    """Every endpoint, every key of the seed it reads, every wrong value."""
    cases = []
    for endpoint in ENDPOINTS:
        for path, value in itertools.product(list(_leaves(_seed(endpoint))), WRONG):
            if _hostile(endpoint, path, value):
                cases.append((endpoint, _set(_seed(endpoint), path, value)))
    return cases


def _deep(depth: int):
    value: object = 1
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


def structures() -> list[tuple[str, dict]]:
    """Unknown sections and keys, wrong shapes, deep nesting, seasons too long."""
    cases = []
    for endpoint in ENDPOINTS:
        seed = _seed(endpoint)
        cases += [
            (endpoint, {**seed, "sight": {"lat": 1}}),
            (endpoint, _set(_seed(endpoint), ("site", None, "latitude"), 24.4)),
            (endpoint, _set(_seed(endpoint), ("jumpers", 0, "weight"), "90kg")),
            (endpoint, {**seed, "site": "24.4,54.6"}),
            (endpoint, {**seed, "jumpers": {"mass": "90kg"}}),
            (endpoint, {**seed, "jumpers": []}),
            (endpoint, {**seed, "jumpers": ["performer"]}),
            (endpoint, {**seed, "site": _deep(40)}),
            (endpoint, {**seed, "winds": {"levels": _deep(33)}}),
            (endpoint, {**seed, "light": {"horizon": "sideways"}}),
            (endpoint, {**seed, "release": {"aim": "moon"}}),
        ]
    for endpoint in ("/api/plan", "/api/season", "/api/release"):
        cases.append((endpoint, {**_seed(), "winds": {"levels": "0ft:270@8kt," * 5000}}))
    seed = _seed("/api/season")
    for table in (
        {"weather_file": "/etc/passwd"},
        {"from": "2018-01-01", "to": "2099-01-01"},
        {"from": "2018-03-01", "to": "2018-03-02", "members": 10**7},
        {"from": "2018-03-01", "to": "2018-03-02", "weather": 1.5},
        {"from": "2018-03-01", "to": "2018-03-02", "shots": -1},
        {"from": "2018-03-01", "to": "2018-03-02", "blocked": [{"a": 1}]},
        {"sunny": True},
        [],
    ):
        cases.append(("/api/season", {**seed, "season": table}))
    release = _seed("/api/release")
    for table in (
        {"aim": "moon"},
        {"groups": 10**6},
        {"offset": "1e9m@090"},
        {"wind_error": "0ft:1e9kt"},
        {"light_window": "2018-03-10T14:00:00Z..2018-03-10T15:00:00Z"},
        {"time": "yesterday"},
        {"cda_spread": True},
        {"canopy": "parachute"},
        {"fuel": 1},
    ):
        cases.append(("/api/release", {**release, "release": table}))
    for table in ({"horizon": "sideways"}, {"from": "2018-03-01"}, {"to": "x", "from": "y"}):
        cases.append(("/api/light", {**_seed("/api/light"), "light": table}))
    return cases


def raw_bodies() -> list[tuple[str, bytes, str]]:
    """Bodies that are not a JSON object, or too big: (endpoint, bytes, media type)."""
    bodies = [
        b"",
        b"null",
        b"[]",
        b'"scenario"',
        b"42",
        b"{",
        b'{"site": NaN}',
        b'{"site": {"lat": Infinity}}',
        b'{"a": 1, "a": 2}',
        b"\xff\xfe{}",
        b"\x00{}",
        b'{"site": {"lat": 1e999}}',
        b'{"site": {"name": "\\ud800"}}',
        b'{"site": {"name": "\\u0007"}}',
        b"[" * 100_000,
        b'{"a":' * 1000 + b"1" + b"}" * 1000,
        b" " * (MAX_BODY_BYTES + 1),
        b'{"site": "' + b"x" * (MAX_BODY_BYTES) + b'"}',
    ]
    media = ["application/json", "text/plain", "application/x-www-form-urlencoded", ""]
    cases = [(e, body, "application/json") for e in ENDPOINTS for body in bodies]
    seed = json.dumps(_seed()).encode()
    cases += [(e, seed, m) for e in ENDPOINTS for m in media[1:]]
    return cases


def other_requests() -> list[tuple[str, str, dict]]:
    """Wrong methods, paths and query parameters: (method, path, options)."""
    seed = {"json": _seed()}
    cases = []
    for path in [*ENDPOINTS, "/api/plan/figure", "/api/plan/report", "/api/plan/kml"]:
        cases += [(m, path, {}) for m in ("GET", "PUT", "DELETE", "PATCH")]
        cases += [
            ("POST", f"{path}?units=imperial", seed),
            ("POST", f"{path}?unit=metric", seed),
            ("POST", f"{path}?units=metric&units=aviation", seed),
            ("POST", f"{path}?best=-1", seed),
        ]
    cases += [
        ("POST", "/api/season?best=1e3", seed),
        ("POST", "/api/season?best=99999999", seed),
        ("POST", "/api/plan/pdf", seed),
        ("GET", "/static/app.py", {}),
        ("GET", "/static/..%2Fapp.py", {}),
        ("GET", "/api/example?units=metric", {}),
        ("POST", "/", seed),
        ("POST", "/api/example", seed),
        ("GET", "/docs", {}),
        ("POST", "/api/plan", {"content": b'{"a": 1}', "headers": {"content-length": "9e9"}}),
    ]
    return cases


@pytest.fixture(scope="module")
def client():
    app = create_app()
    client = Client(app)
    client.app = app
    yield client
    client.close()


def _problem(response) -> str | None:
    """What is wrong with the answer to a hostile request, or None."""
    if not 400 <= response.status_code < 500:
        return f"status {response.status_code}: {response.text[:200]}"
    if "Traceback" in response.text or len(response.content) > 2_000:
        return f"a traceback or a long answer: {response.text[:200]}"
    body = response.json()
    if set(body) != {"field", "value", "allowed", "problem", "message"}:
        return f"not an error object: {body}"
    return None


def test_a_thousand_hostile_requests_get_only_4xx_and_the_server_still_plans(client):
    requests = [
        ("POST", endpoint, {"json": mapping}, mapping)
        for endpoint, mapping in wrong_values() + structures()
    ]
    for endpoint, body, media in raw_bodies():
        headers = {"content-type": media} if media else {}
        requests.append(("POST", endpoint, {"content": body, "headers": headers}, body[:100]))
    requests += [(method, path, options, None) for method, path, options in other_requests()]
    assert len(requests) >= MIN_REQUESTS
    problems = []
    for method, path, options, what in requests:
        problem = _problem(client.request(method, path, **options))
        if problem is not None:
            problems.append((method, path, json.dumps(what, default=str)[-200:], problem))
    assert problems == []
    assert client.app.state.internal_errors == 0
    answer = client.post("/api/plan", json=_seed())
    assert answer.status_code == 200
    assert answer.json()["go"] is True


@pytest.mark.parametrize("key", sorted(key for _, key in LAX))
def test_a_bool_is_not_a_number_of_members_in_a_scenario(client, key):
    mapping = _seed()
    mapping["dispersion"][key] = False
    assert client.post("/api/plan", json=mapping).status_code == 422
