"""BM25 baseline over the same Q&A entries (rank-bm25), for a side-by-side comparison.

Each entry is one document: its title, training phrasings and short answer,
normalised and folded like everything else in the project. A query is folded
the same way. The baseline answers with the best entry when any query term
matches, and refuses otherwise — it has no other notion of "out of scope".
"""

from __future__ import annotations

import re
from typing import List, Sequence

from rank_bm25 import BM25Okapi

from bvmt.text import fold

from evaluation.metrics import Prediction

_WORD = re.compile(r"\w+")


def tokens(text: str) -> List[str]:
    return _WORD.findall(fold(text).lower())


class Bm25Baseline:
    def __init__(self, entries: Sequence[dict]) -> None:
        """``entries``: dicts with id, topic, title, questions, answer."""
        self.entries = list(entries)
        corpus = [tokens(" ".join([e["title"], *e["questions"], e["answer"]])) for e in self.entries]
        self.vocabulary = {t for doc in corpus for t in doc}
        self.bm25 = BM25Okapi(corpus)

    def predict(self, query: str, k: int = 3) -> Prediction:
        q = tokens(query)
        if not any(t in self.vocabulary for t in q):
            return Prediction("other")
        scores = self.bm25.get_scores(q)
        best = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)[:k]
        ranked = [(self.entries[i]["topic"], self.entries[i]["id"]) for i in best]
        return Prediction("answer", ranked, float(scores[best[0]]))
