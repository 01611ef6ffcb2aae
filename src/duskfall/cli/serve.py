"""``duskfall serve``: the planner in a browser, and the JSON API, on a local server."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from duskfall.cli._app import app
from duskfall.errors import InputError, check_range

LOOPBACK = "127.0.0.1"
"""The default address: this machine only."""

MAX_PROCESSES = 64
"""Most worker processes (each holds its own copy of the library, about 100 MB)."""


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


# A subcommand takes one parameter per command-line option (typer declares them so).
@app.command("serve")
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = LOOPBACK,
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8000,
    tiles: Annotated[
        str | None,
        typer.Option(
            help="Map-tile URL {z}/{x}/{y} for the page's map when online; default: the "
            "offline map only."
        ),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            help="Worker processes for plans, release points and seasons (0: none, all "
            "in the server's process); default: one per core."
        ),
    ] = None,
) -> None:
    """Serve the planner page and the JSON API (POST /api/plan, /api/season, ...) until
    Ctrl+C. Needs the serve extra: pip install "duskfall[serve]".
    """
    check_range("--port", port, 0, 65535, allowed="a port number, 0 to 65535")
    try:
        from duskfall.serve import app as server
    except ImportError as error:
        raise InputError(
            "serve",
            None,
            'FastAPI and uvicorn installed: pip install "duskfall[serve]"',
            f"cannot start ({error})",
        ) from None
    if processes is None:
        processes = server.WORKERS  # one per core
    check_range("--processes", processes, 0, MAX_PROCESSES, allowed=f"0 to {MAX_PROCESSES}")
    server.check_tile_url(tiles)
    sock = server.bind(host, port)
    url = server.url_of(sock)
    typer.echo(f"duskfall: serving the planner at {url} (Ctrl+C to stop)", err=True)
    if not _is_loopback(host):
        typer.echo(f"duskfall: warning: listening on {host}: other machines can reach it", err=True)
    try:
        server.run(sock, tiles, processes=processes)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
