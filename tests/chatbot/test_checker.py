"""The checker dialogue's actions (actions/checker.py) without a model: validation of typed answers and
buttons, questions skipped like on the site, interruptions, and the result, which is the engine's."""

import asyncio
import concurrent.futures

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import checker
from bvmt import obligations as ob
from channels.rest_vi import clean_message
from helpers import ROOT

RULES = checker.STORE.get()
CASES = yaml.safe_load((ROOT / "docs/_data/nghia-vu-vi-du.yml").read_text(encoding="utf-8"))
DOMAIN = yaml.safe_load((ROOT / "chatbot/domain/checker.yml").read_text(encoding="utf-8"))


def run(coro):
    """Run an action's coroutine in its own thread: the browser tests' Playwright keeps an event loop running here."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def tracker(slots=None, text="", intent="checker_inform", entities=(), candidate=None, requested=None):
    """A tracker as the form hands it to the validation action: candidates are the trailing slot events."""
    events = [{"event": "action", "name": "checker_form"}]
    if candidate is not None:
        events.append({"event": "slot", "name": candidate, "value": text})
    slots = dict(slots or {})
    if requested:
        slots["requested_slot"] = requested
    if candidate is not None:
        slots[candidate] = text
    return Tracker("test", slots, {"text": text, "intent": {"name": intent, "confidence": 0.9},
                                   "entities": list(entities)}, events, False, None,
                   {"name": "checker_form"}, "action_listen")


def validate(slot_values, qid, text, **kw):
    dispatcher = CollectingDispatcher()
    form = checker.ValidateCheckerForm()
    t = tracker(slot_values, text, candidate=checker.slot_of(qid), requested=checker.slot_of(qid), **kw)
    events = run(form.run(dispatcher, t, DOMAIN))
    return events, dispatcher.messages


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_domain_has_one_slot_and_ask_action_per_question():
    qids = [q["id"] for q in RULES["questions"]]
    assert DOMAIN["forms"]["checker_form"]["required_slots"] == [f"nv_{q}" for q in qids]
    assert {f"action_ask_nv_{q}" for q in qids} <= set(DOMAIN["actions"])
    assert {f"nv_{q}" for q in qids} | {"nv_huy"} == set(DOMAIN["slots"])


def test_every_ask_action_is_registered():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(DOMAIN["actions"]) <= set(executor.actions)


@pytest.mark.parametrize("payload", ['/checker_answer{"checker_value": "giai_doan:du_an_moi"}', "/start_checker", "/stop_checker"])
def test_button_payloads_pass_the_channel(payload):
    assert clean_message(payload) == (payload, False)


@pytest.mark.parametrize("qid, text, value", [
    ("nuoc_thai", "5 m3/ngày", "5"), ("nuoc_thai", "năm khối một ngày", "5"), ("ctnh", "2 tấn mỗi tháng", "2000"),
    ("ctr_sinh_hoat", "khoang 300 kg", "300"), ("ctnh", "20kg/thang", "20"), ("giai_doan", "dự án mới", "du_an_moi"),
    ("nuoc_thai", "không biết", "kb"), ("vi_tri", "trong kcn", "trong_kcn"),
])
def test_typed_answers_fill_the_slot(qid, text, value):
    events, messages = validate({}, qid, text)
    assert slot_events(events)[checker.slot_of(qid)] == value


def test_number_is_confirmed_with_its_conversion_and_unknown_gets_help():
    _, messages = validate({}, "ctnh", "2 tấn mỗi tháng")
    assert "2.000 kg/tháng" in messages[0]["text"]
    _, messages = validate({}, "nuoc_thai", "không biết")
    assert "hóa đơn tiền nước" in messages[0]["text"]


def test_button_answers():
    entity = [{"entity": "checker_value", "value": "nganh_o_nhiem:co"}]
    events, _ = validate({}, "nganh_o_nhiem", '/checker_answer{"checker_value": "nganh_o_nhiem:co"}',
                         intent="checker_answer", entities=entity)
    assert slot_events(events)["nv_nganh_o_nhiem"] == "co"
    stale = [{"entity": "checker_value", "value": "giai_doan:du_an_moi"}]  # a button of an earlier question
    events, messages = validate({}, "nganh_o_nhiem", '/checker_answer{"checker_value": "giai_doan:du_an_moi"}',
                                intent="checker_answer", entities=stale)
    assert slot_events(events)["nv_nganh_o_nhiem"] is None and "câu hỏi trước" in messages[0]["text"]


@pytest.mark.parametrize("text", ["nhiều lắm", "dưới 5 khối", "5 kg", "xin chào"])
def test_unclear_answers_are_asked_again_kindly(text):
    events, messages = validate({}, "nuoc_thai", text, intent="nlu_fallback")
    assert slot_events(events)["nv_nuoc_thai"] is None
    assert "trả lời lại" in messages[-1]["text"] and "không biết" in messages[-1]["text"]


def test_a_question_in_the_middle_is_answered_then_the_form_goes_on(monkeypatch):
    from actions import faq

    async def fake_answer(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="(câu trả lời hỏi đáp)", json_message={"type": "answer"})
        return []

    monkeypatch.setattr(faq.ActionAnswerFaq, "run", fake_answer)
    events, messages = validate({}, "nuoc_thai", "ai phải đăng ký môi trường", intent="faq_dkmt_ai_phai_dang_ky")
    assert slot_events(events)["nv_nuoc_thai"] is None
    assert messages[0]["text"] == "(câu trả lời hỏi đáp)" and "Quay lại phần kiểm tra" in messages[1]["text"]


def test_typed_stop_word_ends_the_form_as_cancelled():
    events, _ = validate({}, "nuoc_thai", "huỷ")
    assert slot_events(events)["nv_huy"] is True and slot_events(events)["requested_slot"] is None


def test_skipped_questions_are_not_requested():
    answered = {"nv_giai_doan": "dang_hoat_dong", "nv_vi_tri": "ngoai", "nv_nganh_o_nhiem": "khong"}
    events, _ = validate(answered, "nuoc_thai", "0")
    assert slot_events(events)["requested_slot"] == "nv_khi_thai"  # loai_nuoc_thai skipped as on the site


def simulate(case):
    """Answer the bot's questions from the case (buttons for choices, typed figures), as the form would."""
    slots, asked = {}, []
    for _ in range(len(RULES["questions"]) + 1):
        form = checker.ValidateCheckerForm()
        required = run(form.required_slots([], CollectingDispatcher(), tracker(slots), DOMAIN))
        requested = next((s for s in required if slots.get(s) is None), None)
        if requested is None:
            break
        qid = requested[len("nv_"):]
        asked.append(qid)
        q = ob.question(RULES, qid)
        value = case["tra_loi"].get(qid, ob.UNKNOWN)
        if value == ob.UNKNOWN or q["type"] == "choice":
            text = checker.answer_payload(qid, value)
            entities = [{"entity": "checker_value", "value": f"{qid}:{value}"}]
            events, _ = validate(slots, qid, text, intent="checker_answer", entities=entities)
        else:
            events, _ = validate(slots, qid, f"{value} {q['unit']}")
        slots.update({k: v for k, v in slot_events(events).items() if k != "requested_slot"})
    return slots, asked


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_dialogue_gives_the_engine_result_for_every_worked_case(case):
    slots, asked = simulate(case)
    assert asked == ob.active_questions(RULES, case["tra_loi"])
    dispatcher = CollectingDispatcher()
    run(checker.ActionCheckerResult().run(dispatcher, tracker(slots), {}))
    result = dispatcher.messages[-1]["custom"]
    assert result["type"] == "checker_result"
    assert result["outcomes"] == ob.evaluate(RULES, case["tra_loi"])["outcomes"]
    answered = {qid: case["tra_loi"].get(qid, ob.UNKNOWN) for qid in asked}  # the bot asks every question
    assert result["url"].endswith("/kiem-tra-nghia-vu/?" + ob.encode_answers(RULES, answered))
    text = "\n".join(m["text"] for m in dispatcher.messages)
    assert "không phải quyết định pháp lý" in text
    for oid in case["ap_dung"]:
        o = ob.outcome(RULES, oid)
        assert o["title"] in text and f"{o['basis'][0]['where']}, {o['basis'][0]['label']}" in text


def test_question_has_buttons_for_choices_and_unknown():
    reply = checker.question_reply(RULES, "giai_doan", {})
    assert reply["text"].startswith("Câu 1/")
    assert [b["payload"] for b in reply["buttons"]] == [
        '/checker_answer{"checker_value": "giai_doan:du_an_moi"}', '/checker_answer{"checker_value": "giai_doan:dang_hoat_dong"}',
        '/checker_answer{"checker_value": "giai_doan:kb"}']
    number = checker.question_reply(RULES, "nuoc_thai", {})
    assert [b["title"] for b in number["buttons"]] == ["Không biết"] and "m³/ngày" in number["text"]
