"""Per-article objects: the clean text and the original file's bytes, gzip-compressed.

Kept out of the catalog so that `list` never reads article text, and kept at all so that
nothing is lost when the original file is deleted and a better extractor can re-read it.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import atomic_write_bytes

_MAGIC = b"newsarc-object 1\n"


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, article_id: str) -> Path:
        return self.root / article_id[:2] / f"{article_id}.gz"

    def put(self, article_id: str, text: str, original: bytes) -> None:
        encoded = text.encode("utf-8")
        payload = _MAGIC + str(len(encoded)).encode() + b"\n" + encoded + original
        atomic_write_bytes(self.path_for(article_id), gzip.compress(payload, compresslevel=6))

    def exists(self, article_id: str) -> bool:
        return self.path_for(article_id).exists()

    def get(self, article_id: str) -> tuple[str, bytes]:
        """(text, original bytes) of one article."""
        path = self.path_for(article_id)
        try:
            payload = gzip.decompress(path.read_bytes())
        except FileNotFoundError as exc:
            raise StoreCorrupted(
                f"{path} is missing: the text of article {article_id} is lost; "
                "re-import its file with --update"
            ) from exc
        except (OSError, EOFError, zlib.error) as exc:
            raise StoreCorrupted(f"{path} is damaged: {exc}") from exc
        if not payload.startswith(_MAGIC):
            raise StoreCorrupted(f"{path} is not a newsarc object")
        header_end = payload.index(b"\n", len(_MAGIC))
        length = int(payload[len(_MAGIC) : header_end])
        start = header_end + 1
        return payload[start : start + length].decode("utf-8"), payload[start + length :]

    def remove(self, article_id: str) -> None:
        self.path_for(article_id).unlink(missing_ok=True)
