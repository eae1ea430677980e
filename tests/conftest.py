import os

import pytest

from myna import config
from tests.profiles import FIXTURE

# Every test reads the fixture profile unless it names another: a change of the
# production file (settings/insurer.yml) is not a change of the tests. Servers the
# tests start read it from the environment; this process from the installed config.
os.environ.setdefault("MYNA_SETTINGS_FILE", str(FIXTURE))
config.install(config.load_config(os.environ))


@pytest.fixture
def runtime_env(monkeypatch):
    """The one way to change variables in the tests' own process: `runtime_env(NAME=value)`
    sets them, validates the environment as an entry point does (myna.config) and
    installs the result (the clock, the profile file, the stores' and channels'
    settings); `runtime_env(NAME=None)` removes one. The test's end restores both."""

    def apply(**variables):
        for name, value in variables.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return config.install(config.load_config(os.environ))

    yield apply
    monkeypatch.undo()
    config.install(config.load_config(os.environ))
