"""Replies built from answer records follow the reply contract (design §7)."""

import json

from actions.replies import AnswerStore, answer_reply, choice_payload, clarify_reply, topics_reply

RECORD = {
    "id": "dkmt-nop-o-dau",
    "topic": "dang-ky-moi-truong",
    "title": "Nộp hồ sơ đăng ký môi trường ở đâu?",
    "answer": "Nộp cho UBND cấp xã nơi có dự án, cơ sở.",
    "url": "/hoi-dap/dang-ky-moi-truong/nop-o-dau/",
    "reviewed": "2026-11-30",
    "basis": [{"doc": "72/2020/QH14", "where": "khoản 3 Điều 49", "label": "Luật 72/2020/QH14",
               "status": "Còn hiệu lực", "registry_url": "/tham-khao/van-ban-phap-luat/#luat-72-2020-qh14"}],
    "verify": [],
}


def test_answer_ends_with_basis_review_date_and_link():
    reply = answer_reply(RECORD, 0.87, base_url="http://site.test/")
    lines = reply["text"].split("\n")
    assert lines[0] == RECORD["answer"]
    assert lines[-3] == "Căn cứ: khoản 3 Điều 49 Luật 72/2020/QH14."
    assert lines[-2] == "Rà soát pháp lý: 30/11/2026."
    assert lines[-1] == "Xem chi tiết: http://site.test/hoi-dap/dang-ky-moi-truong/nop-o-dau/"
    assert "\n\n" not in reply["text"]  # one bubble


def test_custom_payload_names_what_was_answered():
    custom = answer_reply(RECORD, 0.87, base_url="http://site.test")["custom"]
    assert custom["type"] == "answer"
    assert (custom["topic"], custom["id"]) == ("dang-ky-moi-truong", "dkmt-nop-o-dau")
    assert custom["url"] == "http://site.test/hoi-dap/dang-ky-moi-truong/nop-o-dau/"
    assert 0 <= custom["confidence"] <= 1
    assert custom["sources"][0]["url"] == "http://site.test/tham-khao/van-ban-phap-luat/#luat-72-2020-qh14"
    json.dumps(custom)  # serialisable


def test_verify_note_is_shown_when_the_entry_has_facts_to_check():
    reply = answer_reply({**RECORD, "verify": ["ngưỡng mới"]}, 0.9, base_url="http://s")
    assert "cần đối chiếu văn bản gốc" in reply["text"] and reply["custom"]["verify"] is True


def test_clarify_offers_at_most_three_buttons_that_pick_exact_entries():
    options = [dict(RECORD, id=f"e{i}", title=f"Câu {i}", confidence=0.3) for i in range(5)]
    reply = clarify_reply(options)
    assert len(reply["buttons"]) == 3
    assert reply["buttons"][0] == {"title": "Câu 0", "payload": choice_payload("e0")}
    assert reply["buttons"][0]["payload"] == '/choose_entry{"entry_id": "e0"}'
    assert reply["custom"]["type"] == "clarify"
    assert "Sở Nông nghiệp và Môi trường" in reply["text"]  # where a person can help


def test_clarify_without_options_asks_to_rephrase():
    reply = clarify_reply([])
    assert reply["buttons"] == [] and "diễn đạt lại" in reply["text"]


def test_topics_reply_lists_only_topics_with_entries():
    reply = topics_reply([{"slug": "a", "title": "Chủ đề A", "entries": 3}, {"slug": "b", "title": "Chủ đề B", "entries": 0}],
                         base_url="http://s")
    assert "- Chủ đề A" in reply["text"] and "Chủ đề B" not in reply["text"]


def test_store_reloads_when_the_generated_file_changes(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"topics": [], "entries": {"a": {"id": "a"}}}))
    store = AnswerStore(path)
    assert store.entry("a") == {"id": "a"}
    import os
    path.write_text(json.dumps({"topics": [], "entries": {"b": {"id": "b"}}}))
    os.utime(path, (1, 1))
    assert store.entry("a") is None and store.entry("b") == {"id": "b"}
