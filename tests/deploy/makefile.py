"""Reads the Makefile's recipes and variables, so the images can be compared with
what `make install` and `make train` run."""

import re

from tests.servers import ROOT

MAKEFILE = ROOT / "Makefile"


def recipe(target: str) -> list[str]:
    """The recipe lines of the rule whose target is `target` (as written)."""
    lines = MAKEFILE.read_text().splitlines()
    for index, line in enumerate(lines):
        if line.startswith(target + ":"):
            commands = []
            for command in lines[index + 1 :]:
                if not command.startswith("\t"):
                    break
                commands.append(command.strip())
            return commands
    raise AssertionError(f"no rule for {target} in the Makefile")


def prerequisites(target: str) -> list[str]:
    """The prerequisites of the rule whose target is `target` (as written)."""
    for line in MAKEFILE.read_text().splitlines():
        if line.startswith(target + ":"):
            return line[len(target) + 1 :].split("##")[0].split()
    raise AssertionError(f"no rule for {target} in the Makefile")


def variable(name: str) -> str:
    match = re.search(rf"^{re.escape(name)}\s*:?=\s*(.*)$", MAKEFILE.read_text(), re.MULTILINE)
    assert match, f"no variable {name} in the Makefile"
    return match.group(1).strip()


def pip_installs(commands: list[list[str]]) -> list[list[str]]:
    """The arguments after `-m pip install` of each pip command, without --quiet
    (the Makefile's output choice, not what gets installed)."""
    installs = []
    for words in commands:
        for start in range(len(words) - 2):
            if words[start : start + 3] == ["-m", "pip", "install"]:
                installs.append([w for w in words[start + 3 :] if w != "--quiet"])
    return installs


def training_inputs() -> list[str]:
    """TRAINING_INPUTS: the files named, then the folders its `find` searches."""
    value = variable("TRAINING_INPUTS")
    match = re.fullmatch(r"(.*?)\$\(shell find (.*?) -name .*\)", value)
    assert match, f"TRAINING_INPUTS has an unexpected form: {value}"
    return match.group(1).split() + match.group(2).split()
