"""When the bot answers and when it offers choices: one pure rule, shared with evaluation/tune.py.

The bot answers the top Q&A entry only when (1) the entry's confidence is high
enough, (2) it is clearly ahead of the next one, and (3) its topic holds enough
of the probability mass (entries of one topic often overlap; answering in the
wrong topic is the error users must not see). Otherwise it offers the closest
entries as buttons. Values chosen on a development split of the training data
(`python -m evaluation.tune`, see evaluation/tuning.json), never on the held-out set.
"""

from __future__ import annotations

from typing import Dict, List, Mapping

ANSWER_MIN_CONFIDENCE = 0.2
AMBIGUITY_MARGIN = 0.0
TOPIC_MIN_CONFIDENCE = 0.6


def topic_mass(ranking: List[Mapping], topic_of: Mapping[str, str]) -> float:
    topic = topic_of.get(ranking[0]["name"]) if ranking else None
    return sum(float(r["confidence"]) for r in ranking if topic is not None and topic_of.get(r["name"]) == topic)


def should_answer(ranking: List[Mapping], topic_of: Mapping[str, str], answer_min: float = ANSWER_MIN_CONFIDENCE,
                  margin_min: float = AMBIGUITY_MARGIN, topic_min: float = TOPIC_MIN_CONFIDENCE) -> bool:
    """``ranking``: [{name, confidence}] best first (intents); ``topic_of``: Q&A intent -> topic."""
    if not ranking or ranking[0]["name"] not in topic_of:
        return False
    top = float(ranking[0]["confidence"])
    second = float(ranking[1]["confidence"]) if len(ranking) > 1 else 0.0
    return top >= answer_min and top - second >= margin_min and topic_mass(ranking, topic_of) >= topic_min


def thresholds() -> Dict[str, float]:
    return {"answer_min": ANSWER_MIN_CONFIDENCE, "margin_min": AMBIGUITY_MARGIN, "topic_min": TOPIC_MIN_CONFIDENCE}
