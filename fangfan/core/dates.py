"""Dates in messages and titles, as officials write them: 1985年6月1日 (no leading zeros).

Templates get the same form from Django's zh-hans DATE_FORMAT; Python code that writes a
date into a message, an error or a file title uses :func:`chinese_date`.
"""

from __future__ import annotations

import datetime as dt


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
