"""Helpers of the server's tests: an in-process client of the ASGI app, and a real
``duskfall serve`` in a child process on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import anyio.from_thread
import httpx

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60.0
"""Longest wait for a child server to say where it listens (its imports take about 2 s)."""


class Client:
    """A synchronous client of an ASGI app, in process (httpx's ASGI transport on an
    event loop of its own); exceptions of the app propagate unless told otherwise."""

    def __init__(self, app, raise_app_exceptions: bool = True):
        self._portal_context = anyio.from_thread.start_blocking_portal()
        self.portal = self._portal_context.__enter__()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")

    def request(self, method: str, url: str, **options) -> httpx.Response:
        return self.portal.call(lambda: self.http.request(method, url, **options))

    def get(self, url: str, **options) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options) -> httpx.Response:
        return self.request("POST", url, **options)

    def gather(self, requests: list[tuple[str, str, dict]]) -> list[httpx.Response]:
        """Several requests at once (method, url, options), answers in order."""

        async def run():
            answers: list = [None] * len(requests)

            async def one(i, method, url, options):
                answers[i] = await self.http.request(method, url, **options)

            async with anyio.create_task_group() as group:
                for i, (method, url, options) in enumerate(requests):
                    group.start_soon(one, i, method, url, options)
            return answers

        return self.portal.call(run)

    def close(self) -> None:
        self.portal.call(self.http.aclose)
        self._portal_context.__exit__(None, None, None)


@contextlib.contextmanager
def serving(*arguments: str):
    """``duskfall serve --port 0 ARGUMENTS`` in a child process: yields its URL (read
    from the line it prints), stops it after."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "duskfall", "serve", "--port", "0", *arguments],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    reader = None
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        line = ""
        while time.monotonic() < deadline:
            line = child.stderr.readline()
            found = re.search(r"http://\S+/", line)
            if found:
                # Keep reading what it says, so that a full pipe never blocks it.
                reader = threading.Thread(target=_drain, args=(child.stderr,), daemon=True)
                reader.start()
                yield found.group(0)
                break
            if child.poll() is not None:
                raise RuntimeError(f"duskfall serve ended: {line}{child.stderr.read()}")
        else:
            raise RuntimeError(f"duskfall serve did not start: {line}")
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if reader is not None:
            reader.join(timeout=10)
        child.stderr.close()


def _drain(stream) -> None:
    with contextlib.suppress(ValueError, OSError):
        for _ in stream:
            pass
