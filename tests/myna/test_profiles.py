"""The insurer profiles: the production file and the fictitious example share the
national facts; only the insurer's own part differs. The tests' fixture is a frozen copy
(tests/conftest.py): a changed national number is changed in the two deployed profiles,
and no test changes with it (the tests that run on both profiles read it from them)."""

import yaml

from myna.profile import DEFAULT_PATH, _Loader, load_profile
from tests.profiles import FIXTURE, KOKUHO_EXAMPLE, PROFILES

NATIONAL = ("national_lines", "legacy_card")


def _raw(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def test_every_profile_is_valid():
    for path in (DEFAULT_PATH, *PROFILES.values()):
        load_profile(path)


def test_the_deployed_profiles_share_the_national_facts():
    production = _raw(DEFAULT_PATH)
    for path in (p for p in PROFILES.values() if p != FIXTURE):
        profile = _raw(path)
        for section in NATIONAL:
            assert profile[section] == production[section], (path, section)
        national_kakuninsho = {k: v for k, v in profile["kakuninsho"].items() if k != "insurer_valid_until"}
        assert national_kakuninsho == {
            k: v for k, v in production["kakuninsho"].items() if k != "insurer_valid_until"
        }, path


def test_the_example_is_marked_fictitious():
    example = load_profile(KOKUHO_EXAMPLE)
    assert example.insurer.example and not load_profile(DEFAULT_PATH).insurer.example
    assert all(c.number.startswith("00-") for c in example.insurer.contacts)  # not a real line
