"""The widget as an elderly person uses it on a phone (issue 15), in real Chromium at
320x568 and 375x667 with touch, against the real Rasa server. A screenshot of each
phone state goes to results/widget/."""

import json
import re
from pathlib import Path

import pytest
import yaml
from selenium.webdriver import ActionChains
from selenium.webdriver.common.keys import Keys

from myna.privacy import personal_numbers
from tests.servers import ROOT

from .conftest import get
from .page import (
    OVERFLOW,
    PHONES,
    SHADOW,
    SMALL_TARGETS,
    active,
    as_phone,
    ask,
    find,
    find_all,
    open_fresh,
    reset_browser,
    severe_console_errors,
    stored,
    texts,
    type_and_enter,
    wait,
    wait_for_reply,
)

CASES = json.loads((Path(__file__).parent / "personal_numbers.json").read_text())
START_TITLES = ["なくした", "暗証番号", "有効期限", "資格確認書", "使い方"]

# Where the first bot bubble added after the last user message is, against the log.
FIRST_NEW_REPLY = (
    SHADOW
    + """
var log = R.querySelector('.myna-log'), nodes = Array.from(log.children), last = -1;
nodes.forEach(function (n, i) { if (n.classList.contains('myna-msg-user')) last = i; });
var first = nodes[last + 1], v = log.getBoundingClientRect(), b = first.getBoundingClientRect();
return {top: b.top - v.top, bottom: b.bottom - v.top, height: v.height, text: first.textContent.replace('案内: ', ''),
        scrollTop: log.scrollTop, atEnd: log.scrollTop + log.clientHeight >= log.scrollHeight - 2};
"""
)


@pytest.fixture
def page(servers, browser):
    reset_browser(browser)
    browser.get_log("browser")
    yield browser
    reset_browser(browser)


def shot(page, results_dir, name, size):
    page.save_screenshot(str(results_dir / f"phone-{size[0]}x{size[1]}-{name}.png"))


def height(page, css):
    return find(page, css).rect["height"]


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_phone_open_compact_header_room_start_choices_and_modal(page, servers, results_dir, size):
    as_phone(page, *size)
    open_fresh(page, servers.demo)
    width, screen = size
    # The keyboard does not come up on open: the focus is on the title, not the input.
    assert active(page) == find(page, ".myna-title")
    # One compact header row; the conversation gets at least half the height.
    header = find(page, ".myna-header")
    assert header.rect["height"] <= 64
    for control in (".myna-title", ".myna-menu-btn", ".myna-close"):
        rect = find(page, control).rect
        assert header.rect["y"] <= rect["y"] and rect["y"] + rect["height"] <= header.rect["y"] + header.rect["height"]
    assert not find(page, ".myna-size").is_displayed()
    assert height(page, ".myna-log") >= screen / 2, height(page, ".myna-log")
    # Start without typing: the common needs, and 「電話で相談」 always there.
    chips = find_all(page, ".myna-replies .myna-reply")
    assert [c.text for c in chips] == START_TITLES
    # the server offers the same buttons with its greeting, so they are read as intents
    greeting = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_greet"][0]
    assert [(c.text, c.get_attribute("data-payload")) for c in chips] == [
        (b["title"], b["payload"]) for b in greeting["buttons"]
    ]
    phone = find(page, ".myna-phone-btn")
    assert phone.is_displayed() and phone.text == "電話で相談"
    # A modal dialog: aria-modal, the page behind inert, Tab stays inside.
    panel = find(page, ".myna-panel")
    assert panel.get_attribute("role") == "dialog" and panel.get_attribute("aria-modal") == "true"
    assert page.execute_script("return document.querySelector('main').inert") is True
    seen = set()
    for _ in range(20):
        ActionChains(page).send_keys(Keys.TAB).perform()
        seen.add(
            page.execute_script("var h = document.getElementById('myna-chat'); return document.activeElement === h")
        )
    assert seen == {True}  # never left the widget
    assert page.execute_script(OVERFLOW) == [] and page.execute_script(SMALL_TARGETS) == []
    shot(page, results_dir, "open", size)
    find(page, ".myna-menu-btn").click()
    assert find(page, ".myna-size").is_displayed() and find(page, ".myna-clear").is_displayed()
    shot(page, results_dir, "menu", size)
    find(page, ".myna-menu-btn").click()
    find(page, ".myna-close").click()
    assert page.execute_script("return document.querySelector('main').inert") is False
    assert severe_console_errors(page) == []


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_phone_sheet_shows_the_servers_numbers_and_open_now(page, servers, results_dir, size):
    as_phone(page, *size)
    open_fresh(page, servers.demo, expect_transport=None)
    find(page, ".myna-phone-btn").click()
    wait(page, lambda d: find_all(d, ".myna-dial"), 10, "the numbers")
    _, _, body = get(f"{servers.base}/webhooks/widget/config")
    lines = json.loads(body)["phone"]
    sheet = find(page, ".myna-phone")
    for line in lines:  # what the server says, not computed in the page
        assert line["state_text"] in sheet.text and line["purpose"] in sheet.text
    dials = find_all(page, ".myna-dial")
    assert [d.get_attribute("href") for d in dials] == [n["tel"] for line in lines for n in line["numbers"]]
    assert dials[0].text == "0120-95-0178 に電話" and dials[0].rect["height"] >= 48
    assert page.execute_script(OVERFLOW) == []
    shot(page, results_dir, "phone", size)
    find(page, ".myna-phone-btn").click()
    assert not sheet.is_displayed()


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_answers_start_where_they_begin_with_titled_links_and_call_buttons(page, servers, results_dir, size):
    as_phone(page, *size)
    open_fresh(page, servers.demo)
    # The lost-card answer is longer than the screen: its start is what is shown.
    find(page, "#myna-chat-input").click()
    ask(page, "カードをなくしました", "0120-95-0178")
    place = page.execute_script(FIRST_NEW_REPLY)
    assert 0 <= place["top"] <= 20 and not place["atEnd"], place
    assert place["text"].startswith("すぐにカードの一時利用停止")
    shot(page, results_dir, "answer-start", size)
    # Links show a title; phone numbers are call buttons on one line.
    links = [a for a in find_all(page, ".myna-msg-bot a") if a.get_attribute("href").startswith("https:")]
    assert links and all(not a.text.startswith("http") for a in links)
    assert links[0].text.startswith("マイナンバーカード総合サイト")
    calls = find_all(page, ".myna-msg-bot a.myna-call")
    assert {c.text for c in calls} >= {"0120-95-0178", "050-3818-1250"}
    for call in calls:
        lines = page.execute_script("return arguments[0].getClientRects().length", call)
        assert lines == 1 and call.rect["height"] >= 44, call.text
        assert call.value_of_css_property("white-space") == "nowrap"
    # Scrolled up to re-read when the next answer comes: nothing jumps, a pill appears.
    bots_before = len(texts(page, "bot"))
    page.execute_script(SHADOW + "MynaChat.send('暗証番号を忘れました');" "R.querySelector('.myna-log').scrollTop = 0;")
    wait_for_reply(page, bots_before)
    assert page.execute_script(SHADOW + "return R.querySelector('.myna-log').scrollTop") == 0
    pill = find(page, ".myna-pill")
    assert pill.is_displayed() and pill.text == "新しい回答 ↓"
    shot(page, results_dir, "new-answer-pill", size)
    pill.click()
    place = page.execute_script(FIRST_NEW_REPLY)
    # Its top at the top of the log, or the log scrolled to its end with the top in view.
    assert 0 <= place["top"] <= 20 or (place["atEnd"] and 0 <= place["top"] < place["height"] / 2), place
    assert not pill.is_displayed()
    # Larger text: still no sideways scrolling, still large targets.
    find(page, ".myna-menu-btn").click()
    find(page, ".myna-size").click()
    find(page, ".myna-menu-btn").click()
    assert page.execute_script(OVERFLOW) == [] and page.execute_script(SMALL_TARGETS) == []
    shot(page, results_dir, "large-text", size)


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_tap_one_message(page, servers, results_dir, size):
    as_phone(page, *size)
    open_fresh(page, servers.demo)
    chip = find_all(page, ".myna-replies .myna-reply")[0]
    ActionChains(page).double_click(chip).perform()
    page.execute_script("arguments[0].click(); arguments[0].click();", chip)
    wait_for_reply(page, 1, "0120-95-0178")
    assert texts(page, "user") == ["なくした"]
    chips = find_all(page, ".myna-replies")[0].find_elements("css selector", ".myna-reply")
    assert all(not c.is_enabled() for c in chips)
    assert "myna-chosen" in chips[0].get_attribute("class")
    shot(page, results_dir, "choice-used", size)
    # After a reload the used choices stay used.
    page.refresh()
    chips = wait(
        page, lambda d: find_all(d, ".myna-replies")[0].find_elements("css selector", ".myna-reply"), 10, "history"
    )
    assert all(not c.is_enabled() for c in chips)
    assert texts(page, "user") == ["なくした"]


def test_personal_number_rules_are_the_servers(page, servers):
    """The shared table (tests/widget/personal_numbers.json) in the page; the same
    table is checked against myna/privacy/personal_numbers.py in test_personal_number_table.py."""
    open_fresh(page, servers.demo, expect_transport=None)
    results = page.execute_script(
        """
      return arguments[0].map(function (c) {
        return {kinds: MynaChat.findPersonalNumbers(c.text).map(function (f) { return f.kind; }),
                redacted: MynaChat.redact(c.text)};
      });""",
        CASES,
    )
    for case, result in zip(CASES, results, strict=False):
        assert result == {"kinds": case["kinds"], "redacted": case["redacted"]}, case["text"]


def server_digits_and_separators():
    """Every character the server reads as a digit (with its value) or as a separator."""
    digits, separators = {}, []
    for code in range(0x110000):
        char = chr(code)
        if personal_numbers._GROUP.fullmatch(char):
            digits.setdefault(personal_numbers.digit_value(char), []).append(char)
        elif re.fullmatch(personal_numbers._SEPARATOR, char):
            separators.append(char)
    return digits, separators


def test_the_page_reads_every_digit_and_separator_the_server_reads(page, servers):
    """Beyond the table: a valid My Number written with each digit character the server
    knows (in its place of the same value), and with each separator between groups."""
    digits, separators = server_digits_and_separators()
    number = "123456789018"
    texts_ = [
        number.replace(str(value), char) for value, chars in digits.items() for char in chars if str(value) in number
    ]
    texts_ += [number[:4] + sep + number[4:8] + sep + number[8:] for sep in separators]
    for text in texts_:
        assert [f.kind for f in personal_numbers.find_personal_numbers(text)] == ["my_number"], text
    open_fresh(page, servers.demo, expect_transport=None)
    kinds = page.execute_script(
        """
      return arguments[0].map(function (t) {
        return MynaChat.findPersonalNumbers(t).map(function (f) { return f.kind; }).join(); });""",
        texts_,
    )
    assert [t for t, k in zip(texts_, kinds, strict=False) if k != "my_number"] == []


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_personal_number_is_caught_before_sending_and_never_kept(page, servers, results_dir, size):
    as_phone(page, *size)
    open_fresh(page, servers.demo)
    text = "暗証番号は1234です。忘れたらどうすればいいですか"
    type_and_enter(page, text)
    warning = wait(page, lambda d: find(d, ".myna-warning"), 5, "warning")
    assert warning.is_displayed() and "送らないでください" in warning.text
    assert texts(page, "user") == []  # nothing sent
    shot(page, results_dir, "personal-number-warning", size)
    find(page, ".myna-fix").click()
    assert not warning.is_displayed() and texts(page, "user") == []
    assert find(page, "#myna-chat-input").get_attribute("value") == text
    type_and_enter(page, "")
    find(page, ".myna-anyway").click()
    wait_for_reply(page, 1)
    assert texts(page, "user") == ["暗証番号は［暗証番号削除］です。忘れたらどうすればいいですか"]
    assert "1234" not in find(page, ".myna-log").text
    assert "1234" not in stored(page)
    page.refresh()
    wait(page, lambda d: texts(d, "user"), 10, "history")
    assert "1234" not in find(page, ".myna-log").text
    # A My Number sent by a button title or pasted is blanked the same way.
    page.execute_script("MynaChat.send('123456789018 は私の番号です')")
    wait(page, lambda d: len(texts(d, "user")) == 2, 5, "sent")
    assert texts(page, "user")[-1] == "［マイナンバー削除］ は私の番号です"
    assert "123456789018" not in stored(page)


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_length_limit_is_shown_before_text_is_cut(page, servers, results_dir, size):
    as_phone(page, *size)
    open_fresh(page, servers.demo, expect_transport=None)
    count = wait(page, lambda d: find(d, ".myna-count").text and find(d, ".myna-count"), 10, "counter")
    assert count.text == "0 / 1000文字"
    box = find(page, "#myna-chat-input")
    page.execute_script(
        "arguments[0].value = arguments[1];" "arguments[0].dispatchEvent(new Event('input'))", box, "あ" * 1003
    )
    assert box.get_attribute("value") == "あ" * 1003  # not cut
    assert count.text == "1003 / 1000文字（3文字多すぎます）"
    assert not find(page, ".myna-send").is_enabled()
    shot(page, results_dir, "too-long", size)
    box.send_keys(Keys.ENTER)
    assert texts(page, "user") == []


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_errors_say_what_happened_survive_a_reload_and_retry(page, servers, results_dir, size):
    as_phone(page, *size)
    # The server does not answer: neither socket.io nor REST nor the widget channel.
    no_chat = ["*socket.io*", "*/webhooks/rest/*"]
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": no_chat})
    open_fresh(page, servers.demo, expect_transport="rest")
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": no_chat + ["*/webhooks/widget/*"]})
    type_and_enter(page, "カードをなくしました")
    error = wait(page, lambda d: find(d, ".myna-msg-error"), 20, "error")
    assert error.get_attribute("data-error") == "unreachable"
    assert "サーバーにつながりませんでした" in error.text
    shot(page, results_dir, "error-unreachable", size)
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": no_chat})
    page.refresh()
    error = wait(page, lambda d: find(d, ".myna-msg-error"), 10, "error after the reload")
    assert "サーバーにつながりませんでした" in error.text
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    find(page, ".myna-retry").click()  # over REST: this page never loaded socket.io
    wait_for_reply(page, 1, "0120-95-0178", "answer after the retry")
    assert find_all(page, ".myna-msg-error") == []
    assert "myna-msg-error" not in stored(page) and '"error"' not in stored(page)


def test_embedded_on_another_site_isolated_offset_and_not_allowed(page, servers, host_page, results_dir):
    """An insurer's page on another origin, with hostile CSS and its own fixed
    button; the Rasa server does not allow that origin (MYNA_CORS_ORIGINS unset)."""
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*socket.io*"]})
    page.get(host_page)
    page.execute_script("sessionStorage.clear()")
    page.get(host_page)
    launcher = wait(page, lambda d: find(d, ".myna-launcher"), 10, "launcher")
    # launcherOffset keeps it clear of the page's own button.
    own = page.find_element("id", "page-top").rect
    mine = launcher.rect
    assert mine["y"] + mine["height"] <= own["y"], (mine, own)
    launcher.click()
    panel = find(page, ".myna-panel").rect  # the open panel too, and all of it on screen
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= own["y"], (panel, own)
    title = find(page, ".myna-title")
    # The page's h2 / button / letter-spacing rules do not reach the widget.
    assert title.value_of_css_property("color") != "rgba(255, 0, 0, 1)"
    assert title.value_of_css_property("font-size") == "18px"
    assert find(page, ".myna-close").value_of_css_property("background-color") != "rgba(255, 255, 0, 1)"
    assert find(page, ".myna-msg-bot").value_of_css_property("letter-spacing") == "normal"
    assert find(page, ".myna-panel").value_of_css_property("box-sizing") == "border-box"
    page.save_screenshot(str(results_dir / "embedded-desktop.png"))
    type_and_enter(page, "カードをなくしました")
    error = wait(page, lambda d: find(d, ".myna-msg-error"), 20, "error")
    assert error.get_attribute("data-error") == "forbidden"
    assert "このホームページからは" in error.text
    as_phone(page, 320, 568)
    panel = find(page, ".myna-panel")
    wait(page, lambda d: panel.get_attribute("aria-modal") == "true", 5, "modal on a phone")
    assert page.execute_script("return document.getElementById('page-top').inert") is True
    shot(page, results_dir, "embedded-error", (320, 568))
