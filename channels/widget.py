"""Serves the web chat widget's static files from the Rasa server itself.

Enabled in credentials.yml with `channels.widget.WidgetAssets:` (no settings).
Routes, under /webhooks/widget/:
  myna-chat.js                   the widget (one <script> tag embeds it)
  demo                           the demo page
  vendor/socket.io.min.js        the vendored socket.io client
  vendor/socket.io.LICENSE.txt   its license note
The conversation itself goes through the `socketio` and `rest` channels; this
channel receives no messages. Only the files listed here are served (no path
from the request ever reaches the file system).
"""

from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WIDGET_DIR = Path(__file__).resolve().parents[1] / "widget"

# route -> (file under widget/, content type)
ASSETS: Dict[Text, Tuple[Text, Text]] = {
    "/myna-chat.js": ("myna-chat.js", "text/javascript; charset=utf-8"),
    "/demo": ("demo.html", "text/html; charset=utf-8"),
    "/vendor/socket.io.min.js": ("vendor/socket.io.min.js", "text/javascript; charset=utf-8"),
    "/vendor/socket.io.LICENSE.txt": (
        "vendor/socket.io.LICENSE.txt",
        "text/plain; charset=utf-8",
    ),
}

# Short cache so a fixed widget reaches visitors within minutes.
CACHE_CONTROL = "public, max-age=300"


def _handler(filename: Text, content_type: Text):
    async def serve(_: Request) -> HTTPResponse:
        # Read per request: files are small, and edits show without a restart.
        body = (WIDGET_DIR / filename).read_bytes()
        return response.raw(
            body,
            content_type=content_type,
            headers={"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"},
        )

    return serve


class WidgetAssets(InputChannel):
    """An input channel whose blueprint only serves the widget's files."""

    @classmethod
    def name(cls) -> Text:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        widget = Blueprint("myna_widget_assets", __name__)

        @widget.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        for route, (filename, content_type) in ASSETS.items():
            widget.add_route(
                _handler(filename, content_type),
                route,
                methods=["GET"],
                name="asset_" + filename.replace("/", "_").replace(".", "_").replace("-", "_"),
            )
        return widget
