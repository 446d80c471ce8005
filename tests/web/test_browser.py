"""The built site in Debian's chromium: no third-party request, search without diacritics and by abbreviation."""

from urllib.parse import urlparse

import pytest

PAGES = ["/", "/huong-dan/giay-phep-moi-truong/", "/hoi-dap/dang-ky-moi-truong/ai-phai-dang-ky/",
         "/tham-khao/van-ban-phap-luat/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_load_makes_no_third_party_request(page, site_url, path):
    hosts = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).hostname))
    page.goto(site_url + path, wait_until="networkidle")
    assert hosts, "no request recorded"
    assert set(hosts) <= {"127.0.0.1"}, set(hosts)


def search(page, site_url, query):
    page.goto(site_url + "/", wait_until="networkidle")
    page.keyboard.press("/")  # Material's search shortcut
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material reads the query on key events, which fill() does not send
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10000)
    return [results.nth(i).locator("a").first.get_attribute("href") for i in range(min(results.count(), 5))]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("giấy phép môi trường", "giay-phep-moi-truong"),
        ("giay phep moi truong", "giay-phep-moi-truong"),
        ("gpmt", "giay-phep-moi-truong"),
        ("ctnh", "chat-thai-nguy-hai"),
        ("chat thai nguy hai", "chat-thai-nguy-hai"),
        ("dang ky moi truong", "dang-ky-moi-truong"),
    ],
)
def test_search_finds_pages_without_diacritics_and_by_abbreviation(page, site_url, query, expected):
    hrefs = search(page, site_url, query)
    assert any(expected in (href or "") for href in hrefs[:3]), hrefs


def test_folded_copy_is_never_shown_in_results(page, site_url):
    search(page, site_url, "giay phep")
    shown = page.locator(".md-search-result").inner_text()
    assert "giay phep moi truong" not in shown.lower() or "giấy phép" in shown.lower()
    assert page.locator(".md-search-result .bvmt-fold:visible").count() == 0
