"""The answers' texts as Rasa fills them (its own templated NLG, the domain's
responses, the slots set at session start from each insurer profile): true on the
day of the conversation, with the insurer's numbers, one wording per fact."""

import asyncio
import re
from datetime import date, datetime, timedelta

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from actions.hand_off import hotline_slots
from actions.personal_dates import answer_slots, legacy_until
from myna import expiry as rules
from myna.clock import TOKYO
from myna.hotline import choose_line
from myna.profile import load_profile
from myna.session_slots import slot_values
from tests.profiles import FIXTURE, PROFILES, ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
NLG = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
TODAY = date(2026, 12, 1)
INSURER_TOPICS = (
    "human_handoff",
    "registration_cancel",
    "shikaku_kakuninsho",
    "kogaku_ryoyohi",
    "job_change",
    "shikaku_joho_oshirase",
)


def render(name, slots, **values):
    tracker = DialogueStateTracker.from_events("test", [SlotSet(k, v) for k, v in slots.items()], slots=DOMAIN.slots)
    return asyncio.run(NLG.generate(name, tracker, "rest", **values))


def session(profile=FIXTURE, today=TODAY):
    return slot_values(load_profile(profile), today=today)


def every_answer(slots):
    """(name, text) of every response as the user would get it with these slots."""
    out = []
    for name in DOMAIN.responses:
        message = render(name, slots, outage_insurer="", pd_legacy_until="")
        if message and message.get("text"):
            out.append((name, message["text"]))
    return out


# ---------------------------------------------------------------- 1. notice window passed
def test_a_passed_notice_window_is_told_as_passed():
    result = rules.compute(date(1980, 1, 20), date(2022, 1, 25), today=TODAY, profile=load_profile(FIXTURE))
    slots = answer_slots(result)
    assert slots["pd_cert_state"] == "notice_passed"  # window 2026-10-20..11-20, expiry 2027-01-20
    text = render("utter_personal_certificate_status", slots)["text"]
    assert "2026年10月20日〜2026年11月20日ごろに届いているはず" in text
    assert "届いていないときは" in text and "届きます" not in text


# ---------------------------------------------------------------- 2. the insurer's own numbers
@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
@pytest.mark.parametrize("topic", INSURER_TOPICS)
def test_insurer_matters_give_the_insurers_numbers_as_tel_buttons(profile, topic):
    message = render(f"utter_{topic}", session(profile))
    contacts = [c for c in load_profile(profile).insurer.contacts if c.number]
    assert contacts
    for contact in contacts:
        assert contact.number in message["text"]
        assert {"title": f"{contact.label}に電話", "payload": f"tel:{contact.number}"} in message["buttons"]
    assert len(message["buttons"]) == len(contacts)


# ---------------------------------------------------------------- 4. certificate expiry alarm
def test_an_expired_certificate_is_told_as_assuming_no_renewal_before_the_alarm():
    result = rules.compute(date(1955, 7, 8), date(2020, 3, 1), today=TODAY, profile=load_profile(FIXTURE))
    slots = answer_slots(result)
    assert slots["pd_cert_state"] == "expired" and slots["pd_cert_basis"] == "issued"
    text = render("utter_personal_certificate_status", slots)["text"]
    assert text.index("更新していなければ") < text.index("資格確認書")
    assert "更新した日" in text  # how to get the date recomputed
    assert "一度も更新していない場合" in render("utter_personal_dates", slots)["text"]


def test_a_renewed_certificate_is_counted_from_its_renewal():
    result = rules.compute(
        date(1955, 7, 8),
        date(2020, 3, 1),
        today=TODAY,
        profile=load_profile(FIXTURE),
        certificate_renewed=date(2024, 6, 10),
    )
    slots = answer_slots(result)
    assert result.certificate_expires == date(2028, 7, 8) and slots["pd_cert_state"] == "valid"
    assert result.card_expires == date(2029, 7, 8)  # the card's date is unchanged
    assert "2024年（令和6年）6月10日に更新した場合" in render("utter_personal_dates", slots)["text"]


# ---------------------------------------------------------------- 5. tense from policy dates
# Statements that rest on a dated rule or measure: the date itself in any of its forms,
# or the words that name the measure.
_FUTURE = re.compile(r"まで有効です|まで使えます|使えます。|交付されています|届きます|交付します")


def _forms(d: date):
    return (f"{d.year}年{d.month}月{d.day}日", f"{d.year}年{d.month}月末")


_MEASURE_WORDS = {
    "kakuninsho.kouki_valid_until": ("後期高齢者",),
    "legacy_card.cutoff": ("従来の保険証", "従来の健康保険証"),
    "kakuninsho.insurer_valid_until": (),
    "legacy_card.issuance_stopped": (),
}


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
@pytest.mark.parametrize("policy", list(_MEASURE_WORDS))
def test_no_answer_states_a_policy_date_in_the_future_the_day_after_it(profile, policy):
    insurer_profile = load_profile(profile)
    dated = insurer_profile.policy_dates()[policy]
    assert dated.source and dated.as_of
    day_after = dated.value + timedelta(days=1)
    words = _forms(dated.value) + _MEASURE_WORDS[policy]
    stated = []
    for name, text in every_answer(slot_values(insurer_profile, today=day_after)):
        for sentence in re.split(r"(?<=[。\n])", text):
            if any(w in sentence for w in words) and _FUTURE.search(sentence):
                stated.append((name, sentence))
    assert not stated, stated


def test_the_policy_dates_are_the_settings_ones():
    assert set(load_profile(FIXTURE).policy_dates()) == set(_MEASURE_WORDS)


def test_the_kouki_measure_is_in_the_present_before_its_end():
    insurer_profile = load_profile(FIXTURE)
    end = insurer_profile.kakuninsho.kouki_valid_until.value
    assert "まで有効です" in render("utter_kouki_kakuninsho", slot_values(insurer_profile, today=end))["text"]
    after = render("utter_kouki_kakuninsho", slot_values(insurer_profile, today=end + timedelta(days=1)))["text"]
    assert "すでに過ぎています" in after


# ---------------------------------------------------------------- 6. no invented dates
def test_year_end_is_told_without_dates():
    for name, text in every_answer(session()):
        assert not re.search(r"12月29日|1月3日|1月4日", text), name
    line = choose_line("general", datetime(2026, 12, 31, 10, 0, tzinfo=TOKYO), load_profile(FIXTURE))
    text = render("utter_hotline", hotline_slots(line))["text"]
    assert "年末年始を除く" in text and "受付時間内" not in text and "1月4日" not in text


# ---------------------------------------------------------------- 7. one PIN wording
def test_every_answer_about_telling_the_pin_says_the_same():
    wording = "暗証番号を教えてよいのは、原則として法定代理人だけです。"
    about_pin = [
        (n, t)
        for n, t in every_answer(session())
        if re.search(r"暗証番号[はを]?.{0,12}(教え|知らせ)|代理の方が暗証番号", t)
    ]
    assert {n for n, _ in about_pin} >= {"utter_caregiver_help", "utter_facility_custody", "utter_pii_warning"}
    for name, text in about_pin:
        assert wording in text, name
        assert "以外の人には教えないで" not in text and "以外には教えないで" not in text, name


# ---------------------------------------------------------------- 8. missing facts
def test_smartphone_answer_gives_the_other_menu():
    insurer_profile = load_profile(FIXTURE)
    text = render("utter_smartphone_lost", session())["text"]
    assert f"音声ガイダンス{insurer_profile.national_lines.smartphone_other_menu.value}番" in text


def test_outage_message_gives_the_loss_menu():
    text = render("utter_action_server_unavailable", session(), outage_insurer="x")["text"]
    assert "音声ガイダンス2番" in text and "0120-95-0178" in text


def test_overseas_answer_says_who_is_eligible():
    assert "日本国籍" in render("utter_overseas", session())["text"]


def test_abroad_number_as_printed_with_the_international_link():
    line = choose_line("abroad", profile=load_profile(FIXTURE))
    message = render("utter_hotline", hotline_slots(line))
    assert "03-6734-0170" in message["text"]
    assert message["buttons"] == [{"title": "03-6734-0170に電話", "payload": "tel:+81-3-6734-0170"}]


@pytest.mark.parametrize("topic, words", [("job_change", "営業日"), ("linkage_check", "照合")])
def test_one_insurers_practice_is_told_as_that_insurers(topic, words):
    own = render(f"utter_{topic}", session(PROFILES["fixture"]))["text"]
    assert "大阪薬業健康保険組合では、" in own and words in own
    other = render(f"utter_{topic}", session(PROFILES["kokuho_example"]))["text"]
    assert words not in other


def test_every_slot_in_an_answer_is_set_at_session_start_or_by_an_action():
    placeholders = set()
    for variations in DOMAIN.responses.values():
        for v in variations:
            placeholders |= set(re.findall(r"{(\w+)}", str(v)))
    # serving/action_failure.py, the form, action_answer_concerns
    passed_by_code = {"outage_insurer", "pd_legacy_until", "concern_count"}
    assert placeholders <= {s.name for s in DOMAIN.slots} | passed_by_code
    # answers filled by the form or the hand-off have their own slots (tested above)
    for name, text in every_answer(session(PROFILES["kokuho_example"])):
        if not name.startswith(("utter_personal", "utter_hotline", "utter_ask_rephrase")):
            assert "None" not in text, name


# ---------------------------------------------------------------- 9. length, one statement
@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
def test_answers_are_short_without_nested_brackets(profile):
    for name, text in every_answer(session(profile)):
        body = text.split("詳しくは")[0]
        assert len(body) <= 250, (name, len(body))
        assert not re.search(r"（[^（）]*（", body), name


def test_the_lost_card_turn_says_the_number_menu_and_hours_once():
    insurer_profile = load_profile(FIXTURE)
    answer = render("utter_lost_card", session())["text"]
    card = render("utter_hotline", hotline_slots(choose_line("loss", profile=insurer_profile)))["text"]
    turn = answer + card
    loss = insurer_profile.national_lines.loss
    for fact in (loss.numbers[0].number, f"{loss.menu}番", loss.hours.text):
        assert turn.count(fact) == 1, fact


# ---------------------------------------------------------------- 10. the old card in the form
def test_the_old_card_answer_leads_with_every_old_card_having_expired():
    result = rules.compute(
        date(1955, 7, 8),
        date(2020, 3, 1),
        insurance="kokuho",
        printed_expiry=date(2025, 7, 31),
        today=TODAY,
        profile=load_profile(FIXTURE),
    )
    text = render("utter_personal_legacy_card", session(), pd_legacy_until=legacy_until(result))["text"]
    assert text.startswith("従来の健康保険証は、今はすべて有効期限が終わっています。")
    assert "2025年（令和7年）7月31日" in text


def test_the_old_card_without_its_type_is_bounded_by_its_printed_date():
    result = rules.compute(
        date(1955, 7, 8), date(2020, 3, 1), printed_expiry=date(2025, 3, 31), today=TODAY, profile=load_profile(FIXTURE)
    )
    assert legacy_until(result) == "2025年（令和7年）3月31日"
