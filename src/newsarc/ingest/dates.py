"""Dates as news files write them, normalised to ISO 8601.

Jekyll front matter has `2021-12-27 12:49:32 +0800` (a string: YAML's timestamp needs `+08:00`),
YAML datetimes (when there is no offset), bare days, or nothing (` +0800`). Chinese pages have
`2018年9月30日`. A time with no offset is China time, +08:00; a day without a year is unknown.
"""

from __future__ import annotations

import datetime as dt
import re

from newsarc.errors import UsageError

CHINA = dt.timezone(dt.timedelta(hours=8))

_DATETIME = re.compile(
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$"
)
_CHINESE_DAY = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?P<H>\d{1,2})[:：时時](?P<M>\d{2}))?"
)
_FILENAME_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})-")


def normalize_date(value: object) -> str | None:
    """Any date value from front matter or text → ISO 8601 string, or None if unknown."""
    if isinstance(value, dt.datetime):
        return _iso(value if value.tzinfo else value.replace(tzinfo=CHINA))
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DATETIME.match(text) or _CHINESE_DAY.fullmatch(text)
    return _from_match(match) if match else None


def find_chinese_date(text: str) -> str | None:
    """The first full `YYYY年M月D日` in text (a day with no year is not a date)."""
    match = _CHINESE_DAY.search(text)
    return _from_match(match) if match else None


def date_from_filename(name: str) -> str | None:
    """Jekyll's `_posts/YYYY-MM-DD-slug.md` names carry the day."""
    match = _FILENAME_DAY.match(name)
    return _from_match(match) if match else None


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        if parts.get("H") is None:
            return day.isoformat()
        moment = dt.datetime(
            day.year,
            day.month,
            day.day,
            int(parts["H"]),
            int(parts["M"]),
            int(parts.get("S") or 0),
            tzinfo=_tz(parts.get("tz")),
        )
    except ValueError:
        return None
    return _iso(moment)


def _tz(text: str | None) -> dt.tzinfo:
    if not text:
        return CHINA
    if text == "Z":
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


_BOUND = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")


def parse_day_bound(text: str, *, end: bool) -> str:
    """`2021` / `2021-12` / `2021-12-27` → the first (or, with end, last) day it covers."""
    match = _BOUND.match(text.strip())
    if not match:
        raise UsageError(f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["y"])
    try:
        if match["d"]:
            return dt.date(year, int(match["m"]), int(match["d"])).isoformat()
        if match["m"]:
            month = int(match["m"])
            first = dt.date(year, month, 1)
            if not end:
                return first.isoformat()
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return (following - dt.timedelta(days=1)).isoformat()
        return dt.date(year, 12, 31).isoformat() if end else dt.date(year, 1, 1).isoformat()
    except ValueError as exc:
        raise UsageError(f"bad date {text!r}: {exc}") from exc
