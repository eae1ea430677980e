import os

import pytest

from tests.servers import ActionServer, RasaServer, free_port


@pytest.fixture
def ports_env():
    env = dict(os.environ, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
    env["RASA_TELEMETRY_ENABLED"] = "false"
    return env


@pytest.fixture(scope="package")
def stack(tmp_path_factory):
    """An action server (clock fixed to Saturday 2026-11-21 18:00 Tokyo) and a Rasa server."""
    work_dir = tmp_path_factory.mktemp("stack")
    actions = ActionServer(work_dir)
    actions.start(MYNA_FIXED_NOW="2026-11-21T18:00:00")
    rasa = RasaServer(work_dir, actions.port)
    yield rasa, actions
    rasa.stop()
    actions.stop()
