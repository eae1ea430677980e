import os

import pytest

from myna.profile import load_profile
from tests.profiles import PROFILES
from tests.servers import ActionServer, RasaServer, free_port


@pytest.fixture
def ports_env():
    env = dict(os.environ, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
    env["RASA_TELEMETRY_ENABLED"] = "false"
    return env


@pytest.fixture(scope="package")
def servers(tmp_path_factory):
    """One Rasa server for every profile; its action server is restarted per profile."""
    work_dir = tmp_path_factory.mktemp("stack")
    actions = ActionServer(work_dir)
    rasa = RasaServer(work_dir, actions.port)
    yield rasa, actions
    rasa.stop()
    actions.stop()


@pytest.fixture(scope="package", params=sorted(PROFILES))
def profile(request):
    """The conversations run on each insurer profile: another insurer changes the file."""
    return request.param


@pytest.fixture(scope="package")
def stack(servers, profile):
    """The Rasa server and an action server on `profile` (clock fixed to Saturday
    2026-11-21 18:00 Tokyo)."""
    rasa, actions = servers
    actions.defaults = {"MYNA_SETTINGS_FILE": str(PROFILES[profile])}
    actions.start(MYNA_FIXED_NOW="2026-11-21T18:00:00")
    yield rasa, actions


@pytest.fixture
def insurer_profile(profile):
    return load_profile(PROFILES[profile])


@pytest.fixture
def loss_numbers(insurer_profile):
    """The national loss line's numbers (free dial first), from the profile under test."""
    return [p.number for p in insurer_profile.national_lines.loss.numbers]


@pytest.fixture
def free_dial(insurer_profile):
    """The national general line's free-dial number."""
    return insurer_profile.national_lines.general.numbers[0].number
