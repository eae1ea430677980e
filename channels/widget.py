"""Serves the web chat widget's static files from the Rasa server itself.

Enabled in credentials.yml with `channels.widget.WidgetAssets:` (no settings).
Routes, under /webhooks/widget/:
  myna-chat.js                   the widget (one <script> tag embeds it)
  demo                           the demo page
  vendor/socket.io.min.js        the vendored socket.io client
  vendor/socket.io.LICENSE.txt   its license note
  config                         what the page must not decide itself (JSON, not cached):
                                 the 「電話で相談」 numbers and whether they are open now
                                 (myna/hotline.py, settings/insurer.yml), the link
                                 titles (channels/link_titles.py) and the message length
                                 limit (MessageLengthLimit in the loaded model)
The conversation itself goes through the `socketio` and `rest` channels; this
channel receives no messages. Only the files listed here are served (no path
from the request ever reaches the file system).
"""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.link_titles import site_titles
from components.message_length_limit import MessageLengthLimit

# Pure modules only: the Rasa server never imports the action server's adapters.
from myna.dates import format_hm
from myna.hotline import LineChoice, choose_line
from myna.messages import text as message_text
from myna.phone import tel_uri

WIDGET_DIR = Path(__file__).resolve().parents[1] / "widget"

# The lines behind 「電話で相談」: questions first, then a lost card (24 hours).
PHONE_KINDS = ("general", "loss")
PHONE_PURPOSE_MESSAGE = {"general": "widget.purpose_general", "loss": "widget.purpose_loss"}

# route -> (file under widget/, content type)
ASSETS: dict[str, tuple[str, str]] = {
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


def _handler(filename: str, content_type: str):
    async def serve(_: Request) -> HTTPResponse:
        # Read per request: files are small, and edits show without a restart.
        body = (WIDGET_DIR / filename).read_bytes()
        return response.raw(
            body,
            content_type=content_type,
            headers={"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"},
        )

    return serve


def open_now(line: LineChoice) -> tuple[str, str]:
    """Whether the line answers now: a state for the page's colours, and in words."""
    if line.always_open:
        return "always", message_text(
            "widget.always_open_hours", hours=line.hours_ja
        ) if line.hours_ja else message_text("widget.always_open")
    if line.open_now is None:
        return "unknown", message_text("widget.hours_unknown")
    if line.open_now:
        return "open", message_text(
            "widget.open_until", closes=format_hm(line.closes_at)
        ) if line.closes_at else message_text("widget.open")
    return "closed", message_text("widget.closed")


def phone_line(line: LineChoice) -> dict[str, Any]:
    state, state_text = open_now(line)
    return {
        "kind": line.kind,
        "purpose": message_text(PHONE_PURPOSE_MESSAGE[line.kind]),
        "name": line.name,
        "menu": message_text("phone.menu", menu=line.menu) if line.menu else None,
        "numbers": [{"label": p.label, "number": p.number, "tel": tel_uri(p.number)} for p in line.numbers],
        "state": state,
        "state_text": state_text,
        "hours": line.hours_ja,
    }


def max_message_characters(agent: Any) -> int | None:
    """The limit for one message in the model the server runs (its MessageLengthLimit
    node), or None while no model is loaded."""
    processor = getattr(agent, "processor", None)
    if processor is None:
        return None
    for node in processor.model_metadata.predict_schema.nodes.values():
        if node.uses is MessageLengthLimit:
            config = dict(MessageLengthLimit.get_default_config(), **node.config)
            return int(config["max_characters"])
    return None


def widget_config(agent: Any) -> dict[str, Any]:
    return {
        "phone": [phone_line(choose_line(kind)) for kind in PHONE_KINDS],
        "link_titles": site_titles(),
        "max_characters": max_message_characters(agent),
    }


class WidgetAssets(InputChannel):
    """An input channel whose blueprint only serves the widget's files."""

    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        widget = Blueprint("myna_widget_assets", __name__)

        @widget.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @widget.route("/config", methods=["GET"])
        async def config(request: Request) -> HTTPResponse:
            # Not cached: "open now" changes by the minute.
            agent = getattr(request.app.ctx, "agent", None)
            return response.json(widget_config(agent), ensure_ascii=False, headers={"Cache-Control": "no-store"})

        for route, (filename, content_type) in ASSETS.items():
            widget.add_route(
                _handler(filename, content_type),
                route,
                methods=["GET"],
                name="asset_" + filename.replace("/", "_").replace(".", "_").replace("-", "_"),
            )
        return widget
