"""Calendar months as the rules count them."""

from __future__ import annotations

import datetime as dt

from fangfan.employment.rules import add_months, month_bounds


def month_end(month: dt.date, months_after: int = 0) -> dt.date:
    """The last day of the month ``months_after`` months after ``month``'s (0: its own)."""
    later = add_months(month.replace(day=1), months_after)
    return month_bounds(later.year, later.month)[1]
