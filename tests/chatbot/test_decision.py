"""The answer-or-offer-choices rule (pure)."""

from actions.decision import should_answer, topic_mass

TOPICS = {"faq_a1": "a", "faq_a2": "a", "faq_b1": "b"}


def ranking(*pairs):
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_confident_top_entry_in_a_dominant_topic_is_answered():
    assert should_answer(ranking(("faq_a1", 0.6), ("faq_a2", 0.3), ("faq_b1", 0.1)), TOPICS, 0.3, 0.0, 0.5)


def test_entries_of_one_topic_add_up():
    r = ranking(("faq_a1", 0.35), ("faq_a2", 0.3), ("faq_b1", 0.3))
    assert abs(topic_mass(r, TOPICS) - 0.65) < 1e-9
    assert should_answer(r, TOPICS, 0.3, 0.0, 0.5)
    assert not should_answer(r, TOPICS, 0.3, 0.1, 0.5)  # ambiguous with the runner-up


def test_split_between_topics_offers_choices():
    assert not should_answer(ranking(("faq_a1", 0.45), ("faq_b1", 0.44)), TOPICS, 0.3, 0.0, 0.5)


def test_non_qa_or_empty_rankings_are_never_answered():
    assert not should_answer([], TOPICS)
    assert not should_answer(ranking(("out_of_scope", 0.9)), TOPICS)
