"""docker/nginx/default.conf.template on real nginx, in front of two recording
upstreams standing in for the Rasa replicas."""

import http.client
import socket
import subprocess
from dataclasses import dataclass

import pytest

from tests.servers import free_port, stop_group, wait_until

from . import nginx_harness
from .fake_upstream import Upstream

# Rasa's own HTTP API and its greeting: never public.
API_PATHS = ["/", "/status", "/version", "/model", "/conversations/u1/tracker", "/conversations/u1/messages"]
WIDGET_SCRIPT = "/webhooks/widget/myna-chat.js"


@dataclass
class Proxy:
    port: int
    upstreams: list[Upstream]
    body_limit: int
    config_check: subprocess.CompletedProcess

    def request(self, method: str, path: str, body: bytes = b"", headers=None, client: str = "127.0.0.1"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(client, 0))
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def reached(self) -> list[dict]:
        return [dict(request, upstream=u.name) for u in self.upstreams for request in u.requests]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, compose_config):
    folder = tmp_path_factory.mktemp("nginx")
    upstreams = [Upstream("replica-1").start(), Upstream("replica-2").start()]
    port = free_port()
    compose_values = compose_config["services"]["nginx"]["environment"]
    # The values compose passes, with loopback addresses for the listener and replicas.
    values = {**compose_values, "NGINX_LISTEN": f"127.0.0.1:{port}"}
    values.update({f"RASA_REPLICA_{i}": u.address for i, u in enumerate(upstreams, start=1)})
    assert set(compose_values) == nginx_harness.template_variables()
    config = nginx_harness.write_config(folder, values)
    check = subprocess.run(nginx_harness.command(folder, config, "-t"), capture_output=True, text=True, timeout=30)
    process = None
    try:
        if check.returncode == 0:
            process = subprocess.Popen(
                nginx_harness.command(folder, config, "-g", "daemon off;"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            wait_until(lambda: _listening(port), 10, "nginx", process)
        yield Proxy(port, upstreams, int(compose_values["REQUEST_MAX_BYTES"]), check)
    finally:
        if process is not None:
            stop_group(process)
        for upstream in upstreams:
            upstream.stop()


@pytest.fixture
def nginx(proxy):
    assert proxy.config_check.returncode == 0, proxy.config_check.stderr
    for upstream in proxy.upstreams:
        upstream.clear()
    return proxy


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_nginx_accepts_the_rendered_template(proxy):
    assert proxy.config_check.returncode == 0, proxy.config_check.stderr
    assert "syntax is ok" in proxy.config_check.stderr


def test_rest_reaches_a_replica_with_forwarded_headers(nginx):
    body = '{"sender": "u1", "message": "カードをなくしました"}'.encode()
    status, _ = nginx.request(
        "POST", "/webhooks/rest/webhook", body, {"Content-Type": "application/json", "Host": "chat.example.jp"}
    )
    assert status == 200
    [request] = nginx.reached()
    assert (request["method"], request["path"], request["body"]) == ("POST", "/webhooks/rest/webhook", body)
    headers = request["headers"]
    assert headers["host"] == "chat.example.jp"
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "http"
    assert "upgrade" not in headers


def test_line_webhook_keeps_its_signature(nginx):
    status, _ = nginx.request("POST", "/webhooks/line/webhook", b'{"events": []}', {"X-Line-Signature": "c2lnbmF0dXJl"})
    assert status == 200
    [request] = nginx.reached()
    assert request["path"] == "/webhooks/line/webhook"
    assert request["headers"]["x-line-signature"] == "c2lnbmF0dXJl"


def test_widget_script_is_served_through_nginx(nginx):
    status, _ = nginx.request("GET", WIDGET_SCRIPT)
    assert status == 200
    assert [r["path"] for r in nginx.reached()] == [WIDGET_SCRIPT]


def test_websocket_upgrade_reaches_a_replica(nginx):
    handshake = (
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
        "Host: chat.example.jp\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", nginx.port), timeout=10) as client:
        client.sendall(handshake.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = client.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 101"), answer
    [request] = nginx.reached()
    assert request["path"].startswith("/socket.io/")
    assert request["headers"]["upgrade"].lower() == "websocket"
    assert request["headers"]["connection"].lower() == "upgrade"


def test_socketio_keeps_each_client_on_one_replica(nginx):
    clients = [f"127.0.0.{n}" for n in range(10, 30)]
    replica_of = {}
    for client in clients:
        answers = {nginx.request("GET", "/socket.io/?EIO=4&transport=polling", client=client)[1] for _ in range(3)}
        assert len(answers) == 1, f"{client} was sent to {answers}"
        replica_of[client] = answers.pop()
    # Hashing the whole address (not ip_hash's /24): 20 loopback addresses use both.
    assert set(replica_of.values()) == {u.name for u in nginx.upstreams}


def test_rest_is_balanced_over_both_replicas(nginx):
    answers = {nginx.request("POST", "/webhooks/rest/webhook", b"{}")[1] for _ in range(6)}
    assert answers == {u.name for u in nginx.upstreams}


def test_body_limit_is_the_apps(nginx):
    status, _ = nginx.request("POST", "/webhooks/rest/webhook", b"x" * nginx.body_limit)
    assert status == 200
    assert len(nginx.reached()[0]["body"]) == nginx.body_limit
    for upstream in nginx.upstreams:
        upstream.clear()
    status, _ = nginx.request("POST", "/webhooks/rest/webhook", b"x" * (nginx.body_limit + 1))
    assert status == 413
    assert nginx.reached() == []


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rasa_http_api_is_not_exposed(nginx, method, path):
    status, _ = nginx.request(method, path, b"{}" if method == "POST" else b"")
    assert status == 404
    assert nginx.reached() == []
