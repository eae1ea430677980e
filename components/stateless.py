"""Shared base of the pipeline's rule-based steps: nothing to train or persist."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


class StatelessComponent(GraphComponent):
    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)


def override_intent(message: Message, intent_name: str) -> None:
    """Set the intent for certain; the classifier's ranking is kept."""
    message.set(
        INTENT,
        {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0},
        add_to_output=True,
    )
