"""When a printer supply runs out, from its history of levels (pure: points in, Forecast out).

How it is computed (the pages and the API say the same):

1. Readings without a level, outside 0-100 % or not finite are dropped; the rest are sorted.
2. A rise of ``REFILL_JUMP`` points or more starts a new *segment* (a refill or a new
   cartridge); only the last segment describes the cartridge in the printer now.
3. Time is measured in *school days* elapsed (the school calendar: weekends, holidays and
   closed days add nothing), because printers are used when the school is open. Without a
   calendar every day counts.
4. The use per school day is the Theil-Sen slope of level against school days (the median of
   the slopes between every pair of readings: a glitched reading cannot drag it), and the
   spread of the readings around that line gives a likely range.
5. School days left = last level ÷ use per school day, counted forward on the calendar to a
   date. Where the printer reports a page counter, the pages printed per percent give the
   pages left as well.

It says how sure it is (``Confidence`` from the number of readings, the school days they span
and how well the line fits) and says "not enough data" rather than guessing. A fresh
cartridge with too little history borrows the use per day of the cartridge before it, with
low confidence and saying so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import median

from collector.services.calendar import SchoolCalendar, is_school_day

REFILL_JUMP = 10.0  # a rise of this many points or more is a refill or a new cartridge
MIN_POINTS = 3
MIN_SPAN_DAYS = 3.0  # school days
MIN_DROP = 2.0  # points: less than this over the segment is no measurable use
MAX_POINTS = 120  # the newest readings used (Theil-Sen is quadratic in them)
MAX_DAYS_AHEAD = 1000  # school days; beyond this the forecast says "not in sight"
EMPTY_AT = 0.5  # a level at or under this is empty now


class Outcome(StrEnum):
    FORECAST = "forecast"
    EMPTY = "empty"  # it has run out already
    NOT_FALLING = "not_falling"  # used too little to measure (or not at all)
    NOT_ENOUGH_DATA = "not_enough_data"
    FILLS_UP = "fills_up"  # a waste toner box: it fills rather than runs out, so not forecast
    NOT_FORECAST = "not_forecast"  # a fuser or other part: it wears out, not forecast


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Point:
    at: datetime
    level: float | None  # percent, as the printer reports it
    pages: float | None = None  # the printer's page counter at that time, where it has one


@dataclass(frozen=True)
class Forecast:
    outcome: Outcome
    reason: str  # one plain sentence: why this outcome (what the figures rest on)
    level: float | None = None  # the last reading
    last_reading_at: datetime | None = None
    points: int = 0  # readings in the segment used
    span_school_days: float = 0.0
    segment_started_at: datetime | None = None
    use_per_school_day: float | None = None  # percentage points
    school_days_left: float | None = None  # from ``now``
    school_days_range: tuple[float, float | None] | None = None  # likely (low, high); None: open
    runs_out_on: date | None = None
    confidence: Confidence | None = None
    residual: float | None = None  # root-mean-square distance of readings from the line
    pages_left: float | None = None
    borrowed: bool = False  # the use per day comes from the previous cartridge


@dataclass(frozen=True)
class _Fit:
    slope: float  # level change per school day (negative when used)
    slope_error: float  # standard error of the slope
    residual: float
    points: int
    span: float
    drop: float


def forecast(
    points: Sequence[Point], now: datetime, calendar: SchoolCalendar | None = None
) -> Forecast:
    """The forecast for one supply from its readings (any order, any quality)."""
    clean = _clean(points)
    if not clean:
        return Forecast(Outcome.NOT_ENOUGH_DATA, "The printer has not reported a level yet.")
    segments = split_at_refills(clean)
    current = segments[-1]
    last = current[-1]
    if last.level is not None and last.level <= EMPTY_AT:
        return _base(Outcome.EMPTY, "It reports 0 %: it has run out.", current, calendar)
    clock = _SchoolClock(calendar, current[0].at)
    fit = _fit(current, clock)
    if fit is None or not _enough(fit):
        return _borrow(segments, current, now, calendar) or _not_enough(current, fit, calendar)
    if fit.slope >= 0 or fit.drop < MIN_DROP:
        return _base(
            Outcome.NOT_FALLING,
            f"The level has not fallen measurably over {fit.span:.0f} school days.",
            current,
            calendar,
        )
    return _forecast(current, fit, now, clock, borrowed=False)


def split_at_refills(points: Sequence[Point]) -> list[list[Point]]:
    """Runs of readings between refills: a rise of ``REFILL_JUMP`` points or more above both
    of the two readings before (so one glitched low reading does not look like a refill)."""
    segments: list[list[Point]] = [[points[0]]]
    for n, point in enumerate(points[1:], start=1):
        before = max(_level(p) for p in points[max(n - 2, 0) : n])
        if _level(point) - before >= REFILL_JUMP:
            segments.append([])
        segments[-1].append(point)
    return segments


def _clean(points: Sequence[Point]) -> list[Point]:
    good = {
        p.at: p
        for p in points
        if p.level is not None and math.isfinite(p.level) and 0 <= p.level <= 100
    }
    ordered = sorted(good.values(), key=lambda p: p.at)
    return ordered[-MAX_POINTS:]


def _level(point: Point) -> float:
    if point.level is None:
        raise ValueError("a cleaned point without a level")
    return point.level


class _SchoolClock:
    """School days elapsed since ``origin``, as a float (a school day counts 24 hours)."""

    def __init__(self, calendar: SchoolCalendar | None, origin: datetime) -> None:
        self.calendar = calendar
        self.origin_day = self.day_of(origin)
        self._before: list[int] = [0]  # school days in [origin_day, origin_day + n)
        self._open: dict[date, bool] = {}
        self.origin = self._elapsed(origin)

    def day_of(self, moment: datetime) -> date:
        return self.calendar.local_date(moment) if self.calendar else moment.date()

    def counts(self, day: date) -> bool:
        if self.calendar is None:
            return True
        if day not in self._open:
            self._open[day] = is_school_day(self.calendar, day)
        return self._open[day]

    def _whole(self, day: date) -> int:
        """School days in [origin_day, day), from a prefix count extended as needed."""
        offset = (day - self.origin_day).days
        if offset <= 0:
            return 0
        while len(self._before) <= offset:
            n = len(self._before) - 1
            open_day = self.counts(self.origin_day + timedelta(days=n))
            self._before.append(self._before[-1] + open_day)
        return self._before[offset]

    def _elapsed(self, moment: datetime) -> float:
        day = self.day_of(moment)
        whole = self._whole(day)
        local = moment.astimezone(self.calendar.day_start(day).tzinfo) if self.calendar else moment
        fraction = (local.hour * 3600 + local.minute * 60 + local.second) / 86400
        return whole + (fraction if self.counts(day) else 0.0)

    def at(self, moment: datetime) -> float:
        return self._elapsed(moment) - self.origin

    def add_school_days(self, start: date, count: float) -> date:
        """The school day on which ``count`` more school days have passed after ``start``."""
        day, left = start, math.ceil(count)
        while left > 0:
            day += timedelta(days=1)
            left -= 1 if self.counts(day) else 0
        return day


def _fit(points: list[Point], clock: _SchoolClock) -> _Fit | None:
    xs = [clock.at(p.at) for p in points]
    ys = [_level(p) for p in points]
    slopes = [
        (ys[j] - ys[i]) / (xs[j] - xs[i])
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
        if xs[j] - xs[i] > 1e-9
    ]
    if not slopes:
        return None
    slope = median(slopes)
    intercept = median(y - slope * x for x, y in zip(xs, ys, strict=True))
    errors = [y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)]
    residual = math.sqrt(sum(e * e for e in errors) / len(errors))
    mean_x = sum(xs) / len(xs)
    spread = sum((x - mean_x) ** 2 for x in xs)
    dof = max(len(xs) - 2, 1)
    slope_error = math.sqrt(sum(e * e for e in errors) / dof / spread) if spread else math.inf
    return _Fit(slope, slope_error, residual, len(xs), xs[-1] - xs[0], max(ys) - min(ys))


def _enough(fit: _Fit) -> bool:
    return fit.points >= MIN_POINTS and fit.span >= MIN_SPAN_DAYS


def _confidence(fit: _Fit) -> Confidence:
    """From the readings, the school days they span and the slope's relative standard error."""
    relative = fit.slope_error / abs(fit.slope) if fit.slope else math.inf
    if fit.points >= 10 and fit.span >= 15 and relative < 0.1:
        return Confidence.HIGH
    if fit.points >= 5 and fit.span >= 7 and relative < 0.25:
        return Confidence.MEDIUM
    return Confidence.LOW


def _forecast(
    current: list[Point], fit: _Fit, now: datetime, clock: _SchoolClock, *, borrowed: bool
) -> Forecast:
    last = current[-1]
    use = -fit.slope
    since_last = max(clock.at(max(now, last.at)) - clock.at(last.at), 0.0)
    left = _level(last) / use - since_last
    if left > MAX_DAYS_AHEAD:
        return _base(Outcome.NOT_FALLING, "At this rate it lasts years.", current, clock.calendar)
    left = max(left, 0.0)
    today = clock.day_of(max(now, last.at))
    return Forecast(
        outcome=Outcome.FORECAST,
        reason=_basis(fit, borrowed),
        level=last.level,
        last_reading_at=last.at,
        points=fit.points if not borrowed else len(current),
        span_school_days=fit.span,
        segment_started_at=current[0].at,
        use_per_school_day=use,
        school_days_left=left,
        school_days_range=_range(last, fit, since_last),
        runs_out_on=clock.add_school_days(today, left),
        confidence=Confidence.LOW if borrowed else _confidence(fit),
        residual=fit.residual,
        pages_left=_pages_left(current),
        borrowed=borrowed,
    )


def _range(last: Point, fit: _Fit, since_last: float) -> tuple[float, float | None]:
    """Likely school days left: the slope ± two standard errors."""
    fast, slow = -fit.slope + 2 * fit.slope_error, -fit.slope - 2 * fit.slope_error
    low = max(_level(last) / fast - since_last, 0.0)
    high = max(_level(last) / slow - since_last, 0.0) if slow > 0 else None
    return low, high


def _basis(fit: _Fit, borrowed: bool) -> str:
    if borrowed:
        return (
            f"This cartridge is new; the rate is the previous cartridge's ({fit.points} "
            f"readings over {fit.span:.0f} school days)."
        )
    return (
        f"From {fit.points} readings over {fit.span:.0f} school days since the cartridge "
        f"went in (typical distance from the trend {fit.residual:.1f} points)."
    )


def _pages_left(current: list[Point]) -> float | None:
    """Pages still to print at the pages per percent seen on this cartridge, if it counts pages."""
    counted = [p for p in current if p.pages is not None and math.isfinite(p.pages)]
    if len(counted) < MIN_POINTS:
        return None
    first, last = counted[0], counted[-1]
    pages, drop = (last.pages or 0) - (first.pages or 0), _level(first) - _level(last)
    if pages <= 0 or drop < MIN_DROP:
        return None
    left = _level(current[-1]) * pages / drop
    return left if math.isfinite(left) else None  # a counter of absurd size says nothing


def _borrow(
    segments: list[list[Point]],
    current: list[Point],
    now: datetime,
    calendar: SchoolCalendar | None,
) -> Forecast | None:
    """A new cartridge: use the previous cartridge's rate if that one had a good fit."""
    if len(segments) < 2:
        return None
    previous = segments[-2]
    fit = _fit(previous, _SchoolClock(calendar, previous[0].at))
    if fit is None or not _enough(fit) or fit.slope >= 0 or fit.drop < MIN_DROP:
        return None
    return _forecast(current, fit, now, _SchoolClock(calendar, current[0].at), borrowed=True)


def _not_enough(
    current: list[Point], fit: _Fit | None, calendar: SchoolCalendar | None
) -> Forecast:
    span = fit.span if fit else 0.0
    reason = (
        f"Only {len(current)} reading{'s' if len(current) != 1 else ''} over {span:.0f} school "
        f"days since the cartridge went in; a forecast needs at least {MIN_POINTS} readings "
        f"over {MIN_SPAN_DAYS:.0f} school days."
    )
    return _base(Outcome.NOT_ENOUGH_DATA, reason, current, calendar)


def _base(
    outcome: Outcome, reason: str, current: list[Point], calendar: SchoolCalendar | None
) -> Forecast:
    span = _SchoolClock(calendar, current[0].at).at(current[-1].at) if current else 0.0
    return Forecast(
        outcome=outcome,
        reason=reason,
        level=current[-1].level,
        last_reading_at=current[-1].at,
        points=len(current),
        span_school_days=span,
        segment_started_at=current[0].at,
    )
