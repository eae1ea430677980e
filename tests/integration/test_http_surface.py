"""What the Rasa server exposes besides the channels: the HTTP API only with the
token, or not at all; CORS and socket.io connections only for the configured origins
(and socket.io for the server's own)."""

import urllib.error
import urllib.request

import pytest
import socketio

from tests.servers import API_TOKEN, ROOT, RasaServer


def status_of(url: str, method: str = "GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_the_http_api_needs_the_token(cluster):
    base = cluster.replicas[0].base_url
    assert status_of(f"{base}/status")[0] == 401
    assert status_of(f"{base}/conversations/someone/tracker")[0] == 401
    assert status_of(f"{base}/status?token={API_TOKEN}")[0] == 200


@pytest.fixture(scope="module")
def public_server(cluster, tmp_path_factory):
    """No API token: the HTTP API is off. One allowed origin for CORS. REST and socket.io."""
    server = RasaServer(
        tmp_path_factory.mktemp("public"),
        cluster.actions.port,
        api_token="",
        credentials=(ROOT / "credentials.local.yml").read_text(),
        MYNA_CORS_ORIGINS="https://www.example-kenpo.jp",
    )
    yield server
    server.stop()


def test_without_a_token_the_http_api_is_off(public_server):
    for path in ("/status", "/version", "/conversations/someone/tracker", "/model"):
        assert status_of(f"{public_server.base_url}{path}")[0] in (404, 405), path
    assert public_server.say("cors-check", "こんにちは")  # the channels still answer


@pytest.mark.parametrize(
    "origin, allowed",
    [("https://www.example-kenpo.jp", True), ("https://evil.example.com", False)],
)
def test_cors_only_for_the_configured_origin(public_server, origin, allowed):
    status, headers = status_of(
        f"{public_server.base_url}/webhooks/rest/webhook",
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert (headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert "*" not in headers.get("Access-Control-Allow-Origin", "")


@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize(
    "origin, allowed",
    [("https://www.example-kenpo.jp", True), (None, True), ("https://evil.example.com", False)],
    ids=["configured", "own", "other"],
)
def test_socketio_only_from_the_configured_origins_and_its_own(public_server, origin, allowed, transport):
    own = public_server.base_url
    sent = origin or own
    # The websocket client writes an Origin header of its own: it is told which.
    client = socketio.Client(reconnection=False, websocket_extra_options={"origin": sent})
    try:
        client.connect(
            own,
            socketio_path="/socket.io",
            transports=[transport],
            wait_timeout=10,
            headers={} if transport == "websocket" else {"Origin": sent},
        )
        connected = True
    except socketio.exceptions.ConnectionError:
        connected = False
    finally:
        client.disconnect()
    assert connected is allowed
