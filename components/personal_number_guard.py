"""Routes any message that carries a My Number or a PIN to the `pii_guard` intent.

The classifier cannot compute a check digit, so this deterministic step runs after it
(and after the FallbackClassifier) and overrides the intent. The classifier's own
ranking is kept, so the warning action can still answer the question that came with
the number.
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

from privacy import find_personal_numbers

GUARD_INTENT = "pii_guard"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PersonalNumberGuard(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": GUARD_INTENT}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.intent = config["intent"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PersonalNumberGuard:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if find_personal_numbers(message.get(TEXT) or ""):
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: self.intent, PREDICTED_CONFIDENCE_KEY: 1.0},
                    add_to_output=True,
                )
        return messages
