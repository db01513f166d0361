"""Server-side SVG charts.

The site's Content-Security-Policy forbids scripts and inline styles, so the charts are drawn
here with SVG presentation attributes only. Every string from outside goes through `_text`,
which is what makes the output safe to insert with `|safe`.
"""

import calendar
import datetime
import html
import itertools
import math
import uuid

from django.utils import timezone

from .text import xml_safe

LINE_COLOUR = "#1f4e79"
TARGET_COLOUR = "#9a4a00"  # 6:1 on white, and tells itself apart from the blue line
GRID_COLOUR = "#949494"  # 3:1 on white, the WCAG minimum for graphics
AXIS_COLOUR = "#333333"
TEXT_COLOUR = "#222222"

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 40, 44, 40
# Rough width of one character of 12px sans-serif; enough to keep date labels apart.
CHAR_WIDTH = 7.0


def _text(value: str) -> str:
    # SVG is XML, which cannot carry some characters even escaped: they are dropped.
    return html.escape(xml_safe(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _short_date(day: datetime.date, with_year: bool) -> str:
    label = f"{day.day} {calendar.month_abbr[day.month]}"
    return f"{label} {day.year}" if with_year else label


def _count_ticks(highest: int) -> list[int]:
    """0 up to `highest` or a little beyond, in at most 5 steps of 1, 2 or 5 times 10^n."""
    steps = (m * 10**e for e in itertools.count() for m in (1, 2, 5))
    step = next(s for s in steps if math.ceil(highest / s) <= 5)
    return list(range(0, step * math.ceil(highest / step) + 1, step))


def _date_ticks(
    start: datetime.date, end: datetime.date, plot_width: float, with_year: bool
) -> list[datetime.date]:
    span = (end - start).days
    label_width = len(_short_date(datetime.date(2000, 12, 30), with_year)) * CHAR_WIDTH
    # As many labels as fit side by side with a gap, but only a handful.
    most = min(6, max(2, int(plot_width // (label_width + 16)) + 1))
    step = max(1, math.ceil(span / (most - 1)))
    if step > 3:
        step = 7 * math.ceil(step / 7)  # whole weeks, so ticks fall on one weekday
    return [start + datetime.timedelta(days=k * step) for k in range(span // step + 1)]


def _description(
    points: list[tuple[datetime.date, int]],
    target: int | None,
    noun: str,
    end: datetime.date | None,
) -> str:
    if points:
        count = points[-1][1]
        counted = f"{count} of {target}" if target is not None else str(count)
        text = (
            f"{counted} {noun} recruited by {_long_date(end)}, "
            f"counting from {_long_date(points[0][0])}"
        )
    else:
        text = "No one recruited yet"
    return text + (f"; target {target}." if target is not None else "; no target set.")


def recruitment_chart_svg(
    *,
    series: list[tuple[datetime.date, int]],
    target: int | None,
    title: str,
    y_label: str = "Dyads",
    width: int = 640,
    height: int = 280,
    today: datetime.date | None = None,
) -> str:
    """An SVG step line of a cumulative count over time, with a dashed target line.

    `series` holds (date, cumulative count) points; where several share a date the last one
    counts. The x axis runs from the first date to today or the last date, whichever is later.
    """
    # A stable sort keeps same-day points in order, so the dict keeps the last of each day.
    points = list(dict(sorted(series, key=lambda point: point[0])).items())
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2

    counts = [count for _, count in points]
    ticks = _count_ticks(max([*counts, target or 0, 1]))

    def y_of(count: int) -> float:
        return bottom - (bottom - top) * count / ticks[-1]

    end = None
    if points:
        today = today if today is not None else timezone.localdate()
        start, end = points[0][0], max(points[-1][0], today)
        if start == end:  # one day only: show the day before too, so the line has length
            start -= datetime.timedelta(days=1)
        span = (end - start).days

        def x_of(day: datetime.date) -> float:
            return left + (right - left) * (day - start).days / span

    # SVG text does not wrap; the full title is still in <title> for screen readers.
    room = int((width - 16) / (CHAR_WIDTH * 1.2))
    shown_title = title if len(title) <= room else title[: room - 1].rstrip() + "…"
    uid = f"chart-{uuid.uuid4().hex[:8]}"
    description = _description(points, target, y_label.lower(), end)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%"'
        f' role="img" aria-labelledby="{uid}-title {uid}-desc" class="recruitment-chart"'
        f' font-family="system-ui, sans-serif" font-size="12" fill="{TEXT_COLOUR}">',
        f'<title id="{uid}-title">{_text(title)}</title>',
        f'<desc id="{uid}-desc">{_text(description)}</desc>',
        f'<text x="8" y="20" font-size="14" font-weight="bold">{_text(shown_title)}</text>',
    ]

    for tick in ticks:
        y = _num(y_of(tick))
        if tick:  # the x axis stands in for the 0 gridline
            out.append(
                f'<line class="chart-grid" x1="{left}" y1="{y}" x2="{right}" y2="{y}"'
                f' stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{left - 8}" y="{_num(y_of(tick) + 4)}" text-anchor="end">{tick}</text>'
        )
    # Rotated by -90 degrees, so x runs up the page and y across it.
    out.append(
        f'<text transform="rotate(-90)" x="{_num(-middle_y)}" y="16"'
        f' text-anchor="middle">{_text(y_label)}</text>'
    )
    out.append(
        f'<path class="chart-axis" d="M{left} {top}V{bottom}H{right}" fill="none"'
        f' stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )

    if target is not None:
        y = y_of(target)
        out.append(
            f'<line class="chart-target" x1="{left}" y1="{_num(y)}" x2="{right}" y2="{_num(y)}"'
            f' stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        # At the left, where the line is usually still low and out of the way.
        out.append(
            f'<text class="chart-target-label" x="{left + 6}" y="{_num(y - 6)}"'
            f' fill="{TARGET_COLOUR}">Target: {target}</text>'
        )

    if not points:
        # A white backing keeps the message clear of the gridline through the middle.
        out.append(
            f'<rect x="{_num(middle_x - 90)}" y="{_num(middle_y - 18)}" width="180" height="28"'
            ' fill="#ffffff"/>'
            f'<text x="{_num(middle_x)}" y="{_num(middle_y + 1)}" text-anchor="middle"'
            f' font-size="14">No one recruited yet</text>'
        )
        out.append("</svg>")
        return "".join(out)

    with_year = start.year != end.year
    for day in _date_ticks(start, end, right - left, with_year):
        x = _num(x_of(day))
        out.append(
            f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 5}"'
            f' stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x}" y="{bottom + 20}" text-anchor="middle">'
            f"{_short_date(day, with_year)}</text>"
        )

    # Before its first date the count was 0; each later date is a step up (or down).
    line = [(x_of(start), y_of(0))]
    previous = 0
    for day, count in points:
        line += [(x_of(day), y_of(previous)), (x_of(day), y_of(count))]
        previous = count
    line.append((x_of(end), y_of(previous)))
    drawn = [point for i, point in enumerate(line) if i == 0 or point != line[i - 1]]
    out.append(
        '<polyline class="chart-line" points="'
        + " ".join(f"{_num(x)},{_num(y)}" for x, y in drawn)
        + f'" fill="none" stroke="{LINE_COLOUR}" stroke-width="2.5" stroke-linejoin="round"/>'
    )
    last_x, last_y = drawn[-1]
    out.append(
        f'<circle class="chart-end" cx="{_num(last_x)}" cy="{_num(last_y)}" r="4"'
        f' fill="{LINE_COLOUR}"/>'
    )
    out.append("</svg>")
    return "".join(out)
