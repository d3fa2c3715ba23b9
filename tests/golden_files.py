"""Golden records: what extraction must give for each sample and corpus post.

Regenerate after an intended extraction change, then review every diff by eye against the
source file before committing:  python tests/golden_files.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from newsarc.ingest import extract_article  # noqa: E402

from conftest import CORPUS, FINEWS, GOLDEN, SAMPLES  # noqa: E402

COLLECTIONS = HERE / "data" / "collections"
# Two files of each real collection, read by eye against their output (text included).
COLLECTION_GOLDENS = (
    "broadcast-md/files/xinwenlianbo-md/generated/2026/2026-06-27 新闻联播.md",
    "broadcast-md/files/xinwenlianbo-md/generated/2026/2026-06-13 新闻联播.md",
    "daily-md/files/website-hot-hub/archives/36kr/2025-09-30.md",
    "daily-md/files/weibo-trending-hot-search/archives/2021-02-13.md",
    "hk-tw-news/files/hkcnews-article-archive/articles/5001-6000/article_5768.md",
    "hk-tw-news/files/pen0/_collections/_hkers/2023-03-02-trial-of-hk-democrat-primary-elections-day-18.md",
    "html-pages/files/hkarchivist__hkcnews-article-archive/articles/46001-47000/article_47000.md",
    "html-pages/files/ourhimalayas__txt/content/gnews/1006340.md",
    "html-pages/files/duty-machine__chinadigitaltimes/articles/399682_德国之声｜黄之锋等密集退会 国安法掀港政治组织瓦解潮.md",
    "jekyll-blogs/files/2017-05-02-一封有趣的公开信.md",
    "jekyll-blogs/files/2011-10-10-昆曲的盛衰和困局.md",
    "plaintext-sites/files/2018-03-30＠“白银连环杀人案”凶手获死刑",
    "plaintext-sites/files/2016-04-07＠女子和颐酒店遇袭 福州部分如家酒店也存在问题",
)


def golden_sources() -> list[Path]:
    files = (
        sorted(SAMPLES.glob("*.txt")) + sorted(CORPUS.glob("*.md")) + sorted(FINEWS.glob("*.md"))
    )
    files += [COLLECTIONS / name for name in COLLECTION_GOLDENS]
    return [f for f in files if f.name not in ("README.md", "SOURCES.md")]


def golden_path(source: Path) -> Path:
    if COLLECTIONS in source.parents:
        collection = source.relative_to(COLLECTIONS).parts[0]
        return GOLDEN / "collections" / collection / (source.name + ".json")
    return GOLDEN / source.parent.name / (source.name + ".json")


def extracted_record(source: Path) -> dict[str, object]:
    return extract_article(source.read_bytes(), source.name).fields()


def main() -> None:
    for source in golden_sources():
        target = golden_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(extracted_record(source), ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        print(target.relative_to(HERE))


if __name__ == "__main__":
    main()
