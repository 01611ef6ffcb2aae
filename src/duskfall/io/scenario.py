"""Read scenario files (TOML or JSON) into mappings; see
:mod:`duskfall.planning.scenario_file` for their keys and units."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from duskfall.errors import InputError


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read a scenario file (``.toml`` or ``.json``) into a mapping.

    Raises
    ------
    InputError
        If the file cannot be read or parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(
            "scenario file",
            str(path),
            "a readable TOML or JSON file",
            f"cannot be read ({error.strerror})",
        ) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            "scenario file",
            str(path),
            "valid TOML (or JSON for .json files)",
            f"is not valid: {error}",
        ) from None
