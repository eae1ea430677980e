"""The insurer profiles: the production file, the tests' fixture and the fictitious
example share the national facts; only the insurer's own part differs."""

import yaml

from myna.profile import DEFAULT_PATH, _Loader, load_profile
from tests.profiles import KOKUHO_EXAMPLE, PROFILES

NATIONAL = ("national_lines", "legacy_card")


def _raw(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def test_every_profile_is_valid():
    for path in (DEFAULT_PATH, *PROFILES.values()):
        load_profile(path)


def test_profiles_share_the_national_facts():
    production = _raw(DEFAULT_PATH)
    for path in PROFILES.values():
        profile = _raw(path)
        for section in NATIONAL:
            assert profile[section] == production[section], (path, section)
        national_kakuninsho = {k: v for k, v in profile["kakuninsho"].items() if k != "insurer_valid_until"}
        assert national_kakuninsho == {k: v for k, v in production["kakuninsho"].items()
                                       if k != "insurer_valid_until"}, path


def test_the_example_is_marked_fictitious():
    example = load_profile(KOKUHO_EXAMPLE)
    assert example.insurer.example and not load_profile(DEFAULT_PATH).insurer.example
    assert all(c.number.startswith("00-") for c in example.insurer.contacts)  # not a real line
