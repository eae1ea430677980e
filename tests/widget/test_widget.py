"""The web chat widget in a real headless Chromium against a real Rasa server.

The servers and the browser are started once (conftest.py); each test starts from a
fresh page with empty storage (a new conversation)."""

import json
import time

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from channels.chat_payload import with_call_links

from .conftest import get
from .page import (
    CONTRAST,
    OVERFLOW,
    SMALL_TARGETS,
    active,
    ask,
    conversation,
    find,
    find_all,
    open_fresh,
    reset_browser,
    severe_console_errors,
    texts,
    transport,
    type_and_enter,
    wait,
)


@pytest.fixture
def page(servers, browser):
    reset_browser(browser)
    browser.get_log("browser")  # drop older entries
    yield browser
    reset_browser(browser)


def test_the_channel_serves_only_the_widget_files(servers):
    widget = f"{servers.base}/webhooks/widget"
    for path, kind in [
        ("/myna-chat.js", "javascript"),
        ("/demo", "text/html"),
        ("/config", "application/json"),
        ("/vendor/socket.io.min.js", "javascript"),
        ("/vendor/socket.io.LICENSE.txt", "text/plain"),
    ]:
        status, content_type, body = get(widget + path)
        assert status == 200 and kind in content_type and body, path
    for path in ["/demo.html", "/../credentials.yml", "/vendor/", "/widget/myna-chat.js"]:
        with pytest.raises(Exception) as error:
            get(widget + path)
        assert getattr(error.value, "code", 404) in (400, 404), path


def test_a_question_is_answered_with_phone_links_over_socketio(page, servers, results_dir):
    open_fresh(page, servers.demo)
    log = find(page, ".myna-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    greeting = texts(page, "bot")
    assert greeting and "マイナ保険証" in greeting[0]
    # Record whether the typing indicator shows while the answer is awaited.
    page.execute_script("""
      window.__typingSeen = false;
      var t = document.getElementById('myna-chat').shadowRoot.querySelector('.myna-typing');
      new MutationObserver(function () { if (!t.hidden) window.__typingSeen = true; })
        .observe(t, {attributes: true});
    """)
    reply = "\n".join(ask(page, "カードをなくしました", "0120-95-0178"))
    assert "050-3818-1250" in reply
    assert page.execute_script("return window.__typingSeen")
    assert not find(page, ".myna-typing").is_displayed()
    links = {a.text: a.get_attribute("href") for a in find_all(page, ".myna-msg-bot a")}
    assert links["0120-95-0178"] == "tel:0120950178"
    assert links["050-3818-1250"] == "tel:05038181250"
    web = [a for a in find_all(page, ".myna-msg-bot a") if a.get_attribute("href").startswith("https://")]
    assert web and web[0].get_attribute("target") == "_blank"
    assert "noopener" in web[0].get_attribute("rel")
    # Line breaks of the answer are kept.
    bubble = [b for b in find_all(page, ".myna-msg-bot") if "0120-95-0178" in b.text][0]
    assert bubble.text.count("\n") >= 3
    assert transport(page) == "socket"
    page.save_screenshot(str(results_dir / "widget-desktop.png"))
    assert severe_console_errors(page) == []


def test_a_quick_reply_sends_its_payload_and_shows_its_title(page, servers):
    open_fresh(page, servers.demo)
    ask(page, servers.unclear_message)
    buttons = wait(page, lambda d: find_all(d, ".myna-replies:last-child .myna-reply"), what="suggestion buttons")
    title = buttons[0].text
    assert title and not title.startswith("/")
    bots_before = len(texts(page, "bot"))
    buttons[0].click()
    wait(page, lambda d: texts(d, "user")[-1] == title, 5, "title shown as the user's message")
    wait(page, lambda d: len(texts(d, "bot")) > bots_before, what="the topic's answer")
    answer = texts(page, "bot")[-1]
    assert "うまく読み取れません" not in answer  # the payload was understood as the topic


def test_keyboard_only_use(page, servers):
    open_fresh(page, servers.demo)
    find(page, ".myna-close").send_keys(Keys.ENTER)
    launcher = find(page, ".myna-launcher")
    assert active(page) == launcher
    launcher.send_keys(Keys.ENTER)
    box = find(page, "#myna-chat-input")
    assert active(page) == box  # focus goes to the input (not a touch screen)
    assert box.get_attribute("aria-describedby").startswith("myna-chat-hint")
    # Tab reaches the send button and the focus ring is visible.
    box.send_keys(Keys.TAB)
    send = active(page)
    assert send.text == "送信"
    style = page.execute_script(
        "var s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", send
    )
    assert style[0] != "none" and float(style[1].rstrip("px")) >= 2
    # Escape closes the chat and gives the focus back to the launcher.
    send.send_keys(Keys.ESCAPE)
    assert not find(page, "#myna-chat-panel").is_displayed()
    assert active(page) == launcher


def test_enter_that_confirms_an_ime_conversion_does_not_send(page, servers):
    open_fresh(page, servers.demo)
    box = find(page, "#myna-chat-input")
    box.click()
    users_before = len(texts(page, "user"))

    def key(kind, **extra):
        page.execute_cdp_cmd(
            "Input.dispatchKeyEvent",
            dict(type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13, nativeVirtualKeyCode=13, **extra),
        )

    # A real composition in Chromium: kana typed, Enter pressed while it is open.
    page.execute_cdp_cmd("Input.imeSetComposition", {"text": "かーど", "selectionStart": 3, "selectionEnd": 3})
    key("rawKeyDown")
    key("keyUp")
    page.execute_cdp_cmd("Input.insertText", {"text": "カード"})  # the conversion is confirmed
    time.sleep(0.3)
    assert len(texts(page, "user")) == users_before
    assert box.get_attribute("value") == "カード"

    # Synthetic events: isComposing, keyCode 229, and Safari's keydown after compositionend.
    sent = page.execute_script(
        """
      var R = document.getElementById('myna-chat').shadowRoot;
      var box = arguments[0], before = R.querySelectorAll('.myna-msg-user').length;
      function enter(init, keyCode) {
        var e = new KeyboardEvent('keydown', Object.assign({key: 'Enter', code: 'Enter',
          bubbles: true, cancelable: true}, init));
        if (keyCode) Object.defineProperty(e, 'keyCode', {get: function () { return keyCode; }});
        box.dispatchEvent(e);
      }
      enter({isComposing: true}, 13);
      enter({}, 229);
      box.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
      enter({}, 13);
      box.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: 'カード'}));
      enter({}, 13);
      return R.querySelectorAll('.myna-msg-user').length - before;
    """,
        box,
    )
    assert sent == 0
    assert box.get_attribute("value") == "カード"

    # A plain Enter after the conversion sends the message.
    time.sleep(0.3)
    key("rawKeyDown")
    key("keyUp")
    wait(page, lambda d: len(texts(d, "user")) == users_before + 1, 5, "sent by a plain Enter")
    assert texts(page, "user")[-1] == "カード"
    assert box.get_attribute("value") == ""


def test_a_reload_keeps_the_conversation(page, servers):
    open_fresh(page, servers.demo)
    ask(page, "カードをなくしました", "0120-95-0178")
    before = conversation(page)
    session = page.execute_script("return JSON.parse(sessionStorage.getItem('mynaChat.v1')).sessionId")
    page.refresh()
    wait(page, lambda d: find(d, "#myna-chat-input").is_displayed(), 10, "panel open")
    assert conversation(page) == before
    assert page.execute_script("return JSON.parse(sessionStorage.getItem('mynaChat.v1')).sessionId") == session
    wait(page, lambda d: transport(d) == "socket", 15, "socket again")
    # The same Rasa conversation goes on: "thanks" after the answer is understood.
    ask(page, "ありがとうございました")


def test_html_in_messages_is_shown_as_text(page, servers):
    open_fresh(page, servers.demo)
    attack = "<img src=x onerror=alert(1)>"
    ask(page, attack)
    assert find_all(page, "img") == [] and page.find_elements(By.TAG_NAME, "img") == []
    assert attack in texts(page, "user")
    with pytest.raises(NoAlertPresentException):
        page.switch_to.alert.text  # noqa: B018  (reading it raises when no alert is open)
    page.refresh()  # history is rebuilt from storage: still text
    wait(page, lambda d: attack in texts(d, "user"), 10, "history")
    assert find_all(page, "img") == []


def test_rest_fallback_escapes_and_links_bot_text(page, servers):
    """socket.io blocked: the widget talks REST. The REST reply here is made up in the
    page (fetch wrapper) so markup, a javascript: URL and three phone styles arrive."""
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*socket.io*"]})
    fake = {
        "text": "<b>太字</b><script>alert(1)</script>\n"
        "電話 0120-95-0178、050-3818-1250、+81-3-6734-0170\n"
        "javascript:alert(1) https://example.org/a?b=1。",
        "buttons": [
            {"title": "<i>選ぶ</i>", "payload": "/greet"},
            {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"},
            {"title": "危ない", "payload": "javascript:alert(1)"},
            # The feedback buttons after an FAQ answer (issue 14).
            {"title": "解決した", "payload": "/feedback_resolved"},
            {"title": "解決しない", "payload": "/feedback_unresolved"},
        ],
    }
    fakes = {
        "にせの返事": [with_call_links(fake)],  # as the server's channels send every message
        # The page reads no phone number itself, and takes no link but a tel: URI.
        "番号だけの返事": [
            {"text": "電話 0120-95-0178"},
            {
                "text": "電話 050-3818-1250",
                "segments": [{"text": "電話 "}, {"text": "050-3818-1250", "tel": "javascript:alert(1)"}],
            },
        ],
    }
    script = page.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": """
      var realFetch = window.fetch;
      window.fetch = function (url, options) {
        var fakes = FAKE_REPLIES;
        if (String(url).indexOf('/webhooks/rest/webhook') >= 0
            && fakes[JSON.parse(options.body).message]) {
          return Promise.resolve(new Response(JSON.stringify(fakes[JSON.parse(options.body).message]),
            {headers: {'Content-Type': 'application/json'}}));
        }
        if (String(url).indexOf('/webhooks/rest/webhook') >= 0
            && JSON.parse(options.body).message === '大きすぎる本文') {
          return Promise.resolve(new Response('', {status: 413}));  // the body limit
        }
        return realFetch.apply(this, arguments);
      };
    """.replace("FAKE_REPLIES", json.dumps(fakes))
        },
    )
    try:
        open_fresh(page, servers.demo, expect_transport="rest")
        # The real server answers over REST, its numbers as call links.
        ask(page, "カードをなくしました", "0120-95-0178")
        calls = {a.text: a.get_attribute("href") for a in find_all(page, ".myna-msg-bot a.myna-call")}
        assert calls["0120-95-0178"] == "tel:0120950178"
        ask(page, "にせの返事", "太字")
        bot = find_all(page, ".myna-msg-bot")[-1]
        assert bot.find_elements(By.CSS_SELECTOR, "b, script, img") == []
        assert "<b>太字</b><script>alert(1)</script>" in bot.text
        hrefs = [a.get_attribute("href") for a in bot.find_elements(By.TAG_NAME, "a")]
        assert hrefs == ["tel:0120950178", "tel:05038181250", "tel:+81367340170", "https://example.org/a?b=1"]
        choose, call, unsafe, resolved, unresolved = find_all(page, ".myna-reply")[-5:]
        assert choose.text == "<i>選ぶ</i>" and choose.find_elements(By.TAG_NAME, "i") == []
        # A tel: payload dials instead of being sent; any other scheme stays a message.
        assert call.tag_name == "a" and call.get_attribute("href") == "tel:0120950178"
        assert unsafe.tag_name == "button" and unsafe.get_attribute("href") is None
        # The feedback buttons are quick replies like any other: one use.
        assert [resolved.text, unresolved.text] == ["解決した", "解決しない"]
        assert resolved.get_attribute("data-payload") == "/feedback_resolved"
        users_before = len(texts(page, "user"))
        resolved.click()
        wait(page, lambda d: texts(d, "user")[-1] == "解決した", 5, "feedback sent")
        assert not resolved.is_enabled() and not unresolved.is_enabled()
        assert len(texts(page, "user")) == users_before + 1
        ask(page, "番号だけの返事", "050-3818-1250")
        plain = [
            b for b in find_all(page, ".myna-msg-bot") if b.text.endswith(("電話 0120-95-0178", "電話 050-3818-1250"))
        ]
        assert len(plain) == 2 and [b.find_elements(By.TAG_NAME, "a") for b in plain] == [[], []]
        # A body over the server's limit (413) is named as too long, without a retry.
        type_and_enter(page, "大きすぎる本文")
        error = wait(page, lambda d: find(d, ".myna-msg-error"), 10, "413 shown")
        assert error.get_attribute("data-error") == "too_long" and "長すぎて" in error.text
        assert error.find_elements(By.CSS_SELECTOR, ".myna-retry") == []
        assert transport(page) == "rest"
    finally:
        page.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_the_socket_reconnects_after_a_network_drop(page, servers):
    open_fresh(page, servers.demo)
    page.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    wait(page, lambda d: transport(d) == "rest", 30, "the drop noticed")
    # While offline a message cannot go out: the widget says so and offers a retry.
    type_and_enter(page, "カードをなくしました")
    alert = wait(page, lambda d: find(d, ".myna-msg-error"), 15, "error shown")
    assert "もう一度" in alert.text
    page.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    wait(page, lambda d: transport(d) == "socket", 30, "reconnected")
    bots_before = len(texts(page, "bot"))
    find(page, ".myna-retry").click()
    wait(page, lambda d: any("0120-95-0178" in t for t in texts(d, "bot")[bots_before:]), what="answer after the retry")


def test_larger_text_toggle_in_the_menu(page, servers):
    open_fresh(page, servers.demo, expect_transport=None)
    bubble = find(page, ".myna-msg-bot")

    def size():
        return float(bubble.value_of_css_property("font-size").rstrip("px"))

    normal = size()
    assert normal >= 18
    menu = find(page, ".myna-menu-btn")
    toggle = find(page, ".myna-size")
    assert not toggle.is_displayed() and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert toggle.is_displayed() and menu.get_attribute("aria-expanded") == "true"
    assert active(page) == toggle
    assert toggle.text == "文字を大きく" and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert size() >= normal * 1.2
    toggle.send_keys(Keys.ESCAPE)  # closes the menu, not the chat
    assert not toggle.is_displayed() and find(page, ".myna-panel").is_displayed()
    page.refresh()  # the choice is kept
    bubble = wait(page, lambda d: find(d, ".myna-msg-bot"), 10)
    assert size() >= normal * 1.2
    find(page, ".myna-menu-btn").click()
    toggle = find(page, ".myna-size")
    toggle.click()
    assert size() == normal and toggle.text == "文字を大きく"


def test_small_screen_no_horizontal_scroll_big_targets_and_contrast(page, servers, results_dir):
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 2, "mobile": True}
    )
    open_fresh(page, servers.demo)
    ask(page, "カードをなくしました", "0120-95-0178")
    ask(page, servers.unclear_message)
    wait(page, lambda d: find_all(d, ".myna-reply"), what="buttons")
    for large in (False, True):
        if large:
            find(page, ".myna-menu-btn").click()
            find(page, ".myna-size").click()
            find(page, ".myna-menu-btn").click()
            page.save_screenshot(str(results_dir / "widget-320px-large.png"))
        else:
            page.save_screenshot(str(results_dir / "widget-320px.png"))
        assert page.execute_script(OVERFLOW) == [], (
            large,
            page.execute_script(
                "var R = document.getElementById('myna-chat').shadowRoot; return Array.from("
                "R.querySelectorAll('.myna-log *')).filter(function (n) { var r = n.getBoundingClientRect();"
                " return r.right > document.documentElement.clientWidth; }).map(function (n) {"
                " return n.className + ':' + n.textContent.slice(0, 40); });"
            ),
        )
        small = page.execute_script(SMALL_TARGETS)
        assert small == [], small
    # 200% zoom of a 1280x900 window: a 640x450 CSS-pixel viewport.
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False}
    )
    assert page.execute_script(OVERFLOW) == []
    box = find(page, "#myna-chat-input")
    assert box.is_displayed() and box.rect["y"] + box.rect["height"] <= 450
    hint = find(page, "#myna-chat-hint")
    assert hint.is_displayed() and hint.text == "個人番号や暗証番号は送らないでください"
    find(page, ".myna-menu-btn").click()
    for selector in [
        ".myna-msg-bot",
        ".myna-msg-user",
        ".myna-send",
        ".myna-hint",
        ".myna-reply",
        ".myna-title",
        ".myna-size",
        ".myna-clear",
        ".myna-label",
        ".myna-keyhint",
        ".myna-msg-bot a",
        ".myna-msg-bot a.myna-call",
        ".myna-count",
        ".myna-intro",
        ".myna-phone-btn",
        ".myna-menu-btn",
    ]:
        ratio = page.execute_script(CONTRAST, find(page, selector))
        assert ratio >= 4.5, (selector, ratio)
    # All of the interface is in Japanese.
    labels = page.execute_script("""
      var R = document.getElementById('myna-chat').shadowRoot;
      return Array.from(R.querySelectorAll('button:not(.myna-reply), label'))
        .map(function (b) { return b.textContent; });
    """)
    assert labels and all(any("\u3040" <= ch <= "\u9fff" for ch in label) for label in labels)


def test_clearing_starts_a_new_conversation(page, servers):
    open_fresh(page, servers.demo)
    ask(page, "カードをなくしました", "0120-95-0178")
    read_session = "return JSON.parse(sessionStorage.getItem('mynaChat.v1')).sessionId"
    session = page.execute_script(read_session)
    find(page, ".myna-menu-btn").click()
    find(page, ".myna-clear").click()
    page.switch_to.alert.accept()  # 「この画面の会話を消しますか？」
    assert [kind for kind, _ in conversation(page)] == ["other", "bot", "buttons"]  # greeting
    assert page.execute_script(read_session) != session
    wait(page, lambda d: transport(d) == "socket", 15, "socket with the new session")
    ask(page, "カードをなくしました", "0120-95-0178")
