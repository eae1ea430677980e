"""A Sanic app with the LINE channel registered the way `rasa run` does it
(rasa.core.channels.channel.register), but a scripted agent instead of a model,
so the webhook's HTTP behaviour is tested quickly and deterministically.

Run: python -m tests.line.fake_rasa_app PORT   (LINE_* settings from the environment)
GET /test/handled lists the messages that reached the agent.
"""

import asyncio
import sys

from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic, response

from channels.line import LineInput

LOST_CARD = (
    "すぐにカードの一時利用停止をしてください。\n"
    "マイナンバー総合フリーダイヤル\n0120-95-0178（通話料無料）\n"
    "つながらないときは 050-3818-1250 へおかけください。"
)

# The shape of utter_hotline (domain.yml) after action_choose_hotline.
HOTLINE = (
    "マイナンバー総合フリーダイヤル\n0120-95-0178（音声ガイダンス5番）\n"
    "今は受付時間外です。次は12月2日（水）9:30から受け付けます。"
)
HOTLINE_BUTTONS = [{"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"}]
# Buttons an FAQ answer ends with (issue 14).
FEEDBACK = [
    {"title": "解決した", "payload": "/feedback_resolved"},
    {"title": "解決しない", "payload": "/feedback_unresolved"},
]
# A long answer: 24 sentences, then a link.
LONG_ANSWER = (
    "".join(
        f"説明の{i}番目の文です。ここには、カードの手続きについての細かな注意が書かれています。" for i in range(1, 13)
    )
    + "\n詳しくは: https://www.mhlw.go.jp/stf/newpage_40406.html"
)


class ScriptedAgent:
    def __init__(self) -> None:
        self.handled = []

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(
            {
                "sender_id": message.sender_id,
                "text": message.text,
                "input_channel": message.input_channel,
                "metadata": message.metadata,
            }
        )
        out, to, text = message.output_channel, message.sender_id, message.text
        if text == "many":
            for i in range(1, 8):
                await out.send_response(to, {"text": f"回答{i}です。"})
        elif text == "buttons":
            buttons = [
                {"title": f"とても長いボタンの題名その{i}番目の項目です", "payload": f"/topic_{i}"}
                for i in range(1, 16)
            ]
            await out.send_response(to, {"text": "どれについて知りたいですか？", "buttons": buttons})
        elif text == "only buttons":
            await out.send_response(to, {"text": "", "buttons": [{"title": "はい", "payload": "/affirm"}]})
        elif text == "slow":
            await asyncio.sleep(3)
            await out.send_response(to, {"text": "お待たせしました。"})
        elif text == "boom":
            raise RuntimeError("scripted failure")
        elif text == "/lost_card":
            await out.send_response(to, {"text": LOST_CARD, "utter_action": "utter_lost_card"})
        elif text == "/greet":
            await out.send_response(to, {"text": "こんにちは。"})
        elif text == "hotline":
            await out.send_response(to, {"text": HOTLINE, "buttons": HOTLINE_BUTTONS, "utter_action": "utter_hotline"})
        elif text == "long":
            await out.send_response(to, {"text": LONG_ANSWER, "buttons": FEEDBACK})
        elif text == "silent":
            pass
        else:
            await out.send_response(to, {"text": "ご質問を受け付けました。\n\n二つ目の段落です。"})


def main(port: int) -> None:
    app = Sanic("fake_rasa_line")
    app.ctx.agent = ScriptedAgent()
    register([LineInput.from_credentials(None)], app, route="/webhooks/")

    @app.get("/test/handled")
    async def handled(_):
        return response.json(app.ctx.agent.handled)

    app.run(host="127.0.0.1", port=port, access_log=False, motd=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
