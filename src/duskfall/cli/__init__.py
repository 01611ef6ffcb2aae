"""The ``duskfall`` command: parse, convert units, call the library, render, exit code.

Every subcommand mirrors a library function and lives in its own module here; importing
this package registers them all on :data:`app`. Bad input ends with one line on stderr
naming the option, the value and what is allowed, and exit status 2.
"""

from __future__ import annotations

import sys

import typer

from duskfall.cli import (
    atlas,  # noqa: F401  (registers the subcommand)
    fall,  # noqa: F401  (registers the subcommand)
    light,  # noqa: F401  (registers the subcommand)
    plan,  # noqa: F401  (registers the subcommand)
    release,  # noqa: F401  (registers the subcommand)
    report,  # noqa: F401  (registers the subcommand)
    season,  # noqa: F401  (registers the subcommand)
    winds,  # noqa: F401  (registers the subcommand)
)
from duskfall.cli._app import app
from duskfall.errors import InputError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="duskfall", standalone_mode=False)
    except InputError as error:
        print(f"duskfall: error: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        # Usage errors of the command-line parser (click, or the copy typer vendors):
        # unknown option, bad choice, missing value.
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):
            message = error.format_message()
            if message:
                print(f"duskfall: error: {message}", file=sys.stderr)
            return int(error.exit_code)
        if type(error).__name__ == "Exit":
            return int(getattr(error, "exit_code", 0))
        if type(error).__name__ == "Abort":
            print("duskfall: aborted", file=sys.stderr)
            return 130
        raise
    return result if isinstance(result, int) else 0
