"""The web chat widget in a real headless Chromium against a real Rasa server.

The servers and the browser are started once (conftest.py); each test starts from a
fresh page with empty storage (a new conversation)."""

import json
import time

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import get

REPLY_TIMEOUT = 30

# Reads the conversation as the widget shows it: [kind, text] per entry of the log.
READ_LOG = """
return Array.from(document.querySelectorAll('#myna-chat .myna-log > *')).map(function (n) {
  var kind = n.classList.contains('myna-msg-user') ? 'user'
    : n.classList.contains('myna-msg-bot') ? 'bot'
    : n.classList.contains('myna-replies') ? 'buttons' : 'other';
  var copy = n.cloneNode(true);
  copy.querySelectorAll('.myna-sr').forEach(function (s) { s.remove(); });
  return [kind, copy.textContent];
});
"""

# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST = """
function rgb(s) { var m = s.match(/[\\d.]+/g).map(Number); return m; }
function lum(c) { var v = c.slice(0, 3).map(function (x) { x /= 255;
  return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
var node = arguments[0], fg = rgb(getComputedStyle(node).color), bg = null;
for (var n = node; n && n.nodeType === 1; n = n.parentElement) {
  var c = rgb(getComputedStyle(n).backgroundColor);
  if (c.length < 4 || c[3] > 0.99) { bg = c; break; }
}
bg = bg || [255, 255, 255];
var a = lum(fg), b = lum(bg);
return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
"""


# Elements of the widget that stick out of the viewport or scroll sideways.
OVERFLOW = """
var out = [], vw = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > vw) out.push('page ' + document.documentElement.scrollWidth);
document.querySelectorAll('#myna-chat .myna-panel, #myna-chat .myna-log').forEach(function (n) {
  if (n.scrollWidth > n.clientWidth) out.push(n.className + ' ' + n.scrollWidth);
});
document.querySelectorAll('#myna-chat .myna-panel *').forEach(function (n) {
  var r = n.getBoundingClientRect();
  if (r.width && (r.left < -0.5 || r.right > vw + 0.5)) out.push(n.className || n.tagName);
});
return out;
"""


def wait(driver, predicate, timeout=REPLY_TIMEOUT, what="condition"):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(
        lambda d: predicate(d), message=what
    )


def conversation(driver):
    return driver.execute_script(READ_LOG)


def texts(driver, kind):
    return [text for k, text in conversation(driver) if k == kind]


def transport(driver):
    return driver.execute_script(
        "var r = document.getElementById('myna-chat'); return r && r.getAttribute('data-transport');"
    )


def reset_browser(driver):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_fresh(driver, url, expect_transport="socket"):
    """A new conversation: empty storage, the demo page, the chat opened."""
    driver.get(url)
    driver.execute_script("sessionStorage.clear(); localStorage.clear();")
    driver.get(url)
    launcher = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".myna-launcher"), 10, "launcher")
    launcher.click()
    wait(driver, lambda d: d.find_element(By.ID, "myna-chat-input").is_displayed(), 10, "panel")
    if expect_transport:
        wait(driver, lambda d: transport(d) == expect_transport, 15, f"transport {expect_transport}")


def type_and_enter(driver, text):
    box = driver.find_element(By.ID, "myna-chat-input")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def ask(driver, text, expect_in_reply=None):
    bots_before = len(texts(driver, "bot"))
    type_and_enter(driver, text)
    wait(driver, lambda d: texts(d, "user") and texts(d, "user")[-1] == text, 5, "echo")
    wait(driver, lambda d: len(texts(d, "bot")) > bots_before, what=f"reply to {text}")
    if expect_in_reply:
        wait(driver, lambda d: any(expect_in_reply in t for t in texts(d, "bot")[bots_before:]),
             what=f"{expect_in_reply} in the reply to {text}")
    return texts(driver, "bot")[bots_before:]


def severe_console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]


@pytest.fixture
def page(servers, browser):
    reset_browser(browser)
    browser.get_log("browser")  # drop older entries
    yield browser
    reset_browser(browser)


def test_the_channel_serves_only_the_widget_files(servers):
    widget = f"{servers.base}/webhooks/widget"
    for path, kind in [("/myna-chat.js", "javascript"), ("/demo", "text/html"),
                       ("/vendor/socket.io.min.js", "javascript"),
                       ("/vendor/socket.io.LICENSE.txt", "text/plain")]:
        status, content_type, body = get(widget + path)
        assert status == 200 and kind in content_type and body, path
    for path in ["/demo.html", "/../credentials.yml", "/vendor/", "/widget/myna-chat.js"]:
        with pytest.raises(Exception) as error:
            get(widget + path)
        assert getattr(error.value, "code", 404) in (400, 404), path


def test_a_question_is_answered_with_phone_links_over_socketio(page, servers, results_dir):
    open_fresh(page, servers.demo)
    log = page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    greeting = texts(page, "bot")
    assert greeting and "マイナ保険証" in greeting[0]
    # Record whether the typing indicator shows while the answer is awaited.
    page.execute_script("""
      window.__typingSeen = false;
      var t = document.querySelector('#myna-chat .myna-typing');
      new MutationObserver(function () { if (!t.hidden) window.__typingSeen = true; })
        .observe(t, {attributes: true});
    """)
    reply = "\n".join(ask(page, "カードをなくしました", "0120-95-0178"))
    assert "050-3818-1250" in reply
    assert page.execute_script("return window.__typingSeen")
    assert not page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-typing").is_displayed()
    links = {a.text: a.get_attribute("href")
             for a in page.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-msg-bot a")}
    assert links["0120-95-0178"] == "tel:0120950178"
    assert links["050-3818-1250"] == "tel:05038181250"
    web = [a for a in page.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-msg-bot a")
           if a.get_attribute("href").startswith("https://")]
    assert web and web[0].get_attribute("target") == "_blank"
    assert "noopener" in web[0].get_attribute("rel")
    # Line breaks of the answer are kept.
    bubble = [b for b in page.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-msg-bot")
              if "0120-95-0178" in b.text][0]
    assert bubble.text.count("\n") >= 3
    assert transport(page) == "socket"
    page.save_screenshot(str(results_dir / "widget-desktop.png"))
    assert severe_console_errors(page) == []


def test_a_quick_reply_sends_its_payload_and_shows_its_title(page, servers):
    open_fresh(page, servers.demo)
    ask(page, servers.unclear_message)
    buttons = wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-reply"),
                   what="suggestion buttons")
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
    page.find_element(By.CSS_SELECTOR, ".myna-close").send_keys(Keys.ENTER)
    launcher = page.find_element(By.CSS_SELECTOR, ".myna-launcher")
    assert page.switch_to.active_element == launcher
    launcher.send_keys(Keys.ENTER)
    box = page.find_element(By.ID, "myna-chat-input")
    assert page.switch_to.active_element == box  # focus goes to the input
    assert box.get_attribute("aria-describedby").startswith("myna-chat-hint")
    # Tab reaches the send button and the focus ring is visible.
    box.send_keys(Keys.TAB)
    send = page.switch_to.active_element
    assert send.text == "送信"
    style = page.execute_script(
        "var s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", send)
    assert style[0] != "none" and float(style[1].rstrip("px")) >= 2
    # Escape closes the chat and gives the focus back to the launcher.
    send.send_keys(Keys.ESCAPE)
    assert not page.find_element(By.ID, "myna-chat-panel").is_displayed()
    assert page.switch_to.active_element == launcher


def test_enter_that_confirms_an_ime_conversion_does_not_send(page, servers):
    open_fresh(page, servers.demo)
    box = page.find_element(By.ID, "myna-chat-input")
    box.click()
    users_before = len(texts(page, "user"))

    def key(kind, **extra):
        page.execute_cdp_cmd("Input.dispatchKeyEvent", dict(
            type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13,
            nativeVirtualKeyCode=13, **extra))

    # A real composition in Chromium: kana typed, Enter pressed while it is open.
    page.execute_cdp_cmd("Input.imeSetComposition",
                         {"text": "かーど", "selectionStart": 3, "selectionEnd": 3})
    key("rawKeyDown")
    key("keyUp")
    page.execute_cdp_cmd("Input.insertText", {"text": "カード"})  # the conversion is confirmed
    time.sleep(0.3)
    assert len(texts(page, "user")) == users_before
    assert box.get_attribute("value") == "カード"

    # Synthetic events: isComposing, keyCode 229, and Safari's keydown after compositionend.
    sent = page.execute_script("""
      var box = arguments[0], before = document.querySelectorAll('#myna-chat .myna-msg-user').length;
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
      return document.querySelectorAll('#myna-chat .myna-msg-user').length - before;
    """, box)
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
    wait(page, lambda d: d.find_element(By.ID, "myna-chat-input").is_displayed(), 10, "panel open")
    assert conversation(page) == before
    assert page.execute_script(
        "return JSON.parse(sessionStorage.getItem('mynaChat.v1')).sessionId") == session
    wait(page, lambda d: transport(d) == "socket", 15, "socket again")
    # The same Rasa conversation goes on: "thanks" after the answer is understood.
    ask(page, "ありがとうございました")


def test_html_in_messages_is_shown_as_text(page, servers):
    open_fresh(page, servers.demo)
    attack = "<img src=x onerror=alert(1)>"
    ask(page, attack)
    assert page.find_elements(By.CSS_SELECTOR, "#myna-chat img") == []
    assert attack in texts(page, "user")
    with pytest.raises(NoAlertPresentException):
        page.switch_to.alert.text
    page.refresh()  # history is rebuilt from storage: still text
    wait(page, lambda d: attack in texts(d, "user"), 10, "history")
    assert page.find_elements(By.CSS_SELECTOR, "#myna-chat img") == []


def test_rest_fallback_escapes_and_links_bot_text(page, servers):
    """socket.io blocked: the widget talks REST. The REST reply here is made up in the
    page (fetch wrapper) so markup, a javascript: URL and three phone styles arrive."""
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*socket.io*"]})
    fake = {
        "text": "<b>太字</b><script>alert(1)</script>\n"
                "電話 0120-95-0178、050-3818-1250、+81-3-6734-0170\n"
                "javascript:alert(1) https://example.org/a?b=1。",
        "buttons": [{"title": "<i>選ぶ</i>", "payload": "/greet"},
                    {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"},
                    {"title": "危ない", "payload": "javascript:alert(1)"}],
    }
    script = page.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
      var realFetch = window.fetch;
      window.fetch = function (url, options) {
        if (String(url).indexOf('/webhooks/rest/webhook') >= 0
            && JSON.parse(options.body).message === 'にせの返事') {
          return Promise.resolve(new Response(JSON.stringify([%s]),
            {headers: {'Content-Type': 'application/json'}}));
        }
        return realFetch.apply(this, arguments);
      };
    """ % json.dumps(fake)})
    try:
        open_fresh(page, servers.demo, expect_transport="rest")
        # The real server answers over REST.
        ask(page, "カードをなくしました", "0120-95-0178")
        ask(page, "にせの返事", "太字")
        bot = page.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-msg-bot")[-1]
        assert bot.find_elements(By.CSS_SELECTOR, "b, script, img") == []
        assert "<b>太字</b><script>alert(1)</script>" in bot.text
        hrefs = [a.get_attribute("href") for a in bot.find_elements(By.TAG_NAME, "a")]
        assert hrefs == ["tel:0120950178", "tel:05038181250", "tel:+81367340170",
                         "https://example.org/a?b=1"]
        choose, call, unsafe = page.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-reply")[-3:]
        assert choose.text == "<i>選ぶ</i>" and choose.find_elements(By.TAG_NAME, "i") == []
        # A tel: payload dials instead of being sent; any other scheme stays a message.
        assert call.tag_name == "a" and call.get_attribute("href") == "tel:0120950178"
        assert unsafe.tag_name == "button" and unsafe.get_attribute("href") is None
        assert transport(page) == "rest"
    finally:
        page.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                             {"identifier": script["identifier"]})


def test_the_socket_reconnects_after_a_network_drop(page, servers):
    open_fresh(page, servers.demo)
    page.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(page, lambda d: transport(d) == "rest", 30, "the drop noticed")
    # While offline a message cannot go out: the widget says so and offers a retry.
    type_and_enter(page, "カードをなくしました")
    alert = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#myna-chat .myna-msg-error"),
                 15, "error shown")
    assert "もう一度" in alert.text
    page.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(page, lambda d: transport(d) == "socket", 30, "reconnected")
    bots_before = len(texts(page, "bot"))
    page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-retry").click()
    wait(page, lambda d: any("0120-95-0178" in t for t in texts(d, "bot")[bots_before:]),
         what="answer after the retry")


def test_larger_text_toggle(page, servers):
    open_fresh(page, servers.demo, expect_transport=None)
    bubble = page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-msg-bot")

    def size():
        return float(bubble.value_of_css_property("font-size").rstrip("px"))

    normal = size()
    assert normal >= 18
    toggle = page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-size")
    assert toggle.text == "文字を大きく" and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert size() >= normal * 1.2
    page.refresh()  # the choice is kept
    bubble = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#myna-chat .myna-msg-bot"), 10)
    assert size() >= normal * 1.2
    toggle = page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-size")
    toggle.click()
    assert size() == normal and toggle.text == "文字を大きく"


def test_small_screen_no_horizontal_scroll_big_targets_and_contrast(page, servers, results_dir):
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 320, "height": 640, "deviceScaleFactor": 2, "mobile": True})
    open_fresh(page, servers.demo)
    ask(page, "カードをなくしました", "0120-95-0178")
    ask(page, servers.unclear_message)
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#myna-chat .myna-reply"), what="buttons")
    for large in (False, True):
        if large:
            page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-size").click()
            page.save_screenshot(str(results_dir / "widget-320px-large.png"))
        else:
            page.save_screenshot(str(results_dir / "widget-320px.png"))
        assert page.execute_script(OVERFLOW) == [], large
        small = page.execute_script("""
          return Array.from(document.querySelectorAll('#myna-chat button, #myna-chat textarea, #myna-chat a.myna-reply'))
            .filter(function (b) { return b.offsetParent; })
            .map(function (b) { var r = b.getBoundingClientRect();
                                return [b.textContent, r.width, r.height]; })
            .filter(function (x) { return x[1] < 44 || x[2] < 44; });
        """)
        assert small == [], small
    # 200% zoom of a 1280x900 window: a 640x450 CSS-pixel viewport.
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False})
    assert page.execute_script(OVERFLOW) == []
    box = page.find_element(By.ID, "myna-chat-input")
    page.execute_script("arguments[0].scrollIntoView()", box)
    assert box.is_displayed() and box.rect["y"] + box.rect["height"] <= 450
    hint = page.find_element(By.ID, "myna-chat-hint")
    assert hint.is_displayed() and hint.text == "個人番号や暗証番号は送らないでください"
    for selector in [".myna-msg-bot", ".myna-msg-user", ".myna-send", ".myna-hint", ".myna-reply",
                     ".myna-title", ".myna-size", ".myna-label", ".myna-keyhint", ".myna-msg-bot a"]:
        element = page.find_element(By.CSS_SELECTOR, "#myna-chat " + selector)
        ratio = page.execute_script(CONTRAST, element)
        assert ratio >= 4.5, (selector, ratio)
    # All of the interface is in Japanese.
    labels = page.execute_script("""
      return Array.from(document.querySelectorAll('#myna-chat button:not(.myna-reply), #myna-chat label'))
        .map(function (b) { return b.textContent; });
    """)
    assert labels and all(any("\u3040" <= ch <= "\u9fff" for ch in label) for label in labels)


def test_clearing_starts_a_new_conversation(page, servers):
    open_fresh(page, servers.demo)
    ask(page, "カードをなくしました", "0120-95-0178")
    read_session = "return JSON.parse(sessionStorage.getItem('mynaChat.v1')).sessionId"
    session = page.execute_script(read_session)
    page.find_element(By.CSS_SELECTOR, "#myna-chat .myna-clear").click()
    page.switch_to.alert.accept()  # 「この画面の会話を消しますか？」
    assert [kind for kind, _ in conversation(page)] == ["bot"]  # the greeting only
    assert page.execute_script(read_session) != session
    wait(page, lambda d: transport(d) == "socket", 15, "socket with the new session")
    ask(page, "カードをなくしました", "0120-95-0178")
