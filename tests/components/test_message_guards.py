"""The pipeline's guards on the trained model: over-long messages, empty messages and
personal numbers get their own intents, whatever the classifier thinks."""

import asyncio

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from components.message_length_limit import LENGTH_KEY, MessageLengthGuard, MessageLengthLimit
from tests.servers import MODEL


@pytest.mark.parametrize("length, blanked", [(999, False), (1000, False), (1001, True), (50000, True)])
def test_length_limit(length, blanked):
    message = Message(data={TEXT: "あ" * length})
    MessageLengthLimit({"max_characters": 1000}).process([message])
    MessageLengthGuard({}).process([message])
    assert (message.get(TEXT) == "") is blanked
    assert (message.get(LENGTH_KEY) == length) is blanked
    assert ((message.get("intent") or {}).get("name") == "message_too_long") is blanked


@pytest.fixture(scope="module")
def parse():
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    return lambda text: asyncio.run(agent.parse_message(text))


@pytest.mark.parametrize(
    "text, intent",
    [
        ("カードをなくしました" * 120, "message_too_long"),  # a known question, but too long
        ("", "nlu_fallback"),
        ("   ", "nlu_fallback"),
        ("マイナンバーは1234 5678 9018です", "pii_guard"),
        ("番号は一二三四 五六七八 九〇一八です", "pii_guard"),
        ("①②③④⑤⑥⑦⑧⑨⓪①⑧", "pii_guard"),
        ("マイナンバーは123456789012です", "pii_guard"),  # wrong check digit, but labelled
        ("暗証番号は1 2 3 4です", "pii_guard"),
        ("署名用のパスワードはABC123XYZです", "pii_guard"),
        ("［暗証番号削除］", "pii_guard"),  # blanked by the processor with the conversation's context
        ("カードをなくしました", "lost_card"),
    ],
)
def test_intents_on_the_trained_model(parse, text, intent):
    assert parse(text)["intent"]["name"] == intent
