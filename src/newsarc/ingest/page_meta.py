"""What a whole saved page says about its article outside the article's text: its <head>
(<title>, canonical link, og: tags, date meta, author), its JSON-LD, the link it was saved
from, a publication time in its scripts, and a saved WeChat post's time and account.
Read by `html_text.read_html_page`; the page reader (`page.py`) prefers what the article's
own lines say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from newsarc.ingest.html_text import HtmlPage, normalize_inline
from newsarc.ingest.names import is_person, split_names

_META_DATE_NAMES = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "datePublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)


def read_page_meta(doc: Any, source: str, page: HtmlPage) -> None:
    """Fill `page`'s title, link, date, site name and authors from what is not its text."""
    _read_head(doc, page)
    page.url = page.url or _saved_from(source)
    _read_page_script(source, page)


# Where a saved page came from, in a comment at its top: a browser's "saved from url=(0045)…"
# (Internet Explorer's mark of the web), or the bare link a crawler wrote there.
_SAVED_FROM = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>\s*)?<!--\s*"
    r"(?:saved from url=\(\d+\))?\s*(?P<url>https?://[^\s<>\"]+?)\s*-->",
    re.I,
)


# A page's publication time in its scripts or data attributes, where its head gives none:
# `"pubtime": "2019-09-07 19:02:26"` (腾讯), `data-ptime="2019-05-17 20:02:46"` (网易号),
# `var publish_time = "…"`; and a WeChat post's (`var ct = "1581517074"`, Unix time) with
# its account's name (`var nickname = "爱否科技"`), which is the outlet, not 微信公众平台.
_SCRIPT_DATE = re.compile(
    r"\b(?:pub_?time|publish_?time|publish_?date|pubdate|ptime|datePublished)[\"']?\s*[:=]\s*"
    r"[\"'](?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)",
    re.I,
)
_WECHAT_TIME = re.compile(r"\bvar\s+ct\s*=\s*\"(?P<ct>\d{10})\"")
_WECHAT_ACCOUNT = re.compile(r"\bvar\s+nickname\s*=\s*\"(?P<name>[^\"<>]{1,40})\"")


def _read_page_script(source: str, page: HtmlPage) -> None:
    if not page.date and (found := _SCRIPT_DATE.search(source)):
        page.date = found["date"]
    if "mp.weixin.qq.com" not in source[:200_000]:
        return
    if not page.date and (ct := _WECHAT_TIME.search(source)):
        beijing = dt.timezone(dt.timedelta(hours=8))
        page.date = dt.datetime.fromtimestamp(int(ct["ct"]), beijing).isoformat()
    if account := _WECHAT_ACCOUNT.search(source):
        page.site_name = account["name"].strip()


def _saved_from(source: str) -> str | None:
    match = _SAVED_FROM.match(source[:2048])
    return match["url"] if match else None


def _read_head(doc: Any, page: HtmlPage) -> None:
    title = doc.find(".//title")
    if title is not None and title.text:
        page.title = normalize_inline(title.text_content())
    for link in doc.iterfind(".//link[@rel]"):
        if link.get("rel", "").lower() == "canonical" and link.get("href"):
            page.url = link.get("href").strip()
    metas: dict[str, str] = {}
    for meta in doc.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        content = (meta.get("content") or "").strip()
        if key and content:
            metas.setdefault(key.lower(), content)
    page.url = page.url or metas.get("og:url")
    page.site_name = metas.get("og:site_name", "")
    for name in _META_DATE_NAMES:
        if name.lower() in metas:
            page.date = metas[name.lower()]
            break
    _read_json_ld(doc, page)
    if "author" in metas:
        # Sites fill the tag with their own name, a CMS user number or a placeholder
        # (网易, chinanews, 104363, "name, email@gmail.com"): only a person's name counts.
        page.authors = [name for name in split_names(metas["author"]) if is_person(name)]


def _read_json_ld(doc: Any, page: HtmlPage) -> None:
    """schema.org's NewsArticle in <script type="application/ld+json">: its date and link,
    where the head's tags gave none."""

    for script in doc.iterfind(".//script[@type]"):
        if "ld+json" not in script.get("type", "") or not script.text:
            continue
        try:
            data = json.loads(script.text.strip(), strict=False)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            date = item.get("datePublished") or item.get("pubDate")
            if isinstance(date, str) and date.strip() and not page.date:
                page.date = date.strip()
            url = item.get("url") or item.get("@id")
            if isinstance(url, str) and url.strip().startswith("http") and not page.url:
                page.url = url.strip()
