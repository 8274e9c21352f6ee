"""Event dates as people write them: "March 9-11, 2018", "October 27 - 29, 2014", "9–11 mars 2018".

Month names come from ``schema/conventions.toml`` (``[dates]``), so another language is a
data change. Only what the text says is returned: a day range gives a start and an end
date, "April 2019" a year and month, a bare year a year; an impossible day (``Feb 30``)
gives nothing rather than a guess.
"""

from __future__ import annotations

import calendar
import re
from functools import cache

from ..util.resources import conventions
from ..util.text import fold
from .records import DateValue

_ORD = r"(?:st|nd|rd|th|er)?"
_DASH = r"\s*(?:-|–|—|to|au|à|bis|\.\.)\s*"
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:" + _DASH + r"(\d{4})-(\d{2})-(\d{2}))?(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@cache
def _months() -> dict[str, int]:
    table = conventions()["dates"]["months"]
    return {fold(name): int(number) for number, names in table.items() for name in names}


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    month = "(" + "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True)) + r")\.?"
    day = r"(\d{1,2})" + _ORD
    year = r",?\s+((?:19|20)\d{2})(?!\d)"
    return (
        # March 9-11, 2018 / March 30 - April 1, 2019 / April 6, 2015
        re.compile(
            r"(?<![\w])" + month + r"\s+" + day + r"(?:" + _DASH + r"(?:" + month + r"\s+)?" + day + r")?" + year
        ),
        # 9-11 March 2018 / 30 March - 1 April 2019 / 6 avril 2015
        re.compile(r"(?<![\w])" + day + r"(?:\s+" + month + r")?" + r"(?:" + _DASH + day + r")?\s+" + month + year),
        # March 2018
        re.compile(r"(?<![\w])" + month + year),
    )


def _day(year: int, month: int, day: int) -> DateValue | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return DateValue(f"{year:04d}-{month:02d}-{day:02d}", "date")


def find_dates(text: str) -> tuple[DateValue | None, DateValue | None]:
    """The first date or date range written in ``text``: (start, end); end is None for one day."""
    m = _ISO.search(text)
    if m:
        start = _day(int(m[1]), int(m[2]), int(m[3]))
        end = _day(int(m[4]), int(m[5]), int(m[6])) if m[4] else None
        return start, end
    folded = fold(text)
    months = _months()
    first, second, month_only = _patterns()
    m = first.search(folded)
    if m:
        year, month = int(m[5]), months[m[1]]
        end_month = months[m[3]] if m[3] else month
        start = _day(year, month, int(m[2]))
        end = _day(year, end_month, int(m[4])) if m[4] else None
        return (start, end) if start else (None, None)
    m = second.search(folded)
    if m:
        year, end_month = int(m[5]), months[m[4]]
        start_month = months[m[2]] if m[2] else end_month
        if m[3]:
            return _day(year, start_month, int(m[1])), _day(year, end_month, int(m[3]))
        return _day(year, end_month, int(m[1])), None
    m = month_only.search(folded)
    if m:
        return DateValue(f"{int(m[2]):04d}-{months[m[1]]:02d}", "gYearMonth"), None
    return None, None


def find_year(text: str) -> str | None:
    m = _YEAR.search(text)
    return m.group(1) if m else None
