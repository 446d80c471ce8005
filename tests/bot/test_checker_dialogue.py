"""The obligations checker dialogue over HTTP with the running bot: every worked case gives the engine's result
(so the same as the site), typed quantities, a Q&A question in the middle, «thôi»/«hủy», unclear figures asked
again, and a dialogue that survives an action-server restart and says plainly when it is down."""

import subprocess
import sys
import time
import uuid

import pytest
import requests
import yaml

from bvmt import obligations as ob
from helpers import ROOT
import stack

RULES = yaml.safe_load((ROOT / "docs/_data/nghia-vu.yml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((ROOT / "docs/_data/nghia-vu-vi-du.yml").read_text(encoding="utf-8"))


def say(bot, sender, message):
    response = requests.post(bot.webhook_url, json={"sender": sender, "message": message}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def text_of(replies):
    return "\n".join(r.get("text", "") for r in replies)


def customs(replies, kind):
    return [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == kind]


def asked(replies):
    questions = customs(replies, "checker_question")
    return questions[-1]["id"] if questions else None


def start(bot, sender, text="kiểm tra nghĩa vụ"):
    replies = say(bot, sender, text)
    assert asked(replies) == "giai_doan", replies
    return replies


def typed(q, value):
    """How a person would type the answer (choices as their label, figures with their unit)."""
    if value == ob.UNKNOWN:
        return "không biết"
    if q["type"] == "choice":
        return next(o["label"] for o in q["options"] if o["value"] == value)
    return f"{ob.format_number(float(value)).replace('.', ',')} {q['unit']}"


def button(q, value):
    return '/checker_answer{"checker_value": "%s:%s"}' % (q["id"], value)


def run_case(bot, answers, by_buttons):
    sender = "checker-" + uuid.uuid4().hex
    replies = start(bot, sender)
    for _ in range(len(RULES["questions"])):
        qid = asked(replies)
        if qid is None:
            break
        q = ob.question(RULES, qid)
        value = answers.get(qid, ob.UNKNOWN)
        message = button(q, value) if by_buttons and (q["type"] == "choice" or value == ob.UNKNOWN) else typed(q, value)
        replies = say(bot, sender, message)
        assert asked(replies) != qid or customs(replies, "checker_result"), (qid, message, replies)
    results = customs(replies, "checker_result")
    assert results, replies
    return results[0], replies


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_bot_gives_the_engine_result_for_every_worked_case(bot, case):
    result, replies = run_case(bot, case["tra_loi"], by_buttons=CASES.index(case) % 2 == 0)
    assert result["outcomes"] == ob.evaluate(RULES, case["tra_loi"])["outcomes"]
    assert {o["id"] for o in result["outcomes"] if o["status"] == "yes"} == set(case["ap_dung"])
    assert {o["id"] for o in result["outcomes"] if o["status"] == "maybe"} == set(case["co_the"])
    # the link opens the site's checker with the same answers, hence the same result
    assert result["url"].startswith(bot.site_url + "/kiem-tra-nghia-vu/?")
    assert ob.evaluate(RULES, ob.decode_answers(RULES, result["url"].split("?", 1)[1]))["outcomes"] == result["outcomes"]
    text = text_of(replies)
    assert "không phải quyết định pháp lý" in text and result["url"] in text


def test_typed_quantities_and_the_link_works(bot):
    sender = "typed-" + uuid.uuid4().hex
    start(bot, sender, "doanh nghiệp của tôi phải làm gì")
    conversation = [("dang hoat dong", "vi_tri"), ("ngoài khu công nghiệp", "nganh_o_nhiem"), ("không", "nuoc_thai"),
                    ("năm khối một ngày", "loai_nuoc_thai"), ("chỉ sinh hoạt", "khi_thai"), ("0", "ctnh"),
                    ("20kg/tháng", "ctr_cong_nghiep"), ("2 tấn mỗi tháng", "ctr_sinh_hoat"),
                    ("khoảng 300 kg", "epr"), ("khong", "knk_danh_muc"), ("ko", "nang_luong"), ("50 TOE", "o_zon"),
                    ("không", "hoa_chat")]
    for message, next_qid in conversation:
        replies = say(bot, sender, message)
        assert asked(replies) == next_qid, (message, text_of(replies))
    replies = say(bot, sender, "chua biet")
    result = customs(replies, "checker_result")[0]
    expected = {"giai_doan": "dang_hoat_dong", "vi_tri": "ngoai", "nganh_o_nhiem": "khong", "nuoc_thai": 5,
                "loai_nuoc_thai": "sinh_hoat", "khi_thai": 0, "ctnh": 20, "ctr_cong_nghiep": 2000, "ctr_sinh_hoat": 300,
                "epr": "khong", "knk_danh_muc": "khong", "nang_luong": 50, "o_zon": "khong", "hoa_chat": "kb"}
    assert result["outcomes"] == ob.evaluate(RULES, expected)["outcomes"]
    assert {"dkmt", "ctr-sinh-hoat"} <= {o["id"] for o in result["outcomes"] if o["status"] == "yes"}
    assert requests.get(result["url"]).status_code == 200


def test_quantities_are_confirmed_and_unclear_ones_asked_again_kindly(bot):
    sender = "unclear-" + uuid.uuid4().hex
    start(bot, sender)
    for message in ("cơ sở đang hoạt động", "ngoai", "co"):
        say(bot, sender, message)
    for unclear in ("nhiều lắm", "dưới 5 khối", "5 kg"):
        replies = say(bot, sender, unclear)
        assert "trả lời lại" in text_of(replies) and asked(replies) == "nuoc_thai", (unclear, replies)
    assert "con số ước lượng cụ thể" in text_of(say(bot, sender, "dưới 5 khối"))
    replies = say(bot, sender, "2 m3/giờ")
    assert "Đã ghi nhận: 48 m³/ngày" in text_of(replies) and asked(replies) == "loai_nuoc_thai"
    replies = say(bot, sender, "không biết")
    assert "Cách tìm câu trả lời" in text_of(replies) and asked(replies) == "khi_thai"


def test_a_question_in_the_middle_is_answered_and_the_checker_resumes(bot):
    sender = "interrupt-" + uuid.uuid4().hex
    start(bot, sender)
    say(bot, sender, "đang hoạt động")
    replies = say(bot, sender, "Ai phải đăng ký môi trường?")
    assert customs(replies, "answer") or customs(replies, "clarify"), replies  # the Q&A replied
    assert "Quay lại phần kiểm tra nghĩa vụ" in text_of(replies) and asked(replies) == "vi_tri"
    replies = say(bot, sender, "trong khu công nghiệp")
    assert asked(replies) == "nganh_o_nhiem"


@pytest.mark.parametrize("word", ["thôi", "hủy", "huy", "Thôi, không làm nữa"])
def test_stop_cancels_and_the_faq_still_works(bot, word):
    sender = "stop-" + uuid.uuid4().hex
    start(bot, sender)
    say(bot, sender, "dự án mới")
    replies = say(bot, sender, word)
    assert customs(replies, "checker_cancelled") and "Đã dừng" in text_of(replies), replies
    assert asked(replies) is None
    replies = say(bot, sender, "5 khối")  # no longer read as an answer
    assert not customs(replies, "checker_question") and not customs(replies, "checker_result")
    assert len(replies) <= 2, replies  # one reply, no loop of fallbacks
    assert "Xin chào" in text_of(say(bot, sender, "xin chào"))
    start(bot, sender)  # and it can start again


def test_start_again_in_the_middle_resets_the_answers(bot):
    sender = "again-" + uuid.uuid4().hex
    start(bot, sender)
    say(bot, sender, "dự án mới")
    say(bot, sender, "ngoai")
    replies = start(bot, sender, "/start_checker")
    assert "Câu 1/" in text_of(replies)


def _actions(bot):
    """The running action server of the bot fixture (stack.Stack spawns it first)."""
    return bot.procs[0]


def _restart_actions(bot):
    import os
    import signal

    proc = _actions(bot)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    env = stack.bot_env({"BVMT_SITE_URL": bot.site_url, "SANIC_HOST": "127.0.0.1"})
    log = open(bot.log_dir / "actions-restarted.log", "ab")
    new = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(bot.action_port)],
                           cwd=stack.BOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           start_new_session=True)
    log.close()
    bot.procs[0] = new
    stack.wait_http(f"http://127.0.0.1:{bot.action_port}/health", 60, new)


def test_the_dialogue_survives_an_action_server_restart_and_says_when_it_is_down(bot):
    import os
    import signal

    assert "rasa_sdk" in " ".join(_actions(bot).args)
    sender = "restart-" + uuid.uuid4().hex
    start(bot, sender)
    say(bot, sender, "đang hoạt động")
    say(bot, sender, "ngoai")
    try:
        proc = _actions(bot)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
        replies = say(bot, sender, "có")  # the action server is down
        assert "máy chủ xử lý đang gián đoạn" in text_of(replies) and "vẫn được giữ" in text_of(replies), replies
        faq = say(bot, "down-" + uuid.uuid4().hex, "ai phải đăng ký môi trường")  # the Q&A says so too
        assert "máy chủ xử lý đang gián đoạn" in text_of(faq)
    finally:
        _restart_actions(bot)
    # the answers given before are still there: the checker asks the question that was pending
    replies = say(bot, sender, "có")
    assert asked(replies) == "nuoc_thai", replies
    for message in ("12 khối", "công nghiệp", "0", "10 kg", "0", "20 kg", "không", "không", "100", "không", "không"):
        replies = say(bot, sender, message)
    result = customs(replies, "checker_result")[0]
    answers = {"giai_doan": "dang_hoat_dong", "vi_tri": "ngoai", "nganh_o_nhiem": "co", "nuoc_thai": 12,
               "loai_nuoc_thai": "cong_nghiep", "khi_thai": 0, "ctnh": 10, "ctr_cong_nghiep": 0, "ctr_sinh_hoat": 20,
               "epr": "khong", "knk_danh_muc": "khong", "nang_luong": 100, "o_zon": "khong", "hoa_chat": "khong"}
    assert result["outcomes"] == ob.evaluate(RULES, answers)["outcomes"]
