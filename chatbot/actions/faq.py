"""Actions that answer Q&A entries, ask when unsure, and list the topics."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import AnswerStore, answer_reply, clarify_reply, topics_reply
from actions.decision import should_answer
from bvmt.generate import entry_id_of, intent_name

OPTION_MIN_CONFIDENCE = 0.01  # choices offered must reach this (the reply says the bot is not sure)

STORE = AnswerStore()


def faq_ranking(latest_message: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """Answer records of the Q&A intents in the NLU ranking, best first, with their confidence."""
    ranking = []
    for item in latest_message.get("intent_ranking") or []:
        entry_id = entry_id_of(item.get("name"))
        record = STORE.entry(entry_id) if entry_id else None
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
        intents = latest.get("intent_ranking") or []
        topic_of = {intent_name(r["id"]): r["topic"] for r in ranking}
        if ranking and entry_id_of(intent) == ranking[0]["id"] and should_answer(intents, topic_of):
            send(dispatcher, answer_reply(ranking[0], ranking[0]["confidence"]))
            return []
        send(dispatcher, clarify_reply(options_from(ranking)))
        return []


class ActionClarify(Action):
    """When the intent itself is uncertain (nlu_fallback): closest entries as buttons."""

    def name(self) -> Text:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        latest = tracker.latest_message or {}
        options = options_from(faq_ranking(latest))
        if not options and (latest.get("intent") or {}).get("name") == "checker_inform":
            # a bare answer ("5 khối", "có") with no checker running and nothing close in the Q&A
            dispatcher.utter_message(response="utter_checker_not_running")
            return []
        send(dispatcher, clarify_reply(options))
        return []


class ActionListTopics(Action):
    def name(self) -> Text:
        return "action_list_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        send(dispatcher, topics_reply(STORE.topics()))
        return []
