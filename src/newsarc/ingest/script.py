"""Chinese script: pinyin glosses and traditional/simplified detection."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
# The CJK ideographs (extension A, unified, compatibility) as a regex class; search uses it too.
CJK_CLASS = "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES)
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")

# Some scraped traditional-script pages gloss characters in place: 習(xí)近平, 關(guān)于.
# A gloss is a parenthesised, tone-marked pinyin syllable right after a CJK character.
_GLOSS = re.compile(
    rf"(?<=[{CJK_CLASS}])[(（]\s*([a-zA-Z\u00e0-\u00fc\u0100-\u01dc\u0300-\u036f]+"
    r"(?:\s+[a-zA-Z\u00e0-\u00fc\u0100-\u01dc\u0300-\u036f]+)?)\s*[)）]"
)
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")
_ANY_TONE_MARK = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300-\u0304\u030c]")


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows a character to have (about 400)."""
    from pypinyin.pinyin_dict import pinyin_dict

    # 40k characters share some 1,500 tone-marked readings: strip tones once for each.
    readings = {r for joined in set(pinyin_dict.values()) for r in joined.split(",")}
    return frozenset(map(_toneless, readings))


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ü", "v")


def _is_gloss(match: re.Match[str]) -> bool:
    return _is_pinyin_gloss(match.group(1))


@lru_cache(maxsize=8192)
def _is_pinyin_gloss(body: str) -> bool:
    """Tone-marked, and every word a syllable pypinyin knows (cached: glosses repeat)."""
    if not any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFC", body.lower())):
        return False
    known = _pinyin_syllables()
    return all(_toneless(word) in known for word in body.split())


# A neutral-tone gloss has no mark: 的(de), 了(le). It goes only when it is a reading of the
# character before it, so (ai) after 能 in 人工智能(ai) stays.
_TONELESS_GLOSS = re.compile(rf"(?P<char>[{CJK_CLASS}])[(（](?P<reading>[a-z]{{1,6}})[)）]")


@lru_cache(maxsize=8192)
def _reads_as(char: str, reading: str) -> bool:
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(char), "")
    return reading in {_toneless(r) for r in readings.split(",") if r}


def strip_pinyin_glosses(text: str) -> str:
    """Remove pinyin glosses (習(xí)近平 → 習近平, 的(de) → 的); (集团), (MAGIC), (2) are
    content and stay."""
    if _ANY_TONE_MARK.search(text):
        text = _GLOSS.sub(lambda m: "" if _is_gloss(m) else m.group(0), text)
    if ("(" in text or "（" in text) and _TONELESS_GLOSS.search(text):
        text = _TONELESS_GLOSS.sub(
            lambda m: m["char"] if _reads_as(m["char"], m["reading"]) else m.group(0), text
        )
    return text


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


# Share of CJK characters OpenCC changes when converting to simplified, above which the text
# is traditional. Traditional news text changes 20-35%; simplified text almost none (a few
# characters such as 乾/干 are ambiguous).
TRADITIONAL_SHARE = 0.05


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """The CJK characters OpenCC's traditional→simplified table changes, as one character
    class: counting them in a sample is one C loop instead of a conversion and a compare."""
    chars = [chr(c) for start, end in _CJK_RANGES for c in range(start, end + 1)]
    # One character per line: OpenCC converts phrases too, and no phrase spans a line break.
    converted = _converter("t2s").convert("\n".join(chars)).split("\n")
    changed = "".join(c for c, s in zip(chars, converted, strict=True) if c != s)
    return re.compile(f"[{changed}]")


def detect_script(text: str, sample_chars: int = 600) -> str:
    """'zh-Hant' when enough of the first CJK characters are ones OpenCC's
    traditional→simplified conversion changes."""
    sample = "".join(_CJK_RUN.findall(text, 0, sample_chars * 4))[:sample_chars]
    if not sample:
        return "zh-Hans"
    changed = len(_traditional_chars().findall(sample))
    return "zh-Hant" if changed > len(sample) * TRADITIONAL_SHARE else "zh-Hans"


def fold_script(text: str) -> str:
    """Traditional → simplified, for script-insensitive matching (習近平 ~ 习近平)."""
    return str(_converter("t2s").convert(text))


def cjk_share_at_least(text: str, share: float, sample_chars: int = 4000) -> bool:
    """Whether CJK characters make up at least `share` of the letters of the text's opening."""
    sample = text[:sample_chars]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))
    if cjk >= share * len(sample):
        return True  # letters are never more than all characters: no need to count them
    letters = sum(map(len, _LETTER_RUN.findall(sample)))
    return letters > 0 and cjk >= share * letters


@lru_cache(maxsize=1)
def folding_version() -> str:
    """OpenCC's version: what is folded with it (search tokens, story signatures) is made
    again when it changes."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("opencc")
    except PackageNotFoundError:  # pragma: no cover - installed as newsarc's dependency
        return "?"
