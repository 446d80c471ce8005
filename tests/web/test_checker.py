"""The obligations checker page in Debian's chromium: the JavaScript engine gives the Python engine's result on
every worked case; a person answers, shares the URL, reopens it and sees the same result; print and .ics work."""

import datetime as dt
import json
from urllib.parse import urlparse

import icalendar
import pytest
import yaml

from bvmt import obligations as ob
from helpers import ROOT

RULES = yaml.safe_load((ROOT / "docs/_data/nghia-vu.yml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((ROOT / "docs/_data/nghia-vu-vi-du.yml").read_text(encoding="utf-8"))
PAGE = "/kiem-tra-nghia-vu/"


def open_checker(page, url):
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#bvmt-checker[data-ready=true]", timeout=10000)


def shown_result(page):
    items = page.locator(".bvmt-checker__item")
    shown = [(items.nth(i).get_attribute("data-outcome"), items.nth(i).get_attribute("data-status"))
             for i in range(items.count())]
    assert len(dict(shown)) == len(shown), shown
    return dict(shown)  # shown grouped: what applies, then what may apply


def expected_result(answers):
    return {o["id"]: o["status"] for o in ob.evaluate(RULES, answers)["outcomes"]}


def answer_in_the_page(page, answers):
    """Answer the questions one at a time as a person would, until the result shows."""
    for _ in range(len(RULES["questions"]) + 1):
        if page.locator("#bvmt-checker[data-view=result]").count():
            return
        qid = page.locator("#bvmt-checker").get_attribute("data-question")
        q = ob.question(RULES, qid)
        value = answers.get(qid, ob.UNKNOWN)
        if value == ob.UNKNOWN:
            page.get_by_role("button", name="Không biết").click()
        elif q["type"] == "choice":
            label = next(o["label"] for o in q["options"] if o["value"] == value)
            page.get_by_role("button", name=label, exact=True).click()
        else:
            page.get_by_label(f"Con số ({q['unit']})").fill(str(value).replace(".", ","))
            page.get_by_role("button", name="Tiếp tục").click()
        page.wait_for_function("q => document.getElementById('bvmt-checker').dataset.question !== q", arg=qid)
    raise AssertionError("the questionnaire did not end")


@pytest.fixture
def checker(page, site_url):
    open_checker(page, site_url + PAGE)
    return page


def test_js_engine_gives_the_python_result_on_every_worked_case(checker, site_url):
    compiled = checker.evaluate("url => fetch(url).then(r => r.json())", site_url + "/assets/checker/nghia-vu.json")
    got = checker.evaluate(
        """([rules, cases]) => cases.map(c => {
             const r = BvmtChecker.evaluate(rules, c.tra_loi);
             return {result: r, query: BvmtChecker.encodeAnswers(rules, c.tra_loi),
                     decoded: BvmtChecker.evaluate(rules, BvmtChecker.decodeAnswers(rules, BvmtChecker.encodeAnswers(rules, c.tra_loi))),
                     next: BvmtChecker.nextQuestion(rules, {giai_doan: c.tra_loi.giai_doan}),
                     deadlines: BvmtChecker.deadlines(rules, r).map(d => [d.outcome, d.id, BvmtChecker.deadlineText(d)])};
           })""",
        [compiled, json.loads(json.dumps(CASES, default=str))])
    assert len(got) == len(CASES) >= 30
    for case, js in zip(CASES, got):
        py = ob.evaluate(RULES, case["tra_loi"])
        assert js["result"] == py, case["id"]
        assert js["decoded"] == py, case["id"]
        assert js["query"] == ob.encode_answers(RULES, case["tra_loi"]), case["id"]
        assert js["next"] == ob.next_question(RULES, {"giai_doan": case["tra_loi"].get("giai_doan")}), case["id"]
        assert js["deadlines"] == [[d["outcome"], d["id"], ob.deadline_text(d)] for d in ob.deadlines(RULES, py)]
        # and what the expected result of the case says
        assert {o["id"] for o in js["result"]["outcomes"] if o["status"] == "yes"} == set(case["ap_dung"])


def test_js_engine_number_parsing_matches_python(checker):
    samples = ["5", "2.5", "0", ".5", "5.", "-1", "1e3", "abc", "", " 7 ", "1.2.3", "١٢", "1000000000001", 3, 2.5, True, None]
    got = checker.evaluate("xs => xs.map(x => BvmtChecker.parseNumber(x))", samples)
    assert got == [ob.parse_number(x) for x in samples]
    numbers = [0, 1, 2.5, 19.5, 1000, 0.1, 1 / 3, 123456.789, 4999.9999]
    assert checker.evaluate("xs => xs.map(BvmtChecker.formatNumber)", numbers) == [ob.format_number(float(x)) for x in numbers]


@pytest.mark.parametrize("case_id", ["doanh-nghiep-trong-kcn", "khong-biet-nuoc-thai", "nhap-khau-pin", "chu-dau-tu-kcn-dang-hoat-dong"])
def test_answer_share_reopen_same_result(checker, browser, site_url, case_id):
    case = next(c for c in CASES if c["id"] == case_id)
    answer_in_the_page(checker, case["tra_loi"])
    expected = expected_result(case["tra_loi"])
    assert shown_result(checker) == expected
    shared = checker.locator(".bvmt-checker__url").input_value()
    assert shared == checker.url and urlparse(shared).query == ob.encode_answers(RULES, case["tra_loi"])
    # someone else opens the shared link: same result, no question asked
    other = browser.new_context(locale="vi-VN").new_page()
    try:
        open_checker(other, shared)
        assert other.locator("#bvmt-checker").get_attribute("data-view") == "result"
        assert shown_result(other) == expected
        other.reload(wait_until="networkidle")  # a bookmark keeps working
        other.wait_for_selector("#bvmt-checker[data-ready=true]")
        assert shown_result(other) == expected
    finally:
        other.context.close()


def test_result_shows_basis_links_certainty_and_disclaimer(checker, site_url, page):
    case = next(c for c in CASES if c["id"] == "doanh-nghiep-trong-kcn")
    open_checker(page, site_url + PAGE + "?" + ob.encode_answers(RULES, case["tra_loi"]))
    text = page.locator("#bvmt-checker").inner_text()
    assert "không phải quyết định pháp lý" in text and "UBND cấp xã" in text
    gpmt = page.locator('[data-outcome="gpmt"]')
    assert "cần đối chiếu văn bản gốc" in gpmt.inner_text()
    assert "Chưa được xác nhận" in gpmt.inner_text()  # the note about parks shows for a tenant
    links = gpmt.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert site_url + "/tham-khao/van-ban-phap-luat/#luat-72-2020-qh14" in hrefs
    assert site_url + "/huong-dan/giay-phep-moi-truong/" in hrefs
    for href in set(hrefs):  # every link works on the built site, anchors included
        target = page.context.new_page()
        response = target.goto(href)
        assert response.status == 200, href
        anchor = urlparse(href).fragment
        if anchor:
            assert target.locator(f"#{anchor}").count() == 1, href
        target.close()
    assert "Đã xác nhận" in page.locator('[data-outcome="bao-cao-bvmt"]').inner_text()
    assert "trước ngày 15/01 hằng năm" in page.locator('[data-outcome="bao-cao-bvmt"]').inner_text()


def test_calendar_file_parses_and_holds_the_applicable_deadlines(page, site_url):
    case = next(c for c in CASES if c["id"] == "doanh-nghiep-trong-kcn")
    open_checker(page, site_url + PAGE + "?" + ob.encode_answers(RULES, case["tra_loi"]))
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải lịch thời hạn (.ics)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    raw = open(download.path(), "rb").read()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = [e for e in calendar.walk("VEVENT")]
    expected = ob.deadlines(RULES, ob.evaluate(RULES, case["tra_loi"]))
    assert [str(e["UID"]) for e in events] == [f"{d['id']}-{d['outcome']}@bvmt-congthuong" for d in expected]
    today = dt.date.today()
    for event, deadline in zip(events, expected):
        assert str(event["SUMMARY"]) == deadline["title"]
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and start >= today and (start - today).days <= 366
        due = start + dt.timedelta(days=1) if deadline["before"] else start  # "trước ngày 15/01" -> on 14/01
        assert due.day == deadline["day"]
        rule = event["RRULE"]
        if deadline["every"] == "quarter":
            assert rule["FREQ"] == ["MONTHLY"] and rule["INTERVAL"] == [3] and (due.month - deadline["month"]) % 3 == 0
        else:
            assert rule["FREQ"] == ["YEARLY"] and due.month == deadline["month"]
        assert "hướng dẫn" in str(event["DESCRIPTION"]) and event.walk("VALARM")


def test_two_yearly_deadline_lands_on_its_cycle(page, site_url):
    case = next(c for c in CASES if c["id"] == "xi-mang-trong-danh-muc-knk")
    open_checker(page, site_url + PAGE + "?" + ob.encode_answers(RULES, case["tra_loi"]))
    with page.expect_download() as info:
        page.get_by_role("button", name="Tải lịch thời hạn (.ics)").click()
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(open(info.value.path(), "rb").read()).walk("VEVENT")}
    inventory = events["knk-kiem-ke-kiem-ke-knk@bvmt-congthuong"]
    assert inventory["RRULE"]["INTERVAL"] == [2] and (inventory.decoded("DTSTART").year - 2025) % 2 == 0
    assert "cần đối chiếu văn bản gốc" in str(inventory["DESCRIPTION"])


def test_no_calendar_when_nothing_recurring_applies(page, site_url):
    case = next(c for c in CASES if c["id"] == "khong-biet-gi-ca")
    open_checker(page, site_url + PAGE + "?" + ob.encode_answers(RULES, case["tra_loi"]))
    assert page.get_by_role("button", name="Tải lịch thời hạn (.ics)").is_disabled()
    assert page.locator('[data-status="maybe"] .bvmt-checker__missing').count() > 0


def test_unknown_answer_shows_how_to_find_the_figure_and_typed_numbers(checker):
    checker.get_by_role("button", name="Cơ sở đang hoạt động").click()
    checker.get_by_role("button", name="Ngoài khu, cụm công nghiệp").click()
    checker.get_by_role("button", name="Không", exact=True).click()
    box = checker.get_by_label("Con số (m³/ngày)")
    checker.get_by_text("Chưa biết? Cách tìm câu trả lời").click()
    assert "hóa đơn tiền nước" in checker.locator(".bvmt-checker__help").inner_text()
    box.fill("nhiều lắm")
    checker.get_by_role("button", name="Tiếp tục").click()
    assert "Hãy nhập một con số" in checker.get_by_role("alert").inner_text()
    assert box.get_attribute("aria-invalid") == "true"
    box.fill("1.000")  # Vietnamese thousands separator
    checker.get_by_role("button", name="Tiếp tục").click()
    checker.wait_for_function("() => location.search.includes('nuoc_thai=1000')")
    checker.get_by_role("button", name="← Quay lại").click()
    assert checker.get_by_label("Con số (m³/ngày)").input_value() == "1000"
    checker.get_by_label("Con số (m³/ngày)").fill("2,5")
    checker.get_by_role("button", name="Tiếp tục").click()
    checker.wait_for_function("() => location.search.includes('nuoc_thai=2.5')")


def test_result_prints_as_a_checklist(page, site_url):
    case = next(c for c in CASES if c["id"] == "xuong-co-khi-dang-ky")
    open_checker(page, site_url + PAGE + "?" + ob.encode_answers(RULES, case["tra_loi"]))
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="In danh sách việc cần làm").is_visible()
    assert page.locator(".bvmt-checker__item input[type=checkbox]").first.is_visible()
    assert page.locator(".bvmt-checker__print-url").is_visible()
    assert page.locator(".bvmt-checker__item").count() == len(case["ap_dung"])


def test_checker_page_is_accessible_and_linked_from_home(page, site_url):
    from axe_playwright_python.sync_playwright import Axe

    case = next(c for c in CASES if c["id"] == "doanh-nghiep-trong-kcn")
    for url in (site_url + PAGE, site_url + PAGE + "?" + ob.encode_answers(RULES, case["tra_loi"])):
        open_checker(page, url)
        mine = Axe().run(page, context="#bvmt-checker")  # the checker itself: no violation at all
        assert mine.violations_count == 0, json.dumps(mine.response["violations"], ensure_ascii=False)[:3000]
        whole = Axe().run(page)  # the page around it: nothing serious (theme details are a11y.css's business)
        serious = [v for v in whole.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, json.dumps(serious, ensure_ascii=False)[:3000]
    page.goto(site_url + "/", wait_until="networkidle")
    assert page.locator('a[href$="kiem-tra-nghia-vu/"]').count() >= 1
