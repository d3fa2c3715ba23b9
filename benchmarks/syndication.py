"""Copies of one story: a collection whose copies are known, and how well newsarc groups them.

    python benchmarks/syndication.py build OUT_DIR [--seed S]
    python benchmarks/syndication.py score OUT_DIR EXPORT.jsonl [-v]
    python benchmarks/syndication.py run [--seed S] [--keep DIR] [-v]
    python benchmarks/syndication.py study OUT_DIR [-o FILE]

`build` takes the real articles listed in `syndication/originals.tsv` (from tests/data/collections,
tests/data/finews and samples/), reads each with newsarc's own extractor, and writes every one as a
Jekyll post plus 0-6 republications of it, each by another outlet (another `categories`, another
link, a credit line) with one or more edits: a new headline, paragraphs trimmed or swapped, an
editor's note, a few words or figures changed, the other script (OpenCC), pinyin glosses, 0-3 days
later; a few copies are whole HTML pages or plain-text pages. `truth.json` lists every file with
its group (the original's key) and what was done to it. Deterministic for a seed. Standard library,
OpenCC and newsarc only.

`score` reads `newsarc export --format jsonl` records (`path`, `id`, `story`) and prints pairwise
precision/recall of the groups, group-level figures and recall by kind of edit. `run` does
build → import into a temporary archive → export → score. `study` (exact
Jaccard; a MinHash/LSH check when datasketch is installed) measures shingle sizes and thresholds
on the built collection, for choosing parameters.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import html
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "syndication"
ORIGINALS = HERE / "originals.tsv"
DEFAULT_SEED = 15

# Outlets a copy can be published by: (slug, name in its own script). The slugs are newsarc's
# (src/newsarc/data/outlets.json); the links are made up, on the reserved .example domain.
SIMPLIFIED_OUTLETS = [
    ("zhongxinwang", "中国新闻网"),
    ("pengpaixinwen", "澎湃新闻"),
    ("xinlangwang", "新浪网"),
    ("wangyi", "网易新闻"),
    ("souhu", "搜狐"),
    ("tengxunwang", "腾讯网"),
    ("fenghuangwang", "凤凰网"),
    ("xinjingbao", "新京报"),
    ("huanqiuwang", "环球网"),
    ("guanchazhewang", "观察者网"),
    ("guangmingwang", "光明网"),
    ("zhongguoqingnianwang", "中国青年网"),
    ("beijingribao", "北京日报"),
    ("nanfangdushibao", "南方都市报"),
    ("xinminwanbao", "新民晚报"),
    ("jiemianxinwen", "界面新闻"),
    ("diyicaijing", "第一财经"),
    ("zhongguowang", "中国网"),
    ("renminwang", "人民网"),
    ("xinhuawang", "新华网"),
    ("lianhezaobao", "联合早报"),
    ("chengduribao", "成都日报"),
]
TRADITIONAL_OUTLETS = [
    ("lianhexinwenwang", "聯合新聞網"),
    ("mingbao", "明報"),
    ("xianggang01", "香港01"),
    ("wenhuibao", "文匯報"),
    ("dongwang", "東網"),
    ("ziyoushibao", "自由時報"),
    ("zhongyangshe", "中央社"),
    ("xianggangdiantai", "香港電台"),
    ("dagongbao", "大公報"),
]
# Wires a copy may credit instead of the original outlet.
WIRES = ["中国新闻网", "新华社", "央视新闻", "人民日报客户端"]

CREDIT_FORMS_START = ["来源：{o}", "（来源：{o}）", "本文来源：{o}", "转载自{o}", "【{o}讯】"]
CREDIT_FORMS_END = [
    "（来源：{o}）",
    "来源：{o}",
    "（文章来源：{o}）",
    "本文转载自{o}，版权归原作者所有。",
    "（{o}）",
    "稿件来源：{o}　责任编辑：{e}",
]
EDITORS = ["王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄鹏"]
NOTES = [
    "编者按：{t}一事引发社会广泛关注。本网今日转载相关报道，供读者参考。",
    "【编者按】近日，围绕“{t}”的讨论持续升温，以下为报道全文，文中观点不代表本网立场。",
    "导读：{t}。以下是报道原文。",
    "编者的话：本文原发于{o}，经授权转载，标题为编者所加。",
    "【关注】本报持续关注此事进展。以下内容综合自{o}的报道。",
]
HEADLINE_PREFIXES = ["【关注】", "【独家】", "热点｜", "突发！", "最新：", "{o}｜"]
HEADLINE_SUFFIXES = ["（图）", "（附全文）", "｜快讯", " - {o}", "，最新消息来了"]
WORD_EDITS = [
    ("表示", "称"),
    ("目前", "当前"),
    ("今天", "今日"),
    ("日前", "近日"),
    ("进行", "开展"),
    ("已经", "已"),
    ("但是", "但"),
    ("因为", "由于"),
    ("记者", "本网记者"),
    ("认为", "指出"),
    ("没有", "未"),
    ("如果", "若"),
    ("此外", "另外"),
    ("同时", "与此同时"),
    ("随后", "之后"),
]
MIN_PARAGRAPHS_TO_TRIM = 4


# ---------------------------------------------------------------------------------------------
# build


def _converter(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def _originals() -> list[dict[str, str]]:
    rows = []
    for line in ORIGINALS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, collection, file, topic = line.split("\t")
        rows.append({"key": key, "collection": collection, "file": file, "topic": topic})
    return rows


def _read_original(row: dict[str, str]) -> dict[str, object]:
    from newsarc.ingest import extract_article

    path = ROOT / row["collection"] / row["file"]
    e = extract_article(path.read_bytes(), path.name)
    paragraphs = [p.strip() for p in e.text.split("\n") if p.strip()]
    when = None
    if e.date:
        try:
            when = dt.datetime.fromisoformat(e.date.replace("Z", "+00:00")[:19])
        except ValueError:
            when = None
        if when is not None and len(e.date) == 10:
            when = when.replace(hour=9)
    if when is None:  # no date: a fixed one from the key, so the output stays deterministic
        when = dt.datetime(2019, 1, 1, 8) + dt.timedelta(days=int(row["key"][1:]) * 3)
    return {
        **row,
        "title": e.title or paragraphs[0][:30],
        "paragraphs": paragraphs,
        "date": when,
        "url": e.url,
        "slug": e.source,
        "name": e.source_name,
        "lang": e.lang,
    }


def _gloss_map() -> dict[str, str]:
    """Characters with one reading → tone-marked pinyin (pypinyin comes with newsarc)."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(c): r for c, r in pinyin_dict.items() if "," not in r and 0x4E00 <= c <= 0x9FFF}


def _add_glosses(text: str, rng: random.Random, glosses: dict[str, str], n: int) -> str:
    spots = [i for i, ch in enumerate(text) if ch in glosses]
    chosen = sorted(rng.sample(spots, min(n, len(spots))), reverse=True)
    for i in chosen:
        text = text[: i + 1] + f"({glosses[text[i]]})" + text[i + 1 :]
    return text


def _edit_words(
    paragraphs: list[str], rng: random.Random, n: int, hant: bool
) -> tuple[list[str], int]:
    """Change n words or figures: a synonym for a common word, a digit one up or down."""
    paras = list(paragraphs)
    edits = 0
    pairs = WORD_EDITS
    if hant:
        t = _converter("s2t")
        pairs = [(t.convert(a), t.convert(b)) for a, b in WORD_EDITS]
    for _ in range(n * 4):
        if edits >= n:
            break
        i = rng.randrange(len(paras))
        p = paras[i]
        if rng.random() < 0.5:
            digits = [m.start() for m in re.finditer(r"\d", p)]
            if digits:
                j = rng.choice(digits)
                new = str((int(p[j]) + rng.choice([1, 9])) % 10)
                paras[i] = p[:j] + new + p[j + 1 :]
                edits += 1
                continue
        present = [(a, b) for a, b in pairs if a in p]
        if present:
            a, b = rng.choice(present)
            k = rng.choice([m.start() for m in re.finditer(re.escape(a), p)])
            paras[i] = p[:k] + b + p[k + len(a) :]
            edits += 1
    return paras, edits


def _edit_headline(title: str, rng: random.Random, outlet: str) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return rng.choice(HEADLINE_PREFIXES).format(o=outlet) + title
    if choice == 1:
        return title + rng.choice(HEADLINE_SUFFIXES).format(o=outlet)
    if choice == 2:  # keep one side of a colon, bar or space, as a shorter headline
        parts = [p for p in re.split(r"[：:｜|　 ]+", title) if len(p) >= 4]
        if len(parts) >= 2:
            return rng.choice(parts)
    # reword: a synonym or two, else drop the last few characters
    new = title
    for a, b in WORD_EDITS:
        if a in new:
            new = new.replace(a, b, 1)
    if new == title:
        new = title[: max(6, len(title) - rng.randint(2, 5))] + "……"
    return new


def _copy(orig: dict, c: int, rng: random.Random, used: set[str], glosses: dict[str, str]) -> dict:
    paras: list[str] = list(orig["paragraphs"])  # type: ignore[arg-type]
    title: str = orig["title"]  # type: ignore[assignment]
    hant_original = orig["lang"] == "zh-Hant"
    transforms: list[str] = []

    to_other_script = rng.random() < 0.3
    hant_copy = hant_original != to_other_script
    pool = [
        o for o in (TRADITIONAL_OUTLETS if hant_copy else SIMPLIFIED_OUTLETS) if o[0] not in used
    ]
    slug, outlet = rng.choice(pool)
    used.add(slug)

    heavy = rng.random() < 0.15  # several edits at once
    p = (lambda x: min(0.9, x * 2)) if heavy else (lambda x: x)
    # an excerpt: the lead paragraphs only, 40-60% of them (a harder case than the brief's trims)
    if len(paras) >= 5 and rng.random() < 0.08:
        total = sum(map(len, paras))
        paras = paras[: max(2, round(len(paras) * rng.uniform(0.4, 0.6)))]
        transforms.append(f"excerpt:{sum(map(len, paras)) / total:.2f}")
    # trimmed: from the end or the middle, never more than 40% of the characters
    elif len(paras) >= MIN_PARAGRAPHS_TO_TRIM and rng.random() < p(0.4):
        total = sum(map(len, paras))
        where = rng.choice(["end", "middle"])
        for n in (rng.choice([1, 2]), 1):
            if where == "end":
                cut = list(range(len(paras) - n, len(paras)))
            else:
                start = rng.randrange(1, len(paras) - n)
                cut = list(range(start, start + n))
            if sum(len(paras[i]) for i in cut) <= 0.4 * total:
                paras = [q for i, q in enumerate(paras) if i not in cut]
                transforms.append(f"trim_{where}:{n}")
                break
    if len(paras) >= 3 and rng.random() < p(0.3):
        i, j = sorted(rng.sample(range(len(paras)), 2))
        paras[i], paras[j] = paras[j], paras[i]
        transforms.append("reorder")
    if rng.random() < p(0.35):
        paras, n = _edit_words(paras, rng, rng.randint(3, 6), hant_original)
        if n:
            transforms.append(f"edit_words:{n}")
    source_name = orig["name"] or rng.choice(WIRES)
    if rng.random() < p(0.3):
        note = rng.choice(NOTES).format(t=title, o=source_name)
        if hant_original:
            note = _converter("s2t").convert(note)
        paras.insert(0, note)
        transforms.append("editor_note")
    if rng.random() < p(0.5):
        new = _edit_headline(title, rng, outlet)
        if new != title:
            title = new
            transforms.append("headline")
    # the credit line: the original outlet (or a wire, or the copy's own outlet)
    credited = rng.choice([source_name, source_name, rng.choice(WIRES), outlet])
    if rng.random() < 0.5:
        paras.insert(0, rng.choice(CREDIT_FORMS_START).format(o=credited))
        transforms.append("credit_start")
    else:
        paras.append(rng.choice(CREDIT_FORMS_END).format(o=credited, e=rng.choice(EDITORS)))
        transforms.append("credit_end")
    if to_other_script:
        config = rng.choice(["s2t", "s2hk", "s2tw", "s2twp"]) if not hant_original else "t2s"
        conv = _converter(config)
        paras = [conv.convert(q) for q in paras]
        title = conv.convert(title)
        transforms.append(config)
    if hant_copy and rng.random() < 0.4:
        n = rng.randint(3, 12)
        paras = [
            _add_glosses(q, rng, glosses, max(1, n // 3)) if k < 3 else q
            for k, q in enumerate(paras)
        ]
        transforms.append("pinyin")
    if not any(t.split(":")[0] not in ("credit_start", "credit_end") for t in transforms):
        transforms.append("verbatim")

    when = orig["date"] + dt.timedelta(
        days=rng.randint(0, 3), hours=rng.randint(1, 20), minutes=rng.randint(0, 59)
    )
    fmt = rng.choices(["jekyll", "html", "text"], weights=[80, 10, 10])[0]
    url = (
        f"https://news.{slug}.example/{when:%Y%m%d}/{orig['key']}-{c}{rng.randint(1000, 9999)}.html"
    )
    return {
        "title": title,
        "paragraphs": paras,
        "date": when,
        "slug": slug,
        "outlet": outlet,
        "url": url,
        "format": fmt,
        "transforms": transforms,
        "days_later": (when.date() - orig["date"].date()).days,
    }


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _write(out: Path, key: str, c: int, item: dict) -> str:
    when: dt.datetime = item["date"]
    name = f"{key}-{'orig' if c == 0 else f'c{c}'}"
    if item["format"] == "jekyll":
        rel = f"_posts/{when:%Y-%m-%d}-{name}.md"
        front = [
            "---",
            "layout: post",
            f"title: {_yaml_str(item['title'])}",
            f"date: {when:%Y-%m-%d %H:%M:%S} +0800",
            f"categories: {item['slug'] or 'news'}",
        ]
        if item["url"]:
            front.append(f"link: {_yaml_str(item['url'])}")
        body = "\n".join(front) + "\n---\n\n" + "\n\n".join(item["paragraphs"]) + "\n"
    elif item["format"] == "html":
        rel = f"pages/{name}.html"
        ps = "\n".join(f"<p>{html.escape(q)}</p>" for q in item["paragraphs"])
        t = html.escape(item["title"])
        body = (
            f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{t}_{html.escape(item['outlet'])}</title>\n"
            f'<meta property="og:url" content="{item["url"]}">\n'
            f'<link rel="canonical" href="{item["url"]}">\n'
            f'<meta property="article:published_time" content="{when:%Y-%m-%dT%H:%M:%S}+08:00">\n'
            f'</head>\n<body>\n<nav><a href="/">首页</a> | <a href="/news/">新闻</a> | '
            f'<a href="/finance/">财经</a></nav>\n<article>\n<h1>{t}</h1>\n'
            f'<div class="info">{when:%Y-%m-%d %H:%M}　{html.escape(item["outlet"])}</div>\n'
            f"{ps}\n</article>\n<footer>版权所有 © {html.escape(item['outlet'])} 未经授权禁止转载"
            f"</footer>\n</body>\n</html>\n"
        )
    else:
        rel = f"text/{name}.txt"
        body = (
            f"标题:{item['title']}\n发布时间:{when:%Y-%m-%d %H:%M:%S}\n正文:"
            + "\n".join(item["paragraphs"])
            + "\n"
        )
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return rel


COPY_COUNTS = [0, 1, 2, 3, 4, 5, 6]
COPY_WEIGHTS = [34, 20, 15, 11, 9, 6, 5]


def build(out: Path, seed: int = DEFAULT_SEED) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    glosses = _gloss_map()
    truth = []
    sources = []
    for row in _originals():
        orig = _read_original(row)
        rng = random.Random(f"{seed}:{row['key']}")
        original = {
            "title": orig["title"],
            "paragraphs": orig["paragraphs"],
            "date": orig["date"],
            "slug": orig["slug"],
            "outlet": orig["name"],
            "url": orig["url"],
            "format": "jekyll",
        }
        rel = _write(out, row["key"], 0, original)
        truth.append(
            {
                "file": rel,
                "group": row["key"],
                "original": True,
                "outlet": orig["name"],
                "format": "jekyll",
                "transforms": [],
                "days_later": 0,
                "title": orig["title"],
                "chars": sum(map(len, orig["paragraphs"])),
            }
        )
        sources.append((row, orig))
        used = {orig["slug"]}
        for c in range(1, rng.choices(COPY_COUNTS, COPY_WEIGHTS)[0] + 1):
            item = _copy(orig, c, rng, used, glosses)
            rel = _write(out, row["key"], c, item)
            truth.append(
                {
                    "file": rel,
                    "group": row["key"],
                    "original": False,
                    "outlet": item["outlet"],
                    "format": item["format"],
                    "transforms": item["transforms"],
                    "days_later": item["days_later"],
                    "title": item["title"],
                    "chars": sum(map(len, item["paragraphs"])),
                }
            )
    (out / "truth.json").write_text(
        json.dumps({"seed": seed, "files": truth}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    originals = sum(1 for t in truth if t["original"])
    formats = collections.Counter(t["format"] for t in truth)
    print(
        f"{len(truth)} files: {originals} originals, {len(truth) - originals} copies; "
        f"formats {dict(formats)} → {out}"
    )
    return {"files": truth}


# ---------------------------------------------------------------------------------------------
# score


def _pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {
        tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)
    }


def _kind(transform: str) -> str:
    return transform.split(":")[0]


def score(out: Path, export: Path, verbose: bool = False) -> dict:
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))["files"]
    by_file = {t["file"]: t for t in truth}
    records = [
        json.loads(line) for line in export.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    if records and not any("story" in r for r in records):
        sys.exit(
            f"{export}: the records have no `story` field; this newsarc does not group copies "
            "yet (export with all fields, from a version that has near-duplicate detection)"
        )
    if records and all(r.get("story") is None for r in records):
        sys.exit(
            f"{export}: `story` is empty in every record: the archive has not grouped copies "
            "(story detection off, or its index not built)"
        )
    story_of: dict[str, str] = {}
    id_of: dict[str, str] = {}
    stray = 0
    for r in records:
        path = str(r.get("path") or "").replace("\\", "/")
        match = next((f for f in by_file if path == f or path.endswith("/" + f)), None)
        if match is None:
            stray += 1
            continue
        story_of[match] = r.get("story") or r.get("id")
        id_of[match] = r.get("id")
    missing = [f for f in by_file if f not in story_of]
    for i, f in enumerate(missing):  # not imported: alone, so its pairs count as missed
        story_of[f] = f"<missing {i}>"

    true_groups: dict[str, list[str]] = collections.defaultdict(list)
    found_groups: dict[str, list[str]] = collections.defaultdict(list)
    for f, t in by_file.items():
        true_groups[t["group"]].append(f)
        found_groups[story_of[f]].append(f)
    true_pairs, found_pairs = _pairs(true_groups), _pairs(found_groups)
    hit = true_pairs & found_pairs
    precision = len(hit) / len(found_pairs) if found_pairs else 1.0
    recall = len(hit) / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    with_copies = [g for g, m in true_groups.items() if len(m) > 1]
    complete = [g for g in with_copies if len({story_of[f] for f in true_groups[g]}) == 1]
    exact = [
        g
        for g in true_groups
        if sorted(found_groups[story_of[true_groups[g][0]]]) == sorted(true_groups[g])
        and len({story_of[f] for f in true_groups[g]}) == 1
    ]
    merged_clusters = [
        s for s, m in found_groups.items() if len({by_file[f]["group"] for f in m}) > 1
    ]
    merged_stories = {by_file[f]["group"] for s in merged_clusters for f in found_groups[s]}
    singles = [g for g, m in true_groups.items() if len(m) == 1]
    singles_alone = [g for g in singles if len(found_groups[story_of[true_groups[g][0]]]) == 1]
    # the story is the original's id (the original is the earliest article of its group)
    originals = {t["group"]: t["file"] for t in truth if t["original"]}
    names_original = [g for g in complete if story_of[originals[g]] == id_of.get(originals[g])]

    # recall by kind of edit: a copy counts as found when it is in its original's story
    by_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for t in truth:
        if t["original"]:
            continue
        found = story_of[t["file"]] == story_of[originals[t["group"]]]
        kinds = {_kind(x) for x in t["transforms"]} | {f"format:{t['format']}"}
        kinds |= {"script" if k in ("s2t", "s2hk", "s2tw", "s2twp", "t2s") else k for k in kinds}
        kinds.add("all copies")
        for k in kinds:
            by_kind[k][0] += found
            by_kind[k][1] += 1

    lines = [
        f"collection: {len(by_file)} files ({len(originals)} stories, "
        f"{len(with_copies)} with copies, "
        f"{len(by_file) - len(originals)} copies); export: {len(records)} records, "
        f"{len(missing)} files not imported, {stray} records not in the collection",
        f"pairs: {len(true_pairs)} true, {len(found_pairs)} found, {len(hit)} right",
        f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}",
        f"stories with copies whose copies are all found: {len(complete)}/{len(with_copies)}"
        f" ({len(names_original)} named by the original's id)",
        "stories grouped exactly (nothing missing, nothing extra): "
        f"{len(exact)}/{len(true_groups)}",
        f"stories without copies left alone: {len(singles_alone)}/{len(singles)}",
        f"wrong merges: {len(merged_clusters)} found groups mix {len(merged_stories)} stories",
        "copies found (in their original's group), by kind of edit:",
    ]
    for k in sorted(by_kind, key=lambda k: (k != "all copies", k)):
        n_found, n = by_kind[k]
        lines.append(f"  {k:<14} {n_found:>4}/{n:<4} {n_found / n:.3f}")
    if verbose:
        for s in merged_clusters:
            lines.append(
                "merged: " + "; ".join(f"{f} [{by_file[f]['group']}]" for f in found_groups[s])
            )
        for g in sorted(set(with_copies) - set(complete)):
            parts = collections.defaultdict(list)
            for f in true_groups[g]:
                parts[story_of[f]].append(f)
            lines.append(f"split {g}: " + " | ".join(", ".join(m) for m in parts.values()))
    print("\n".join(lines))
    return {"precision": precision, "recall": recall, "f1": f1}


def run(seed: int, keep: Path | None, verbose: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="newsarc-syndication-") as tmp:
        out = keep or Path(tmp) / "collection"
        build(out, seed)
        db = Path(tmp) / "archive"
        env = {**os.environ, "NEWSARC_DB": str(db)}
        cli = [sys.executable, "-m", "newsarc", "--db", str(db)]
        subprocess.run([*cli, "import", "-q", str(out)], check=True, env=env)
        export = Path(tmp) / "export.jsonl"
        subprocess.run(
            [*cli, "export", "--format", "jsonl", "-o", str(export)], check=True, env=env
        )
        score(out, export, verbose)


# ---------------------------------------------------------------------------------------------
# study: exact Jaccard of shingle sets, for choosing the shingle size and the threshold

_NOT_WORD = re.compile(r"[\W_]+")


def normalised(text: str) -> str:
    from newsarc.ingest.script import fold_script

    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", fold_script(text)).casefold())


def _shingles(text: str, k: int) -> set[str]:
    return {text[i : i + k] for i in range(max(1, len(text) - k + 1))}


def _clusters(n: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    return [find(i) for i in range(n)]


def study(out: Path, dest: Path | None) -> None:
    from newsarc.ingest import extract_article

    loaded = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    truth, seed = loaded["files"], loaded["seed"]
    texts, groups, items = [], [], []
    for t in truth:
        e = extract_article((out / t["file"]).read_bytes(), Path(t["file"]).name)
        texts.append(normalised(e.text))
        groups.append(t["group"])
        items.append(t)
    n = len(texts)
    topic = {r["key"]: r["topic"] for r in _originals()}
    true_pairs = {(i, j) for i, j in itertools.combinations(range(n), 2) if groups[i] == groups[j]}
    near_topic = sum(
        1
        for i, j in itertools.combinations(range(n), 2)
        if groups[i] != groups[j]
        and items[i]["original"]
        and items[j]["original"]
        and topic[groups[i]] == topic[groups[j]] != "-"
    )
    lines = [
        f"Parameter study on the collection built with seed {seed}: {n} extracted texts, "
        f"{len(true_pairs)} true copy pairs, "
        f"{n * (n - 1) // 2 - len(true_pairs)} non-copy pairs; {near_topic} pairs of different "
        "originals on the same topic (hard negatives by topic label).",
        "Text = newsarc extract_article → fold_script (t2s) → NFKC → casefold → "
        "letters/digits only.",
        "Grouping = single linkage (union of every pair with Jaccard ≥ t); pairwise P/R vs truth.",
        "",
    ]
    thresholds = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
    table = []
    worst: dict[int, list] = {}
    for k in (2, 3, 4, 5):
        sets = [_shingles(s, k) for s in texts]
        sims: dict[tuple[int, int], float] = {}
        for i, j in itertools.combinations(range(n), 2):
            a, b = sets[i], sets[j]
            inter = len(a & b)
            if inter:
                sims[(i, j)] = inter / (len(a) + len(b) - inter)
        true_sims = sorted(sims.get(p, 0.0) for p in true_pairs)
        non = sorted((v for p, v in sims.items() if p not in true_pairs), reverse=True)
        n_non = n * (n - 1) // 2 - len(true_pairs)
        p999 = non[int(n_non * 0.001)] if len(non) > n_non * 0.001 else 0.0
        row = {
            "k": k,
            "min_true": true_sims[0],
            "p1_true": true_sims[len(true_sims) // 100],
            "median_true": true_sims[len(true_sims) // 2],
            "max_non": non[0],
            "p999_non": p999,
            "pr": {},
        }
        for t in thresholds:
            roots = _clusters(n, [p for p, v in sims.items() if v >= t])
            found = {(i, j) for i, j in itertools.combinations(range(n), 2) if roots[i] == roots[j]}
            hit = len(found & true_pairs)
            row["pr"][t] = (hit / len(found) if found else 1.0, hit / len(true_pairs))
        table.append(row)
        worst[k] = [(sims.get(p, 0.0), p) for p in true_pairs]
        worst[k].sort()
        if k == 4:
            hardest_non = sorted(
                ((v, p) for p, v in sims.items() if p not in true_pairs), reverse=True
            )[:8]
            per_kind = collections.defaultdict(list)
            alone = collections.defaultdict(list)
            orig_idx = {groups[i]: i for i in range(n) if items[i]["original"]}
            for i in range(n):
                if items[i]["original"]:
                    continue
                o = orig_idx[groups[i]]
                v = sims.get((min(i, o), max(i, o)), 0.0)
                kinds = {_kind(x) for x in items[i]["transforms"]}
                for kind in kinds:
                    per_kind[kind].append(v)
                edits = kinds - {"credit_start", "credit_end", "pinyin"}
                if len(edits) == 1:
                    alone[next(iter(edits))].append(v)
            by_topic = collections.defaultdict(float)
            for (i, j), v in sims.items():
                if (i, j) not in true_pairs and topic[groups[i]] == topic[groups[j]]:
                    by_topic[topic[groups[i]]] = max(by_topic[topic[groups[i]]], v)

    lines.append(
        "k | min true | 1% true | median true | max non-copy | 99.9% non-copy | "
        + " | ".join(f"t={t} P/R" for t in thresholds)
    )
    lines.append("---|---|---|---|---|---|" + "|".join("---" for _ in thresholds))
    for r in table:
        lines.append(
            f"{r['k']} | {r['min_true']:.3f} | {r['p1_true']:.3f} | {r['median_true']:.3f} | "
            f"{r['max_non']:.3f} | {r['p999_non']:.3f} | "
            + " | ".join(f"{r['pr'][t][0]:.3f}/{r['pr'][t][1]:.3f}" for t in thresholds)
        )
    lines += [
        "",
        "k=4: Jaccard of each copy with its original, by kind of edit: all copies with that "
        "edit (most have several), and copies with that edit alone (besides a credit line and "
        "pinyin glosses)",
        "kind | copies | min | mean | alone: copies | min | mean",
    ]
    for kind, vs in sorted(per_kind.items(), key=lambda kv: min(kv[1])):
        a = alone.get(kind, [])
        solo = f"{len(a)} | {min(a):.3f} | {sum(a) / len(a):.3f}" if a else "0 | - | -"
        lines.append(f"{kind} | {len(vs)} | {min(vs):.3f} | {sum(vs) / len(vs):.3f} | {solo}")
    lines += ["", "k=4: highest Jaccard between different stories of one topic (hard negatives):"]
    for name, v in sorted(by_topic.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {v:.3f}  {name}")
    for k in (3, 4):
        lines += ["", f"k={k}: lowest true pairs (Jaccard, file, file, edits):"]
        for v, (i, j) in worst[k][:8]:
            lines.append(
                f"  {v:.3f}  {items[i]['file']}  {items[j]['file']}  "
                f"{items[i]['transforms']} / {items[j]['transforms']}"
            )
    lines += ["", "k=4: hardest non-copy pairs:"]
    for v, (i, j) in hardest_non:
        lines.append(
            f"  {v:.3f}  {items[i]['file']} ({topic[groups[i]]})  {items[j]['file']}  "
            f"{items[i]['title'][:24]} / {items[j]['title'][:24]}"
        )
    lines += ["", _minhash_check(texts, true_pairs, n)]
    text = "\n".join(lines) + "\n"
    print(text)
    if dest:
        dest.write_text(text, encoding="utf-8")


def _minhash_check(texts: list[str], true_pairs: set[tuple[int, int]], n: int) -> str:
    """datasketch MinHash + LSH at k=4 as newsarc plans it (21 bands × 3 rows), for comparison
    with the exact figures above."""
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        return "(datasketch not installed: MinHash check skipped)"
    out = []
    out.append(
        "datasketch MinHash + MinHashLSH(params=(bands, rows)); candidates are then kept when "
        "the estimated Jaccard ≥ t and grouped by single linkage:"
    )
    for k, bands, rows in ((4, 21, 3), (4, 42, 3), (3, 21, 3), (5, 21, 3), (4, 16, 4)):
        perm = bands * rows
        mhs = []
        for s in texts:
            m = MinHash(num_perm=perm, seed=1)
            m.update_batch([g.encode() for g in _shingles(s, k)])
            mhs.append(m)
        lsh = MinHashLSH(num_perm=perm, params=(bands, rows))
        for i, m in enumerate(mhs):
            lsh.insert(str(i), m)
        cand = set()
        for i, m in enumerate(mhs):
            for j in lsh.query(m):
                j = int(j)
                if j != i:
                    cand.add((min(i, j), max(i, j)))
        got = len(cand & true_pairs)
        res = []
        for t in (0.3, 0.4, 0.5):
            edges = [p for p in cand if mhs[p[0]].jaccard(mhs[p[1]]) >= t]
            roots = _clusters(n, edges)
            found = {(i, j) for i, j in itertools.combinations(range(n), 2) if roots[i] == roots[j]}
            hit = len(found & true_pairs)
            res.append(
                f"t={t}: P {hit / len(found) if found else 1:.3f} R {hit / len(true_pairs):.3f}"
            )
        out.append(
            f"  k={k}, {bands}×{rows} (num_perm {perm}): {len(cand)} candidate pairs, "
            f"{got}/{len(true_pairs)} true pairs among them; " + "; ".join(res)
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("out", type=Path)
    b.add_argument("--seed", type=int, default=DEFAULT_SEED)
    s = sub.add_parser("score")
    s.add_argument("out", type=Path)
    s.add_argument("export", type=Path)
    s.add_argument("-v", "--verbose", action="store_true")
    r = sub.add_parser("run")
    r.add_argument("--seed", type=int, default=DEFAULT_SEED)
    r.add_argument("--keep", type=Path, help="build the collection here (kept)")
    r.add_argument("-v", "--verbose", action="store_true")
    st = sub.add_parser("study")
    st.add_argument("out", type=Path)
    st.add_argument("-o", "--output", type=Path)
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.out, a.seed)
    elif a.cmd == "score":
        score(a.out, a.export, a.verbose)
    elif a.cmd == "run":
        run(a.seed, a.keep, a.verbose)
    else:
        study(a.out, a.output)


if __name__ == "__main__":
    main()
