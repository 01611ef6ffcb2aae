"""Every subcommand's ``--help`` keeps the bracketed units of its options' help ("[deg]",
"[m MSL]"): typer's rich markup once read them as style tags and dropped them.

Authority: the help strings as the code declares them (click's own parameters)."""

from __future__ import annotations

import re

import pytest
import typer

from duskfall.cli import app, main

BRACKETED = re.compile(r"\[[^\[\]]+\]")


def _commands():
    group = typer.main.get_command(app)
    return {name: command for name, command in group.commands.items()}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(_commands()))
def test_help_keeps_bracketed_units(name, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    command = _commands()[name]
    wanted = {
        match
        for param in command.params
        for match in BRACKETED.findall(getattr(param, "help", None) or "")
    }
    wanted |= set(BRACKETED.findall(command.help or ""))
    assert main([name, "--help"]) == 0
    out = _flat(capsys.readouterr().out)
    for unit in wanted:
        assert unit in out, (name, unit)


def test_some_help_has_bracketed_units():
    """The test above checks something: the options do give units in brackets."""
    found = {
        match
        for command in _commands().values()
        for param in command.params
        for match in BRACKETED.findall(getattr(param, "help", None) or "")
    }
    assert "[deg true]" in found or "[deg]" in found
