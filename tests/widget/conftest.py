"""A real action server + Rasa server (rest, socketio, widget channels) and a headless
Debian Chromium, started once for the module so the browser tests stay fast."""

import os
import urllib.request
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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        missing("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--lang=ja",
                 "--window-size=1280,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def results_dir():
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS

