"""One action server for the staff tests (clock fixed, so the hand-off is stable)."""

import pytest

from tests.servers import ActionServer


@pytest.fixture(scope="package")
def actions(tmp_path_factory):
    server = ActionServer(tmp_path_factory.mktemp("staff-actions"))
    server.start(MYNA_FIXED_NOW="2026-11-24T10:00:00")
    yield server
    server.stop()
