"""The routes of the API: each reads a scenario (a JSON object with the keys of a
scenario file), does its work in a worker thread and answers what the command prints.

Every ``POST`` takes ``?units=aviation|metric`` (the wording of the JSON's messages, as
``--units``); ``/api/season`` also takes ``?best=N``. A bad input is answered 422 with
``{field, value, allowed, problem, message}`` (:mod:`duskfall.serve.app`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from duskfall.errors import InputError, OutOfRangeError
from duskfall.io.scenario_file import OTHER_SECTIONS, SECTIONS
from duskfall.reports.formatting import UNIT_SYSTEMS
from duskfall.season.scan import MAX_SEASON_DAYS
from duskfall.serve import work
from duskfall.serve.limits import WorkGate, check_media_type, parse_body, read_body

router = APIRouter()

JSON = "application/json"


def _section_schema(section: str) -> dict[str, Any]:
    table = {
        "type": "object",
        "properties": {key: {} for key in SECTIONS[section]},
        "additionalProperties": False,
    }
    return {"type": "array", "items": table} if section == "jumpers" else table


SCENARIO_SCHEMA = {
    "type": "object",
    "description": "A scenario: the keys of a scenario file (docs/serve.md), values with "
    'their units as in the file ("25000ft", "4000ftAGL", "130kt").',
    "properties": {
        **{section: _section_schema(section) for section in SECTIONS},
        **{section: {"type": "object"} for section in OTHER_SECTIONS},
        "light": {"type": "object", "description": "POST /api/light only: horizon, from, to"},
        "release": {"type": "object", "description": "POST /api/release only"},
    },
    "additionalProperties": False,
}


def _body_doc(summary: str, answer: str = JSON) -> dict[str, Any]:
    return {
        "summary": summary,
        "openapi_extra": {
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": SCENARIO_SCHEMA}},
            }
        },
        "responses": {
            200: {"content": {answer: {}}},
            422: {"description": "Bad input: {field, value, allowed, problem, message}"},
        },
        "response_class": Response,
    }


def _query(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query's parameters, refusing one not in ``allowed`` or given twice."""
    params = request.query_params
    for name in params:
        if name not in allowed:
            raise InputError(name, params[name], ", ".join(allowed), "is not a known parameter")
        if len(params.getlist(name)) > 1:
            raise InputError(name, params.getlist(name), "one value", "is given twice")
    return dict(params)


def _units(query: dict[str, str]) -> str:
    units = query.get("units", "aviation")
    if units not in UNIT_SYSTEMS:
        raise InputError("units", units, " or ".join(UNIT_SYSTEMS))
    return units


def _best(query: dict[str, str]) -> int:
    text = query.get("best", "10")
    allowed = f"a whole number of days from 0 to {MAX_SEASON_DAYS:,}"
    if not (text.isascii() and text.isdigit()):
        raise InputError("best", text, allowed, "is not a whole number from 0")
    if len(text) > 6 or int(text) > MAX_SEASON_DAYS:
        raise OutOfRangeError("best", text, allowed)
    return int(text)


async def _scenario(request: Request) -> dict[str, Any]:
    check_media_type(request.headers.get("content-type"))
    data = await read_body(request.headers.get("content-length"), request.stream())
    return parse_body(data)


def _gate(request: Request) -> WorkGate:
    return request.app.state.gate


async def _answer(
    request: Request,
    function: Callable[..., Any],
    media_type: str,
    params: tuple[str, ...] = ("units",),
    filename: str | None = None,
    extra: tuple = (),
) -> Response:
    """Read the scenario and the query, run ``function(mapping, *extra, units[, best])``
    in a worker, answer its text or bytes."""
    query = _query(request, params)
    units = _units(query)
    mapping = await _scenario(request)
    arguments: list[Any] = [mapping, *extra, units]
    if "best" in params:
        arguments.append(_best(query))
    content = await _gate(request).run(function, *arguments)
    headers = {}
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(content, media_type=media_type, headers=headers)


@router.post("/api/plan", **_body_doc("The plan: duskfall plan --format json"))
async def plan(request: Request) -> Response:
    return await _answer(request, work.plan_answer, JSON)


@router.post("/api/light", **_body_doc("The light aloft: duskfall light --format json"))
async def light(request: Request) -> Response:
    return await _answer(request, work.light_answer, JSON)


@router.post("/api/release", **_body_doc("The release point: duskfall release --format json"))
async def release(request: Request) -> Response:
    return await _answer(request, work.release_answer, JSON)


@router.post("/api/season", **_body_doc("Every day of a season: duskfall season --format json"))
async def season(request: Request) -> Response:
    return await _answer(request, work.season_answer, JSON, ("units", "best"))


@router.post("/api/plan/figure", **_body_doc("The light-and-fall figure (SVG)", "image/svg+xml"))
async def figure(request: Request) -> Response:
    return await _answer(request, work.light_figure, "image/svg+xml")


@router.post("/api/plan/report", **_body_doc("The HTML report: duskfall report", "text/html"))
async def report(request: Request) -> Response:
    return await _answer(request, work.report, "text/html; charset=utf-8", filename="plan.html")


def _export_route(kind: str) -> None:
    media_type, filename = work.EXPORTS[kind]

    async def export(request: Request) -> Response:
        return await _answer(request, work.export, media_type, filename=filename, extra=(kind,))

    export.__name__ = f"export_{kind}"
    summary = f"The release point, jump run, fall and dispersion as {kind.upper()}"
    router.post(f"/api/plan/{kind}", **_body_doc(summary, media_type))(export)


for _kind in work.EXPORTS:
    _export_route(_kind)


async def _static(request: Request, function: Callable[[], str]) -> Response:
    _query(request, ())
    return Response(await _gate(request).run(function), media_type=JSON)


@router.get("/api/example", summary="The seed scenario, to start from", response_class=Response)
async def example(request: Request) -> Response:
    return await _static(request, work.example)


@router.get(
    "/api/choices", summary="Postures, light bands, aircraft, units", response_class=Response
)
async def choices(request: Request) -> Response:
    return await _static(request, work.choices)


@router.get(
    "/api/coastlines", summary="The world's coastlines for the page's map", response_class=Response
)
async def coastlines(request: Request) -> Response:
    return await _static(request, work.coastlines)
