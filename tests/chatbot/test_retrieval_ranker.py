"""The retrieval step's pure parts: blending BM25 into DIET's ranking, known questions, canonical words."""

import pytest

pytest.importorskip("rasa")

from components.resources import phrasing_key, terms  # noqa: E402
from components.retrieval_ranker import blend, promote  # noqa: E402

EXPANSIONS = {"gpmt": "giay phep moi truong", "dkmt": "dang ky moi truong"}


def test_blend_keeps_the_mass_of_other_intents_and_reorders_qa():
    ranking = [{"name": "faq_a", "confidence": 0.5}, {"name": "faq_b", "confidence": 0.3},
               {"name": "out_of_scope", "confidence": 0.2}]
    blended = blend(ranking, {"faq_a": 1.0, "faq_b": 9.0}, "faq_", weight=0.5, temperature=1.0)
    by_name = {r["name"]: r["confidence"] for r in blended}
    assert blended[0]["name"] == "faq_b"  # BM25 strongly prefers b
    assert by_name["out_of_scope"] == 0.2  # untouched
    assert abs(sum(by_name.values()) - 1.0) < 1e-9


def test_blend_without_term_overlap_changes_nothing():
    ranking = [{"name": "faq_a", "confidence": 0.7}, {"name": "greet", "confidence": 0.3}]
    assert blend(ranking, {}, "faq_", 0.5, 2.0) == ranking
    assert blend(ranking, {"faq_a": 0.0}, "faq_", 0.5, 2.0) == ranking


def test_promote_puts_a_known_question_first_and_renormalises():
    ranking = [{"name": "faq_a", "confidence": 0.3}, {"name": "faq_b", "confidence": 0.2}]
    promoted = promote(ranking, "faq_b", 0.95)
    assert promoted[0] == {"name": "faq_b", "confidence": 0.95}
    assert abs(sum(r["confidence"] for r in promoted) - 1.0) < 1e-9


def test_terms_fold_expand_abbreviations_and_spell_out_shorthand():
    assert terms("GPMT có cần ko?", EXPANSIONS) == ["gpmt", "giay", "phep", "moi", "truong", "co", "can", "ko", "khong"]


def test_phrasing_key_matches_variants_of_the_same_question():
    assert phrasing_key("Ai phải đăng kí môi trường ko?", EXPANSIONS) == phrasing_key("ai phai dang ky moi truong khong", EXPANSIONS)
    assert phrasing_key("dkmt la gi", EXPANSIONS) == phrasing_key("đăng ký môi trường là gì", EXPANSIONS)
