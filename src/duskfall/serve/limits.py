"""What one request may cost the server: its body, and the work in flight.

The bounds on the work itself are the library's, the same as on the command line: at
most :data:`duskfall.release.MAX_MEMBERS` Monte Carlo members of a dispersion (the
scenario's ``dispersion.members``, 100,000), :data:`duskfall.season.MAX_MEMBERS` seasons
drawn for the odds, :data:`duskfall.timeutil.MAX_DATE_RANGE_DAYS` dates (20 years) in a
season or a light range. What the server adds is how many of them run at once
(:class:`WorkGate`) and how big a body it reads (:func:`read_body`).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from duskfall.errors import InputError
from duskfall.io.scenario import MAX_SCENARIO_BYTES
from duskfall.io.text import MAX_DEPTH, decode_text, parse_json

MAX_BODY_BYTES = MAX_SCENARIO_BYTES
"""Largest request body read [bytes]: that of a scenario file (1 MiB)."""

WORKERS = max(1, os.cpu_count() or 1)
"""Requests worked on at once: one per core. The work is mostly Python holding the
interpreter lock, so more threads would not answer sooner, only use more memory."""

MAX_PENDING = 16 * WORKERS
"""Requests accepted at once, working or waiting; one more is answered 429 (try again).
At the seed plan's 0.15 s a request, 16 waiting per core are about 2.5 s of waiting."""

JSON_TYPES = ("application/json",)
"""Media types of a request body (a ``+json`` suffix is accepted too, RFC 6839)."""

T = TypeVar("T")


class RequestError(InputError):
    """A request refused before its scenario is read, with the HTTP status to answer."""

    def __init__(self, status: int, field: str, value: Any, allowed: str, problem: str):
        super().__init__(field, value, allowed, problem)
        self.status = status


def check_media_type(content_type: str | None) -> None:
    """Refuse a body that does not say it is JSON (415).

    Raises
    ------
    RequestError
        Naming the ``Content-Type`` header.
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in JSON_TYPES and not media.endswith("+json"):
        raise RequestError(
            415, "Content-Type", content_type, "application/json", "is not a JSON media type"
        )


def _too_large(size: int | None) -> RequestError:
    shown = None if size is None else f"{size:,} bytes"
    return RequestError(
        413, "body", shown, f"at most {MAX_BODY_BYTES:,} bytes of JSON", "is too large"
    )


async def read_body(content_length: str | None, chunks: AsyncIterator[bytes]) -> bytes:
    """The request body, read no further than :data:`MAX_BODY_BYTES` (413 past it,
    whatever the ``Content-Length`` header says).

    Raises
    ------
    RequestError
        If the declared or the actual size is larger.
    """
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            declared = None
        if declared is not None and declared > MAX_BODY_BYTES:
            raise _too_large(declared)
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _too_large(None)
    return bytes(body)


def parse_body(data: bytes) -> dict[str, Any]:
    """A request body as a scenario mapping, read as strictly as a JSON scenario file
    (:func:`duskfall.io.text.parse_json`: UTF-8, no NaN or infinities, no repeated keys,
    nesting at most :data:`~duskfall.io.text.MAX_DEPTH` deep).

    Raises
    ------
    InputError
        Naming ``body``, or the key of a bad value (``site.lat`` for ``1e999``), and what
        is allowed.
    """
    allowed = f"a JSON object of scenario keys, nested at most {MAX_DEPTH} deep"
    try:
        text = decode_text(data, "body", "request", "a JSON object")
        mapping = parse_json(text, "body", "request")
    except InputError as error:
        if error.field == "request":  # the text as a whole, not one key
            raise InputError("body", None, allowed, error.problem) from None
        key = error.field.removeprefix("request body, key ")
        if key != error.field:  # one value: named by its key, as the scenario's checks do
            raise type(error)(key, error.value, error.allowed, error.problem) from None
        raise
    if not isinstance(mapping, dict):
        raise InputError("body", None, allowed, f"is a JSON {type(mapping).__name__}")
    return mapping


class WorkGate:
    """At most :data:`WORKERS` requests worked on at once, in threads, and at most
    :data:`MAX_PENDING` accepted (the others are refused with 429 at once)."""

    def __init__(self, workers: int = WORKERS, pending: int = MAX_PENDING):
        import anyio

        self._limiter = anyio.CapacityLimiter(workers)
        self._pending = 0
        self.max_pending = pending

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker thread, once one is free.

        Raises
        ------
        RequestError
            429 if :attr:`max_pending` requests are already accepted.
        """
        import anyio.to_thread

        if self._pending >= self.max_pending:
            raise RequestError(
                429,
                "request",
                None,
                f"at most {self.max_pending} requests at once; try again in a moment",
                "is one too many",
            )
        self._pending += 1
        try:
            return await anyio.to_thread.run_sync(function, *args, limiter=self._limiter)
        finally:
            self._pending -= 1
