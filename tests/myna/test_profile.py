import copy
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from myna import profile as st
from myna import session_slots
from tests.profiles import FIXTURE

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean(runtime_env):
    runtime_env(MYNA_SETTINGS_FILE=None)  # the production file
    st.clear_cache()
    yield
    st.clear_cache()


@pytest.fixture(scope="module")
def raw():
    """The fixture profile as plain data (dates kept as strings, like the loader does)."""
    return yaml.load(FIXTURE.read_text(encoding="utf-8"), Loader=st._Loader)


def write(tmp_path, data, name="insurer.yml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def test_good_file():
    s = st.load_profile(FIXTURE)
    assert s.insurer.name.value == "大阪薬業健康保険組合"
    assert [c.number for c in s.insurer.contacts] == ["06-6941-5004", "078-221-6100", "075-801-2905"]
    assert s.insurer.hours is None  # 004 prints no hours
    n = s.national_lines
    assert n.loss.numbers[0].number == "0120-95-0178" and n.loss.menu == 2
    assert n.loss.hours.always_open
    assert n.general.hours.weekdays.open.strftime("%H:%M") == "09:30"
    assert n.general.hours.weekdays.close.strftime("%H:%M") == "20:00"
    assert n.general.hours.weekends_holidays.close.strftime("%H:%M") == "17:30"
    # 002 prints 年末年始 without dates: no dates are configured
    assert n.general.hours.closed_text == "年末年始" and n.general.hours.closed_from is None
    assert n.ip_phone.numbers[0].number == "050-3818-1250"
    assert n.foreign.numbers[0].number == "0120-0178-27"
    assert n.abroad.numbers[0].number == "+81-3-6734-0170"
    k = s.kakuninsho
    assert k.insurer_valid_until.value == date(2029, 3, 31)
    assert k.kouki_valid_until.value == date(2026, 7, 31)
    assert s.legacy_card.cutoff.value == date(2025, 12, 1)


def test_every_value_has_a_leaflet_source(raw):
    def walk(node, path):
        if isinstance(node, dict):
            for key, val in node.items():
                if key in ("source", "menu_source", "hours_source"):
                    assert isinstance(val, str) and ".txt" in val, path + [key]
                walk(val, path + [key])
        elif isinstance(node, list):
            for i, val in enumerate(node):
                walk(val, path + [i])

    walk(raw, [])
    for section in ("kakuninsho", "legacy_card"):
        for key, val in raw[section].items():
            items = val if isinstance(val, list) else [val]
            for item in items:
                assert "source" in item, (section, key)


@pytest.mark.parametrize(
    "today, expired",
    [(date(2026, 11, 21), "false"), (date(2029, 3, 31), "false"), (date(2029, 4, 1), "true")],
)
def test_slot_values(today, expired):
    values = session_slots.slot_values(st.load_profile(FIXTURE), today=today)
    assert {k: values[k] for k in ("insurer_name", "kakuninsho_valid_until", "kakuninsho_expired")} == {
        "insurer_name": "大阪薬業健康保険組合",
        "kakuninsho_valid_until": "2029年3月31日",
        "kakuninsho_expired": expired,
    }
    assert values["insurer_contact_count"] == "3"
    assert (values["insurer_tel_3"], values["insurer_tel_3_label"]) == ("075-801-2905", "京都支部")
    assert values["general_hours"] == "平日 9:30～20:00、土日祝 9:30～17:30、年末年始を除く"
    assert all(isinstance(v, str) for v in values.values())  # a None would print "None"


def test_env_var_overrides_path(tmp_path, raw, runtime_env):
    data = copy.deepcopy(raw)
    data["insurer"]["name"]["value"] = "テスト健康保険組合"
    p = write(tmp_path, data)
    runtime_env(MYNA_SETTINGS_FILE=str(p))
    assert st.profile_path() == p
    assert st.load_profile().insurer.name.value == "テスト健康保険組合"


def test_cached_per_path(tmp_path, raw):
    a = st.load_profile(FIXTURE)
    assert st.load_profile(FIXTURE) is a
    p = write(tmp_path, raw)
    b = st.load_profile(p)
    assert b is not a and st.load_profile(p) is b


def _mutate(data, path, value=None, delete=False):
    node = data
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@pytest.mark.parametrize(
    "path, value, delete, field",
    [
        # missing keys
        (["insurer", "name"], None, True, "insurer.name"),
        (["kakuninsho", "insurer_valid_until", "source"], None, True, "kakuninsho.insurer_valid_until.source"),
        (["national_lines", "loss"], None, True, "national_lines.loss"),
        (["legacy_card"], None, True, "legacy_card"),
        # bad dates
        (["kakuninsho", "insurer_valid_until", "value"], "2029-02-30", False, "kakuninsho.insurer_valid_until.value"),
        (["kakuninsho", "kouki_valid_until", "value"], "2026/07/31", False, "kakuninsho.kouki_valid_until.value"),
        (["legacy_card", "cutoff", "value"], 20251201, False, "legacy_card.cutoff.value"),
        (["legacy_card", "cutoff", "value"], "2024-01-01", False, "legacy_card"),  # before stop
        # bad phone formats
        (
            ["national_lines", "loss", "numbers", 0, "number"],
            "0120-95-017",
            False,
            "national_lines.loss.numbers.0.number",
        ),
        (
            ["national_lines", "general", "numbers", 0, "number"],
            "0120950178",
            False,
            "national_lines.general.numbers.0.number",
        ),
        (
            ["national_lines", "general", "numbers", 0, "number"],
            120950178,
            False,
            "national_lines.general.numbers.0.number",
        ),
        (["insurer", "contacts", 0, "number"], "06-6941-5004 (代表)", False, "insurer.contacts.0.number"),
        (
            ["national_lines", "abroad", "numbers", 0, "number"],
            "+1-3-6734-0170",
            False,
            "national_lines.abroad.numbers.0.number",
        ),
        # national numbers may not be null (only the insurer's)
        (["national_lines", "loss", "numbers", 0, "number"], None, False, "national_lines.loss.numbers.0.number"),
        # bad hours
        (
            ["national_lines", "general", "hours", "weekdays", "open"],
            "9:30",
            False,
            "national_lines.general.hours.weekdays.open",
        ),
        (
            ["national_lines", "general", "hours", "weekdays", "close"],
            "08:00",
            False,
            "national_lines.general.hours.weekdays",
        ),
        (["national_lines", "general", "hours", "closed_to"], "02-30", False, "national_lines.general.hours.closed_to"),
        # closure dates need the leaflet that states them
        (["national_lines", "general", "hours", "closed_from"], "12-29", False, "national_lines.general.hours"),
        # policy dates need as_of
        (["legacy_card", "cutoff", "as_of"], None, True, "legacy_card.cutoff.as_of"),
        (["kakuninsho", "kouki_valid_until", "as_of"], "2025/12", False, "kakuninsho.kouki_valid_until.as_of"),
        # unknown key (typo)
        (["insurer", "nmae"], "x", False, "insurer.nmae"),
        # empty source
        (["insurer", "name", "source"], "  ", False, "insurer.name.source"),
    ],
)
def test_bad_file(tmp_path, raw, path, value, delete, field):
    data = copy.deepcopy(raw)
    _mutate(data, path, value, delete)
    p = write(tmp_path, data, "bad.yml")
    with pytest.raises(st.ProfileError) as info:
        st.load_profile(p)
    err = info.value
    assert field in err.fields
    assert str(p) in str(err) and field in str(err)


def test_null_insurer_number_is_allowed(tmp_path, raw):
    data = copy.deepcopy(raw)
    for c in data["insurer"]["contacts"]:
        c["number"] = None
    s = st.load_profile(write(tmp_path, data))
    assert all(c.number is None for c in s.insurer.contacts)


@pytest.mark.parametrize(
    "content, field",
    [("- just\n- a list\n", "<root>"), ("insurer: [unclosed\n", "<yaml>"), ("", "<root>")],
)
def test_not_a_settings_mapping(tmp_path, content, field):
    p = tmp_path / "x.yml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(st.ProfileError) as info:
        st.load_profile(p)
    assert info.value.fields == [field] and str(p) in str(info.value)


def test_missing_file(tmp_path, runtime_env):
    p = tmp_path / "nope.yml"
    runtime_env(MYNA_SETTINGS_FILE=str(p))
    with pytest.raises(st.ProfileError) as info:
        st.load_profile()
    assert info.value.fields == ["<file>"] and str(p) in str(info.value)


def test_errors_are_not_cached(tmp_path, raw):
    p = tmp_path / "later.yml"
    with pytest.raises(st.ProfileError):
        st.load_profile(p)
    write(tmp_path, raw, "later.yml")
    assert st.load_profile(p).insurer.name.value == "大阪薬業健康保険組合"


def test_no_io_and_no_rasa_at_import(tmp_path):
    code = (
        "import sys\n"
        "import myna.profile, myna.expiry, myna.dates, myna.hotline, myna.config\n"
        "import myna.expiry_cli\n"
        "bad = [m for m in sys.modules if m == 'rasa' or m.startswith(('rasa.', 'rasa_sdk'))]\n"
        "assert not bad, bad\n"
        "assert 'holidays' not in sys.modules\n"
        "print('ok')\n"
    )
    env = {"MYNA_SETTINGS_FILE": str(tmp_path / "does-not-exist.yml"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_command_line_check_names_the_bad_field(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    bad = tmp_path / "insurer.yml"
    production = root / "settings" / "insurer.yml"
    number = st.load_profile(production).national_lines.general.numbers[0].number
    bad.write_text(production.read_text().replace(number, number.replace("-", "-XX", 1), 1))
    env = dict(os.environ, MYNA_SETTINGS_FILE=str(bad))
    result = subprocess.run(
        [sys.executable, "-m", "myna.config"], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "設定ファイルに誤りがあります" in result.stderr and "number" in result.stderr
    good = subprocess.run([sys.executable, "-m", "myna.config"], cwd=root, capture_output=True, text=True, timeout=60)
    assert good.returncode == 0 and "大阪薬業健康保険組合" in good.stdout
