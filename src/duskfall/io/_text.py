"""Reading the bytes and text of an input file, shared by every reader of :mod:`duskfall.io`.

One place that turns a file that cannot be read (missing, a folder, not UTF-8) into one
:class:`~duskfall.errors.InputError` naming the file, so that no reader needs another
reader's helpers.
"""

from __future__ import annotations

from pathlib import Path

from duskfall.errors import InputError


def read_text(path: str | Path, field: str) -> str:
    """The text of ``path``, UTF-8 (a byte-order mark is dropped).

    Raises
    ------
    InputError
        If the file cannot be read or is not UTF-8 text.
    """
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            field, str(path), "a readable UTF-8 text file", f"cannot be read ({error})"
        ) from None


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
    except OSError as error:
        raise InputError(field, str(path), "a readable file", f"cannot be read ({error})") from None
