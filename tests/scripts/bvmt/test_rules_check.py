"""The content check of the obligations checker's rules: broken rules are reported in Vietnamese,
naming the file, the outcome or question and the field, with how to fix them."""

import copy
import dataclasses
import json

import pytest

from bvmt import check, parse, read, rules_check
from bvmt.model import Page
from helpers import ROOT, TODAY


@pytest.fixture(scope="module")
def content():
    content, problems = parse.parse(read.read_tree(ROOT))
    assert problems == []
    return content


def with_rules(content, mutate):
    rules = copy.deepcopy(content.obligation_rules)
    mutate(rules)
    return dataclasses.replace(content, obligation_rules=rules)


def outcome(rules, oid):
    return next(o for o in rules["outcomes"] if o["id"] == oid)


def question(rules, qid):
    return next(q for q in rules["questions"] if q["id"] == qid)


def test_real_rules_have_no_problem(content):
    assert rules_check.check_rules(content) == []


def test_every_outcome_links_an_existing_explainer_and_cites_the_registry(content):
    explainers = {p.path for p in content.pages_of("explainer")}
    for o in content.obligation_rules["outcomes"]:
        assert f"huong-dan/{o['topic']}.md" in explainers
        assert o["certainty"] in ("C", "S")


# mutation -> (field the problem names, words of the message)
BROKEN = {
    "unknown-document": (lambda r: outcome(r, "gpmt")["basis"].append({"doc": "99/2099/NĐ-CP", "where": "Điều 1"}),
                         "outcomes[gpmt].basis", "«99/2099/NĐ-CP» chưa có trong danh mục"),
    "replaced-document": (lambda r: outcome(r, "phi-nuoc-thai")["basis"].append({"doc": "53/2020/NĐ-CP", "where": "Điều 5"}),
                          "outcomes[phi-nuoc-thai].basis", "bị thay thế"),
    "unknown-topic": (lambda r: outcome(r, "dkmt").update(topic="khong-co-chu-de"),
                      "outcomes[dkmt].topic", "không có bài hướng dẫn"),
    "missing-certainty": (lambda r: outcome(r, "ctnh").pop("certainty"),
                          "outcomes[ctnh].certainty", "thiếu mức xác nhận"),
    "bad-certainty": (lambda r: outcome(r, "ctnh").update(certainty="U"),
                      "outcomes[ctnh].certainty", "«U» không hợp lệ"),
    "s-without-verify": (lambda r: outcome(r, "gpmt").pop("verify"),
                         "outcomes[gpmt].verify", "cần đối chiếu văn bản gốc"),
    "unknown-question": (lambda r: outcome(r, "ctnh").update(when={"q": "chat_thai_la", "gt": 0}),
                         "outcomes[ctnh].when", "«chat_thai_la» không có"),
    "unknown-option": (lambda r: outcome(r, "o-zon").update(when={"q": "o_zon", "eq": "co"}),
                       "outcomes[o-zon].when", "không có lựa chọn «co»"),
    "number-compared-as-choice": (lambda r: outcome(r, "ctnh").update(when={"q": "ctnh", "eq": "nhieu"}),
                                  "outcomes[ctnh].when", "chỉ dùng cho câu hỏi lựa chọn"),
    "unknown-ref": (lambda r: outcome(r, "gpmt").update(when={"ref": "khong_co"}),
                    "outcomes[gpmt].when", "không có điều kiện tên đó"),
    "ask-if-uses-later-question": (lambda r: question(r, "giai_doan").update(ask_if={"q": "hoa_chat", "eq": "khong"}),
                                   "questions[giai_doan].ask_if", "không đứng trước"),
    "missing-help": (lambda r: question(r, "nuoc_thai").pop("help"), "questions[nuoc_thai].help", "thiếu «help»"),
    "missing-unit": (lambda r: question(r, "khi_thai").pop("unit"), "questions[khi_thai].unit", "thiếu đơn vị"),
    "unconfirmed-without-authority": (lambda r: outcome(r, "bao-cao-bvmt")["unconfirmed"][0].pop("ask"),
                                      "outcomes[bao-cao-bvmt].unconfirmed[1]", "cơ quan để hỏi"),
    "bad-calendar": (lambda r: outcome(r, "o-zon")["calendar"][0].update(month=13),
                     "outcomes[o-zon].calendar[1]", "Mục lịch"),
    "outdated-mention": (lambda r: outcome(r, "ctnh").update(text="Lập sổ chủ nguồn thải theo Thông tư 36/2015/TT-BTNMT."),
                         "outcomes[ctnh].text", "như thể còn hiệu lực"),
    "dissolved-body": (lambda r: outcome(r, "dkmt").update(authority="Nộp cho UBND cấp huyện."),
                       "outcomes[dkmt].authority", "không còn tồn tại"),
    "not-normalized": (lambda r: outcome(r, "hoa-chat").update(title="Nghĩa vụ về hoá chất"),
                       "outcomes[hoa-chat].title", "«hoá»"),
    "missing-disclaimer": (lambda r: r.pop("disclaimer"), "disclaimer", "Thiếu lời lưu ý"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_rules_are_reported_in_vietnamese(content, name):
    mutate, field, words = BROKEN[name]
    problems = rules_check.check_rules(with_rules(content, mutate))
    assert problems, name
    rendered = "\n".join(p.render() for p in problems)
    assert any(p.file == "docs/_data/nghia-vu.yml" and p.field.startswith(field) and words in p.render()
               for p in problems), rendered
    assert all(p.fix and p.code == "rules" for p in problems)


def test_content_check_includes_the_rules(content):
    broken = with_rules(content, BROKEN["unknown-document"][0])
    problems = check.check(broken, TODAY)
    assert any(p.code == "rules" and "99/2099/NĐ-CP" in p.message for p in problems)
    assert "docs/_data/nghia-vu.yml" in check.summarize(problems)


def test_missing_rules_file_is_reported_when_the_checker_page_exists(content):
    no_rules = dataclasses.replace(content, obligation_rules=None)
    page = Page("kiem-tra-nghia-vu.md", {"title": "x", "reviewed": TODAY}, "")
    assert [p.message for p in rules_check.check_rules(dataclasses.replace(no_rules, pages=content.pages + [page]))] == \
        ["Thiếu tệp quy tắc của trang kiểm tra nghĩa vụ."]
    assert rules_check.check_rules(dataclasses.replace(no_rules, pages=[p for p in content.pages
                                                                        if p.path != "kiem-tra-nghia-vu.md"])) == []


def test_unreadable_rules_file_is_a_yaml_problem():
    from bvmt.model import RawTree

    problems = []
    assert parse.parse_obligation_rules(RawTree({"_data/nghia-vu.yml": "questions: [a\n  b: :"}), problems) is None
    assert problems and problems[0].code == "yaml-error" and problems[0].file == "docs/_data/nghia-vu.yml"


def test_compiled_rules_for_the_site_are_json_with_registry_links(content):
    compiled = rules_check.compile_rules(content)
    json.dumps(compiled, ensure_ascii=False)  # JSON-ready
    gpmt = next(o for o in compiled["outcomes"] if o["id"] == "gpmt")
    assert gpmt["topic_url"] == "huong-dan/giay-phep-moi-truong/" and gpmt["topic_title"]
    law = gpmt["basis"][0]
    assert law["url"] == "tham-khao/van-ban-phap-luat/#luat-72-2020-qh14" and law["label"].endswith("72/2020/QH14")
    assert compiled["unknown"] == "kb" and len(compiled["questions"]) == len(content.obligation_rules["questions"])
