"""`stats --plot FILE`: articles per month and per outlet as a chart for a report (PNG, SVG
or PDF, by the file's extension), drawn by matplotlib with a font that has Chinese glyphs.

The font: the first installed one matplotlib knows with CJK coverage (Noto Sans CJK, Source
Han Sans, WenQuanYi, PingFang, Microsoft YaHei, SimHei…), else the Noto Sans CJK SC that
mplfonts ships (newsarc[plot] installs it). Needs matplotlib (newsarc[plot])."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsarc.errors import UsageError
from newsarc.stats import month_grid

if TYPE_CHECKING:
    from newsarc.stats import Summary

FORMATS = (".png", ".svg", ".pdf")
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)


def cjk_font() -> Path | None:
    """A font file with Chinese glyphs: an installed one, else mplfonts' Noto Sans CJK SC."""
    from matplotlib import font_manager

    for family in CJK_FAMILIES:
        try:
            path = font_manager.findfont(family, fallback_to_default=False)
        except ValueError:
            continue
        return Path(path)
    try:
        from importlib.resources import files

        bundled = files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
    except ModuleNotFoundError:
        return None
    return Path(str(bundled)) if bundled.is_file() else None


def plot_summary(summary: Summary, path: Path, title: str, top: int = 10) -> Path | None:
    """Write the chart; returns the font used for Chinese (None: there was none, and the
    Chinese in titles and outlet names shows as boxes)."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"--plot {path}: give a file ending in {', '.join(FORMATS)}")
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no window
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError as exc:
        raise UsageError("--plot needs matplotlib: pip install 'newsarc[plot]'") from exc
    font = cjk_font()
    if font is not None:
        font_manager.fontManager.addfont(str(font))
        name = font_manager.FontProperties(fname=str(font)).get_name()
        plt.rcParams["font.family"] = [name, "DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"  # text stays text in an SVG: searchable, small
    grid = month_grid(summary.per_month)
    months = [f"{year}-{m:02d}" for year, counts in grid for m in range(1, 13)]
    counts = [n for _, row in grid for n in row]
    outlets = summary.per_outlet[:top]
    figure, (by_month, by_outlet) = plt.subplots(
        2, 1, figsize=(10, 8), gridspec_kw={"height_ratios": [3, 2]}
    )
    figure.suptitle(title)
    by_month.bar(range(len(counts)), counts, width=1.0, color="#3b7dd8")
    ticks = [i for i, month in enumerate(months) if month.endswith("-01")]
    by_month.set_xticks(ticks, [months[i][:4] for i in ticks])
    by_month.set_ylabel("articles per month")
    by_month.set_xlim(-0.5, max(len(counts), 1) - 0.5)
    names = [o.name or o.slug or "(unknown)" for o in outlets][::-1]
    by_outlet.barh(names, [o.articles for o in outlets][::-1], color="#3b7dd8")
    by_outlet.set_xlabel("articles")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return font
