import json
import os
import subprocess
import sys
import urllib.request

import pytest

from tests.servers import ROOT, free_port, http_ok, stop_group, wait_until

from .fake_line import FakeLineApi, line_env


@pytest.fixture(scope="session")
def line_api():
    api = FakeLineApi().start()
    yield api
    api.stop()


@pytest.fixture
def fake_line(line_api):
    line_api.reset()
    yield line_api
    line_api.reset()


class FakeRasa:
    def __init__(self, port: int):
        self.port = port

    def handled(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/test/handled", timeout=5) as r:
            return json.loads(r.read())


@pytest.fixture(scope="module")
def fake_rasa(line_api, tmp_path_factory):
    """The channel inside a Sanic app with a scripted agent (no model)."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("fake-rasa") / "server.log"
    env = line_env(os.environ, line_api, LINE_API_TIMEOUT="2")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.line.fake_rasa_app", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until(
            lambda: http_ok(f"http://127.0.0.1:{port}/webhooks/line/"), 60, "fake Rasa with the LINE channel", process
        )
        server = FakeRasa(port)
        server.log_path = log_path
        yield server
    finally:
        stop_group(process)
