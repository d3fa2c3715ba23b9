"""Each command's one-line summary (what `newsarc --help` lists, within 80 columns) and the
examples its `--help` ends with. Data: a new command adds its lines here (a test checks
that every command has both)."""

SUMMARIES = {
    "import": "Import posts and pages from files and folders.",
    "list": "List articles, newest first; filter them.",
    "show": "Show one article as clean text.",
    "search": "Full-text search, title matches first.",
    "export": "Export articles for scripts and spreadsheets.",
    "sources": "Outlets and how many articles each has.",
    "tags": "Tags and how many articles carry each.",
    "stats": "Articles per month, outlet and script.",
    "dupes": "Stories published more than once, and their copies.",
    "tag": "Add or remove tags.",
    "edit": "Correct an article's title, date or outlet.",
    "rm": "Remove articles (a backup is taken first).",
    "reindex": "Re-extract stored originals; say what changed.",
    "doctor": "Check, repair, compact; list or restore backups.",
    "extract": "Extract records from files, with no archive.",
}

EXAMPLES = {
    "import": [
        "newsarc import ~/news/posts",
        "newsarc import --source xinhua --tag 2021 scraped/",
        "newsarc import --dry-run -v my-jekyll-site/",
    ],
    "list": [
        "newsarc list --source xinhua --since 2021-12",
        "newsarc list --tag 数字经济 -f jsonl | jq -r .title",
        "newsarc list --search 腾讯 --all",
    ],
    "show": ["newsarc show 5dd4", "newsarc show --raw 5dd4 > original.txt"],
    "search": [
        "newsarc search 数字经济 腾讯",
        "newsarc search '\"一带一路 倡议\"' -股市 --since 2020",
        "newsarc search 习近平 -n 0 -f ids | wc -l",
    ],
    "export": [
        "newsarc export --source xinhua -o xinhua.jsonl",
        "newsarc export -f csv --excel --search 数字经济 -o 数字经济.csv",
        "newsarc export -f md -o notes/ 5dd4 d4fa",
    ],
    "sources": ["newsarc sources", "newsarc sources -f json | jq '.[0]'"],
    "tags": ["newsarc tags", "newsarc tags -f tsv | head"],
    "stats": [
        "newsarc stats",
        "newsarc stats --search 数字经济 --source xinhua",
        "newsarc stats -f csv > months.csv",
    ],
    "dupes": [
        "newsarc dupes --since 2021-12",
        "newsarc dupes --min-similarity 0.8 --source xinhua",
        "newsarc stats --collapse --search 数字经济",
    ],
    "tag": ["newsarc tag 5dd4 --add 数字经济", "newsarc tag 5dd4 d4fa --remove draft"],
    "edit": [
        'newsarc edit 5dd4 --title "新华网与成都新津签署合作协议"',
        "newsarc edit 5dd4 --date 2021-12-27 --source xinhua",
    ],
    "rm": ["newsarc rm 5dd4", "newsarc list -f ids --tag junk | xargs newsarc rm --yes"],
    "reindex": ["newsarc reindex", "newsarc reindex -v 5dd4"],
    "doctor": ["newsarc doctor", "newsarc doctor --repair", "newsarc doctor --backups"],
    "extract": [
        "newsarc extract posts/ > records.jsonl",
        "newsarc extract -f parquet -o part-0001.parquet shard-0001/",
        "newsarc extract --source xinhua --fields id,title,text scraped/ | jq .title",
    ],
}


def with_examples(help_text: str, name: str) -> str:
    """A command's help with its examples at the end, kept as written (click's \\b)."""
    lines = EXAMPLES.get(name)
    if not lines:
        return help_text
    shown = "\n".join(f"  {line}" for line in lines)
    return f"{help_text.rstrip()}\n\nExamples:\n\n\b\n{shown}"
