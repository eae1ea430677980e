"""Personal numbers (My Number, PIN) in a message: hidden from the classifier, then
answered with the `pii_guard` intent.

Two steps around the classifier. `PersonalNumberMasker`, first in the pipeline, blanks
the numbers out of the text, so the NLU neither keeps them nor lets digits sway the
intent (the question that came with the number is still recognised), and records
that it did. `PersonalNumberGuard`, after the classifiers, then overrides the intent;
the classifier's ranking is kept so the question can still be answered.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from privacy import find_personal_numbers, redact

GUARD_INTENT = "pii_guard"
FOUND_KEY = "personal_numbers_found"  # kinds of numbers the masker removed


class _Stateless(GraphComponent):
    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class PersonalNumberMasker(_Stateless):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            findings = find_personal_numbers(text)
            if findings:
                message.set(TEXT, redact(text, placeholder=" "))
                message.set(FOUND_KEY, [f.kind for f in findings])
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonalNumberGuard(_Stateless, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": GUARD_INTENT}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(FOUND_KEY):
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: self.component_config["intent"], PREDICTED_CONFIDENCE_KEY: 1.0},
                    add_to_output=True,
                )
        return messages
