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
    serve,  # noqa: F401  (registers the subcommand)
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
            message = _bad_parameter_line(error) or error.format_message()
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


# What a value of each type the parser converts must be, by pydantic's error type.
_ALLOWED_OF_ERROR = {
    "float_parsing": ("is not a number", "a number"),
    "float_type": ("is not a number", "a number"),
    "finite_number": ("is not a finite number", "a finite number"),
    "int_parsing": ("is not a whole number", "a whole number"),
    "int_from_float": ("is not a whole number", "a whole number"),
    "int_type": ("is not a whole number", "a whole number"),
    "bool_parsing": ("is not a yes or no", "true or false"),
}


# What a value out of an option's bounds (typer's ``min``/``max``) must be.
_BOUND_OF_ERROR = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}


def _bad_parameter_line(error: Exception) -> str | None:
    """A value the parser could not convert, said as every other bad input is said:
    ``--lat: 'abc' is not a number; allowed: a number``. None if it is not such an error."""
    param = getattr(error, "param", None)
    cause = error.__cause__
    if param is None or not hasattr(cause, "errors"):
        return None
    try:
        (detail, *_) = cause.errors(include_url=False)
    except (TypeError, ValueError):
        return None
    option = max(getattr(param, "opts", []) or [str(param.name)], key=len)
    value = detail.get("input")
    if detail.get("type") in _ALLOWED_OF_ERROR:
        problem, allowed = _ALLOWED_OF_ERROR[detail["type"]]
    elif detail.get("type") in _BOUND_OF_ERROR:
        words, key = _BOUND_OF_ERROR[detail["type"]]
        problem, allowed = "is out of range", f"{words} {detail.get('ctx', {}).get(key)}"
    elif detail.get("type") == "value_error" and "is not one of" in detail.get("msg", ""):
        problem = "is not allowed"
        allowed = detail["msg"].split("is not one of", 1)[1].strip().rstrip(".")
        allowed = ", ".join(choice.strip().strip("'") for choice in allowed.split(","))
    else:
        return None
    return f"{option}: {value!r} {problem}; allowed: {allowed}"
