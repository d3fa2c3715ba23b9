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


# UTF-8 with a few broken bytes (a truncated download, a bad copy) is still UTF-8: up to this
# share of replaced characters is accepted, with a warning, when no other encoding fits.
MAX_REPLACED_SHARE = 0.01


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) with LF line ends, or raise UnreadableFile.

    The encoding name ends in "(N bytes replaced)" when broken UTF-8 was accepted."""
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
        raise UnreadableFile("not a text file (contains NUL bytes)")
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
    raise UnreadableFile("not a text file (no known encoding fits)")


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    return controls > max(8, len(sample) // 100)
