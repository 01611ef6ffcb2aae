"""The odds of a season with one attempt a day: weather, success, shots, deadline.

The finishing-day distribution of independent daily chances is a Poisson binomial (the
negative binomial when every day has the same chance): Feller, W. (1968), An
Introduction to Probability Theory and Its Applications, vol. 1, 3rd ed., ch. VI.8.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from duskfall import timeutil
from duskfall.errors import InconsistentInputError, InputError, OutOfRangeError
from duskfall.notices import Notice
from duskfall.season.scan import SeasonScan

# --- Odds: weather, success, shots needed, deadline ----------------------------------------------

MAX_MEMBERS = 1_000_000
"""Most Monte Carlo members accepted."""

_MEMBER_BLOCK_ELEMENTS = 1 << 22
"""Members x days drawn at a time (bounds the memory to tens of MB)."""


def _probability(value, field: str) -> float:
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise InputError(field, value, "a probability from 0 to 1", "is not a number") from None
    if not (0.0 <= p <= 1.0):
        raise OutOfRangeError(field, value, "a probability from 0 to 1")
    return p


def daily_weather(weather, dates, field: str = "weather") -> np.ndarray:
    """The chance that the weather allows a jump, for every date [0-1].

    Parameters
    ----------
    weather
        A constant; a sequence of 12 monthly values (January first, a climatology); or
        a mapping of dates (``datetime.date`` or ``YYYY-MM-DD``) to values covering
        every date.
    dates
        The dates (``datetime64[D]``).
    field
        Name of the input for error messages.

    Raises
    ------
    InputError
        For a value outside [0, 1], a table that is not 12 values, or a missing date.
    """
    dates = np.asarray(dates, dtype="datetime64[D]")
    if isinstance(weather, Mapping):
        table = {}
        for key, value in weather.items():
            day = timeutil.parse_date(key, f"{field} date")
            table[np.datetime64(day)] = _probability(value, f"{field} {day}")
        missing = [d for d in dates if d not in table]
        if missing:
            raise InputError(
                field,
                str(missing[0]),
                "a probability for every date of the season",
                f"has no value for {missing[0]} ({len(missing)} dates missing)",
            )
        return np.array([table[d] for d in dates])
    if isinstance(weather, str) or not isinstance(weather, Sequence | np.ndarray):
        return np.full(dates.size, _probability(weather, field))
    values = list(weather)
    if len(values) != 12:
        raise InputError(
            field, weather, "a constant, or 12 monthly values (January first)", "is not 12 values"
        )
    monthly = np.array([_probability(v, f"{field} month {k + 1}") for k, v in enumerate(values)])
    months = dates.astype("datetime64[M]").astype(int) % 12
    return monthly[months]


def _blocked_ranges(blocked, field: str) -> list[tuple[dt.date, dt.date]]:
    """The (first, last) dates, inclusive, of each item of ``blocked`` (a date or a pair)."""
    ranges = []
    for item in blocked:
        if isinstance(item, tuple | list):
            if len(item) != 2:
                raise InputError(field, item, "dates or (first, last) pairs", "is not a pair")
            first = timeutil.parse_date(item[0], field)
            last = timeutil.parse_date(item[1], field)
        else:
            first = last = timeutil.parse_date(item, field)
        if last < first:
            raise InconsistentInputError(
                field, f"{first}..{last}", "a range whose end is on or after its start"
            )
        ranges.append((first, last))
    return ranges


def _mask(dates: np.ndarray, ranges) -> np.ndarray:
    mask = np.zeros(dates.size, dtype=bool)
    for first, last in ranges:
        mask |= (dates >= np.datetime64(first)) & (dates <= np.datetime64(last))
    return mask


def blocked_days(dates, blocked, field: str = "blocked") -> np.ndarray:
    """Which dates are blocked (bool array): ``blocked`` holds dates or ``(first, last)``
    pairs, inclusive (e.g. six weeks of an injury). Dates outside the season are ignored
    (:func:`season_odds` warns of them: ``blocked-outside-season``)."""
    return _mask(np.asarray(dates, dtype="datetime64[D]"), _blocked_ranges(blocked, field))


def _outside_notices(dates: np.ndarray, ranges) -> list[Notice]:
    """A warning for each blocked date or range that misses the season (a year mistyped
    leaves the days meant blocked open, and the odds too good)."""
    first, last = dates[0].astype(dt.date), dates[-1].astype(dt.date)
    return [
        Notice(
            "blocked-outside-season",
            "warn",
            {
                "first": start.isoformat(),
                "last": end.isoformat(),
                "season_first": first.isoformat(),
                "season_last": last.isoformat(),
            },
        )
        for start, end in ranges
        if end < first or start > last
    ]


@dataclass(frozen=True)
class SeasonOdds:
    """The odds of a season with one attempt a day (one element per date in the arrays).

    An attempt happens on a day that fits (the action fits in the light), is not blocked
    and whose weather allows a jump; it gets the shot with ``p_success``. The production
    is done when ``shots_needed`` shots are in the can.
    """

    date: np.ndarray
    """Local dates (``datetime64[D]``)."""
    p_weather: np.ndarray
    """Chance that the weather allows a jump [0-1]."""
    blocked: np.ndarray
    """Blocked dates (bool)."""
    p_shot: np.ndarray
    """Chance of getting a shot that day: fits x not blocked x weather x success."""
    p_success: float
    """Chance that an attempt gets the shot."""
    shots_needed: int
    deadline: dt.date
    """Done by the end of this date counts as in time."""
    members: int
    seed: int
    p_finish: np.ndarray
    """Fraction of members whose last shot is in the can on that date."""
    p_done_by_deadline: float
    p_done_by_deadline_se: float
    """Standard error of the Monte Carlo estimate, sqrt(p (1 - p) / members)."""
    p_done_in_season: float
    expected_attempts: float
    """Mean number of attempts made, until done or to the end of the season."""
    expected_attempts_when_done: float | None
    """Mean number of attempts among the members that finish (None if none does)."""
    p_done_by_deadline_unblocked: float | None
    """The same members with no blocked dates (the effect of a shutdown); None without
    blocked dates."""
    notices: tuple[Notice, ...] = ()

    @property
    def p_done_by(self) -> np.ndarray:
        """Fraction of members done by the end of each date."""
        return np.cumsum(self.p_finish)

    def finish_date_quantile(self, q: float) -> np.datetime64 | None:
        """The first date by which a fraction ``q`` of the members are done (None if never)."""
        reached = np.flatnonzero(self.p_done_by >= q - 1e-12)
        return self.date[reached[0]] if reached.size else None

    @property
    def shutdown_cost(self) -> float | None:
        """How much the blocked dates lower the chance of finishing by the deadline."""
        if self.p_done_by_deadline_unblocked is None:
            return None
        return self.p_done_by_deadline_unblocked - self.p_done_by_deadline


def season_odds(
    scan: SeasonScan,
    weather=1.0,
    p_success: float = 1.0,
    shots_needed: int = 1,
    deadline=None,
    blocked=(),
    members: int = 10_000,
    seed: int = 0,
) -> SeasonOdds:
    """Monte Carlo of a season with one attempt a day: when is the last shot in the can?

    Parameters
    ----------
    scan
        The season (:func:`scan_season`): which days fit.
    weather
        Chance that the weather allows a jump: a constant, 12 monthly values or a
        mapping of dates (:func:`daily_weather`).
    p_success
        Chance that an attempt gets the shot [0-1].
    shots_needed
        Successful shots needed, 1 to the number of days of the season.
    deadline
        Last date that counts as in time (``datetime.date`` or ``YYYY-MM-DD``), within the
        season; by default its last day.
    blocked
        Dates or ``(first, last)`` ranges with no attempt (:func:`blocked_days`).
    members
        Monte Carlo members (seasons drawn), 1 to 1,000,000.
    seed
        Seed of the random generator (numpy PCG64): same seed, same answer.

    Returns
    -------
    SeasonOdds

    Raises
    ------
    InputError
        Naming the field, for probabilities outside [0, 1], more shots than days, a
        deadline outside the season, bad dates, members or seed.

    Notes
    -----
    Each member draws, for every day, whether the weather allows a jump and whether an
    attempt succeeds; days are independent. The finishing day then follows a Poisson
    binomial law, the negative binomial when every day has the same chance (the tests
    check the Monte Carlo against it). With blocked dates the same draws are replayed
    without them (common random numbers), so the effect of the shutdown is estimated
    with much less noise than two independent runs would give.

    Examples
    --------
    >>> import datetime as dt
    >>> from duskfall.planning import SEED_SCENARIO
    >>> scan = scan_season(SEED_SCENARIO, dt.date(2018, 3, 1), dt.date(2018, 3, 10))
    >>> odds = season_odds(scan, weather=0.5, shots_needed=1, seed=1)
    >>> round(odds.p_done_by_deadline, 2)   # 1 - 0.5**10
    1.0
    """
    dates = scan.date
    n = dates.size
    p_s = _probability(p_success, "p_success")
    p_w = daily_weather(weather, dates, "weather")
    _check_shots(shots_needed, n)
    end = _deadline(deadline, dates)
    _check_members_and_seed(members, seed)
    ranges = _blocked_ranges(blocked, "blocked")
    block = _mask(dates, ranges)
    possible = np.asarray(scan.fits, dtype=bool) & ~block
    unblocked_possible = np.asarray(scan.fits, dtype=bool)
    deadline_index = int((np.datetime64(end) - dates[0]).astype(int))
    has_block = bool(np.any(block & unblocked_possible))
    draws = _draw_seasons(
        p_w,
        p_s,
        possible,
        unblocked_possible if has_block else None,
        shots_needed,
        deadline_index,
        members,
        seed,
    )
    done = int(draws.finish_counts[:n].sum())
    p_done = draws.done_by_deadline / members
    notices = _outside_notices(dates, ranges)
    if not np.any(possible):
        notices.append(Notice("no-attempt-possible", "warn"))
    return SeasonOdds(
        date=dates,
        p_weather=p_w,
        blocked=block,
        p_shot=np.where(possible, p_w * p_s, 0.0),
        p_success=p_s,
        shots_needed=int(shots_needed),
        deadline=end,
        members=int(members),
        seed=int(seed),
        p_finish=draws.finish_counts[:n] / members,
        p_done_by_deadline=p_done,
        p_done_by_deadline_se=math.sqrt(p_done * (1.0 - p_done) / members),
        p_done_in_season=done / members,
        expected_attempts=draws.attempts_total / members,
        expected_attempts_when_done=draws.attempts_done / done if done else None,
        p_done_by_deadline_unblocked=(
            draws.done_by_deadline_unblocked / members if has_block else None
        ),
        notices=tuple(notices),
    )


def _check_shots(shots_needed, days: int) -> None:
    """Refuse shots needed that are not a whole number from 1 to the season's days."""
    if isinstance(shots_needed, bool) or not isinstance(shots_needed, int | np.integer):
        raise InputError("shots_needed", shots_needed, f"a whole number from 1 to {days}")
    if not (1 <= shots_needed <= days):
        raise OutOfRangeError(
            "shots_needed",
            shots_needed,
            f"1 to {days} (one attempt a day, {days} days in the season)",
        )


def _check_members_and_seed(members, seed) -> None:
    """Refuse members or a seed that are not whole numbers in their ranges."""
    if isinstance(members, bool) or not isinstance(members, int | np.integer):
        raise InputError("members", members, f"a whole number from 1 to {MAX_MEMBERS:,}")
    if not (1 <= members <= MAX_MEMBERS):
        raise OutOfRangeError("members", members, f"1 to {MAX_MEMBERS:,}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError("seed", seed, "a non-negative whole number")


def _deadline(deadline, dates: np.ndarray) -> dt.date:
    """The deadline (by default the season's last day), refused outside the season."""
    first, last = dates[0].astype(dt.date), dates[-1].astype(dt.date)
    end = last if deadline is None else timeutil.parse_date(deadline, "deadline")
    if not (first <= end <= last):
        raise OutOfRangeError("deadline", str(end), f"a date of the season, {first} to {last}")
    return end


class _Draws(NamedTuple):
    """What the seasons drawn by :func:`_draw_seasons` add up to."""

    finish_counts: np.ndarray
    """Members finishing on each day; the last slot: not done in the season."""
    attempts_total: float
    attempts_done: float
    """Attempts of all members, and of those done in the season."""
    done_by_deadline: int
    done_by_deadline_unblocked: int
    """Members done by the deadline; the same draws without the blocked days (0 if None)."""


def _draw_seasons(
    p_w, p_s, possible, unblocked_possible, needed, deadline_index, members, seed
) -> _Draws:
    """Draw ``members`` seasons in blocks: each day's weather and attempt; with
    ``unblocked_possible``, the same draws replayed without the blocked days."""
    n = possible.size
    rng = np.random.default_rng(seed)
    finish_counts = np.zeros(n + 1, dtype=np.int64)  # last slot: not done in the season
    attempts_total = 0.0
    attempts_done = 0.0
    done_by_deadline = 0
    done_by_deadline_unblocked = 0
    step = max(1, _MEMBER_BLOCK_ELEMENTS // n)
    for begin in range(0, members, step):
        m = min(step, members - begin)
        weather_ok = rng.random((m, n)) < p_w
        success_draw = rng.random((m, n)) < p_s
        finish, attempts = _first_finish(weather_ok & possible, success_draw, needed)
        np.add.at(finish_counts, np.where(finish < 0, n, finish), 1)
        attempts_total += float(attempts.sum())
        attempts_done += float(attempts[finish >= 0].sum())
        done_by_deadline += int(np.count_nonzero((finish >= 0) & (finish <= deadline_index)))
        if unblocked_possible is not None:
            other, _ = _first_finish(weather_ok & unblocked_possible, success_draw, needed)
            done_by_deadline_unblocked += int(
                np.count_nonzero((other >= 0) & (other <= deadline_index))
            )
    return _Draws(
        finish_counts, attempts_total, attempts_done, done_by_deadline, done_by_deadline_unblocked
    )


def _first_finish(attempt: np.ndarray, success_draw: np.ndarray, needed: int):
    """Index of the day each member gets its last needed shot (-1: not in the season),
    and the attempts made until then (or in the whole season)."""
    success = attempt & success_draw
    count = np.cumsum(success, axis=1, dtype=np.int32)
    done = count[:, -1] >= needed
    finish = np.where(done, np.argmax(count >= needed, axis=1), -1)
    tried = np.cumsum(attempt, axis=1, dtype=np.int32)
    rows = np.arange(attempt.shape[0])
    attempts = np.where(done, tried[rows, np.maximum(finish, 0)], tried[:, -1])
    return finish, attempts


def best_days(scan: SeasonScan, odds: SeasonOdds | None = None, count: int = 10) -> np.ndarray:
    """Indices of the best days, best first: the highest chance of getting the shot that
    day (weather x success, 0 when blocked or when the action does not fit), then the
    most slack. Days that do not fit are left out; a window open at an edge counts as
    the most slack."""
    chance = np.asarray(scan.fits, dtype=float) if odds is None else odds.p_shot
    slack = np.where(np.isnan(scan.slack_s) & scan.fits, np.inf, scan.slack_s)
    order = np.lexsort((-np.nan_to_num(slack, nan=-np.inf), -chance))
    keep = [i for i in order if chance[i] > 0 and scan.fits[i]]
    return np.asarray(keep[: max(int(count), 0)], dtype=int)
