"""Fast regression check on a fixed slice of the held-out set (evaluation/heldout.yml, section `regression`).

Not a target: the full evaluation (`make eval`) measures accuracy. These floors sit well below the measured
figures, so only an accuracy collapse (broken tokenizer, wrong data, bad thresholds) fails CI.
"""

import uuid

import requests
import yaml

from evaluation.metrics import prediction_from_replies, score_in_scope, score_out_of_scope
from helpers import ROOT

SLICE = yaml.safe_load((ROOT / "evaluation" / "heldout.yml").read_text(encoding="utf-8"))["regression"]
MIN_TOP1_TOPIC = 0.80
MIN_OOS_REFUSAL = 0.80
MAX_WRONG_CONFIDENT = 0.10


def ask(bot, text):
    response = requests.post(bot.webhook_url, json={"sender": "reg-" + uuid.uuid4().hex, "message": text}, timeout=60)
    response.raise_for_status()
    return prediction_from_replies(response.json())


def test_slice_is_large_enough():
    assert len(SLICE["in_scope"]) >= 40 and len(SLICE["out_of_scope"]) >= 10


def test_in_scope_accuracy_has_not_collapsed(bot):
    gold = [(q["topic"], q["entry"]) for q in SLICE["in_scope"]]
    scores = score_in_scope(gold, [ask(bot, q["text"]) for q in SLICE["in_scope"]])
    assert scores.top1_topic >= MIN_TOP1_TOPIC, scores
    assert scores.wrong_confident <= MAX_WRONG_CONFIDENT, scores


def test_out_of_scope_is_still_refused(bot):
    scores = score_out_of_scope([ask(bot, q["text"]) for q in SLICE["out_of_scope"]])
    assert scores.refused >= MIN_OOS_REFUSAL, scores
