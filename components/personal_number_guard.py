"""Personal numbers (My Number, PIN) in a message: hidden from the classifier, then
answered with the `pii_guard` intent.

Two steps around the classifier. `PersonalNumberMasker`, first in the pipeline, blanks
the numbers out of the text, so the NLU neither keeps them nor lets digits sway the
intent (the question that came with the number is still recognised), and records
that it did. `PersonalNumberGuard`, after the classifiers, then overrides the intent;
the classifier's ranking is kept so the question can still be answered.

Numbers that only the conversation reveals (the end of a number begun in the previous
message, a bare PIN right after the PIN was the topic) are blanked before the NLU by
the processor (serving/conversation_context.py), with the labels of
`privacy.personal_numbers.LABELS`: the masker counts those labels as findings too.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.stateless import StatelessComponent, override_intent
from myna.privacy import find_personal_numbers, redact
from myna.privacy.personal_numbers import LABELS

GUARD_INTENT = "pii_guard"
FOUND_KEY = "personal_numbers_found"  # kinds of numbers the masker removed


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class PersonalNumberMasker(StatelessComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            kinds = [f.kind for f in find_personal_numbers(text)]
            kinds += [kind for kind, label in LABELS.items() if label in text]
            if kinds:
                text = redact(text, placeholder=" ")
                for label in LABELS.values():
                    text = text.replace(label, " ")
                message.set(TEXT, text)
                message.set(FOUND_KEY, kinds)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonalNumberGuard(StatelessComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": GUARD_INTENT}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(FOUND_KEY):
                override_intent(message, self.component_config["intent"])
        return messages
