"""Dates as news files write them, normalised to ISO 8601.

Jekyll front matter has `2021-12-27 12:49:32 +0800` (a string: YAML's timestamp needs `+08:00`),
YAML datetimes (when there is no offset), bare days, or nothing (` +0800`). Chinese pages have
`2018年9月30日`. A time with no offset is China time, +08:00; a day without a year is unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

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
# A date inside a line: 2020-03-09 07:40, 2020/3/9, 2020.03.09, 2020年3月9日 07:40.
_DATE_IN_TEXT = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年\s*)(?P<m>\d{1,2})\s*(?:[-/.]|月\s*)(?P<d>\d{1,2})"
    r"(?!\d)\s*日?(?:\s*(?P<H>\d{1,2})[:：时時](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?)?"
)
# US order with the year last: 3/11/2023 2:51 AM (sites in English and their Chinese editions).
_US_DATE = re.compile(
    r"(?<![\d/])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)\d{2})(?![\d/])"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?(?:\s*(?P<tz>UTC|GMT))?)?"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# Thu, 02 Jul 2020 02:32:33 +0000 (RSS, e-mail) and 2 Jul 2020 / July 2, 2020.
_ENGLISH_DATE = re.compile(
    r"(?<![A-Za-z\d])(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]{2,8})\.?,?\s+(?P<y1>(?:19|20)\d{2})"
    r"|(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d{2}))"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*(?P<tz>[+-]\d{4}|GMT|UTC))?)?"
)
_NUMERALS = "〇零○Ｏ一二三四五六七八九"
_NUMERAL_VALUE = {ch: (0 if i < 4 else i - 3) for i, ch in enumerate(_NUMERALS)}
# 二零二零年十月二十三日: the year digit by digit, month and day with 十.
_NUMERAL_DAY = re.compile(
    rf"(?P<y>[{_NUMERALS}]{{4}})年(?P<m>[一二三四五六七八九十]{{1,2}})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})日"
)
# File names: 2021-12-08-slug.md (Jekyll), 20221030.md, 2021_12_08, news-2021-12-08.
_FILENAME_DAY = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[-_.]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?![0-9A-Za-z])"
)
# Links: /2013/03/20/, /2017/0303/, /20170303/, /2017-03-03/, t20170303_123.html, /201703/03/.
_URL_DAY = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?:[/_-]?(?P<m>[01]\d)(?:/|[/_-]?)(?P<d>[0-3]\d))(?=[/_.-]|$|\D)"
)


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


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first full date written in text, any common form: (ISO, start, end)."""
    found = [
        hit
        for hit in (
            _search(_DATE_IN_TEXT, text, _from_match),
            _search(_NUMERAL_DAY, text, _numeral_date),
            _search(_US_DATE, text, _us_date),
            _search(_ENGLISH_DATE, text, _english_date),
        )
        if hit
    ]
    return min(found, key=lambda hit: hit[1]) if found else None


def _search(
    pattern: re.Pattern[str], text: str, convert: Callable[[re.Match[str]], str | None]
) -> tuple[str, int, int] | None:
    if pattern is not _DATE_IN_TEXT and not _MAYBE_DATE[pattern].search(text):
        return None
    for match in pattern.finditer(text):
        day = convert(match)
        if day:
            return day, match.start(), match.end()
    return None


def _us_date(match: re.Match[str]) -> str | None:
    hour = match["H"]
    if hour and match["ampm"]:
        hour = str(int(hour) % 12 + (12 if match["ampm"].lower() == "pm" else 0))
    tz = "Z" if match["tz"] else None
    return _from_parts(match["y"], match["m"], match["d"], hour, match["M"], match["S"], tz)


def _english_date(match: re.Match[str]) -> str | None:
    month = _MONTHS.get((match["m1"] or match["m2"])[:3].lower())
    if month is None:
        return None
    tz = match["tz"]
    tz = "Z" if tz in ("GMT", "UTC") else tz
    return _from_parts(
        match["y1"] or match["y2"],
        str(month),
        match["d1"] or match["d2"],
        match["H"],
        match["M"],
        match["S"],
        tz,
    )


def _from_parts(
    y: str, m: str, d: str, hour: str | None, minute: str | None, second: str | None, tz: str | None
) -> str | None:
    try:
        day = dt.date(int(y), int(m), int(d))
        if hour is None or minute is None:
            return day.isoformat()
        return _iso(
            dt.datetime(
                day.year,
                day.month,
                day.day,
                int(hour),
                int(minute),
                int(second or 0),
                tzinfo=_tz(tz),
            )
        )
    except ValueError:
        return None


_MAYBE_DATE = {
    _NUMERAL_DAY: re.compile("年"),
    _US_DATE: re.compile(r"\d/\d"),
    _ENGLISH_DATE: re.compile(r"[A-Z][a-z]{2}"),
}


def _numeral_date(match: re.Match[str]) -> str | None:
    year = int("".join(str(_NUMERAL_VALUE[ch]) for ch in match["y"]))
    try:
        return dt.date(year, _numeral(match["m"]), _numeral(match["d"])).isoformat()
    except ValueError:
        return None


def _numeral(text: str) -> int:
    """一 … 三十一: tens before 十 (none means one), units after it."""
    if "十" not in text:
        return _NUMERAL_VALUE[text] if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return (_NUMERAL_VALUE[tens] if tens else 1) * 10 + (_NUMERAL_VALUE[units] if units else 0)


def date_from_filename(name: str) -> str | None:
    """The day a file name carries: `2021-12-08-slug.md` (Jekyll), `20221030.md`, …"""
    for match in _FILENAME_DAY.finditer(name):
        day = _plausible(match)
        if day:
            return day
    return None


def date_from_url(url: str) -> str | None:
    """The day a link's path carries: /2013/03/20/, /2017/0303/, t20170303_1.html, …"""
    path = url.split("://", 1)[-1].partition("/")[2]
    for match in _URL_DAY.finditer(path):
        day = _plausible(match)
        if day:
            return day
    return None


def _plausible(match: re.Match[str]) -> str | None:
    day = _from_match(match)
    return day if day and "1990" <= day[:4] <= str(dt.date.today().year + 1) else None


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    return _from_parts(
        parts["y"],
        parts["m"],
        parts["d"],
        parts.get("H"),
        parts.get("M"),
        parts.get("S"),
        parts.get("tz"),
    )


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
