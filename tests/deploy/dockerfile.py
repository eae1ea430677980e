"""A small reader for the Dockerfiles in docker/: stages and their instructions.

Covers the syntax those files use (shell-form RUN with line continuations, exec-form
CMD, `ENV K=V ...`, `COPY [--from=stage] src... dest`), not all of Docker's.
"""

import json
import posixpath
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def _logical_lines(text: str) -> list[str]:
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    assert not current, "the file ends inside a continued line"
    return lines


def parse(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    for line in _logical_lines(path.read_text()):
        keyword, _, args = line.partition(" ")
        keyword, args = keyword.upper(), args.strip()
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        else:
            assert stages, f"{path.name}: {keyword} before FROM"
            stages[-1].instructions.append((keyword, args))
    return stages


def chain(stages: list[Stage], stage: Stage) -> list[Stage]:
    """The stage and the stages of the same file it is built FROM, base first."""
    by_name = {s.name: s for s in stages if s.name}
    result = [stage]
    while result[0].base in by_name:
        result.insert(0, by_name[result[0].base])
    return result


def final_chain(path: Path) -> list[Stage]:
    """The stages the image (the file's last stage) is made of, base first."""
    stages = parse(path)
    return chain(stages, stages[-1])


def env(stage_chain: list[Stage]) -> dict[str, str]:
    values: dict[str, str] = {}
    for stage in stage_chain:
        for args in stage.args("ENV"):
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                values[key] = value
    return values


def run_commands(stage: Stage) -> list[list[str]]:
    """Each `&&`-separated command of the stage's RUN instructions, as words."""
    return [shlex.split(part) for args in stage.args("RUN") for part in args.split("&&")]


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"not exec form: {args}"
    return value


def workdir(stage_chain: list[Stage]) -> str:
    folder = "/"
    for stage in stage_chain:
        for args in stage.args("WORKDIR"):
            folder = posixpath.join(folder, args)
    return folder


def copied_paths(stage_chain: list[Stage], context: Path) -> list[str]:
    """Where the COPY instructions put things, relative to the working directory.

    A directory source is copied as its contents into the destination, a file into
    the destination folder when that ends with / (or there are several sources)."""
    base = workdir(stage_chain)
    paths = []
    for stage in stage_chain:
        for args in stage.args("COPY"):
            words = shlex.split(args)
            from_stage = any(w.startswith("--from=") for w in words)
            *sources, dest = [w for w in words if not w.startswith("--")]
            into_folder = dest.endswith("/") or len(sources) > 1
            for source in sources:
                is_dir = source.endswith("/") or (not from_stage and (context / source).is_dir())
                target = dest if is_dir or not into_folder else posixpath.join(dest, posixpath.basename(source))
                paths.append(posixpath.relpath(posixpath.normpath(posixpath.join(base, target)), base))
    return paths
