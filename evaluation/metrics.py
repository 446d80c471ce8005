"""Pure scoring of the bot's replies on the held-out set (no IO).

A *prediction* summarises one reply list from the REST channel:
``kind`` is "answer" (a confident answer with a custom payload), "clarify"
(not sure: options offered), or "other" (refusal, small talk, nothing);
``ranked`` lists (topic, entry id) best first: the answered entry, or the
options offered.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple


@dataclass
class Prediction:
    kind: str
    ranked: List[Tuple[str, str]] = field(default_factory=list)
    confidence: float = 0.0
    latency_ms: float = 0.0

    @property
    def top(self) -> Optional[Tuple[str, str]]:
        return self.ranked[0] if self.ranked else None


def prediction_from_replies(replies: Sequence[Dict], latency_ms: float = 0.0) -> Prediction:
    customs = [r.get("custom") for r in replies if isinstance(r, dict) and isinstance(r.get("custom"), dict)]
    for custom in customs:
        if custom.get("type") == "answer":
            return Prediction("answer", [(custom.get("topic"), custom.get("id"))], float(custom.get("confidence") or 0), latency_ms)
    for custom in customs:
        if custom.get("type") == "clarify" and custom.get("options"):
            ranked = [(o.get("topic"), o.get("id")) for o in custom["options"]]
            return Prediction("clarify", ranked, float(custom["options"][0].get("confidence") or 0), latency_ms)
    return Prediction("other", [], 0.0, latency_ms)


@dataclass
class InScopeScores:
    n: int
    top1_topic: float
    top3_topic: float
    top1_entry: float
    answered: float  # share answered with confidence (not a clarify/refusal)
    answered_correct: float  # answered, right topic
    wrong_confident: float  # answered, wrong topic
    clarified: float
    refused: float


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def score_in_scope(gold: Sequence[Tuple[str, str]], predictions: Sequence[Prediction]) -> InScopeScores:
    n = len(gold)
    top1_topic = top3_topic = top1_entry = answered = answered_correct = wrong = clarified = refused = 0
    for (topic, entry), p in zip(gold, predictions):
        topics = [t for t, _ in p.ranked[:3]]
        if p.top and p.top[0] == topic:
            top1_topic += 1
        if topic in topics:
            top3_topic += 1
        if p.top and p.top[1] == entry:
            top1_entry += 1
        if p.kind == "answer":
            answered += 1
            if p.top[0] == topic:
                answered_correct += 1
            else:
                wrong += 1
        elif p.kind == "clarify":
            clarified += 1
        else:
            refused += 1
    return InScopeScores(n, _share(top1_topic, n), _share(top3_topic, n), _share(top1_entry, n), _share(answered, n),
                         _share(answered_correct, n), _share(wrong, n), _share(clarified, n), _share(refused, n))


@dataclass
class OutOfScopeScores:
    n: int
    refused: float  # no confident answer (refusal, clarify, anything but an answer)
    explicit_refusal: float  # neither an answer nor options: a plain refusal
    answered: float


def score_out_of_scope(predictions: Sequence[Prediction]) -> OutOfScopeScores:
    n = len(predictions)
    answered = sum(1 for p in predictions if p.kind == "answer")
    explicit = sum(1 for p in predictions if p.kind == "other")
    return OutOfScopeScores(n, _share(n - answered, n), _share(explicit, n), _share(answered, n))


def per_topic(gold: Sequence[Tuple[str, str]], predictions: Sequence[Prediction]) -> Dict[str, Dict[str, float]]:
    groups: Dict[str, List[int]] = defaultdict(list)
    for i, (topic, _) in enumerate(gold):
        groups[topic].append(i)
    table = {}
    for topic, idx in sorted(groups.items()):
        scores = score_in_scope([gold[i] for i in idx], [predictions[i] for i in idx])
        table[topic] = {"n": scores.n, "top1_topic": scores.top1_topic, "top1_entry": scores.top1_entry,
                        "wrong_confident": scores.wrong_confident}
    return table


def confused_pairs(gold: Sequence[Tuple[str, str]], predictions: Sequence[Prediction], limit: int = 10):
    pairs = Counter()
    for (topic, _), p in zip(gold, predictions):
        if p.top and p.top[0] != topic:
            pairs[(topic, p.top[0])] += 1
    return pairs.most_common(limit)


def percentiles(values: Sequence[float]) -> Dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "mean": 0.0}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(ordered)}
