"""Bytes → text. Real collections arrive in UTF-8 (with or without BOM), UTF-16, GB18030/GBK
and Big5; UTF-8 is tried first because it is by far the most common and it is strict enough
that a non-UTF-8 file almost never decodes as UTF-8 by accident."""

from __future__ import annotations

import codecs
import re

from newsarc.errors import UnreadableFile

MAX_FILE_BYTES = 20 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings a Chinese news file can plausibly be in; charset-normalizer picks among them.
_CJK_CANDIDATES = ["gb18030", "big5", "utf_16", "utf_8"]
_LEGACY = ["gb18030", "big5"]


# UTF-8 with a few broken bytes (a truncated download, a bad copy) is still UTF-8: up to this
# share of replaced characters is accepted, with a warning, when no other encoding fits.
MAX_REPLACED_SHARE = 0.01


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) with LF line ends, or raise UnreadableFile.

    The encoding name ends in "(N bytes replaced)" when broken UTF-8 was accepted, and in
    "(last character cut)" when a legacy file's last character was cut in half."""
    if not data.strip():
        raise UnreadableFile("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(too_big(len(data)))
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise UnreadableFile("not a text file (binary or control bytes)")
    return text, encoding


def too_big(size: int) -> str:
    """Why a file of `size` bytes is refused."""
    mib = 1024 * 1024
    return (
        f"file is {size / mib:.0f} MiB, larger than the {MAX_FILE_BYTES // mib} MiB "
        "a news article can be"
    )


def _decode(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"starts with a {name} mark but is not {name}") from exc
    if b"\x00" in data:
        found = _utf16_without_mark(data)
        if found is None:
            raise UnreadableFile("not a text file (contains NUL bytes)")
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CJK_CANDIDATES).best()
    if best is not None:
        return str(best), best.encoding
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd")
    if replaced <= max(1, len(lenient) * MAX_REPLACED_SHARE):
        return lenient, f"utf-8 ({replaced} bad bytes replaced)"
    for cut in range(1, 4):  # a GB18030 or Big5 character cut in half by a truncated copy
        best = from_bytes(data[:-cut], cp_isolation=_LEGACY).best()
        if best is not None:
            return str(best), f"{best.encoding} (last character cut)"
    raise UnreadableFile("not a text file (no known encoding fits)")


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """UTF-16 with no byte-order mark (some Windows tools write it so): every other byte of
    ASCII is NUL, which rules out every other encoding; charset-normalizer tells LE from BE."""
    from charset_normalizer import from_bytes

    if len(data) % 2:
        return None
    best = from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if best is None or "\x00" in str(best):
        return None
    return str(best), best.encoding


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)
