"""Actions that answer Q&A entries, ask when unsure, and list the topics."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import AnswerStore, answer_reply, clarify_reply, topics_reply

# Decision thresholds on the response selector (tuned by evaluation/, see its report).
ANSWER_MIN_CONFIDENCE = 0.5  # below this the bot offers choices instead of answering
AMBIGUITY_MARGIN = 0.1  # top-1 minus top-2 below this: ambiguous, offer choices
OPTION_MIN_CONFIDENCE = 0.05  # choices offered must reach this

STORE = AnswerStore()


def faq_ranking(latest_message: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """[(entry id, confidence)] from the response selector, best first, known entries only."""
    selector = (latest_message.get("response_selector") or {}).get("faq") or {}
    ranking = []
    for item in selector.get("ranking") or []:
        key = item.get("intent_response_key") or ""
        entry_id = key.split("/", 1)[1] if "/" in key else key
        record = STORE.entry(entry_id)
        if record:
            ranking.append({**record, "confidence": float(item.get("confidence") or 0.0)})
    return ranking


def options_from(ranking: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    return [r for r in ranking if r["confidence"] >= OPTION_MIN_CONFIDENCE][:3]


def send(dispatcher: CollectingDispatcher, reply: Dict[Text, Any]) -> None:
    dispatcher.utter_message(text=reply["text"], buttons=reply.get("buttons") or None, json_message=reply["custom"])


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        latest = tracker.latest_message or {}
        intent = (latest.get("intent") or {}).get("name")
        if intent == "choose_entry":
            entry_id = next(tracker.get_latest_entity_values("entry_id"), None)
            record = STORE.entry(str(entry_id)) if entry_id else None
            send(dispatcher, answer_reply(record, 1.0) if record else clarify_reply([]))
            return []
        ranking = faq_ranking(latest)
        intent_confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
        if ranking:
            top = ranking[0]
            margin = top["confidence"] - (ranking[1]["confidence"] if len(ranking) > 1 else 0.0)
            if top["confidence"] >= ANSWER_MIN_CONFIDENCE and margin >= AMBIGUITY_MARGIN:
                send(dispatcher, answer_reply(top, top["confidence"] * intent_confidence))
                return []
        send(dispatcher, clarify_reply(options_from(ranking)))
        return []


class ActionClarify(Action):
    """When the intent itself is uncertain (nlu_fallback): closest entries as buttons."""

    def name(self) -> Text:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        send(dispatcher, clarify_reply(options_from(faq_ranking(tracker.latest_message or {}))))
        return []


class ActionListTopics(Action):
    def name(self) -> Text:
        return "action_list_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        send(dispatcher, topics_reply(STORE.topics()))
        return []
