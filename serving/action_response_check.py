"""Rasa checks every action-server response with `jsonschema.validate`, which first
re-checks the schema itself: about 26 ms of CPU per custom action on the 2-core
machine, more than the NLU (benchmarks, reports/bench.md). The schema is fixed, so
it is checked once here; a response that fails still goes through Rasa's own check,
which raises its usual error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction


def compiled_response_check(rasa_check: Callable[[RemoteAction, dict[str, Any]], bool]):
    """`RemoteAction._validate_action_result` with the schema checked once
    (serving/rasa_patches.py installs it)."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        return True if validator.is_valid(result) else rasa_check(self, result)

    return validate_action_result
