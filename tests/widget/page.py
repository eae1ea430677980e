"""Helpers to drive the widget in Chromium: it lives in the shadow root of #myna-chat."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

REPLY_TIMEOUT = 30
PHONES = [(320, 568), (375, 667)]

# The widget's shadow root, for the scripts below (`R`).
SHADOW = "var R = document.getElementById('myna-chat').shadowRoot;\n"

# Reads the conversation as the widget shows it: [kind, text] per entry of the log.
READ_LOG = (
    SHADOW
    + """
return Array.from(R.querySelectorAll('.myna-log > *')).map(function (n) {
  var kind = n.classList.contains('myna-msg-user') ? 'user'
    : n.classList.contains('myna-msg-bot') ? 'bot'
    : n.classList.contains('myna-replies') ? 'buttons'
    : n.classList.contains('myna-msg-error') ? 'error' : 'other';
  var copy = n.cloneNode(true);
  copy.querySelectorAll('.myna-sr').forEach(function (s) { s.remove(); });
  return [kind, copy.textContent];
});
"""
)

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
OVERFLOW = (
    SHADOW
    + """
var out = [], vw = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > vw) out.push('page ' + document.documentElement.scrollWidth);
R.querySelectorAll('.myna-panel, .myna-log').forEach(function (n) {
  if (n.scrollWidth > n.clientWidth) out.push(n.className + ' ' + n.scrollWidth);
});
R.querySelectorAll('.myna-panel *').forEach(function (n) {
  var r = n.getBoundingClientRect();
  if (r.width && (r.left < -0.5 || r.right > vw + 0.5)) out.push(n.className || n.tagName);
});
return out;
"""
)

# Visible controls smaller than 44 x 44 CSS pixels.
SMALL_TARGETS = (
    SHADOW
    + """
return Array.from(R.querySelectorAll('button, textarea, a.myna-reply, a.myna-call, a.myna-dial'))
  .filter(function (b) { return b.getClientRects().length; })
  .map(function (b) { var r = b.getBoundingClientRect(); return [b.textContent, r.width, r.height]; })
  .filter(function (x) { return x[1] < 44 || x[2] < 44; });
"""
)


def wait(driver, predicate, timeout=REPLY_TIMEOUT, what="condition"):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: predicate(d), message=what)


def shadow(driver):
    return driver.find_element(By.ID, "myna-chat").shadow_root


def find(driver, css):
    return shadow(driver).find_element(By.CSS_SELECTOR, css)


def find_all(driver, css):
    return shadow(driver).find_elements(By.CSS_SELECTOR, css)


def active(driver):
    """The focused element, inside the shadow root if the focus is there."""
    return driver.execute_script(
        "var h = document.getElementById('myna-chat');"
        "return (h && h.shadowRoot.activeElement) || document.activeElement;"
    )


def conversation(driver):
    return driver.execute_script(READ_LOG)


def texts(driver, kind):
    return [text for k, text in conversation(driver) if k == kind]


def transport(driver):
    return driver.execute_script(
        "var r = document.getElementById('myna-chat'); return r && r.getAttribute('data-transport');"
    )


def stored(driver):
    return driver.execute_script("return sessionStorage.getItem('mynaChat.v1') || ''")


def reset_browser(driver):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


def as_phone(driver, width, height):
    """A touch phone of that CSS size (pointer: coarse)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True}
    )
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})


def open_fresh(driver, url, expect_transport="socket"):
    """A new conversation: empty storage, the page, the chat opened."""
    driver.get(url)
    driver.execute_script("sessionStorage.clear(); localStorage.clear();")
    driver.get(url)
    launcher = wait(driver, lambda d: find(d, ".myna-launcher"), 10, "launcher")
    launcher.click()
    wait(driver, lambda d: find(d, "#myna-chat-input").is_displayed(), 10, "panel")
    if expect_transport:
        wait(driver, lambda d: transport(d) == expect_transport, 15, f"transport {expect_transport}")


def type_and_enter(driver, text):
    box = find(driver, "#myna-chat-input")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def wait_for_reply(driver, bots_before, expect_in_reply=None, what="reply"):
    wait(driver, lambda d: len(texts(d, "bot")) > bots_before, what=what)
    if expect_in_reply:
        wait(
            driver,
            lambda d: any(expect_in_reply in t for t in texts(d, "bot")[bots_before:]),
            what=f"{expect_in_reply} in the {what}",
        )
    time.sleep(0.3)  # the rest of the turn's messages
    return texts(driver, "bot")[bots_before:]


def ask(driver, text, expect_in_reply=None):
    bots_before = len(texts(driver, "bot"))
    type_and_enter(driver, text)
    wait(driver, lambda d: texts(d, "user") and texts(d, "user")[-1] == text, 5, "echo")
    return wait_for_reply(driver, bots_before, expect_in_reply, f"reply to {text}")


def severe_console_errors(driver):
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "favicon" not in entry["message"]
    ]
