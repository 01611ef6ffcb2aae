"""Renderers: turn result objects into text, JSON-ready dicts and files.

Renderers are pure: they never compute physics. Rounding, unit conversion for display
and local-time formatting happen here and only here.
"""

from duskfall.reports.data import plan_to_dict
from duskfall.reports.text import render_plan

__all__ = ["plan_to_dict", "render_plan"]
