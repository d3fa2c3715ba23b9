"""Encodings real collections arrive in, and bytes that are not text."""

from __future__ import annotations

import codecs

import pytest

from newsarc.errors import UnreadableFile
from newsarc.ingest import extract_article
from newsarc.ingest.decode import decode_bytes

from conftest import sample

SIMPLIFIED = (
    "---\ntitle: 新华网与成都新津签署合作协议\ndate: 2021-12-27\n---\n正文：数字经济发展高地。\n"
)
TRADITIONAL = "四川廣播電視臺與中國電信股份有限公司四川分公司簽署戰略合作協議。\n雙方強強聯合。\n"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
        (TRADITIONAL.encode("gb18030"), TRADITIONAL),
        (SIMPLIFIED.replace("\n", "\r\n").encode("gb18030"), SIMPLIFIED),
        (SIMPLIFIED.replace("\n", "\r").encode("utf-8"), SIMPLIFIED),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom",
        "utf16be-bom",
        "gb18030",
        "gbk",
        "big5",
        "trad-gb18030",
        "crlf",
        "cr",
    ],
)
def test_decodes_to_the_same_text(data: bytes, text: str) -> None:
    assert decode_bytes(data)[0] == text


@pytest.mark.parametrize("prefix", ["002", "003"])
def test_sample_in_legacy_encoding_extracts_like_utf8(prefix: str) -> None:
    path = sample(prefix)
    original = path.read_text("utf-8")
    encoding = "gb18030" if prefix == "002" else "big5"
    # Big5 cannot hold the pinyin glosses' tone marks; drop them the way a Big5 page would.
    legacy = original.encode(encoding, errors="replace")
    utf8 = extract_article(legacy.decode(encoding).encode("utf-8"), path.name)
    assert extract_article(legacy, path.name).fields() == utf8.fields()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x00" * 4096, "NUL bytes"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "not a text file"),
        (bytes(range(1, 32)) * 100, "not a text file"),
    ],
)
def test_bytes_that_are_not_text_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        decode_bytes(data)


def test_file_too_large_is_refused() -> None:
    from newsarc.ingest.decode import MAX_FILE_BYTES

    with pytest.raises(UnreadableFile, match="larger than"):
        decode_bytes(b"a" * (MAX_FILE_BYTES + 1))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_detected(encoding: str) -> None:
    """Issue 13, item 16: UTF-16 without a BOM was refused for its NUL bytes."""
    text, found = decode_bytes(SIMPLIFIED.encode(encoding))
    assert text == SIMPLIFIED and found.replace("_", "-") == encoding


@pytest.mark.parametrize(("encoding", "text"), [("gb18030", SIMPLIFIED), ("big5", TRADITIONAL)])
def test_a_legacy_file_whose_last_character_is_cut_imports_with_a_warning(
    encoding: str, text: str
) -> None:
    """Issue 13, item 16: a GB18030 (or Big5) file whose last character was cut in half
    (a truncated download) was refused, where broken UTF-8 imports with a warning."""
    body = text.replace("\n", "。" * 1 + "\n") * 20 + "完"
    data = body.encode(encoding)[:-1]  # half of 完
    decoded, found = decode_bytes(data)
    assert decoded == body[:-1] and found.startswith(encoding) and found.endswith("cut)")
    post = "---\ntitle: 截斷的檔案\ndate: 2024-01-02\n---\n" + body
    article = extract_article(post.encode(encoding)[:-1], "cut.md")
    assert any("last character cut" in w for w in article.warnings)
