import pytest

from .compose_file import resolved_config


@pytest.fixture(scope="session")
def compose_config() -> dict:
    return resolved_config()
