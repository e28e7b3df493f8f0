"""Dates: the calendar arithmetic the law uses (periods in years and months), and dates,
times and durations for people: ``March 3, 2026`` and ``2026年3月3日``, ``22:40`` in the
borrower's zone, ``3 years`` for ``P3Y``. Independent of the process locale, so output
stays byte-deterministic."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from loanoverdue.daymath import add_months, add_years

__all__ = ["add_months", "add_years", "duration", "local_datetime", "long_date", "people_dates"]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_UNITS = (
    ("year", "年"),
    ("month", "个月"),
    ("week", "周"),
    ("day", "天"),
)


def long_date(day: date, lang: str = "en") -> str:
    """``March 3, 2026`` (English) or ``2026年3月3日`` (Chinese)."""
    if lang == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def local_datetime(at: datetime, tz: tzinfo, lang: str = "en") -> str:
    """``at`` in the zone ``tz``: ``March 3, 2026, 22:40`` or ``2026年3月3日 22:40``."""
    local = at.astimezone(tz)
    clock = local.strftime("%H:%M")
    if lang == "zh-CN":
        return f"{long_date(local.date(), lang)} {clock}"
    return f"{long_date(local.date(), lang)}, {clock}"


def duration(iso: str, lang: str = "en") -> str:
    """An ISO 8601 duration of years, months, weeks and days for people: ``P3Y`` ->
    ``3 years`` / ``3年``, ``P1Y6M`` -> ``1 year 6 months`` / ``1年6个月``. Anything
    else is returned as it is."""
    m = _DURATION.match(iso)
    if m is None or not any(m.groups()):
        return iso
    parts = []
    for value, (en, zh) in zip(m.groups(), _UNITS, strict=True):
        if value is None:
            continue
        n = int(value)
        if lang == "zh-CN":
            parts.append(f"{n}{zh}")
        else:
            parts.append(f"{n} {en}" + ("" if n == 1 else "s"))
    return ("" if lang == "zh-CN" else " ").join(parts)


_ISO_DAY = re.compile(r"(?<![0-9A-Za-z_/.:-])(\d{4})-(\d{2})-(\d{2})(?![0-9A-Za-z_/:-])")


def people_dates(text: str, lang: str = "en") -> str:
    """``text`` with every ISO 8601 date in it (``2026-03-26``) written out in ``lang``
    (``March 26, 2026``, ``2026年3月26日``); time stamps, URLs and invalid dates are
    left alone. Messages keep ISO dates in the JSON; people read them written out."""

    def written(m: re.Match[str]) -> str:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return m[0]
        return long_date(day, lang)

    out = _ISO_DAY.sub(written, text)
    if lang == "zh-CN":  # "于 2026年3月25日 进行": no spaces around a date among Chinese
        out = _CJK_SPACED.sub(r"\1", out)
    return out


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACED = re.compile(rf"(?:(?<=[{_CJK}]) )?(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)(?: (?=[{_CJK}]))?")
