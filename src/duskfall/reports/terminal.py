"""What the terminal renderers share: the style of each severity and a notice's line."""

from __future__ import annotations

from rich.text import Text

from duskfall.notices import Notice
from duskfall.reports import wording
from duskfall.reports.formatting import UnitSystem

STATUS_STYLE = {"pass": "green", "info": "cyan", "warn": "yellow", "fail": "bold red"}
"""Rich style of each severity."""


def notice_line(notice: Notice, units: UnitSystem) -> Text:
    """``warning: ...`` (or ``note: ...``) for a notice, in ``units``."""
    label = "warning: " if notice.severity in ("warn", "fail") else "note: "
    return Text.assemble((label, "yellow"), wording.describe(notice, units))
