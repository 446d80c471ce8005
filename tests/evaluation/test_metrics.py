"""Scoring of the held-out evaluation (pure functions) and the BM25 baseline."""

from evaluation.baseline import Bm25Baseline
from evaluation.metrics import (
    Prediction,
    confused_pairs,
    percentiles,
    prediction_from_replies,
    score_in_scope,
    score_out_of_scope,
)

ANSWER = [{"recipient_id": "x", "text": "..."},
          {"recipient_id": "x", "custom": {"type": "answer", "topic": "a", "id": "a-1", "confidence": 0.9}}]
CLARIFY = [{"recipient_id": "x", "text": "?", "buttons": [{"title": "t", "payload": "/choose_entry"}]},
           {"recipient_id": "x", "custom": {"type": "clarify", "options": [
               {"id": "b-1", "topic": "b", "confidence": 0.4}, {"id": "a-2", "topic": "a", "confidence": 0.3}]}}]
REFUSAL = [{"recipient_id": "x", "text": "ngoài phạm vi"}]


def test_replies_are_classified():
    assert prediction_from_replies(ANSWER).kind == "answer"
    assert prediction_from_replies(ANSWER).top == ("a", "a-1")
    clarify = prediction_from_replies(CLARIFY)
    assert clarify.kind == "clarify" and clarify.ranked == [("b", "b-1"), ("a", "a-2")]
    assert prediction_from_replies(REFUSAL).kind == "other"
    assert prediction_from_replies([]).kind == "other"


def test_in_scope_scores_count_clarify_options_for_top3_only():
    gold = [("a", "a-1"), ("a", "a-2"), ("c", "c-1")]
    preds = [prediction_from_replies(ANSWER), prediction_from_replies(CLARIFY), prediction_from_replies(ANSWER)]
    s = score_in_scope(gold, preds)
    assert (s.top1_topic, s.top3_topic, s.top1_entry) == (1 / 3, 2 / 3, 1 / 3)
    assert s.wrong_confident == 1 / 3 and s.answered == 2 / 3 and s.clarified == 1 / 3


def test_out_of_scope_refusal_counts_anything_but_an_answer():
    s = score_out_of_scope([prediction_from_replies(REFUSAL), prediction_from_replies(CLARIFY), prediction_from_replies(ANSWER)])
    assert s.refused == 2 / 3 and s.explicit_refusal == 1 / 3 and s.answered == 1 / 3


def test_confused_pairs_and_percentiles():
    gold = [("a", "a-1")] * 3
    preds = [Prediction("answer", [("b", "b-1")])] * 2 + [Prediction("answer", [("a", "a-1")])]
    assert confused_pairs(gold, preds) == [(("a", "b"), 2)]
    p = percentiles([10, 20, 30, 40, 100])
    assert p["p50"] == 30 and p["p95"] == 100


def test_bm25_baseline_ranks_by_term_overlap_and_folds_diacritics():
    entries = [
        {"id": "gpmt-1", "topic": "giay-phep-moi-truong", "title": "Ai phải có giấy phép môi trường?", "questions": ["gpmt là gì"], "answer": "..."},
        {"id": "ctnh-1", "topic": "chat-thai-nguy-hai", "title": "Chất thải nguy hại giao cho ai?", "questions": ["ctnh"], "answer": "..."},
    ]
    # BM25's idf is zero for a term in half of a two-document corpus: add unrelated documents
    entries += [{"id": f"x-{i}", "topic": "x", "title": f"chủ đề khác {i}", "questions": [], "answer": "khác"} for i in range(4)]
    baseline = Bm25Baseline(entries)
    assert baseline.predict("giay phep moi truong").top == ("giay-phep-moi-truong", "gpmt-1")
    assert baseline.predict("chất thải nguy hại").top == ("chat-thai-nguy-hai", "ctnh-1")
    assert baseline.predict("zzz qqq").kind == "other"
