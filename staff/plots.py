"""The report's plots as inline SVG, text kept as text (so the page is searchable and
the tests can read the titles), drawn with Debian's Noto Sans CJK (fonts-noto-cjk)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK JP"


class FontMissing(RuntimeError):
    pass


def _use_japanese_font() -> None:
    if not NOTO_CJK.exists():
        raise FontMissing(f"{NOTO_CJK} がありません: Debian の fonts-noto-cjk を入れてください (make system-packages)")
    if FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(NOTO_CJK))
    plt.rcParams.update({"font.family": FAMILY, "svg.fonttype": "none", "axes.unicode_minus": False})


def _svg(fig, name: str, title: str, xlabel: str, ylabel: str) -> str:
    ax = fig.axes[0]
    ax.set_title(title).set_gid(f"{name}-title")
    ax.xaxis.label.set_gid(f"{name}-xlabel")
    ax.yaxis.label.set_gid(f"{name}-ylabel")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inline: no XML prolog


def daily_plot(days: Sequence[str], by_channel: dict[str, list[int]]) -> str:
    _use_japanese_font()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    positions = range(len(days))
    bottom = [0] * len(days)
    for channel, counts in by_channel.items():
        ax.bar(positions, counts, bottom=bottom, label=channel)
        bottom = [b + c for b, c in zip(bottom, counts, strict=False)]
    step = max(1, len(days) // 10)
    ax.set_xticks(list(positions)[::step])
    ax.set_xticklabels([d[5:] for d in days][::step])
    ax.legend(title="チャネル", fontsize=8)
    return _svg(fig, "daily", "日ごとの会話数（チャネル別）", "日付（東京）", "会話数")


def horizontal_bars(
    name: str, labels: Sequence[str], values: Sequence[float], title: str, xlabel: str, ylabel: str
) -> str:
    _use_japanese_font()
    fig, ax = plt.subplots(figsize=(8, max(2.4, 0.32 * len(labels) + 1.2)))
    ax.barh(range(len(labels)), values, color="#2a6db0")
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()  # the largest on top
    return _svg(fig, name, title, xlabel, ylabel)
