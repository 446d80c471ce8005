"""A retrieval step over the Q&A phrasings, blended into DIET's intent ranking.

DIET decides *what kind* of message this is (a Q&A question, small talk, out of
scope); among the Q&A intents (``faq_*``) this component re-ranks with BM25
(rank-bm25) over each entry's training phrasings, title and short answer,
folded like everything else, abbreviations expanded.
The blend keeps the total probability mass DIET gave to Q&A intents, so
out-of-scope and small-talk decisions are unchanged:

    p'(faq_i) = (1 - w) * p(faq_i) + w * P(faq) * softmax(bm25 / T)_i

A message that is, word for word (folded, shorthand spelled out), one of an
entry's training phrasings is a known question: that entry goes to the top with
``known_confidence``.

It runs after DIETClassifier and before FallbackClassifier, so the fallback
and ambiguity thresholds see the blended confidences.
"""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rank_bm25 import BM25Okapi

from bvmt.generate import entry_id_of
from components import resources

FILE_NAME = "documents.json"


def entry_documents(phrasings: Dict[str, List[str]], data: Dict) -> Dict[str, List[str]]:
    """BM25 documents: each Q&A intent's phrasings plus its entry's title and short answer."""
    expansions = data.get("abbreviations") or {}
    records = data.get("entries") or {}
    documents = {}
    for intent, texts in phrasings.items():
        record = records.get(entry_id_of(intent) or "", {})
        extra = [record.get("title", ""), record.get("answer", "")]
        documents[intent] = [t for text in list(texts) + extra for t in resources.terms(text, expansions)]
    return documents


def blend(ranking: List[Dict[Text, Any]], scores: Dict[str, float], prefix: str, weight: float,
          temperature: float) -> List[Dict[Text, Any]]:
    """Pure: DIET's ranking with the Q&A intents re-weighted by BM25 scores, best first."""
    faq = [r for r in ranking if r["name"].startswith(prefix)]
    mass = sum(r["confidence"] for r in faq)
    positive = {name: s for name, s in scores.items() if s > 0}
    if not faq or mass <= 0 or not positive:
        return ranking
    top = max(positive.values())
    exp = {name: math.exp((s - top) / temperature) for name, s in positive.items()}
    total = sum(exp.values())
    names = {r["name"] for r in ranking} | set(exp)
    base = {r["name"]: r["confidence"] for r in ranking}
    blended = []
    for name in names:
        if name.startswith(prefix):
            confidence = (1 - weight) * base.get(name, 0.0) + weight * mass * exp.get(name, 0.0) / total
        else:
            confidence = base.get(name, 0.0)
        blended.append({"name": name, "confidence": confidence})
    blended.sort(key=lambda r: r["confidence"], reverse=True)
    return blended


def promote(ranking: List[Dict[Text, Any]], name: str, confidence: float) -> List[Dict[Text, Any]]:
    """Pure: ``name`` first with ``confidence``; the others share the rest in their proportions."""
    others = [r for r in ranking if r["name"] != name]
    rest = sum(r["confidence"] for r in others)
    scale = (1 - confidence) / rest if rest > 0 else 0.0
    return [{"name": name, "confidence": confidence}] + [{"name": r["name"], "confidence": r["confidence"] * scale} for r in others]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class Bm25IntentRanker(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent_prefix": "faq_", "weight": 0.5, "temperature": 2.0, "ranking_length": 10,
                "known_confidence": 0.95, "resources_file": resources.DEFAULT_FILE}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return resources.file_hash(config.get("resources_file") or resources.DEFAULT_FILE)

    @staticmethod
    def required_packages() -> List[Text]:
        return ["rank_bm25"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 documents: Optional[Dict[str, List[str]]] = None, expansions: Optional[Dict[str, str]] = None,
                 known: Optional[Dict[str, str]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self.expansions = expansions or {}
        self.known = known or {}  # phrasing key -> intent
        self._storage, self._resource = model_storage, resource
        self.documents = documents or {}
        self._names = sorted(self.documents)
        self._bm25 = BM25Okapi([self.documents[n] for n in self._names]) if self._names else None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "Bm25IntentRanker":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        prefix = self.config["intent_prefix"]
        phrasings: Dict[str, List[str]] = {}
        for example in training_data.intent_examples:
            intent = example.get(INTENT)
            if intent and intent.startswith(prefix):
                phrasings.setdefault(intent, []).append(example.get(TEXT) or "")
        data = resources.load(self.config["resources_file"])
        expansions = data.get("abbreviations") or {}
        owners: Dict[str, set] = {}
        for intent, texts in phrasings.items():
            for text in texts:
                owners.setdefault(resources.phrasing_key(text, expansions), set()).add(intent)
        known = {key: next(iter(intents)) for key, intents in owners.items() if len(intents) == 1 and key}
        stored = {"documents": entry_documents(phrasings, data), "abbreviations": expansions, "known": known}
        with self._storage.write_to(self._resource) as directory:
            (directory / FILE_NAME).write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "Bm25IntentRanker":
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / FILE_NAME).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            stored = {}
        return cls(config, model_storage, resource, stored.get("documents"), stored.get("abbreviations"),
                   stored.get("known"))

    def scores(self, text: str) -> Dict[str, float]:
        if self._bm25 is None:
            return {}
        query = resources.terms(text, self.expansions)
        if not query:
            return {}
        return dict(zip(self._names, (float(s) for s in self._bm25.get_scores(query))))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            if not ranking:
                continue
            text = message.get(TEXT) or ""
            blended = blend(ranking, self.scores(text), self.config["intent_prefix"],
                            float(self.config["weight"]), float(self.config["temperature"]))
            known = self.known.get(resources.phrasing_key(text, self.expansions))
            if known:
                blended = promote(blended, known, float(self.config["known_confidence"]))
            blended = blended[: int(self.config["ranking_length"])]
            message.set(INTENT, {INTENT_NAME_KEY: blended[0]["name"], PREDICTED_CONFIDENCE_KEY: blended[0]["confidence"]},
                        add_to_output=True)
            message.set(INTENT_RANKING_KEY, blended, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
