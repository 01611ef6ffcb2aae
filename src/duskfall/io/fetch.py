"""Downloading a forecast: the one place in duskfall that touches the network.

:func:`fetch_open_meteo` asks an Open-Meteo server (or a mirror) for the hourly winds,
geopotential heights, temperatures and cloud cover on pressure levels at one place for
one local day, and writes the answer to a file exactly as it came: the file is the
provenance of every plan made from it. The download has a timeout and a size limit; the
file is written whole or not at all (a temporary file beside it, renamed at the end).
Nothing else in duskfall opens a socket: plans, reports and checks read saved files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from duskfall.errors import InputError, OutOfRangeError
from duskfall.timeutil import parse_date

SOURCES = {
    "open-meteo": "https://api.open-meteo.com",
    "open-meteo-historical": "https://historical-forecast-api.open-meteo.com",
}
"""Servers by name: Open-Meteo's forecast API, and its historical-forecast API (archived
forecasts of past days, from 2022). Both answer on ``/v1/forecast``
(https://open-meteo.com/en/docs, https://open-meteo.com/en/docs/historical-forecast-api)."""

API_PATH = "/v1/forecast"

PRESSURE_LEVELS_HPA = (1000, 975, 950, 925, 900, 850, 800, 700, 600, 500, 400, 300, 250, 200)
"""Levels asked for [hPa]: the surface to about 39,000 ft (200 hPa is near 11.8 km in the
standard atmosphere), the levels Open-Meteo documents under "Pressure Level Variables"."""

VARIABLES = ("wind_speed", "wind_direction", "geopotential_height", "temperature", "cloud_cover")
"""Hourly variables asked for at every level."""

DEFAULT_TIMEOUT_S = 30.0
"""Longest wait for the whole answer [s]: Open-Meteo answers such a request in well under
a second; a slow mobile link at a drop zone may take several."""

MAX_TIMEOUT_S = 600.0
MAX_RESPONSE_BYTES = 20_000_000
"""Largest answer accepted [bytes]: a day of these variables is about 60 kB; a year, 20 MB."""

_MODEL = re.compile(r"^[a-z0-9_]{1,64}$")


class FetchError(InputError):
    """A download failed: offline, refused, timed out, or answered with an error."""

    def __init__(self, field: str, value, allowed: str, problem: str):
        super().__init__(field, value, allowed, problem)


@dataclass(frozen=True)
class FetchResult:
    """What was downloaded and where it went."""

    path: Path
    """The file written."""
    url: str
    """The full request URL, query included."""
    size_bytes: int
    """Length of the answer [bytes]."""
    checked: object = None
    """What ``check`` returned for the answer (the profile read from it), if any."""


def open_meteo_request(
    latitude_deg: float,
    longitude_deg: float,
    date: str | dt.date,
    model: str | None = None,
    base_url: str | None = None,
    source: str = "open-meteo",
) -> tuple[str, dict[str, str]]:
    """The URL and query of an Open-Meteo request for one local day of pressure levels.

    Parameters
    ----------
    latitude_deg, longitude_deg
        The drop zone [deg, north and east positive]; longitudes 180-360 are taken as
        west longitudes written east.
    date
        The local date at the drop zone (``YYYY-MM-DD``): the API answers with its hours
        00:00-23:00 in the zone's local time (``timezone=auto``).
    model
        An Open-Meteo model name (``gfs_seamless``, ``icon_seamless``, ``ecmwf_ifs025``);
        default: the API's best match.
    base_url
        A server or mirror (``https://host[:port][/prefix]``); ``/v1/forecast`` is added
        unless the URL already ends with ``/forecast``. Default: the ``source``'s server.
    source
        A key of :data:`SOURCES`.

    Returns
    -------
    (url, params)
        Wind speeds are asked in knots; the reader takes any unit.

    Examples
    --------
    >>> url, params = open_meteo_request(24.4, 54.6, "2018-03-10")
    >>> url, params["start_date"], params["wind_speed_unit"]
    ('https://api.open-meteo.com/v1/forecast', '2018-03-10', 'kn')
    """
    lat, lon = _coordinates(latitude_deg, longitude_deg)
    day = parse_date(date, "--date")
    if source not in SOURCES:
        raise InputError("--source", source, f"one of {', '.join(SOURCES)}")
    url = _url(SOURCES[source] if base_url is None else base_url)
    hourly = [f"{v}_{level}hPa" for level in PRESSURE_LEVELS_HPA for v in VARIABLES]
    params = {
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "hourly": ",".join(hourly),
        "start_date": day.isoformat(),
        "end_date": day.isoformat(),
        "wind_speed_unit": "kn",
        "timezone": "auto",
    }
    if model is not None:
        if not isinstance(model, str) or not _MODEL.match(model):
            raise InputError("--model", model, "an Open-Meteo model name, e.g. gfs_seamless")
        params["models"] = model
    return url, params


def fetch_open_meteo(
    latitude_deg: float,
    longitude_deg: float,
    date: str | dt.date,
    output: str | Path,
    *,
    model: str | None = None,
    base_url: str | None = None,
    source: str = "open-meteo",
    timeout_s: float = DEFAULT_TIMEOUT_S,
    check: Callable[[bytes], object] | None = None,
) -> FetchResult:
    """Download an Open-Meteo pressure-level forecast and write it, unchanged, to ``output``.

    Parameters
    ----------
    latitude_deg, longitude_deg, date, model, base_url, source
        As for :func:`open_meteo_request`.
    output
        The file to write; its folder must exist. Replaced only once the whole answer
        has arrived (and passed ``check``).
    timeout_s
        Longest time for the whole exchange [s], 0 to 600.
    check
        Called with the answer before it is written (e.g. a reader); an
        :class:`InputError` it raises refuses the answer and nothing is written.

    Raises
    ------
    FetchError
        Offline or refused, no answer within ``timeout_s``, an HTTP error (with the
        server's reason), or an answer that ``check`` refuses.
    InputError
        A bad argument or an output that cannot be written.
    """
    path = check_output(output)
    timeout = _timeout(timeout_s)
    url, params = open_meteo_request(latitude_deg, longitude_deg, date, model, base_url, source)
    request = httpx.Request("GET", url, params=params)
    body = download(request, timeout)
    checked = None
    if check is not None:
        try:
            checked = check(body)
        except InputError as error:
            raise FetchError(
                "--url" if base_url else "--source",
                str(request.url.copy_with(query=None)),
                "an Open-Meteo answer with hourly pressure-level winds",
                f"answered, but not with a usable forecast ({error})",
            ) from None
    write_atomic(path, body)
    return FetchResult(path, str(request.url), len(body), checked)


def download(request: httpx.Request, timeout_s: float) -> bytes:
    """The body of the answer to ``request``, within ``timeout_s`` [s] in all.

    Raises
    ------
    FetchError
        If the server cannot be reached, takes longer, answers with an HTTP error or more
        than :data:`MAX_RESPONSE_BYTES`.
    """
    where = str(request.url.copy_with(query=None))
    allowed = "a reachable Open-Meteo server (--url for a mirror)"
    deadline = time.monotonic() + timeout_s
    try:
        with httpx.Client(timeout=timeout_s, follow_redirects=True) as client:
            response = client.send(request, stream=True)
            try:
                body = _read(response, deadline, where, allowed, timeout_s)
            finally:
                response.close()
    except httpx.TimeoutException:
        raise FetchError(
            "--url", where, allowed, f"did not answer within {timeout_s:g} s (--timeout)"
        ) from None
    except httpx.ConnectError as error:
        raise FetchError(
            "--url", where, allowed, f"cannot be reached (offline? {_reason(error)})"
        ) from None
    except httpx.HTTPError as error:
        raise FetchError("--url", where, allowed, f"failed ({_reason(error)})") from None
    if response.status_code >= 400:
        raise FetchError(
            "--url",
            where,
            allowed,
            f"answered HTTP {response.status_code} {response.reason_phrase}" + _server_reason(body),
        )
    return body


def _read(response, deadline: float, where: str, allowed: str, timeout_s: float) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise FetchError(
                "--url", where, allowed, f"answered with more than {MAX_RESPONSE_BYTES} bytes"
            )
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("deadline")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]


def _server_reason(body: bytes) -> str:
    """``: reason`` from Open-Meteo's error object, or the start of the answer."""
    try:
        reason = json.loads(body.decode("utf-8"))["reason"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        reason = body[:160].decode("utf-8", errors="replace")
    reason = " ".join(str(reason).split())[:200]
    return f": {reason}" if reason else ""


def check_output(output: str | Path, field: str = "-o") -> Path:
    """The output path, refused before any download if it cannot be written there.

    Raises
    ------
    InputError
        If the folder does not exist or is not writable, or the path is a folder.
    """
    path = Path(output)
    folder = path.parent
    allowed = "a file in an existing, writable folder"
    if path.is_dir():
        raise InputError(field, str(output), allowed, "is a folder")
    if not folder.is_dir():
        raise InputError(field, str(output), allowed, f"has no folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(field, str(output), allowed, f"cannot be written in {folder}")
    return path


def write_atomic(path: Path, data: bytes, field: str = "-o") -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file in the same folder,
    flushed to disk, then renamed over ``path`` (atomic on POSIX and Windows).

    Raises
    ------
    InputError
        If the file cannot be written (nothing is left behind).
    """
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise InputError(
            field, str(path), "a writable file", f"cannot be written ({error})"
        ) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _coordinates(latitude_deg, longitude_deg) -> tuple[float, float]:
    for name, value, low, high in (
        ("--lat", latitude_deg, -90.0, 90.0),
        ("--lon", longitude_deg, -180.0, 360.0),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(name, value, f"a number of degrees, {low:g} to {high:g}")
        if not low <= value <= high:
            raise OutOfRangeError(name, value, f"{low:g} to {high:g} degrees")
    longitude = (float(longitude_deg) + 180.0) % 360.0 - 180.0
    return float(latitude_deg), longitude


def _url(base: str) -> str:
    allowed = "an http(s) URL of an Open-Meteo server or mirror, e.g. https://api.open-meteo.com"
    if not isinstance(base, str):
        raise InputError("--url", base, allowed)
    try:
        url = httpx.URL(base.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InputError("--url", base, allowed) from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InputError("--url", base, allowed)
    path = url.path.rstrip("/")
    if not path.endswith("/forecast"):
        path += API_PATH
    return str(url.copy_with(path=path, query=None, fragment=None))


def _timeout(timeout_s) -> float:
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, int | float):
        raise InputError(
            "--timeout", timeout_s, f"seconds, more than 0 and at most {MAX_TIMEOUT_S:g}"
        )
    if not 0 < timeout_s <= MAX_TIMEOUT_S:
        raise OutOfRangeError(
            "--timeout", timeout_s, f"more than 0 and at most {MAX_TIMEOUT_S:g} s"
        )
    return float(timeout_s)


__all__ = [
    "PRESSURE_LEVELS_HPA",
    "SOURCES",
    "FetchError",
    "FetchResult",
    "check_output",
    "download",
    "fetch_open_meteo",
    "open_meteo_request",
    "write_atomic",
]
