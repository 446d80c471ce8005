"""The obligations checker in the bot: a form that asks the questions of docs/_data/nghia-vu.yml one at a
time and a result computed with the site's engine (bvmt.obligations), so the site and the bot never disagree.

All state is in the conversation's slots (nv_<question id>); the action server keeps nothing between
requests, so the dialogue goes on after it restarts. Free-text replies are read by bvmt.quantity
("5 khối", "2 tấn mỗi tháng", "không biết"); a question asked in the middle is answered by the Q&A action
and the form asks its question again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.replies import site_url
from bvmt import obligations as ob
from bvmt import parse, read, rules_check
from bvmt.model import OBLIGATIONS_FILE
from bvmt.quantity import Answer, format_vi, interpret
from bvmt.text import fold_key

ROOT = Path(__file__).resolve().parents[2]
SLOT_PREFIX = "nv_"
CANCEL_SLOT = "nv_huy"
FORM = "checker_form"
PAGE = "/kiem-tra-nghia-vu/"
STOP_WORDS = {"thoi", "huy", "dung", "dung lai", "thoat", "huy bo", "ket thuc", "thoi khong lam nua",
              "khong lam nua", "stop", "cancel", "thoi dung lai", "ngung", "ngung lai"}
CERTAINTY = {"C": "đã xác nhận", "S": "nguồn thứ cấp, cần đối chiếu văn bản gốc"}
HOW_TO_STOP = "Nhắn «thôi» nếu muốn dừng."


class RulesStore:
    """The checker's rules compiled as for the site (labels of the cited documents, topic titles),
    reloaded when the rules file changes. Reads files only; decides nothing."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = Path(root)
        self._mtime: Optional[float] = None
        self._rules: Dict[str, Any] = {}

    def get(self) -> Dict[str, Any]:
        mtime = (self.root / "docs" / OBLIGATIONS_FILE).stat().st_mtime
        if mtime != self._mtime:
            content, _ = parse.parse(read.read_tree(self.root))
            self._rules = rules_check.compile_rules(content)
            self._mtime = mtime
        return self._rules


STORE = RulesStore()


def slot_of(qid: str) -> str:
    return SLOT_PREFIX + qid


def answers_from(slots: Mapping[str, Any], rules: Mapping) -> Dict[str, Any]:
    """The checker's answers from the conversation's slots (canonical strings; the engine cleans them)."""
    return ob.clean_answers(rules, {q["id"]: slots.get(slot_of(q["id"])) for q in rules["questions"]
                                    if slots.get(slot_of(q["id"])) is not None})


def share_url(rules: Mapping, answers: Mapping[str, Any], base: Optional[str] = None) -> str:
    query = ob.encode_answers(rules, answers)
    return (base or site_url()) + PAGE + (f"?{query}" if query else "")


def answer_payload(qid: str, value: str) -> str:
    return '/checker_answer{"checker_value": "%s:%s"}' % (qid, value)


def question_reply(rules: Mapping, qid: str, answers: Mapping[str, Any]) -> Dict[str, Any]:
    q = ob.question(rules, qid)
    active = ob.active_questions(rules, answers)
    lines = [f"Câu {active.index(qid) + 1}/{len(active)}: {q['text'].strip()}"]
    buttons = []
    if q["type"] == "choice":
        buttons = [{"title": o["label"], "payload": answer_payload(qid, o["value"])} for o in q["options"]]
    else:
        lines.append(f"Bạn trả lời bằng một con số, ví dụ «5 {q['unit']}».")
    buttons.append({"title": "Không biết", "payload": answer_payload(qid, ob.UNKNOWN)})
    return {"text": "\n".join(lines), "buttons": buttons,
            "custom": {"type": "checker_question", "id": qid, "kind": q["type"], "unit": q.get("unit")}}


def _basis(outcome: Mapping) -> str:
    return "; ".join(f"{b['where']}, {b['label']}" for b in outcome["basis"])


def result_replies(rules: Mapping, answers: Mapping[str, Any], base: Optional[str] = None) -> List[Dict[str, Any]]:
    """The result as chat bubbles: what applies (with basis, deadlines, authority, link), what may apply,
    and a link to the site's checker with the same answers (print, calendar)."""
    base = base or site_url()
    result = ob.evaluate(rules, answers)
    url = share_url(rules, answers, base)
    outcomes = {o["id"]: o for o in rules["outcomes"]}
    yes = [item for item in result["outcomes"] if item["status"] == ob.STATUS_YES]
    maybe = [item for item in result["outcomes"] if item["status"] == ob.STATUS_MAYBE]
    replies = [{"text": f"Kết quả kiểm tra nghĩa vụ: {len(yes)} điều áp dụng"
                        + (f", {len(maybe)} điều có thể áp dụng (cần thêm thông tin)" if maybe else "") + ".\n"
                        + rules["disclaimer"]}]
    for item in yes:
        o = outcomes[item["id"]]
        lines = [f"✔ {o['title']} ({CERTAINTY[o['certainty']]})."]
        lines += [f"Thời hạn: {ob.deadline_text(c)}" + (" (nguồn thứ cấp, cần đối chiếu văn bản gốc)" if c["certainty"] == "S" else "")
                  + "." for c in o.get("calendar") or []]
        if o["certainty"] == "S" and o.get("verify"):
            lines.append("Cần đối chiếu văn bản gốc: " + " ".join(o["verify"].split()))
        lines += [f"Chưa được xác nhận: {' '.join(o['unconfirmed'][i]['text'].split())} Hãy hỏi: {o['unconfirmed'][i]['ask']}."
                  for i in item["notes"]]
        lines.append(f"Cơ quan, nơi hỏi: {' '.join(o['authority'].split())}")
        lines.append(f"Căn cứ: {_basis(o)}.")
        lines.append(f"Hướng dẫn: {base}/{o['topic_url']}")
        replies.append({"text": "\n".join(lines)})
    if maybe:
        lines = ["Có thể áp dụng, cần thêm thông tin:"]
        for item in maybe:
            missing = [ob.question(rules, qid)["text"].strip() for qid in item.get("missing") or []]
            lines.append(f"- {outcomes[item['id']]['title']}" + (f" (cần biết: {' / '.join(missing)})" if missing else ""))
        replies.append({"text": "\n".join(lines)})
    if not result["outcomes"]:
        replies.append({"text": "Không có nghĩa vụ nào trong phạm vi công cụ này áp dụng với câu trả lời của bạn."})
    replies.append({
        "text": f"Xem đầy đủ, in danh sách việc cần làm và tải lịch các thời hạn trên trang: {url}",
        "buttons": [{"title": "Kiểm tra lại từ đầu", "payload": "/start_checker"}],
        "custom": {"type": "checker_result", "url": url, "answers": answers, "outcomes": result["outcomes"],
                   "deadlines": [{"outcome": d["outcome"], "id": d["id"], "text": ob.deadline_text(d)}
                                 for d in ob.deadlines(rules, result)]},
    })
    return replies


def send(dispatcher: CollectingDispatcher, reply: Mapping[str, Any]) -> None:
    dispatcher.utter_message(text=reply["text"], buttons=reply.get("buttons") or None, json_message=reply.get("custom"))


def reset_events(rules: Mapping) -> List[Dict[Text, Any]]:
    return [SlotSet(slot_of(q["id"]), None) for q in rules["questions"]] + [SlotSet(CANCEL_SLOT, None)]


def is_question_intent(name: Optional[str]) -> bool:
    """Intents of the Q&A (one per entry, or a retrieval intent) and the Q&A's own buttons."""
    return bool(name) and (name == "faq" or name.startswith(("faq_", "faq/")) or name == "choose_entry")


class ActionCheckerStart(Action):
    def name(self) -> Text:
        return "action_checker_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        rules = STORE.get()
        dispatcher.utter_message(
            text=f"Tôi sẽ hỏi lần lượt khoảng {len(rules['questions'])} câu về doanh nghiệp của bạn rồi liệt kê các "
                 "nghĩa vụ bảo vệ môi trường áp dụng, kèm căn cứ pháp lý. Câu nào chưa biết, bạn trả lời «không biết». "
                 "Bạn có thể hỏi câu khác giữa chừng; nhắn «thôi» để dừng.")
        return reset_events(rules)


class ActionCheckerCancel(Action):
    def name(self) -> Text:
        return "action_checker_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        rules = STORE.get()
        dispatcher.utter_message(
            text="Đã dừng kiểm tra nghĩa vụ. Khi cần, nhắn «kiểm tra nghĩa vụ» để làm lại, hoặc dùng trang "
                 f"{site_url()}{PAGE}. Bạn vẫn có thể hỏi tôi bất kỳ câu nào về bảo vệ môi trường.",
            buttons=[{"title": "Kiểm tra nghĩa vụ", "payload": "/start_checker"}],
            json_message={"type": "checker_cancelled"})
        return reset_events(rules)


class ActionCheckerResult(Action):
    def name(self) -> Text:
        return "action_checker_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.get_slot(CANCEL_SLOT):
            return await ActionCheckerCancel().run(dispatcher, tracker, domain)
        rules = STORE.get()
        for reply in result_replies(rules, answers_from(tracker.slots, rules)):
            send(dispatcher, reply)
        return []


class ActionAskQuestion(Action):
    """action_ask_nv_<question id>: one class per question, all rendered from the rules."""

    qid = ""

    def name(self) -> Text:
        return f"action_ask_{slot_of(self.qid)}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        rules = STORE.get()
        send(dispatcher, question_reply(rules, self.qid, answers_from(tracker.slots, rules)))
        return []


def _ask_classes(rules: Mapping) -> List[type]:
    return [type(f"ActionAsk_{q['id']}", (ActionAskQuestion,), {"qid": q["id"], "__module__": __name__})
            for q in rules["questions"]]


ASK_ACTIONS = _ask_classes(STORE.get())  # rasa_sdk registers every Action subclass of the module


def _payload_value(tracker: Tracker, qid: str) -> Optional[str]:
    """The value of a checker button for this question («<question>:<value>»), if one was clicked."""
    for value in tracker.get_latest_entity_values("checker_value"):
        entity_qid, _, answer = str(value).partition(":")
        if entity_qid == qid:
            return answer
    return None


class ValidateCheckerForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_checker_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        if tracker.get_slot(CANCEL_SLOT):
            return []  # «thôi» (or another wish to stop that is not an answer): end the form, the result action cancels
        rules = STORE.get()
        return [slot_of(qid) for qid in ob.active_questions(rules, answers_from(tracker.slots, rules))]

    async def extract_nv_huy(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        return {}  # set only by the validation below (a typed «thôi», or a stop intent that is not an answer)

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[Dict[Text, Any]]:
        rules = STORE.get()
        events: List[Dict[Text, Any]] = []
        for slot, raw in tracker.slots_to_validate().items():
            if not slot.startswith(SLOT_PREFIX) or slot == CANCEL_SLOT or raw is None:
                continue  # None: reset by action_checker_start, nothing typed to read
            q = ob.question(rules, slot[len(SLOT_PREFIX):])
            if q is None:
                continue
            events += await self._validate(q, raw, dispatcher, tracker, domain)
        return events

    async def _validate(self, q: Mapping, raw: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> List[Dict[Text, Any]]:
        slot = slot_of(q["id"])
        text = str((tracker.latest_message or {}).get("text") or raw or "")
        clicked = _payload_value(tracker, q["id"])
        if clicked is not None:
            value = ob.clean_answer(q, clicked if q["type"] == "choice" or clicked == ob.UNKNOWN else ob.parse_number(clicked))
            if value is None:
                dispatcher.utter_message(text="Nút này không thuộc câu hỏi hiện tại. " + HOW_TO_STOP)
                return [SlotSet(slot, None)]
            return self._accept(q, value, "", dispatcher)
        if text.startswith("/checker_answer"):  # a button of another question
            dispatcher.utter_message(text="Nút đó thuộc một câu hỏi trước; bạn trả lời câu hỏi dưới đây nhé.")
            return [SlotSet(slot, None)]
        if fold_key(text) in STOP_WORDS:
            return [SlotSet(slot, None), SlotSet(CANCEL_SLOT, True)]
        reading = interpret(q, text)
        if isinstance(reading, Answer):
            value = ob.clean_answer(q, reading.value)
            if value is not None:
                return self._accept(q, value, reading.note, dispatcher)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent == "stop_checker":  # not an answer, and the NLU reads a wish to stop («tôi không muốn trả lời nữa»)
            return [SlotSet(slot, None), SlotSet(CANCEL_SLOT, True)]
        if is_question_intent(intent) or re.search(r"\?\s*$", text):
            from actions.faq import ActionAnswerFaq  # the Q&A answers; then the form asks its question again

            await ActionAnswerFaq().run(dispatcher, tracker, domain)
            dispatcher.utter_message(text="Quay lại phần kiểm tra nghĩa vụ: bạn trả lời câu hỏi dưới đây. " + HOW_TO_STOP)
            return [SlotSet(slot, None)]
        reason = getattr(reading, "reason", "")
        example = f"ví dụ «5 {q['unit']}»" if q["type"] == "number" else "hoặc bấm một nút"
        dispatcher.utter_message(
            text=f"Xin lỗi, tôi chưa đọc được câu trả lời. {reason} Bạn trả lời lại giúp tôi ({example}); "
                 f"chưa biết thì trả lời «không biết». {HOW_TO_STOP}")
        return [SlotSet(slot, None)]

    @staticmethod
    def _accept(q: Mapping, value: Any, note: str, dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
        if value == ob.UNKNOWN:
            dispatcher.utter_message(text="Không sao, tôi ghi nhận «không biết». Cách tìm câu trả lời: "
                                          + " ".join(q["help"].split()))
            return [SlotSet(slot_of(q["id"]), ob.UNKNOWN)]
        if q["type"] == "number":
            dispatcher.utter_message(text=f"Đã ghi nhận: {format_vi(value)} {q['unit']}" + (f" ({note})" if note else "") + ".")
            return [SlotSet(slot_of(q["id"]), ob.format_number(value))]
        return [SlotSet(slot_of(q["id"]), value)]
