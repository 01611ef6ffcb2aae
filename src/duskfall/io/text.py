"""Reading text files safely: one place that bounds, decodes and checks what every reader
of a text format gets.

Whatever bytes a file holds, the readers of :mod:`duskfall.io` either get text or raise
one :class:`~duskfall.errors.InputError` that names the file and says what is allowed:

- the size is bounded before anything is allocated (:func:`read_text` reads at most
  ``max_bytes`` + 1 bytes, whatever the file system says);
- a NUL byte means binary data (or UTF-16, which no format read here uses);
- the text must be UTF-8 (a byte-order mark is dropped); the first undecodable byte is
  named with its line and column;
- lines are split on line feeds only (``\\r\\n`` and ``\\r`` endings are accepted), so the
  line numbers in messages are the ones an editor shows.

:func:`parse_toml` and :func:`parse_json` add what the structured formats need: nesting
bounded (no :class:`RecursionError`), numbers finite and integers within 64 bits (TOML
1.0 allows ``inf`` and ``nan``; Python's JSON reads ``1e999`` as infinity and accepts
``NaN``), no duplicate keys (JSON would keep the last one silently), and strings
without control characters or lone surrogates (which cannot be printed).
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from duskfall.errors import InputError

MAX_TEXT_BYTES = 16 * 2**20
"""Default bound on a text file read whole [bytes]: 16 MiB, a hundred times the largest
sounding or wind table (a month of University of Wyoming soundings is about 1 MiB)."""

MAX_DEPTH = 32
"""Deepest nesting of tables and arrays accepted in TOML and JSON files (scenario and
wind files nest three or four levels)."""

MAX_INTEGER = 2**63 - 1
"""Largest integer magnitude in TOML and JSON files: TOML 1.0 requires 64-bit signed
integers and an error for larger ones (toml.io/en/v1.0.0, "Integer")."""

#: C0 and C1 control characters other than tab and line feed (which may sit in notes).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: A dotted key of more than MAX_DEPTH parts (``a.a.a...``, bare or quoted). tomllib's time
#: grows with the square of a key's parts (a 20,000-part key takes seconds, a megabyte of
#: them hours), so such a key is refused before parsing. Possessive quantifiers and the
#: look-behind keep this search linear in the text.
_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_DOTTED_CHAIN = re.compile(
    rf"(?<![A-Za-z0-9_\-\"'])(?:{_PART}[ \t]*+\.[ \t]*+){{{MAX_DEPTH}}}{_PART}"
)


def shown(value: Any, limit: int = 60) -> Any:
    """``value`` for an error message: strings longer than ``limit`` are cut with ``...``."""
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "..."
    return value


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def read_bytes(path: str | Path, field: str, what: str, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a file, refused if there are more than ``max_bytes``.

    Parameters
    ----------
    path
        The file.
    field
        Name of the input, for messages (``wind file``, ``scenario file``).
    what
        What the file should be, in words, for messages (``a CSV wind table``).
    max_bytes
        Largest size accepted [bytes].

    Raises
    ------
    InputError
        If the file cannot be opened or read, or is larger than ``max_bytes``.
    """
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise InputError(
                    field,
                    str(path),
                    f"{what} of at most {_mib(max_bytes)}",
                    f"is too large ({_mib(size)})",
                )
            # Read one byte more than allowed: special files report a size of 0.
            data = stream.read(max_bytes + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(
            field, str(path), f"a readable file: {what}", f"cannot be read ({reason})"
        ) from None
    if len(data) > max_bytes:
        raise InputError(field, str(path), f"{what} of at most {_mib(max_bytes)}", "is too large")
    return data


def decode_text(data: bytes, path: str | Path, field: str, what: str) -> str:
    """UTF-8 text of ``data`` (a byte-order mark dropped), refused if binary or not UTF-8.

    Raises
    ------
    InputError
        If ``data`` holds a NUL byte (binary or UTF-16) or is not valid UTF-8, naming the
        line and column of the first bad byte.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            field,
            str(path),
            f"UTF-8 text: {what}",
            f"is binary (a NUL byte at {_position(data, nul)})",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise InputError(
            field,
            str(path),
            f"UTF-8 text: {what}",
            f"is not UTF-8 (byte 0x{data[start]:02x} at {_position(data, start)})",
        ) from None


def read_text(
    path: str | Path, field: str, what: str = "a text file", max_bytes: int = MAX_TEXT_BYTES
) -> str:
    """The UTF-8 text of a file, bounded in size and checked (see the module docstring).

    Parameters
    ----------
    path
        The file.
    field
        Name of the input, for messages.
    what
        What the file should be, in words, for messages.
    max_bytes
        Largest size accepted [bytes].

    Raises
    ------
    InputError
        If the file cannot be read, is too large, binary or not UTF-8.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as f:
    ...     _ = f.write(b"\\xef\\xbb\\xbfaltitude_ft,direction_deg,speed_kt\\r\\n")
    >>> read_text(f.name, "wind file")
    'altitude_ft,direction_deg,speed_kt\\r\\n'
    """
    return decode_text(read_bytes(path, field, what, max_bytes), path, field, what)


def read_head(path: str | Path, field: str, size: int = 512) -> bytes:
    """The first ``size`` bytes of ``path``, to recognise its format by content.

    Raises
    ------
    InputError
        If the file cannot be read.
    """
    try:
        with Path(path).open("rb") as file:
            return file.read(size)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(
            field, str(path), "a readable file", f"cannot be read ({reason})"
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` split at line feeds only (``\\r\\n``, ``\\r`` accepted), without
    their endings; unlike :meth:`str.splitlines`, form feeds, vertical tabs and Unicode
    separators stay inside a line, so line numbers match an editor's."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _where(keys: tuple) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")


def _check_value(value: Any, keys: tuple, path: str, field: str) -> None:
    name = f"{field} {Path(path).name}, key {_where(keys)}" if keys else f"{field} {path}"
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(name, value, "a finite number", "is not a finite number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        raise InputError(
            name, shown(str(value)), "an integer within 64 bits (TOML 1.0)", "is too large"
        )
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise InputError(name, shown(value), "text without lone surrogates", "is not text")
        if _CONTROL.search(value):
            raise InputError(
                name, shown(value), "text without control characters", "holds a control character"
            )


def check_structure(data: Any, path: str | Path, field: str) -> Any:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, non-finite numbers, integers beyond
    64 bits and unprintable strings anywhere in parsed TOML/JSON ``data`` (iteratively,
    so that depth itself cannot overflow the stack); return ``data``.

    Raises
    ------
    InputError
        Naming the file and the key path (``scenario file s.toml, key jumpers[0].mass``).
    """
    stack = [((), data)]
    while stack:
        keys, value = stack.pop()
        if len(keys) > MAX_DEPTH:
            raise InputError(
                field,
                str(path),
                f"tables and arrays nested at most {MAX_DEPTH} deep",
                f"is nested deeper (at {shown(_where(keys[:4]))}...)",
            )
        if isinstance(value, dict):
            for key, item in value.items():
                _check_value(key, keys, str(path), field)
                stack.append(((*keys, key), item))
        elif isinstance(value, list):
            stack.extend(((*keys, i), item) for i, item in enumerate(value))
        else:
            _check_value(value, keys, str(path), field)
    return data


def _too_deep(path: str | Path, field: str, kind: str) -> InputError:
    return InputError(
        field,
        str(path),
        f"{kind} with tables and arrays nested at most {MAX_DEPTH} deep",
        "is nested too deep",
    )


def parse_toml(text: str, path: str | Path, field: str) -> dict[str, Any]:
    """Parse TOML ``text`` of file ``path``, checked with :func:`check_structure`.

    Raises
    ------
    InputError
        If the text is not valid TOML (with the parser's line and column), is nested too
        deep (a dotted key of more than :data:`MAX_DEPTH` parts is refused before parsing,
        as it would take tomllib hours), or holds a value refused by
        :func:`check_structure`.
    """
    chain = _DOTTED_CHAIN.search(text)
    if chain is not None:
        line = text.count("\n", 0, chain.start()) + 1
        raise InputError(
            f"{field} {Path(path).name} line {line}",
            shown(chain.group()),
            f"keys of at most {MAX_DEPTH} dotted parts",
            "is nested too deep",
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            field, str(path), "a valid TOML file", f"is not valid TOML: {error}"
        ) from None
    except RecursionError:
        raise _too_deep(path, field, "TOML") from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise InputError(
            field, str(path), "a valid TOML file", f"is not valid TOML: {error}"
        ) from None
    return check_structure(data, path, field)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {shown(key)!r} appears twice in one object")
        result[key] = value
    return result


def parse_json(text: str, path: str | Path, field: str) -> Any:
    """Parse JSON ``text`` of file ``path`` strictly (RFC 8259), checked with
    :func:`check_structure`: ``NaN``, ``Infinity`` and repeated keys are refused.

    Raises
    ------
    InputError
        If the text is not valid JSON (with line and column), is nested too deep, or holds
        a value refused by :func:`check_structure`.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise InputError(
            field, str(path), "a valid JSON file", f"is not valid JSON: {error}"
        ) from None
    except RecursionError:
        raise _too_deep(path, field, "JSON") from None
    except ValueError as error:
        raise InputError(
            field, str(path), "a valid JSON file", f"is not valid JSON: {error}"
        ) from None
    return check_structure(data, path, field)
