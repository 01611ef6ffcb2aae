"""Read scenario files (TOML or JSON) into mappings; see
:mod:`duskfall.planning.scenario_file` for their keys and units."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from duskfall.errors import InputError
from duskfall.io.text import parse_json, parse_toml, read_text

MAX_SCENARIO_BYTES = 2**20
"""Largest scenario file read [bytes]: 1 MiB, some hundred times the template."""


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read a scenario file (``.toml`` or ``.json``) into a mapping.

    The file is read with :func:`duskfall.io.text.read_text` (at most
    :data:`MAX_SCENARIO_BYTES`, UTF-8, no binary data) and parsed strictly with
    :func:`~duskfall.io.text.parse_toml` or :func:`~duskfall.io.text.parse_json`: finite
    numbers, integers within 64 bits, nesting at most 32 deep, no repeated JSON keys.

    Raises
    ------
    InputError
        If the file cannot be read or parsed, holds a value refused by those rules (the
        message names the key), or is not a table of keys at its top level.
    """
    path = Path(path)
    field = "scenario file"
    text = read_text(path, field, "a TOML or JSON scenario file", MAX_SCENARIO_BYTES)
    if path.suffix.lower() == ".json":
        data = parse_json(text, path, field)
    else:
        data = parse_toml(text, path, field)
    if not isinstance(data, dict):
        raise InputError(
            field, str(path), "a JSON object of scenario keys", f"holds a {type(data).__name__}"
        )
    return data
