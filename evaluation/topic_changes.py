"""What reading a message in the light of the conversation costs when the user changes
the topic: each single-topic message of a realistic set that the model gets right
alone is parsed again right after the first message of one of the set's
conversations on another topic (chosen with a fixed seed), and the share that keeps
its intent is printed. The NLU only (no dialogue, no action server).

    python -m evaluation.topic_changes --model models/myna.tar.gz tests/nlu/realistic/dev.yml
"""

from __future__ import annotations

import argparse
import asyncio
import random
from pathlib import Path

from evaluation.realistic import load_set

CATEGORIES = ("formal", "everyday", "worry", "new_content")  # single topics, not near-topic
SEED = 7


async def _kept(model: Path, path: Path) -> tuple[int, int, list[str]]:
    from rasa.core.agent import Agent  # heavy: only when run
    from rasa.core.channels import UserMessage
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    agent = Agent.load(str(model))
    probes = load_set(path)
    firsts = [p for p in probes if p.conversation is not None and p.turn == 0]
    rng = random.Random(SEED)
    kept = tried = 0
    changed = []
    for probe in probes:
        if probe.category not in CATEGORIES or len(probe.expect) != 1:
            continue
        first = rng.choice([f for f in firsts if f.expect != probe.expect])
        alone = await agent.processor.parse_message(UserMessage(probe.text))
        if alone["intent"]["name"] != probe.expect[0]:
            continue
        tracker = DialogueStateTracker("topic-change", agent.domain.slots)
        before = await agent.processor.parse_message(UserMessage(first.text), tracker=tracker)
        tracker.update(UserUttered(first.text, before["intent"], [], before))
        tracker.update(ActionExecuted("action_listen"))
        after = await agent.processor.parse_message(UserMessage(probe.text), tracker=tracker)
        tried += 1
        if after["intent"]["name"] == probe.expect[0]:
            kept += 1
        else:
            changed.append(f"{first.text} → {probe.text}: {probe.expect[0]} became {after['intent']['name']}")
    return kept, tried, changed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evaluation.topic_changes", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/myna.tar.gz"))
    parser.add_argument("realistic", type=Path)
    args = parser.parse_args(argv)
    kept, tried, changed = asyncio.run(_kept(args.model, args.realistic))
    for line in changed:
        print(" ", line)
    print(f"kept after another topic's first message: {kept}/{tried}")


if __name__ == "__main__":
    main()
