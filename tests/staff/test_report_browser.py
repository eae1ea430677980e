"""usage.html in Debian's headless Chromium: the page renders with its tables, every
plot is drawn and has a Japanese title and axis labels (text in the inline SVG, drawn
with the Noto CJK font), and a screenshot goes to results/staff/."""

from __future__ import annotations

import re

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from tests.servers import ROOT
from tests.widget.conftest import browser  # noqa: F401  (the shared Chromium fixture)

from .conversations import run_report
from .stored import answer, at, save, user

RESULTS = ROOT / "results" / "staff"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("report-browser")
    store = SQLTrackerStore(dialect="sqlite", db=str(work_dir / "tracker.db"))
    conversations = {}
    for day in range(1, 8):
        for n in range(day):
            t = at(f"2026-11-{day:02d} 10:00") + n
            conversations[f"c{day}-{n}"] = [
                user("カードをなくしました", "lost_card", 0.9, t, channel="rest" if n % 2 else "socketio"),
                *answer("lost_card", t),
                user(
                    "/feedback_unresolved" if n % 3 == 0 else "/feedback_resolved",
                    "feedback_unresolved" if n % 3 == 0 else "feedback_resolved",
                    1.0,
                    t + 1,
                ),
                user("資格確認書とは", "shikaku_kakuninsho", 0.8, t + 2),
                *answer("shikaku_kakuninsho", t + 2),
                user("ぷにぷに", "nlu_fallback", 0.15, t + 3, runner_up="greet"),
            ]
    from rasa.shared.core.events import SlotSet

    conversations["handoff"] = [
        user("電話したい", "human_handoff", 0.9, at("2026-11-03 11:00")),
        SlotSet("hotline_name", "健康保険組合の窓口", timestamp=at("2026-11-03 11:00")),
    ]
    save(store, conversations)
    run_report(f"sqlite:///{work_dir / 'tracker.db'}", work_dir / "reports", "2026-11-01", "2026-11-07")
    return work_dir / "reports" / "usage.html"


def test_the_report_renders_with_japanese_plot_titles_and_axis_labels(browser, report_page):  # noqa: F811
    assert "<script" not in report_page.read_text(encoding="utf-8")  # self-contained, nothing to run
    browser.get(report_page.as_uri())
    assert browser.execute_script("return document.documentElement.lang") == "ja"
    assert "利用状況レポート" in browser.title
    assert "よく聞かれた話題" in browser.find_element("tag name", "main").text
    plots = browser.execute_script("""
        return [...document.querySelectorAll('figure svg')].map(svg => {
          const part = (suffix) => {
            const g = svg.querySelector(`g[id$="-${suffix}"]`);
            if (!g) return null;
            const box = g.getBBox();
            return {text: g.textContent.trim(), width: box.width, height: box.height};
          };
          const box = svg.getBoundingClientRect();
          return {width: box.width, height: box.height, bars: svg.querySelectorAll('path').length,
                  title: part('title'), xlabel: part('xlabel'), ylabel: part('ylabel')};
        });
    """)
    assert len(plots) == 4  # days, topics, 「解決しない」, phone lines
    for plot in plots:
        assert plot["width"] > 300 and plot["height"] > 100 and plot["bars"] > 5
        for part in ("title", "xlabel", "ylabel"):
            assert plot[part] and JAPANESE.search(plot[part]["text"]), (part, plot)
            assert plot[part]["width"] > 10 and plot[part]["height"] > 5, (part, plot)  # drawn, not empty
    titles = [p["title"]["text"] for p in plots]
    assert titles[0] == "日ごとの会話数（チャネル別）" and "よく聞かれた話題" in titles[1]
    # The Japanese text is drawn with a CJK font (not as missing-glyph boxes).
    family = browser.execute_script("return getComputedStyle(document.querySelector('figure svg text')).fontFamily")
    assert "Noto Sans CJK JP" in family
    RESULTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1280, 4000)
    browser.save_screenshot(str(RESULTS / "usage-report.png"))
    assert (RESULTS / "usage-report.png").stat().st_size > 20000
