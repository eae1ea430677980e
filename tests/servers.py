"""Real servers for the tests: the action server and `rasa run` with the trained
model, on free loopback ports, each in its own process group."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "myna.tar.gz"
API_TOKEN = "test-token-for-the-http-api"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def say(base_url: str, sender: str, text: str):
    """One message through the REST channel; the bot's replies."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _start(command: "list[str]", log_path: Path, **env) -> subprocess.Popen:
    """`python -m <command>` (`serving server`, `actions`), as `make run` and the Docker
    images start it."""
    environment = dict(os.environ, RASA_TELEMETRY_ENABLED="false", **env)
    with open(log_path, "a") as log:
        return subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", *command],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


class ActionServer:
    """`python -m actions` on a free port; restartable with another environment.
    `defaults` holds variables every start keeps (e.g. the insurer profile)."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.log_dir = log_dir
        self.process = None
        self.defaults = {}

    def start(self, **env) -> None:
        self.stop()
        env = {**self.defaults, **env}
        self.process = _start(["actions"], self.log_dir / "actions.log", ACTION_PORT=str(self.port), **env)
        wait_until(lambda: http_ok(f"http://127.0.0.1:{self.port}/health"), 120, "action server", self.process)

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None


class RasaServer:
    """The Rasa server with the trained model (or `model`), the project's endpoints.yml and a
    token-protected HTTP API (off with api_token=""). The tracker store is a SQLite
    file of its own unless `database_url` names another; `env` adds variables
    (MYNA_REDIS_URL, ...). The rate limits are off unless `env` sets them: tests and
    benchmarks send many messages from one address (tests/integration/test_rate_limit.py
    checks the limits)."""

    def __init__(
        self,
        work_dir: Path,
        action_port: int,
        credentials: str = "rest:\n",
        database_url: str | None = None,
        log_name: str = "rasa.log",
        api_token: str = API_TOKEN,
        model: Path = MODEL,
        **env: str,
    ):
        assert model.exists(), "no trained model: run `make train` (make test does)"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = work_dir / log_name
        credentials_path = work_dir / "credentials.yml"
        credentials_path.write_text(credentials)
        self.process = _start(
            ["serving", "server"],
            self.log_path,
            MYNA_MODEL=str(model),
            MYNA_CREDENTIALS=str(credentials_path),
            MYNA_DATABASE_URL=database_url or f"sqlite:///{work_dir / 'tracker.db'}",
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
            RASA_PORT=str(self.port),
            RASA_API_TOKEN=api_token,
            **{"MYNA_RATE_PER_CONVERSATION": "1000000", "MYNA_RATE_PER_ADDRESS": "1000000", **env},
        )
        wait_until(lambda: http_ok(f"{self.base_url}/"), 300, "rasa server", self.process)

    def say(self, sender: str, text: str):
        return say(self.base_url, sender, text)

    def tracker(self, sender: str):
        url = f"{self.base_url}/conversations/{sender}/tracker?token={API_TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def stop(self) -> None:
        stop_group(self.process)

    def kill(self) -> None:
        """As a crash would: no shutdown handlers run."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
