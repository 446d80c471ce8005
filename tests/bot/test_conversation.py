"""A real conversation over HTTP with the running bot (REST channel, action server, SQLite store)."""

import json
import sqlite3
import unicodedata
import uuid

import pytest
import requests


def say(bot, message, sender=None, **kw):
    response = requests.post(bot.webhook_url, json={"sender": sender or uuid.uuid4().hex, "message": message}, **kw)
    assert response.status_code == 200, response.text
    return response.json()


def answer_of(replies):
    customs = [r["custom"] for r in replies if "custom" in r]
    return next((c for c in customs if c.get("type") == "answer"), None)


def text_of(replies):
    return "\n".join(r.get("text", "") for r in replies)


@pytest.mark.parametrize(
    "question",
    [
        "Ai phải đăng ký môi trường?",
        "ai phai dang ky moi truong",
        unicodedata.normalize("NFD", "Ai phải đăng ký môi trường?"),
        "Ai phải đăng kí môi trường??",  # the other spelling of "ký" and extra punctuation: still the known question
    ],
)
def test_registration_question_gets_a_registration_answer_with_link(bot, question):
    replies = say(bot, question)
    answer = answer_of(replies)
    assert answer is not None, replies
    assert answer["topic"] == "dang-ky-moi-truong"
    assert answer["url"].startswith(bot.site_url + "/hoi-dap/dang-ky-moi-truong/")
    assert 0 < answer["confidence"] <= 1 and answer["sources"]
    text = text_of(replies)
    assert "Căn cứ:" in text and "Rà soát pháp lý:" in text and answer["url"] in text
    assert requests.get(answer["url"]).status_code == 200  # the link works on the served site


def top_topic(replies):
    """Topic of the answer, or of the first choice offered."""
    answer = answer_of(replies)
    if answer:
        return answer["topic"]
    clarify = next((r["custom"] for r in replies if r.get("custom", {}).get("type") == "clarify"), None)
    return clarify["options"][0]["topic"] if clarify and clarify["options"] else None


@pytest.mark.parametrize(
    "question, topic",
    [
        ("Cơ sở của tôi ở Long Biên có phải đăng kí môi trường ko?", "dang-ky-moi-truong"),
        ("xưởng in bao bì thải ra khoảng 30 kg chất thải nguy hại mỗi tháng thì giao cho ai xử lý", "chat-thai-nguy-hai"),
        ("gpmt cấp cho bao nhiêu năm", "giay-phep-moi-truong"),
    ],
)
def test_questions_in_other_words_reach_the_right_topic(bot, question, topic):
    assert top_topic(say(bot, question)) == topic


def test_permit_question_without_diacritics(bot):
    answer = answer_of(say(bot, "giay phep moi truong co thoi han bao lau"))
    assert answer and answer["topic"] == "giay-phep-moi-truong"


def test_hazardous_waste_question_with_abbreviation(bot):
    assert top_topic(say(bot, "ctnh phải chuyển giao cho ai")) == "chat-thai-nguy-hai"


@pytest.mark.parametrize("question", ["Giá xăng hôm nay bao nhiêu?", "thời tiết Hà Nội ngày mai thế nào",
                                      "lương tối thiểu vùng năm nay bao nhiêu"])
def test_out_of_scope_is_refused_politely(bot, question):
    replies = say(bot, question)
    assert answer_of(replies) is None  # never a confident answer
    assert "ngoài phạm vi" in text_of(replies)  # a refusal, or choices that say out-of-scope is not answered


@pytest.mark.parametrize(
    "message, expected",
    [
        ("xin chào", "Xin chào"),
        ("cảm ơn bạn", "Không có gì"),
        ("tạm biệt", "Cảm ơn bạn đã hỏi"),
        ("bạn là bot à", "trợ lý tự động"),
    ],
)
def test_small_talk(bot, message, expected):
    assert expected in text_of(say(bot, message))


def test_what_can_you_do_lists_the_topics(bot):
    replies = say(bot, "bạn làm được gì")
    topics = next(r["custom"] for r in replies if r.get("custom", {}).get("type") == "topics")
    slugs = {t["slug"] for t in topics["topics"]}
    assert {"giay-phep-moi-truong", "dang-ky-moi-truong", "chat-thai-nguy-hai"} <= slugs
    assert "Giấy phép môi trường" in text_of(replies)


def test_button_payload_answers_exactly_that_entry(bot):
    replies = say(bot, '/choose_entry{"entry_id": "dkmt-nop-o-dau"}')
    answer = answer_of(replies)
    assert answer["id"] == "dkmt-nop-o-dau" and answer["confidence"] == 1.0


def test_unsure_reply_offers_buttons_that_work(bot):
    clarifications = []
    for vague in ("môi trường", "báo cáo", "giấy phép", "hồ sơ môi trường", "xử lý chất thải"):
        replies = say(bot, vague)
        clarify = next((r["custom"] for r in replies if r.get("custom", {}).get("type") == "clarify"), None)
        if clarify and clarify["options"]:
            clarifications.append((replies, clarify))
    assert clarifications, "no vague question got choices"
    for replies, clarify in clarifications:
        assert len(clarify["options"]) <= 3
        buttons = [b for r in replies for b in r.get("buttons", [])]
        assert 1 <= len(buttons) <= 3
        chosen = answer_of(say(bot, buttons[0]["payload"]))
        assert chosen["id"] == clarify["options"][0]["id"] and chosen["confidence"] == 1.0


@pytest.mark.parametrize(
    "message",
    ["", "   ", "\n\t", "x" * 20000, "Công ty tôi ở Hà Nội. " * 1000 + "Ai phải đăng ký môi trường?",
     "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "😀🏭🌊" * 50, "\x00\x01\x02 \ufffe",
     "'; DROP TABLE events; --", "/restart", "/out_of_scope", '/choose_entry{"entry_id": "khong-ton-tai"}', "{{7*7}}"],
)
def test_any_message_gets_a_sensible_reply(bot, message):
    replies = say(bot, message)
    assert replies, "no reply"
    body = json.dumps(replies, ensure_ascii=False)
    assert "Traceback" not in body and "Exception" not in body
    assert all(isinstance(r.get("text", ""), str) for r in replies)


def test_long_message_is_answered_from_its_end_and_says_so(bot):
    replies = say(bot, "Công ty tôi ở Hà Nội, sản xuất bao bì. " * 800 + "Ai phải đăng ký môi trường?")
    assert "rất dài" in replies[0]["text"]


@pytest.mark.parametrize("body", [b"\xff\xfe\x00 garbage", b"[1, 2]", b'"just a string"', b"", b"{\"sender\": "])
def test_malformed_requests_get_a_clear_400(bot, body):
    response = requests.post(bot.webhook_url, data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["error"]


def test_missing_fields_still_get_a_reply(bot):
    response = requests.post(bot.webhook_url, json={"message": "xin chào"})
    assert response.status_code == 200 and "Xin chào" in text_of(response.json())
    response = requests.post(bot.webhook_url, json={"sender": "x"})
    assert response.status_code == 200 and "chưa nhập câu hỏi" in text_of(response.json())


def test_cors_allows_only_the_site_origin(bot):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = requests.options(bot.webhook_url, headers={"Origin": bot.site_url, **preflight})
    assert ok.headers.get("Access-Control-Allow-Origin") == bot.site_url
    evil = requests.options(bot.webhook_url, headers={"Origin": "http://evil.example", **preflight})
    assert "Access-Control-Allow-Origin" not in evil.headers


@pytest.mark.parametrize("method, path", [("POST", "/model/parse"), ("GET", "/conversations/x/tracker"),
                                          ("GET", "/status"), ("PUT", "/model"), ("POST", "/model/train")])
def test_http_api_is_not_exposed(bot, method, path):
    assert requests.request(method, bot.rasa_url + path, json={}).status_code == 404


def test_conversations_are_stored_in_sqlite(bot):
    sender = "store-" + uuid.uuid4().hex
    say(bot, "Ai phải đăng ký môi trường?", sender=sender)
    with sqlite3.connect(bot.tracker_db) as db:
        rows = db.execute("select type_name from events where sender_id = ?", (sender,)).fetchall()
    types = {r[0] for r in rows}
    assert {"user", "bot", "action"} <= types
