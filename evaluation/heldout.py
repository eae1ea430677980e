"""Intent accuracy of a trained model on a held-out file, overall and by style.

The held-out file is Rasa NLU YAML whose examples carry `metadata: {style: ...}`;
it is never part of the training data.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from evaluation import metrics


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    style: str


@dataclass
class Result:
    predictions: list[tuple[Example, str]] = field(default_factory=list)
    # Confidence of each prediction, in the order of `predictions` (may be empty).
    confidences: list[float] = field(default_factory=list)

    def add(self, example: Example, predicted: str, confidence: float = float("nan")) -> None:
        self.predictions.append((example, predicted))
        self.confidences.append(confidence)

    def confidence(self, index: int) -> float:
        return self.confidences[index] if index < len(self.confidences) else float("nan")

    def accuracy(self, style: str = None) -> float:
        chosen = [(e, p) for e, p in self.predictions if style is None or e.style == style]
        return metrics.accuracy([e.intent for e, _ in chosen], [p for _, p in chosen])

    def styles(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for example, _ in self.predictions:
            counts[example.style] += 1
        return dict(sorted(counts.items()))

    def errors(self) -> list[tuple[Example, str]]:
        return [(e, p) for e, p in self.predictions if e.intent != p]

    def errors_with_confidence(self) -> list[tuple[Example, str, float]]:
        return [(e, p, self.confidence(i)) for i, (e, p) in enumerate(self.predictions) if e.intent != p]

    def summary(self) -> str:
        lines = [f"overall {self.accuracy():.3f} ({len(self.predictions)} messages)"]
        for style, count in self.styles().items():
            lines.append(f"  {style:8} {self.accuracy(style):.3f} ({count})")
        return "\n".join(lines)


def load_examples(path: Path) -> list[Example]:
    """Examples of a Rasa NLU YAML file, in both the short and the metadata form."""
    examples = []
    for block in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["nlu"]:
        intent = block["intent"]
        entries = block["examples"]
        if isinstance(entries, str):
            entries = [{"text": line[2:]} for line in entries.splitlines() if line.startswith("- ")]
        for entry in entries:
            style = (entry.get("metadata") or {}).get("style", "plain")
            examples.append(Example(entry["text"].strip(), intent, style))
    return examples


async def _predict(model_path: Path, examples: list[Example]) -> Result:
    from rasa.core.agent import Agent  # heavy: imported only when a model is evaluated

    agent = Agent.load(str(model_path))
    result = Result()
    for example in examples:
        parsed = await agent.parse_message(example.text)
        intent = parsed["intent"]
        result.add(example, answered_intent(parsed), float(intent.get("confidence") or 0.0))
    return result


def answered_intent(parsed: dict) -> str:
    """The intent whose answer the user gets first: for a message read as several
    concerns (components/conversation_context.py), the first concern answered."""
    concerns = parsed.get("concerns") or []
    if parsed["intent"]["name"] == "several_concerns" and concerns:
        return concerns[0]["name"]
    return parsed["intent"]["name"]


def evaluate_examples(model_path: Path, examples: list[Example]) -> Result:
    return asyncio.run(_predict(model_path, examples))


def evaluate(model_path: Path, heldout_path: Path) -> Result:
    return evaluate_examples(model_path, load_examples(heldout_path))
