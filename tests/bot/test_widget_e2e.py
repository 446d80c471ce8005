"""The chat widget against the real bot: the site served by the `bot` fixture is built with BOT_URL pointing at
that bot, and the bot's CORS allows only that site's origin.

One conversation end to end (ask without diacritics, get the registration answer and its link, follow the link),
feedback landing in the SQLite tracker store with its entities, and the screenshots the README shows.
"""

from __future__ import annotations

import re
import sqlite3
import json
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from helpers import ROOT

import feedback_report  # scripts/ is on sys.path (tests/helpers.py)

SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"
QUESTION = "ai phai dang ky moi truong"
REPLY_TIMEOUT = 60_000  # ms; the first message after the model loads can be slow on 2 shared cores


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(locale="vi-VN", **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def ask(page, text):
    box = page.get_by_label("Câu hỏi")
    box.fill(text)
    box.press("Enter")


def last_answer(page):
    answer = page.locator(".bvmt-chat__answer").last
    expect(answer).to_be_visible(timeout=REPLY_TIMEOUT)
    return answer


def test_a_conversation_in_the_widget_end_to_end(bot, context_factory):
    page = context_factory(viewport={"width": 1280, "height": 800}).new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page.goto(bot.site_url + "/", wait_until="networkidle")
    assert page.locator('meta[name="bvmt-chat-url"]').get_attribute("content") == bot.webhook_url

    page.get_by_role("button", name="Hỏi trợ lý").click()
    ask(page, QUESTION)
    answer = last_answer(page)
    expect(answer).to_contain_text("Căn cứ pháp lý:")
    expect(page.get_by_role("log")).to_contain_text("Rà soát pháp lý:")
    link = answer.get_by_role("link", name=re.compile("^Xem chi tiết"))
    href = link.get_attribute("href")
    assert href.startswith(bot.site_url + "/hoi-dap/dang-ky-moi-truong/"), href
    assert answer.get_attribute("data-entry").startswith("dkmt-")
    title = answer.locator(".bvmt-chat__details .bvmt-chat__sr").text_content().lstrip(": ")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))

    page.evaluate("window.__samePage = true")
    link.click()
    expect(page).to_have_url(href)
    expect(page.locator("h1")).to_have_text(title)
    assert page.evaluate("window.__samePage") is True  # Material's instant navigation, widget kept
    expect(page.get_by_role("log")).to_contain_text(QUESTION)
    assert hosts <= {"127.0.0.1"}, hosts


def test_feedback_from_the_widget_is_stored_with_its_entities(bot, context_factory):
    page = context_factory().new_page()
    page.goto(bot.site_url + "/huong-dan/dang-ky-moi-truong/")
    page.get_by_role("button", name="Hỏi trợ lý").click()
    ask(page, QUESTION)
    answer = last_answer(page)
    entry = answer.get_attribute("data-entry")
    answer.get_by_role("button", name="Câu trả lời chưa hữu ích").click()
    expect(page.get_by_role("log")).to_contain_text("Cảm ơn bạn đã góp ý", timeout=REPLY_TIMEOUT)
    sender = page.evaluate("localStorage.getItem('bvmt-chat-sender')")

    with sqlite3.connect(bot.tracker_db) as db:
        rows = db.execute("SELECT type_name, intent_name, action_name, data FROM events WHERE sender_id = ? ORDER BY id",
                          (sender,)).fetchall()
    feedback = [json.loads(data) for kind, intent, _, data in rows if kind == "user" and intent == "feedback"]
    assert len(feedback) == 1, rows
    entities = {e["entity"]: e["value"] for e in feedback[0]["parse_data"]["entities"]}
    assert entities == {"feedback_value": "down", "entry_id": entry}
    assert "utter_feedback_thanks" in [action for kind, _, action, _ in rows if kind == "action"]

    report = feedback_report.summarize(feedback_report.read_events(bot.tracker_db))
    assert report[entry].down >= 1
    assert QUESTION in report[entry].failed_questions


def test_the_widget_on_a_phone(bot, context_factory):
    context = context_factory(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                              device_scale_factor=2)
    page = context.new_page()
    page.goto(bot.site_url + "/hoi-dap/", wait_until="networkidle")
    page.get_by_role("button", name="Hỏi trợ lý").tap()
    ask(page, "giấy phép môi trường có thời hạn bao lâu")
    answer = last_answer(page)
    expect(page.locator(".bvmt-chat__msg--user").last).to_be_in_viewport()  # the answer is read from its start
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "widget-mobile.png"))
    details = answer.get_by_role("link", name=re.compile("^Xem chi tiết"))
    details.scroll_into_view_if_needed()
    expect(details).to_be_in_viewport()
    expect(page.get_by_label("Câu hỏi")).to_be_in_viewport()
