"""What a text becomes for finding its copies: a MinHash signature (datasketch) of its
character shingles.

Chinese needs no word breaks here: the text is folded to simplified script (OpenCC, so a
traditional repost meets its original) and lower case, NFKC-normalised, and reduced to its
letters and digits (punctuation and spacing differ between outlets); every run of SHINGLE
characters is one shingle. Two texts' signatures estimate the Jaccard similarity of their
shingle sets; the LSH bands (BANDS of ROWS values each) put texts whose similarity passes
about 0.3 into one bucket at least once, to be compared. Pure: no store, no SQLite.

Changing any constant here changes every signature: bump SIGNATURE_VERSION, which makes
stories.sqlite be built again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

SIGNATURE_VERSION = "2"
SHINGLE = 4  # characters a shingle: see docs/syndication.md for how 2–5 compare
BANDS, ROWS = 21, 3  # LSH: a pair with similarity s shares a band with 1 - (1 - s³)²¹
PERMUTATIONS = BANDS * ROWS
SEED = 1
# Texts whose signatures agree on this share of values are copies of one story.
SIMILAR = 0.4
# Fewer shingles than this (a text of about 40 characters) tell nothing: a headline-only
# brief or a notice shares its few words with too many others to be called a copy.
MIN_SHINGLES = 40

_NOT_WORD = re.compile(r"[\W_]+")


def text_signature(text: str) -> bytes | None:
    """The signature of a text (PERMUTATIONS little-endian uint32), or None for one too
    short to compare."""
    import numpy as np
    from datasketch import MinHash

    shingles = _shingle_hashes(_normalised(text))
    if len(shingles) < MIN_SHINGLES:
        return None
    minhash = MinHash(
        num_perm=PERMUTATIONS,
        seed=SEED,
        hashfunc=int,
        permutations=_permutations(),
        scheme="affine32",
    )
    minhash.update_batch(shingles.tolist())
    return bytes(np.asarray(minhash.hashvalues, dtype="<u4").tobytes())


def similarity(one: bytes, other: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingles, from their signatures."""
    import numpy as np

    a = np.frombuffer(one, dtype="<u4")
    b = np.frombuffer(other, dtype="<u4")
    return float(np.count_nonzero(a == b)) / len(a)


def band_rows(signatures: Mapping[int, bytes]) -> list[tuple[int, int]]:
    """(bucket, article) for each band of each signature: an LSH bucket is a signed 64-bit
    key (SQLite's INTEGER) mixed from the band's ROWS values and its number, so that equal
    values in different bands do not meet. All signatures at once, in numpy."""
    import numpy as np

    if not signatures:
        return []
    numbers = np.fromiter(signatures, dtype=np.int64, count=len(signatures))
    values = np.frombuffer(b"".join(signatures.values()), dtype="<u4").astype(np.uint64)
    values = values.reshape(len(signatures), BANDS, ROWS)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64
        keys = np.arange(1, BANDS + 1, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
        for row in range(ROWS):
            keys = _mix(keys ^ values[:, :, row])
    signed = keys.view(np.int64)
    return list(zip(signed.ravel().tolist(), np.repeat(numbers, BANDS).tolist(), strict=True))


def _mix(values: Any) -> Any:
    """splitmix64's finaliser, on a numpy array of uint64: every input bit moves every
    output bit."""
    import numpy as np

    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _normalised(text: str) -> str:
    from newsarc.ingest.script import fold_script

    return _NOT_WORD.sub("", fold_script(unicodedata.normalize("NFKC", text).lower()))


def _shingle_hashes(text: str) -> Any:
    """The distinct 32-bit hashes of the text's shingles, as a numpy array: computed on the
    characters' code points at once (hashing each shingle in Python took as long as the
    extraction)."""
    import numpy as np

    if len(text) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    count = len(points) - SHINGLE + 1
    mixed = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for offset in range(SHINGLE):
            mixed = mixed * np.uint64(0x100000001B3) + points[offset : offset + count]
        mixed = _mix(mixed)  # the upper 32 bits kept depend on every character
    return np.unique(mixed >> np.uint64(32))


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """datasketch's permutations for SEED, made once (MinHash draws them anew each time)."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED).permutations
