import datetime as dt

from bvmt import site
from bvmt.model import Abbreviation, Content, LegalDoc, Page


def doc(number, status="in_force", **kw):
    base = dict(id=number.split("/")[0] + "-x", number=number, title="Tên", kind="Nghị định", issued=None,
                effective=None, status=status, amended_by=(), replaced_by=None, certainty="C",
                link="https://example.org", official_link=False, note="")
    base.update(kw)
    return LegalDoc(**base)


def test_slugify_folds_vietnamese_headings():
    assert site.slugify("Ai không phải đăng ký") == "ai-khong-phai-dang-ky"
    assert site.slugify("Hồ sơ, biểu mẫu") == "ho-so-bieu-mau"


def test_basis_links_into_the_registry_with_version_and_certainty():
    content = Content(registry=[doc("08/2022/NĐ-CP", status="amended", amended_by=("05/2025/NĐ-CP",), id="nd-08-2022"),
                                doc("110/2026/NĐ-CP", certainty="S", id="nd-110-2026")])
    page = Page("hoi-dap/t/e.md", {"basis": [{"doc": "08/2022/NĐ-CP", "where": "Điều 32"},
                                             {"doc": "110/2026/NĐ-CP", "where": "Điều 1"}]}, "")
    md = site.basis_markdown(page, content)
    assert "## Căn cứ pháp lý" in md
    assert "[Nghị định 08/2022/NĐ-CP](../../tham-khao/van-ban-phap-luat.md#nd-08-2022)" in md
    assert "đã được sửa đổi bởi 05/2025/NĐ-CP" in md
    assert "cần đối chiếu văn bản gốc" in md


def test_review_line_shows_the_date():
    assert "30/11/2026" in site.review_line({"reviewed": dt.date(2026, 11, 30)})
    assert site.review_line({}) == ""


def test_search_index_gets_folded_text_and_abbreviations_both_ways():
    content = Content(abbreviations=[Abbreviation("GPMT", "Giấy phép môi trường"), Abbreviation("CTNH", "Chất thải nguy hại")])
    index = {"docs": [
        {"location": "a/", "title": "Giấy phép môi trường", "text": "<p>Ai phải có giấy phép môi trường?</p>"},
        {"location": "b/", "title": "Kho", "text": "<p>Lưu giữ CTNH đúng cách.</p>"},
    ]}
    docs = site.fold_search_index(index, content)["docs"]
    assert "giay phep moi truong" in docs[0]["text"] and " gpmt" in docs[0]["text"]
    assert "chat thai nguy hai" in docs[1]["text"]
    assert docs[0]["text"].startswith("<p>Ai phải có giấy phép môi trường?</p>")  # visible text unchanged
    assert 'class="bvmt-fold" hidden' in docs[0]["text"]
