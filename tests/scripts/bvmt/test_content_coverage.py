"""The real content covers the whole site map (design §3) with the contract's minimums (issues 2–4)."""

from bvmt import check
from bvmt.model import MIN_QUESTIONS
from bvmt.text import fold_key
from helpers import TODAY

MIN_ENTRIES_PER_TOPIC = 8


def test_every_topic_has_an_explainer_a_qa_index_and_enough_entries(real_content):
    content, _ = real_content
    explainers = {p.meta.get("topic") for p in content.pages_of("explainer")}
    indexes = {p.meta.get("topic") for p in content.pages_of("qa_index")}
    for topic in content.topics:
        entries = [p for p in content.pages_of("qa") if p.meta.get("topic") == topic.slug]
        assert topic.slug in explainers, f"{topic.slug}: no explainer"
        assert topic.slug in indexes, f"{topic.slug}: no Q&A index"
        assert len(entries) >= MIN_ENTRIES_PER_TOPIC, f"{topic.slug}: {len(entries)} entries"
        for entry in entries:
            distinct = {fold_key(q) for q in entry.meta["questions"]}
            assert len(distinct) >= MIN_QUESTIONS, entry.path


def test_reference_pages_exist(real_content):
    content, _ = real_content
    paths = {p.path for p in content.pages}
    for page in ("tham-khao/van-ban-phap-luat.md", "tham-khao/thay-doi-2025-2026.md", "tham-khao/lich-tuan-thu.md",
                 "tham-khao/thuat-ngu.md", "tham-khao/ra-soat-phap-ly.md", "bien-tap.md", "nguoi-dan.md"):
        assert page in paths, page


def test_citizens_have_their_own_entries(real_content):
    content, _ = real_content
    citizen = [p for p in content.pages_of("qa") if str(p.meta.get("id", "")).startswith("dan-")]
    assert len(citizen) >= 6


def test_every_cited_document_is_in_the_registry(real_content):
    content, problems = real_content
    problems = problems + check.check(content, TODAY)
    assert not [p for p in problems if p.code in ("unknown-document", "replaced-document", "outdated-mention")]
