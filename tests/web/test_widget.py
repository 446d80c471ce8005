"""The chat widget in Debian's chromium, with the bot stubbed (page.route on the webhook URL).

The widget must render what the bot sends (answer, legal basis, link, suggestions), keep any markup inert,
say clearly when the bot cannot be reached, work by keyboard and on a 360 px phone, survive Material's
instant navigation, request nothing from a third-party host, and leave no serious accessibility violation.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect


WEBHOOK = "**/webhooks/rest/webhook"
EXPLAINER = "/huong-dan/dang-ky-moi-truong/"
QA_PAGE = "/hoi-dap/dang-ky-moi-truong/ai-phai-dang-ky/"
QUESTION = "ai phai dang ky moi truong"
ENTRY = "dkmt-ai-phai-dang-ky"
CHOICE_PAYLOAD = '/choose_entry{"entry_id": "dkmt-nop-o-dau"}'
XSS_BOT = "<img src=x onerror=window.__xss=1>"
XSS_USER = "<script>window.__xss=2</script><b>đậm</b><img src=x onerror=window.__xss=3>"


def answer_reply(site_url: str, entry: str = ENTRY, title: str = "Ai phải đăng ký môi trường?") -> list:
    """An answer as the real bot sends it (see chatbot/actions/replies.py): one text and one custom payload."""
    url = f"{site_url}{QA_PAGE}"
    text = "\n".join([
        "Dự án, cơ sở có phát sinh chất thải nhưng không thuộc diện phải có giấy phép môi trường thì đăng ký môi trường.",
        "Căn cứ: khoản 1 Điều 49 Luật Bảo vệ môi trường 2020.",
        "Rà soát pháp lý: 30/11/2026.",
        f"Xem chi tiết: {url}",
    ])
    custom = {
        "type": "answer", "topic": "dang-ky-moi-truong", "id": entry, "title": title, "url": url,
        "confidence": 0.93, "reviewed": "2026-11-30", "verify": False,
        "sources": [{"doc": "72/2020/QH14", "where": "khoản 1 Điều 49", "label": "Luật Bảo vệ môi trường 2020",
                     "status": "Còn hiệu lực", "url": f"{site_url}/tham-khao/van-ban-phap-luat/#luat-72-2020"}],
    }
    return [{"recipient_id": "x", "text": text}, {"recipient_id": "x", "custom": custom}]


def clarify_reply() -> list:
    return [
        {"recipient_id": "x", "text": "Tôi chưa chắc bạn hỏi điều nào. Bạn chọn câu gần nhất dưới đây.",
         "buttons": [{"title": "Nộp hồ sơ đăng ký môi trường ở đâu?", "payload": CHOICE_PAYLOAD},
                     {"title": "Ai phải đăng ký môi trường?", "payload": '/choose_entry{"entry_id": "%s"}' % ENTRY}]},
        {"recipient_id": "x", "custom": {"type": "clarify", "options": [
            {"id": "dkmt-nop-o-dau", "topic": "dang-ky-moi-truong", "title": "Nộp hồ sơ đăng ký môi trường ở đâu?",
             "confidence": 0.41}]}},
    ]


THANKS = [{"recipient_id": "x", "text": "Cảm ơn bạn đã góp ý. Biên tập viên sẽ xem lại câu trả lời này."}]


def scripted(site_url):
    """Replies like the bot: a vague question gets suggestions, feedback gets thanks, anything else an answer."""
    def reply(message):
        if message == "moi truong":
            return clarify_reply()
        if message.startswith("/feedback"):
            return THANKS
        return answer_reply(site_url)
    return reply


class BotStub:
    """Answers the widget's POSTs like the REST channel, with CORS headers; records what was sent."""

    def __init__(self, page, reply, hold: bool = False):
        self.reply, self.hold = reply, hold
        self.sent: list = []
        self.pending: list = []
        page.route(WEBHOOK, self._handle)

    @staticmethod
    def headers(request) -> dict:
        return {"Access-Control-Allow-Origin": request.headers.get("origin", "*"),
                "Access-Control-Allow-Headers": "content-type", "Access-Control-Allow-Methods": "POST, OPTIONS",
                "Content-Type": "application/json"}

    def _handle(self, route, request):
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers=self.headers(request))
            return
        body = request.post_data_json
        self.sent.append(body)
        if self.hold:
            self.pending.append((route, request, body))
            return
        self._answer(route, request, body)

    def _answer(self, route, request, body):
        replies = self.reply(body["message"]) if callable(self.reply) else self.reply
        route.fulfill(status=200, headers=self.headers(request), body=json.dumps(replies, ensure_ascii=False))

    def release(self):
        pending, self.pending = self.pending, []
        for route, request, body in pending:
            self._answer(route, request, body)

    @property
    def messages(self) -> list:
        return [body["message"] for body in self.sent]


def panel(page):
    return page.get_by_role("dialog", name="Trợ lý hỏi đáp bảo vệ môi trường")


def open_widget(page):
    page.get_by_role("button", name="Hỏi trợ lý").click()
    expect(panel(page)).to_be_visible()


def ask(page, text):
    box = page.get_by_label("Câu hỏi")
    box.fill(text)
    box.press("Enter")


def log(page):
    return page.get_by_role("log")


def sender_id(page) -> str:
    return page.evaluate("localStorage.getItem('bvmt-chat-sender')")


# ---- opening, asking, rendering --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", EXPLAINER, QA_PAGE, "/tham-khao/van-ban-phap-luat/"])
def test_every_page_has_the_launcher_and_opening_focuses_the_input(page, site_url, path):
    page.goto(site_url + path)
    launcher = page.get_by_role("button", name="Hỏi trợ lý")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_have_attribute("aria-controls", "bvmt-chat-panel")
    expect(panel(page)).to_have_count(0)  # hidden until opened
    open_widget(page)
    expect(page.locator(".bvmt-chat__launcher")).to_have_attribute("aria-expanded", "true")  # hidden under the panel
    expect(page.get_by_label("Câu hỏi")).to_be_focused()
    expect(log(page)).to_have_attribute("aria-live", "polite")
    expect(log(page)).to_contain_text("Xin chào")
    assert page.locator(".bvmt-chat").count() == 1


def test_bot_url_comes_from_mkdocs_config(page, site_url):
    page.goto(site_url + "/")
    # mkdocs.yml: extra.chat.url = !ENV [BOT_URL, default] (tests/bot builds a site with BOT_URL set)
    expected = os.environ.get("BOT_URL", "http://127.0.0.1:5005/webhooks/rest/webhook")
    assert page.locator('meta[name="bvmt-chat-url"]').get_attribute("content") == expected


def test_asking_renders_the_answer_its_basis_and_link(page, site_url):
    stub = BotStub(page, answer_reply(site_url))
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, QUESTION)
    answer = page.locator(".bvmt-chat__answer")
    expect(answer).to_be_visible()
    assert stub.sent == [{"sender": sender_id(page), "message": QUESTION}]
    expect(log(page).locator(".bvmt-chat__msg--user .bvmt-chat__text")).to_have_text(QUESTION)
    expect(log(page)).to_contain_text("không thuộc diện phải có giấy phép môi trường thì đăng ký môi trường")
    expect(log(page)).to_contain_text("Rà soát pháp lý: 30/11/2026.")
    # legal basis from custom.sources, linked to the registry
    expect(answer).to_contain_text("Căn cứ pháp lý:")
    expect(answer).to_contain_text("khoản 1 Điều 49 Luật Bảo vệ môi trường 2020 (Còn hiệu lực)")
    basis = answer.get_by_role("link", name="Luật Bảo vệ môi trường 2020")
    expect(basis).to_have_attribute("href", f"{site_url}/tham-khao/van-ban-phap-luat/#luat-72-2020")
    # "Xem chi tiết" to custom.url; the text's own basis and link lines are not shown twice
    details = answer.get_by_role("link", name=re.compile("^Xem chi tiết"))
    expect(details).to_have_attribute("href", f"{site_url}{QA_PAGE}")
    assert log(page).inner_text().count("Căn cứ") == 1
    expect(log(page).locator(".bvmt-chat__text").filter(has_text="Xem chi tiết:")).to_have_count(0)
    # feedback buttons on the answer
    expect(answer.get_by_role("button", name="Câu trả lời hữu ích", exact=True)).to_be_visible()
    expect(answer.get_by_role("button", name="Câu trả lời chưa hữu ích")).to_be_visible()


def test_typing_indicator_while_the_bot_answers(page, site_url):
    stub = BotStub(page, answer_reply(site_url), hold=True)
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, QUESTION)
    status = page.get_by_role("status").filter(has_text="Trợ lý đang trả lời")
    expect(status).to_be_visible()
    stub.release()
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    expect(page.locator(".bvmt-chat__typing")).to_have_text("")


def test_text_links_from_the_bot_become_anchors_only_for_http(page, site_url):
    BotStub(page, [{"recipient_id": "x", "text": f"Xem {site_url}/hoi-dap/. Hoặc javascript:alert(1) và "
                                                 "data:text/html,<b>x</b> và ftp://example.org/x"}])
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, "tất cả chủ đề")
    bubble = log(page).locator(".bvmt-chat__msg--bot").last
    expect(bubble).to_contain_text("ftp://example.org/x")
    links = bubble.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", f"{site_url}/hoi-dap/")  # trailing full stop left out


def test_clicking_a_suggestion_sends_exactly_its_payload(page, site_url):
    stub = BotStub(page, lambda message: answer_reply(site_url, "dkmt-nop-o-dau", "Nộp hồ sơ ở đâu?")
                   if message.startswith("/choose_entry") else clarify_reply())
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, "moi truong")
    choice = page.get_by_role("button", name="Nộp hồ sơ đăng ký môi trường ở đâu?")
    choice.click()
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    assert stub.messages == ["moi truong", CHOICE_PAYLOAD]
    # the user sees the button's title as their message, not the payload
    expect(log(page).locator(".bvmt-chat__msg--user .bvmt-chat__text").last).to_have_text("Nộp hồ sơ đăng ký môi trường ở đâu?")
    expect(log(page)).not_to_contain_text("choose_entry")


def test_feedback_sends_the_feedback_payload_once(page, site_url):
    stub = BotStub(page, scripted(site_url))
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, QUESTION)
    down = page.locator(".bvmt-chat__answer").get_by_role("button", name="Câu trả lời chưa hữu ích")
    down.click()
    expect(log(page)).to_contain_text("Cảm ơn bạn đã góp ý")
    expect(down).to_have_attribute("aria-pressed", "true")
    up = page.locator(".bvmt-chat__answer").get_by_role("button", name="Câu trả lời hữu ích", exact=True)
    expect(up).to_have_attribute("aria-disabled", "true")
    up.dispatch_event("click")  # a second vote on the same answer is ignored
    page.wait_for_timeout(300)
    feedback = [m for m in stub.messages if m.startswith("/feedback")]
    assert len(feedback) == 1
    assert feedback[0].startswith("/feedback{")
    assert json.loads(feedback[0][len("/feedback"):]) == {"feedback_value": "down", "entry_id": ENTRY}


# ---- markup stays text -----------------------------------------------------------------------------------------


def test_markup_from_the_bot_and_the_user_is_inert_text(page, site_url):
    hostile = [
        {"recipient_id": "x", "text": XSS_BOT + "\n<a href='javascript:window.__xss=4'>bấm</a>",
         "buttons": [{"title": "<img src=x onerror=window.__xss=5>", "payload": "/choose_entry{}"}]},
        {"recipient_id": "x", "custom": {
            "type": "answer", "id": "x<script>", "topic": "t", "title": "<b>tiêu đề</b>",
            "url": "javascript:window.__xss=6", "confidence": 1, "reviewed": "", "verify": False,
            "sources": [{"doc": "d", "where": "<i>Điều 1</i>", "label": "<svg onload=window.__xss=7>",
                         "status": "<u>x</u>", "url": "javascript:window.__xss=8"}]}},
    ]
    BotStub(page, hostile)
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, XSS_USER)
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    chat = page.locator(".bvmt-chat")
    # shown literally ...
    expect(log(page).locator(".bvmt-chat__msg--user .bvmt-chat__text")).to_have_text(XSS_USER)
    expect(log(page)).to_contain_text(XSS_BOT)
    expect(chat.get_by_role("button", name="<img src=x onerror=window.__xss=5>")).to_be_visible()
    expect(log(page)).to_contain_text("<svg onload=window.__xss=7>")
    # ... and nothing was created from it
    for tag in ["img", "script", "b", "i", "u", "a[href^='javascript']"]:
        assert chat.locator(tag).count() == 0, tag
    assert chat.locator("svg").count() == chat.locator("svg.bvmt-chat__svg").count()  # only the widget's icons
    expect(chat.get_by_role("link", name=re.compile("Xem chi tiết"))).to_have_count(0)  # javascript: URL dropped
    chat.get_by_role("button", name="<img src=x onerror=window.__xss=5>").click()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"


# ---- failures --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["abort", "500", "not-json"])
def test_unreachable_bot_gets_a_clear_message_and_the_page_keeps_working(page, site_url, failure):
    def fail(route, request):
        if failure == "abort":
            route.abort()
        elif failure == "500":
            route.fulfill(status=500, headers=BotStub.headers(request), body="Internal Server Error")
        else:
            route.fulfill(status=200, headers=BotStub.headers(request), body="<html>proxy error</html>")

    page.route(WEBHOOK, fail)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, QUESTION)
    message = log(page).locator(".bvmt-chat__msg--error")
    expect(message).to_contain_text("không kết nối được với trợ lý")
    link = message.get_by_role("link", name="Hỏi đáp")
    expect(link).to_have_attribute("href", f"{site_url}/hoi-dap/")
    expect(page.locator(".bvmt-chat__typing")).to_have_text("")
    assert not errors
    # the widget still takes questions, and the page still navigates
    ask(page, "lần nữa")
    expect(log(page).locator(".bvmt-chat__msg--error")).to_have_count(2)
    link.first.click()
    expect(page).to_have_url(f"{site_url}/hoi-dap/")
    expect(page.locator("h1")).to_be_visible()


# ---- conversation id -------------------------------------------------------------------------------------------


def test_conversation_id_is_random_and_kept_in_the_browser(page, site_url):
    stub = BotStub(page, answer_reply(site_url))
    page.goto(site_url + "/")
    first = sender_id(page)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first), first
    page.reload()
    assert sender_id(page) == first
    open_widget(page)
    ask(page, QUESTION)
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    assert stub.sent[-1]["sender"] == first


def test_new_conversation_gets_a_new_id_and_clears_the_log(page, site_url):
    stub = BotStub(page, answer_reply(site_url))
    page.goto(site_url + "/")
    open_widget(page)
    ask(page, QUESTION)
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    before = sender_id(page)
    page.get_by_role("button", name="Cuộc trò chuyện mới").click()
    after = sender_id(page)
    assert after and after != before
    expect(log(page).locator(".bvmt-chat__msg")).to_have_count(1)  # the welcome only
    expect(log(page)).not_to_contain_text(QUESTION)
    expect(page.get_by_label("Câu hỏi")).to_be_focused()
    ask(page, "câu hỏi mới")
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    assert [s["sender"] for s in stub.sent] == [before, after]


# ---- keyboard, phone, instant navigation -----------------------------------------------------------------------


def focused(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.id"
                         " || document.activeElement.textContent.trim()")


def test_keyboard_only_use(page, site_url):
    stub = BotStub(page, lambda message: answer_reply(site_url, "dkmt-nop-o-dau", "Nộp hồ sơ ở đâu?")
                   if message.startswith("/choose_entry") else clarify_reply())
    page.goto(site_url + "/")
    for _ in range(10):  # the launcher comes right after Material's skip link
        page.keyboard.press("Tab")
        if focused(page) == "Hỏi trợ lý":
            break
    assert focused(page) == "Hỏi trợ lý"
    page.keyboard.press("Enter")
    assert focused(page) == "bvmt-chat-input"
    page.keyboard.type("moi truong")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Ai phải đăng ký môi trường?")).to_be_visible()
    page.keyboard.press("Shift+Tab")  # from the input back into the log: the last suggestion
    assert focused(page) == "Ai phải đăng ký môi trường?"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Nộp hồ sơ đăng ký môi trường ở đâu?"
    page.keyboard.press("Enter")
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    assert stub.messages == ["moi truong", CHOICE_PAYLOAD]
    page.keyboard.press("Escape")
    expect(panel(page)).to_have_count(0)
    assert focused(page) == "Hỏi trợ lý"
    page.keyboard.press("Enter")
    assert focused(page) == "bvmt-chat-input"
    expect(log(page)).to_contain_text("Nộp hồ sơ đăng ký môi trường ở đâu?")  # the conversation is kept
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # the feedback buttons of the last answer are reachable too
    assert focused(page) in {"Câu trả lời hữu ích", "Câu trả lời chưa hữu ích"}
    page.get_by_role("button", name="Đóng khung trò chuyện").focus()
    page.keyboard.press("Enter")
    assert focused(page) == "Hỏi trợ lý"


def test_phone_360_px(browser, site_url):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        BotStub(page, answer_reply(site_url))
        page.goto(site_url + QA_PAGE)
        launcher = page.get_by_role("button", name="Hỏi trợ lý")
        box = launcher.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740
        launcher.tap()
        box = panel(page).bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740
        for name in ["Câu hỏi"]:
            expect(page.get_by_label(name)).to_be_in_viewport()
        expect(page.get_by_role("button", name="Gửi")).to_be_in_viewport()
        expect(page.get_by_role("button", name="Đóng khung trò chuyện")).to_be_in_viewport()
        ask(page, QUESTION)
        # the question and the start of the answer are shown; the rest scrolls inside the panel
        expect(log(page).locator(".bvmt-chat__msg--user").last).to_be_in_viewport()
        details = page.get_by_role("link", name=re.compile("Xem chi tiết"))
        details.scroll_into_view_if_needed()
        expect(details).to_be_in_viewport()
        expect(page.get_by_label("Câu hỏi")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
        send = page.get_by_role("button", name="Gửi").bounding_box()
        assert send["height"] >= 40 and send["width"] >= 40  # big enough to tap (at 20 px rem: 2.2rem = 44 px)
        page.get_by_role("button", name="Đóng khung trò chuyện").tap()
        expect(launcher).to_be_visible()
    finally:
        context.close()


def test_widget_survives_instant_navigation(page, site_url):
    stub = BotStub(page, answer_reply(site_url))
    page.goto(site_url + "/")
    page.evaluate("window.__samePage = true")
    open_widget(page)
    ask(page, QUESTION)
    page.locator(".bvmt-chat__answer").get_by_role("link", name=re.compile("Xem chi tiết")).click()
    expect(page).to_have_url(f"{site_url}{QA_PAGE}")
    expect(page.locator("h1")).to_contain_text("đăng ký môi trường")
    assert page.evaluate("window.__samePage") is True, "a full reload: Material's instant navigation was bypassed"
    # same widget, same conversation, still working
    assert page.locator(".bvmt-chat").count() == 1
    expect(log(page)).to_contain_text(QUESTION)
    ask(page, "còn gì nữa")
    expect(page.locator(".bvmt-chat__answer")).to_have_count(2)
    # navigating with the widget closed, then opening it, works too
    page.get_by_role("button", name="Đóng khung trò chuyện").click()
    page.locator(".md-sidebar--primary a[href$='/huong-dan/giay-phep-moi-truong/']").first.click()
    expect(page).to_have_url(f"{site_url}/huong-dan/giay-phep-moi-truong/")
    open_widget(page)
    assert page.evaluate("window.__samePage") is True
    assert page.locator(".bvmt-chat").count() == 1
    assert len({s["sender"] for s in stub.sent}) == 1


# ---- privacy and accessibility ---------------------------------------------------------------------------------


def test_no_third_party_request_while_loading_and_chatting(page, site_url):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    BotStub(page, scripted(site_url))
    page.goto(site_url + EXPLAINER, wait_until="networkidle")
    open_widget(page)
    ask(page, "moi truong")
    page.get_by_role("button", name="Ai phải đăng ký môi trường?").click()
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    page.locator(".bvmt-chat__answer").get_by_role("button", name="Câu trả lời hữu ích", exact=True).click()
    page.locator(".bvmt-chat__answer").get_by_role("link", name=re.compile("Xem chi tiết")).click()
    page.wait_for_load_state("networkidle")
    assert hosts and hosts <= {"127.0.0.1"}, hosts


@pytest.mark.parametrize("path", ["/", EXPLAINER, QA_PAGE])
def test_no_serious_accessibility_violation_with_the_widget_open(page, site_url, path):
    BotStub(page, scripted(site_url))
    page.goto(site_url + path, wait_until="networkidle")
    open_widget(page)
    ask(page, "moi truong")
    page.get_by_role("button", name="Ai phải đăng ký môi trường?").click()
    expect(page.locator(".bvmt-chat__answer")).to_be_visible()
    results = Axe().run(page)  # all rules, whole page (Material's theme fixes: docs/assets/stylesheets/a11y.css)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in serious]
    assert not serious, report
