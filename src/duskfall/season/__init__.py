"""One attempt a day: the exit window of every day of a season, and the odds of the shot.

The light window comes once each evening (or morning), and the aircraft cannot climb back
to the exit altitude inside it, so a production gets one chance per day. This package
turns the single plan (:func:`duskfall.planning.make_plan`) into a calendar
(:func:`scan_season`, in :mod:`~duskfall.season.scan`) and the calendar into odds
(:func:`season_odds`, in :mod:`~duskfall.season.odds`): with a daily
chance that the weather allows a jump, a chance that an attempt gets the shot, a number
of shots needed, a deadline and blocked dates, how likely is the production to be done
in time, on which day, after how many attempts.

Why the season needs no plan per day
------------------------------------
With the scenario's winds (which do not depend on the date) the trajectory is the same
every day, so it is simulated once. What changes from day to day is the Sun: the
exit-window engine of :mod:`duskfall.light.windows` (the plan's own) finds every day's
window from the events of the band's edges (its module notes say why that is exact up
to a refinement it makes on the full model).

References
----------
Fall rate: :func:`duskfall.fall.simulate_jump`. Dip of the horizon:
:func:`duskfall.sun.horizon_depression_deg` (ray-traced, 1976 standard atmosphere).
The finishing-day distribution of independent daily chances is a Poisson binomial (the
negative binomial when every day has the same chance): Feller, W. (1968), An
Introduction to Probability Theory and Its Applications, vol. 1, 3rd ed., ch. VI.8.
"""

from duskfall.season.odds import (
    MAX_MEMBERS,
    SeasonOdds,
    best_days,
    blocked_days,
    daily_weather,
    season_odds,
)
from duskfall.season.scan import (
    CHUNK_DAYS,
    MAX_SEASON_DAYS,
    SeasonScan,
    scan_season,
    season_dates,
)

__all__ = [
    "CHUNK_DAYS",
    "MAX_MEMBERS",
    "MAX_SEASON_DAYS",
    "SeasonOdds",
    "SeasonScan",
    "best_days",
    "blocked_days",
    "daily_weather",
    "scan_season",
    "season_dates",
    "season_odds",
]
