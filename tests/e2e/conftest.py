import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def ports_env():
    env = dict(os.environ, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
    env["RASA_TELEMETRY_ENABLED"] = "false"
    return env


def stop_group(process: subprocess.Popen) -> None:
    """Stop a command started in its own session, with every child it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until(predicate, timeout: float, what: str, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: the command exited with {process.returncode}")
        if predicate():
            return
        time.sleep(1)
    raise AssertionError(f"{what}: not ready after {timeout} s")


VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "myna.tar.gz"
API_TOKEN = "test-token"


def http_ok(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


class ActionServer:
    """`rasa run actions` on a free port; restartable with another environment."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.log_dir = log_dir
        self.process = None

    def start(self, **env) -> None:
        self.stop()
        environment = dict(os.environ, RASA_TELEMETRY_ENABLED="false", **env)
        log = open(self.log_dir / "actions.log", "a")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.port)],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until(lambda: http_ok(f"http://127.0.0.1:{self.port}/health"), 120, "action server", self.process)

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None


class RasaServer:
    """`rasa run` with the trained model, REST channel, token-protected HTTP API and
    a SQLite tracker store of its own."""

    def __init__(self, work_dir: Path, action_port: int, credentials: str = "rest:\n", extra_args=()):
        self.port = free_port()
        endpoints = work_dir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
            f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {work_dir / 'tracker.db'}\n"
        )
        (work_dir / "credentials.yml").write_text(credentials)
        assert MODEL.exists(), "no trained model: run `make train` (make test does)"
        log = open(work_dir / "rasa.log", "a")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--endpoints", str(endpoints),
             "--credentials", str(work_dir / "credentials.yml"), "--interface", "127.0.0.1",
             "--port", str(self.port), "--enable-api", "--auth-token", API_TOKEN, *extra_args],
            cwd=ROOT, env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until(lambda: http_ok(f"http://127.0.0.1:{self.port}/"), 300, "rasa server", self.process)

    def say(self, sender: str, text: str):
        import json
        import urllib.request

        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def tracker(self, sender: str):
        import json
        import urllib.request

        url = f"http://127.0.0.1:{self.port}/conversations/{sender}/tracker?token={API_TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def stop(self) -> None:
        stop_group(self.process)


@pytest.fixture(scope="package")
def stack(tmp_path_factory):
    """An action server (clock fixed to Saturday 2026-11-21 18:00 Tokyo) and a Rasa server."""
    work_dir = tmp_path_factory.mktemp("stack")
    actions = ActionServer(work_dir)
    actions.start(MYNA_FIXED_NOW="2026-11-21T18:00:00")
    rasa = RasaServer(work_dir, actions.port)
    yield rasa, actions
    rasa.stop()
    actions.stop()
