"""Writes the report: usage.html (one self-contained page, Japanese, inline SVG plots)
and the CSV files beside it, including review.csv for the review loop."""

from __future__ import annotations

import csv
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from myna.dates import format_ymd, format_ymd_hm
from staff.grouping import KIND_LABELS
from staff.plots import daily_plot, horizontal_bars
from staff.review import REVIEW_COLUMNS, review_rows
from staff.topics import Topics
from staff.usage import TOKYO, Usage

HTML_NAME = "usage.html"
PLOTTED_TOPICS = 15


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    # BOM: spreadsheet programs then open the Japanese text correctly.
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def _table(header: Sequence[str], rows: Iterable[Sequence], text_columns: int = 1) -> str:
    """An HTML table; the first `text_columns` columns are text, the others numbers."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f"<td class=\"{'text' if i < text_columns else 'num'}\">{html.escape(str(cell))}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(header)}">この期間にはありません。</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(svg: str) -> str:
    return f"<figure>{svg}</figure>"


def _bars(name: str, labels: list[str], values: list[int], title: str, xlabel: str, ylabel: str) -> str:
    """A bar chart, or nothing when there is nothing to draw."""
    return _figure(horizontal_bars(name, labels, values, title, xlabel, ylabel)) if labels else ""


def _topic_rows(usage: Usage, topics: Topics) -> list[list]:
    return [
        [
            topics.label(r.intent),
            r.asked,
            r.conversations,
            r.fallback_guess,
            r.resolved,
            r.unresolved,
            _percent(r.unresolved_rate),
        ]
        for r in usage.ranked_topics()
    ]


TOPIC_HEADER = [
    "話題",
    "質問数",
    "会話数",
    "理解できず（最有力候補がこの話題）",
    "解決した",
    "解決しない",
    "解決しないの割合",
]
DAILY_HEADER = ["日付", "チャネル", "会話数", "メッセージ数"]
CHANNEL_HEADER = ["チャネル", "会話数", "メッセージ数"]
HANDOFF_HEADER = ["電話窓口", "案内した回数"]
FORM_HEADER = ["有効期限の計算", "会話数"]
RATE_HEADER = ["", "件数", "全メッセージに対する割合"]


def _rate_rows(usage: Usage) -> list[list]:
    return [
        ["理解できなかった", usage.not_understood, _percent(usage.not_understood_rate)],
        ["対象外の質問", usage.out_of_scope, _percent(usage.out_of_scope_rate)],
    ]


def _form_rows(usage: Usage) -> list[list]:
    return [["始めた会話", usage.form_started], ["結果まで進んだ会話", usage.form_finished]]


def _review_table(usage: Usage, topics: Topics) -> str:
    rows = []
    for group in usage.review_groups:
        for i, message in enumerate(group.messages):
            kinds = "・".join(f"{KIND_LABELS[k]} {n}" for k, n in sorted(message.kinds.items()))
            rows.append(
                [
                    group.number if i == 0 else "",
                    f"{group.count}" if i == 0 else "",
                    message.text,
                    message.count,
                    kinds,
                    topics.label(message.guess),
                    message.conversation_ref,
                ]
            )
    return _table(
        ["グループ", "グループ計", "メッセージ", "件数", "内訳", "推定した話題", "会話（ハッシュ）"],
        rows,
        text_columns=len(rows[0]) if rows else 1,
    )


STYLE = """
body{font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;margin:2rem auto;max-width:64rem;
padding:0 1rem;color:#1a1a1a;line-height:1.6;font-size:16px}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #2a6db0}
table{border-collapse:collapse;margin:.8rem 0;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;
vertical-align:top}th{background:#eef3f9;text-align:left}td.num{text-align:right;white-space:nowrap}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}.note{color:#444;font-size:.9rem}
"""


def render_html(usage: Usage, topics: Topics, csv_names: Sequence[str]) -> str:
    period = usage.period
    days = sorted({d for d, *_ in usage.daily})
    per_channel = defaultdict(lambda: [0] * len(days))
    for day, channel, conversations, _ in usage.daily:
        per_channel[channel][days.index(day)] = conversations
    ranked = [r for r in usage.ranked_topics() if r.asked][:PLOTTED_TOPICS]
    unresolved = sorted((r for r in usage.topics.values() if r.unresolved), key=lambda r: -r.unresolved)
    sections = [
        f"<h1>マイナ保険証 ヘルプアシスタント 利用状況レポート</h1>"
        f"<p>期間: {format_ymd(period.since)} ～ {format_ymd(period.until)}（東京時間）。"
        f"作成: {format_ymd_hm(datetime.now(TOKYO))}。</p>"
        f'<p class="note">表示している文章は、マイナンバー・暗証番号を消したものです。'
        f"会話 ID は表示せず、ハッシュ値だけを示します。</p>",
        "<h2>概要</h2>" + _table(["", "件数"], [["会話数", usage.conversations], ["メッセージ数", usage.messages]]),
        "<h2>チャネル別</h2>" + _table(CHANNEL_HEADER, usage.channels),
        "<h2>日ごとの会話数とメッセージ数</h2>"
        + (_figure(daily_plot(days, dict(per_channel))) if days else "")
        + _table(DAILY_HEADER, usage.daily, text_columns=2),
        "<h2>よく聞かれた話題</h2>"
        + _bars(
            "topics",
            [topics.label(r.intent) for r in ranked],
            [r.asked for r in ranked],
            "よく聞かれた話題（上位）",
            "質問数",
            "話題",
        )
        + "<h2>理解できなかった質問・対象外の質問・「解決しない」</h2>"
        + _table(RATE_HEADER, _rate_rows(usage))
        + _bars(
            "unresolved",
            [topics.label(r.intent) for r in unresolved],
            [r.unresolved for r in unresolved],
            "「解決しない」が押された話題",
            "「解決しない」の数",
            "話題",
        )
        + _table(TOPIC_HEADER, _topic_rows(usage, topics)),
        "<h2>電話窓口への案内</h2>"
        + _bars(
            "handoffs",
            [n for n, _ in usage.handoffs],
            [c for _, c in usage.handoffs],
            "電話窓口への案内（窓口別）",
            "案内した回数",
            "電話窓口",
        )
        + _table(HANDOFF_HEADER, usage.handoffs),
        "<h2>有効期限の計算（生年月日と交付日から）</h2>" + _table(FORM_HEADER, _form_rows(usage)),
        "<h2>見直しが必要なメッセージ</h2>"
        "<p>理解できなかったもの、確信度が低かったもの、「解決しない」が押された答えの質問です。"
        "似た質問は同じグループにまとめています。正しい話題を review.csv に書いて取り込むと、"
        "次の学習 (make train) で覚えます。</p>" + _review_table(usage, topics),
        "<h2>CSV ファイル</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in csv_names) + "</ul>",
    ]
    if usage.redacted_again:
        sections.insert(
            1,
            f'<p class="note">保存された文章のうち {usage.redacted_again} 件に番号が残っていたため、'
            "消して表示しています。</p>",
        )
    return (
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>利用状況レポート {period.since:%Y-%m-%d}～{period.until:%Y-%m-%d}</title>"
        f"<style>{STYLE}</style></head><body><main>{''.join(sections)}</main></body></html>"
    )


def write_report(usage: Usage, topics: Topics, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "usage_daily.csv": (DAILY_HEADER, usage.daily),
        "usage_channels.csv": (CHANNEL_HEADER, usage.channels),
        "usage_topics.csv": (TOPIC_HEADER, _topic_rows(usage, topics)),
        "usage_rates.csv": (RATE_HEADER, _rate_rows(usage)),
        "usage_handoffs.csv": (HANDOFF_HEADER, usage.handoffs),
        "usage_personal_dates.csv": (FORM_HEADER, _form_rows(usage)),
        "review.csv": (REVIEW_COLUMNS, review_rows(usage.review_groups, topics)),
        "topics.csv": (["話題の名前", "話題"], [[i, topics.label(i)] for i in sorted(topics.learnable())]),
    }
    written = []
    for name, (header, rows) in files.items():
        write_csv(out_dir / name, header, rows)
        written.append(out_dir / name)
    page = out_dir / HTML_NAME
    page.write_text(render_html(usage, topics, list(files)), encoding="utf-8")
    return [page, *written]
