"""An article's identity: its link when it has one, else its content.

The content key is read from the file, not from what the extractor made of it, so a better
extractor never changes it: the decoded text (so the encoding does not count) of the body
(a Jekyll post's front matter aside: retagging a post does not make it another article),
with markup, entities, pinyin glosses (`習(xí)`, `的(de)`) and spacing (line ends, indents)
taken out, case-folded.

This is frozen: a change to it changes ids, and stored articles would no longer be found
by their content. Ids made by the rule before it (outlet + date + title) stay as they are;
an import finds such articles by their content key (`_content`), which the first import
after the change adds to their records (importer.give_content_keys).
"""

from __future__ import annotations

import hashlib
import html
import re

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
# Latin letters in brackets right after a Han character: a reading, not content. Broader
# than the extractor's rule (script.strip_pinyin_glosses) on purpose: `中国(China)` loses
# its gloss here too, which only makes the key shorter, and the rule stays simple enough
# never to need a change.
_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（][A-Za-z\u00c0-\u024f\u0300-\u036f ]{1,12}[)）]"
)
ID_CHARS = 16  # hex digits of an id: 64 bits


def normalised_content(body: str) -> str:
    """What the content key reads of a body (see above). Only what a copy of the same file
    can differ in goes: no Unicode normalisation (at 0.13 ms a file it cost more than all
    the rest; another encoding decodes to the same characters)."""
    text = body
    if "<" in text:
        text = _TAG.sub(" ", _HIDDEN.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    if "(" in text or "（" in text:
        text = _GLOSS.sub("", text)
    return "".join(text.casefold().split())


def content_key(body: str) -> str:
    """The id of an article without a link, from its body (the file's text after any front
    matter); stored as `_content` for every article, which is how an import finds an
    article it has whatever its id."""
    return _hex("content\0" + normalised_content(body))


def link_id(url: str) -> str:
    return _hex("url\0" + url.strip())


def article_id(url: str | None, content: str) -> str:
    """The id: from the link if the article has one, else its content key."""
    return link_id(url) if url else content


def _hex(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_CHARS]
