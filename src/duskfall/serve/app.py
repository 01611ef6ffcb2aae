"""The application: the API's routes, the page, the answers to bad requests, and
:func:`run`, which serves it with uvicorn.

Every refusal is a 4xx with one JSON object ``{field, value, allowed, problem,
message}``: 422 for a bad input (an :class:`~duskfall.errors.InputError`), 413 for a body
too large, 415 for one that is not JSON, 404 and 405 for a wrong path or method, 429
when too many requests are at work. An error of the server itself is logged and
answered 500 without a traceback; :attr:`app.state.internal_errors` counts them (the
tests check that no hostile request reaches it).
"""

from __future__ import annotations

import contextlib
import html
import logging
import math
import socket
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from duskfall import __version__
from duskfall.errors import InputError
from duskfall.io.text import shown
from duskfall.serve import work
from duskfall.serve.api import router
from duskfall.serve.limits import WORKERS, RequestError, WorkGate

LOG = logging.getLogger("duskfall.serve")

STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
"""The page's files besides ``index.html`` (package data in ``static/``)."""

TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


def check_tile_url(url: str | None, field: str = "--tiles") -> str | None:
    """A map-tile URL template (``https://tile.example.org/{z}/{x}/{y}.png``), or None.

    Raises
    ------
    InputError
        If it is not an http(s) URL with ``{z}``, ``{x}`` and ``{y}``.
    """
    if url is None:
        return None
    allowed = "an http(s) URL with {z}, {x} and {y}, e.g. https://tiles.example/{z}/{x}/{y}.png"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(field, url, allowed, "is not an http(s) URL")
    if not all(p in url for p in TILE_PLACEHOLDERS) or '"' in url or "'" in url:
        raise InputError(field, url, allowed, "is not a tile URL template")
    return url


def _text(text: str, limit: int = 200) -> str:
    """A text JSON can carry as UTF-8: cut at ``limit``, lone surrogates escaped."""
    return shown(text, limit).encode("utf-8", "backslashreplace").decode("utf-8")


def _value(value: Any) -> Any:
    """An error's value as JSON can carry it (long texts cut, other objects as text)."""
    if value is None or isinstance(value, bool | int):
        return value if not isinstance(value, int) or abs(value) < 2**63 else _text(str(value))
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return _text(value if isinstance(value, str) else repr(value), 60)


def error_body(field: str, value: Any, allowed: str, problem: str) -> dict[str, Any]:
    """``{field, value, allowed, problem, message}``; the message is the command line's
    one line, with a long value cut."""
    field, allowed, problem = _text(str(field)), _text(str(allowed)), _text(str(problem))
    value = _value(value)
    said = "" if value is None else f"{value!r} "
    return {
        "field": field,
        "value": value,
        "allowed": allowed,
        "problem": problem,
        "message": f"{field}: {said}{problem}; allowed: {allowed}",
    }


def _refused(status: int, field, value, allowed, problem, headers=None) -> JSONResponse:
    return JSONResponse(error_body(field, value, allowed, problem), status, headers=headers)


async def _input_error(request: Request, error: InputError) -> JSONResponse:
    status = error.status if isinstance(error, RequestError) else 422
    headers = {"Retry-After": "1"} if status == 429 else None
    return _refused(status, error.field, error.value, error.allowed, error.problem, headers)


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    if error.status_code == 405:
        allowed = (error.headers or {}).get("Allow", "")
        return _refused(
            405, "method", request.method, allowed, "is not allowed here", error.headers
        )
    if error.status_code == 404:
        return _refused(404, "path", request.url.path, "see /openapi.json", "is not found")
    return _refused(error.status_code, "request", None, "see /openapi.json", str(error.detail))


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    (first, *_) = error.errors() or [{}]
    field = ".".join(str(p) for p in first.get("loc", ("request",)))
    return _refused(422, field, first.get("input"), "see /openapi.json", first.get("msg", ""))


async def _internal_error(request: Request, error: Exception) -> JSONResponse:
    request.app.state.internal_errors += 1
    LOG.error("internal error answering %s %s", request.method, request.url.path, exc_info=error)
    return _refused(500, "server", None, "a report of this bug", "failed (an internal error)")


@cache
def _page_file(name: str) -> str:
    return files("duskfall.serve").joinpath("static", name).read_text("utf-8")


def _security_headers(tiles: str | None) -> dict[str, str]:
    """The page may load nothing from elsewhere: a Content-Security-Policy of its own
    origin only (and the tile server's images, when one is set)."""
    tile_origin = ""
    if tiles:
        parts = urlsplit(tiles)
        tile_origin = f" {parts.scheme}://{parts.netloc}"
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' blob: data:{tile_origin}; connect-src 'self'; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"}


def _add_page(app: FastAPI, tiles: str | None) -> None:
    headers = _security_headers(tiles)
    index = (
        _page_file("index.html")
        .replace("{{tiles}}", html.escape(tiles or "", quote=True))
        .replace("{{version}}", __version__)
    )

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return Response(index, media_type="text/html; charset=utf-8", headers=headers)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:
            return _refused(404, "path", f"/static/{name}", ", ".join(STATIC), "is not found")
        return Response(_page_file(name), media_type=STATIC[name], headers=headers)


def _lifespan(processes: int):
    """Start the worker processes with the server and stop them with it (before uvicorn
    passes on the signal that stopped it)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        work.PROCESSES.start(processes)
        try:
            yield
        finally:
            work.PROCESSES.stop()

    return lifespan


def create_app(
    tiles: str | None = None, gate: WorkGate | None = None, processes: int = 0
) -> FastAPI:
    """The ASGI application: the API (``/api/...``, schema at ``/openapi.json``) and the
    page at ``/``.

    Parameters
    ----------
    tiles
        A map-tile URL template for the page's map, or None for the offline map only.
    gate
        How many requests work at once (:class:`~duskfall.serve.limits.WorkGate`).
    processes
        Worker processes for the heavy work, started and stopped with the application's
        lifespan (:data:`duskfall.serve.work.PROCESSES`); 0: it runs in the threads.
    """
    app = FastAPI(
        lifespan=_lifespan(processes) if processes else None,
        title="duskfall",
        version=__version__,
        description="Plan a skydive that must happen in a given light. The API answers "
        "what the command line prints with --format json.",
        docs_url=None,  # the interactive docs load scripts from elsewhere: not offline
        redoc_url=None,
    )
    app.state.gate = gate or WorkGate()
    app.state.internal_errors = 0
    app.state.tiles = check_tile_url(tiles)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(router)
    _add_page(app, app.state.tiles)
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one).

    Raises
    ------
    InputError
        Naming ``--host`` or ``--port`` if the address cannot be bound.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise InputError(
            "--host", host, "a host name or address of this machine", f"cannot be found ({error})"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise InputError(
            "--port", port, "a free port on this host", f"cannot be bound ({error.strerror})"
        ) from None
    return sock


def url_of(sock: socket.socket) -> str:
    """``http://HOST:PORT/`` of a listening socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def run(
    sock: socket.socket,
    tiles: str | None = None,
    log_level: str = "warning",
    processes: int = WORKERS,
) -> None:
    """Serve the application on a bound socket (:func:`bind`) until interrupted, with the
    heavy work in ``processes`` worker processes (0: in the server's threads)."""
    import uvicorn

    # Every worker process has a request in flight and one more thread is free for the
    # light work (figures, reports, the light of a day) answered in the server itself.
    gate = WorkGate(workers=processes + WORKERS) if processes else None
    config = uvicorn.Config(
        create_app(tiles, gate, processes),
        log_level=log_level,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run(sockets=[sock])
