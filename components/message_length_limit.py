"""Messages over a set length get a polite answer instead of being read.

`MessageLengthLimit`, first in the pipeline, blanks such a message before the
tokenizer sees it (so a pasted page costs nothing), and records its length.
`MessageLengthGuard`, last, sets the `message_too_long` intent, which the rules
answer with `utter_message_too_long`.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.stateless import StatelessComponent, override_intent

TOO_LONG_INTENT = "message_too_long"
LENGTH_KEY = "message_too_long_length"  # characters of a message that was blanked


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MessageLengthLimit(StatelessComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_characters": 1000}

    def process(self, messages: list[Message]) -> list[Message]:
        limit = self.component_config["max_characters"]
        for message in messages:
            text = message.get(TEXT) or ""
            if len(text) > limit:
                message.set(TEXT, "")
                message.set(LENGTH_KEY, len(text))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MessageLengthGuard(StatelessComponent, IntentClassifier):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(LENGTH_KEY):
                override_intent(message, TOO_LONG_INTENT)
        return messages
