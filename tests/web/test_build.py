"""The strict build of the real content: generated parts, tooltips, lists, anchors, no third-party assets."""

import re

import pytest

from helpers import ROOT


def html(built_site, path):
    return (built_site / path / "index.html").read_text(encoding="utf-8")


CONTENT_PAGES = [
    "huong-dan/dang-ky-moi-truong",
    "huong-dan/giay-phep-moi-truong",
    "huong-dan/chat-thai-nguy-hai",
    "hoi-dap/dang-ky-moi-truong/ai-phai-dang-ky",
    "hoi-dap/dang-ky-moi-truong",
    "tham-khao/van-ban-phap-luat",
]


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_every_page_shows_review_date_and_edit_link(built_site, path):
    page = html(built_site, path)
    assert re.search(r'Rà soát pháp lý lần cuối: <time datetime="\d{4}-\d{2}-\d{2}">\d{2}/\d{2}/\d{4}</time>', page)
    assert re.search(r'href="https://[^"]+/edit/[^"]+\.md"[^>]*title="[^"]*"', page) or "/edit/" in page


def test_site_is_vietnamese(built_site):
    assert '<html lang="vi"' in html(built_site, "huong-dan/dang-ky-moi-truong")


def test_explainer_has_generated_legal_basis_linking_into_the_registry(built_site):
    page = html(built_site, "huong-dan/dang-ky-moi-truong")
    assert 'id="can-cu-phap-ly"' in page
    assert 'href="../../tham-khao/van-ban-phap-luat/#luat-72-2020-qh14"' in page
    registry = html(built_site, "tham-khao/van-ban-phap-luat")
    assert 'id="luat-72-2020-qh14"' in registry and 'id="nd-53-2020"' in registry
    assert "Đã bị thay thế" in registry


def test_abbreviations_are_tooltips(built_site):
    page = html(built_site, "huong-dan/giay-phep-moi-truong")
    assert '<abbr title="Giấy phép môi trường">GPMT</abbr>' in page


def test_glossary_lists_every_abbreviation(built_site):
    abbreviations = re.findall(r"^\*\[([^\]]+)\]", (ROOT / "includes/abbreviations.md").read_text(), re.M)
    glossary = re.sub(r"</?abbr[^>]*>", "", html(built_site, "tham-khao/thuat-ngu"))
    for abbr in abbreviations:
        assert f"<strong>{abbr.replace('&', '&amp;')}</strong>" in glossary, abbr


def test_qa_entries_are_listed_per_topic(built_site, real_content):
    content, _ = real_content
    for index in content.pages_of("qa_index"):
        page = html(built_site, index.url.strip("/"))
        entries = [p for p in content.pages_of("qa") if p.meta.get("topic") == index.meta["topic"]]
        assert entries, index.path
        for entry in entries:
            assert entry.url.strip("/").split("/")[-1] + "/" in page, (index.path, entry.path)


def test_qa_entry_page_has_short_answer_and_basis(built_site):
    page = html(built_site, "hoi-dap/dang-ky-moi-truong/nop-o-dau")
    assert "Trả lời ngắn" in page and "Căn cứ pháp lý" in page


def test_no_asset_is_loaded_from_a_third_party_host(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        loaded = r'<(?:script|img|iframe|link rel="(?:stylesheet|icon|preload|modulepreload|manifest)")[^>]+(?:src|href)="(https?://[^"]+)"'
        for url in re.findall(loaded, text):
            pytest.fail(f"{path.relative_to(built_site)} loads {url}")


def test_search_index_contains_folded_text(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "giay phep moi truong" in index and "dang ky moi truong" in index
