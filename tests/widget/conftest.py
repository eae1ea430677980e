"""A real action server + Rasa server (rest, socketio, widget channels) and a headless
Debian Chromium, started once for the widget tests so they stay fast; a host page on
another origin (another port) for the embedding tests."""

import os
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.servers import ROOT, ActionServer, RasaServer, say

CHROMIUM = Path(os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
RESULTS = ROOT / "results" / "widget"

# Messages the NLU should not understand: the fallback then offers topic buttons.
UNCLEAR_CANDIDATES = ["うーん", "んー", "あれ", "えーと", "ふむふむ", "あのー"]


def missing(reason: str):
    # `make test` installs the browser and trains the model: their absence is a failure.
    pytest.fail(reason)


def get(url: str, timeout: float = 5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


class Servers:
    def __init__(self, base: str, unclear_message: str):
        self.base = base
        self.demo = f"{base}/webhooks/widget/demo"
        self.unclear_message = unclear_message


def find_unclear_message(base: str) -> str:
    for i, text in enumerate(UNCLEAR_CANDIDATES):
        replies = say(base, f"probe-{i}", text)
        if any(reply.get("buttons") for reply in replies):
            return text
    raise AssertionError(f"none of {UNCLEAR_CANDIDATES} got suggestion buttons")


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """The project's channels without LINE (credentials.local.yml); the tracker store
    is a SQLite file in the test's temporary folder."""
    work_dir = tmp_path_factory.mktemp("widget-servers")
    actions = ActionServer(work_dir)
    actions.start()
    credentials = (ROOT / "credentials.local.yml").read_text()
    rasa = RasaServer(work_dir, actions.port, credentials=credentials)
    try:
        say(rasa.base_url, "warm-up", "こんにちは")
        yield Servers(rasa.base_url, find_unclear_message(rasa.base_url))
    finally:
        rasa.stop()
        actions.stop()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        missing("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=ja",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def results_dir():
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS


# An insurer's page with CSS that would restyle a widget living in the page, and a
# fixed button of its own in the bottom right corner.
HOST_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>保険者のページ</title>
<style>
  html { font-size: 10px; }
  body { margin: 0; font: 30px/1 serif; color: #f0f; letter-spacing: 3px; }
  h2 { color: red !important; font-size: 40px !important; text-transform: uppercase; }
  button { background: yellow !important; border-radius: 0 !important; }
  * { box-sizing: content-box !important; }
  #page-top { position: fixed; right: 16px; bottom: 16px; width: 64px; height: 64px; }
</style></head>
<body><main><h2>お知らせ</h2><p>保険者のホームページです。</p></main>
<button id="page-top" type="button">上へ</button>
<script>window.MynaChatConfig = {insurerName: "テスト健康保険組合", launcherOffset: {bottom: 96}};</script>
<script src="%(widget)s" defer></script>
</body></html>
"""


@pytest.fixture(scope="session")
def host_page(servers):
    """http://127.0.0.1:<other port>/ embedding the widget of the Rasa server: another
    origin, which the Rasa server does not allow (no MYNA_CORS_ORIGINS)."""
    body = (HOST_PAGE % {"widget": f"{servers.base}/webhooks/widget/myna-chat.js"}).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if self.path == "/":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
