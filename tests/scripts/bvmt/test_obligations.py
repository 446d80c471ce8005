"""The obligations checker's engine: every worked case of docs/_data/nghia-vu-vi-du.yml, and its semantics."""

import copy

import pytest
import yaml

from bvmt import obligations as ob
from helpers import ROOT

RULES = yaml.safe_load((ROOT / "docs/_data/nghia-vu.yml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((ROOT / "docs/_data/nghia-vu-vi-du.yml").read_text(encoding="utf-8"))


def by_status(result, status):
    return {o["id"] for o in result["outcomes"] if o["status"] == status}


def test_there_are_at_least_thirty_worked_cases_with_unique_ids_and_descriptions():
    assert len(CASES) >= 30
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert all(c["mo_ta"].strip() and isinstance(c["tra_loi"], dict) for c in CASES)


def test_cases_use_only_known_questions_values_and_outcomes():
    outcome_ids = {o["id"] for o in RULES["outcomes"]}
    for case in CASES:
        assert ob.clean_answers(RULES, case["tra_loi"]) == {
            k: (float(v) if isinstance(v, (int, float)) else v) for k, v in case["tra_loi"].items()}, case["id"]
        assert set(case["ap_dung"]) | set(case["co_the"]) | set(case.get("thieu") or {}) <= outcome_ids, case["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_case(case):
    result = ob.evaluate(RULES, case["tra_loi"])
    assert by_status(result, "yes") == set(case["ap_dung"])
    assert by_status(result, "maybe") == set(case["co_the"])
    for oid, missing in (case.get("thieu") or {}).items():
        assert next(o for o in result["outcomes"] if o["id"] == oid)["missing"] == missing


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_answers_survive_the_url(case):
    query = ob.encode_answers(RULES, case["tra_loi"])
    assert ob.evaluate(RULES, ob.decode_answers(RULES, "?" + query)) == ob.evaluate(RULES, case["tra_loi"])


def test_permit_registration_and_neither_never_apply_together():
    for case in CASES:
        yes = by_status(ob.evaluate(RULES, case["tra_loi"]), "yes")
        assert len(yes & {"gpmt", "dkmt", "khong-dang-ky"}) <= 1, case["id"]


def test_every_complete_answer_set_decides_permit_registration_or_neither():
    for case in CASES:
        result = ob.evaluate(RULES, case["tra_loi"])
        decided = by_status(result, "yes") & {"gpmt", "dkmt", "khong-dang-ky"}
        undecided = by_status(result, "maybe") & {"gpmt", "dkmt", "khong-dang-ky"}
        assert decided or undecided, case["id"]


def test_three_valued_logic():
    assert ob._all([True, None]) is None and ob._all([False, None]) is False and ob._all([]) is True
    assert ob._any([False, None]) is None and ob._any([True, None]) is True and ob._any([]) is False
    assert ob._not(None) is None and ob._not(True) is False


def test_unknown_and_unanswered_read_the_same():
    assert ob.evaluate(RULES, {"giai_doan": "du_an_moi"})["outcomes"] == \
        ob.evaluate(RULES, {"giai_doan": "du_an_moi", "nuoc_thai": "kb", "vi_tri": "kb"})["outcomes"]


def test_questions_are_skipped_by_ask_if():
    assert "loai_nuoc_thai" not in ob.active_questions(RULES, {"nuoc_thai": 0})
    assert "loai_nuoc_thai" in ob.active_questions(RULES, {"nuoc_thai": 3})
    assert "loai_nuoc_thai" in ob.active_questions(RULES, {"nuoc_thai": "kb"})  # unknown: ask
    assert "nang_luong" not in ob.active_questions(RULES, {"knk_danh_muc": "co"})
    assert "epr_doanh_thu" not in ob.active_questions(RULES, {"epr": "san_pham"})


def test_next_question_walks_the_questionnaire_in_order():
    answers = {}
    asked = []
    while (qid := ob.next_question(RULES, answers)) is not None:
        asked.append(qid)
        answers[qid] = ob.UNKNOWN
    assert asked == [q["id"] for q in RULES["questions"]]
    assert ob.evaluate(RULES, answers)["complete"]


def test_invalid_answers_are_ignored():
    assert ob.clean_answers(RULES, {"nuoc_thai": "-3", "khi_thai": "abc", "giai_doan": "sai", "x": 1,
                                    "ctnh": True, "ctr_sinh_hoat": float("nan"), "ctr_cong_nghiep": 1e13}) == {}
    assert ob.clean_answers(RULES, {"nuoc_thai": "2.5", "epr": "kb"}) == {"nuoc_thai": 2.5, "epr": "kb"}


def test_url_encoding():
    answers = {"nuoc_thai": 2.5, "giai_doan": "du_an_moi", "loai_nuoc_thai": "sinh_hoat", "khi_thai": "kb"}
    query = ob.encode_answers(RULES, answers)
    assert query == "giai_doan=du_an_moi&nuoc_thai=2.5&loai_nuoc_thai=sinh_hoat&khi_thai=kb"
    # a skipped question's answer is dropped from the URL
    assert "loai_nuoc_thai" not in ob.encode_answers(RULES, {**answers, "nuoc_thai": 0})
    assert ob.decode_answers(RULES, "?" + query + "&nuoc_thai=zz&bogus=1") == ob.clean_answers(RULES, answers)
    assert ob.format_number(1000.0) == "1000" and ob.format_number(0.0) == "0" and ob.format_number(19.5) == "19.5"


def test_notes_that_depend_on_answers():
    tenant = {"vi_tri": "trong_kcn", "loai_nuoc_thai": "cong_nghiep", "nuoc_thai": 20, "nganh_o_nhiem": "khong"}
    gpmt = next(o for o in ob.evaluate(RULES, tenant)["outcomes"] if o["id"] == "gpmt")
    assert gpmt["notes"] == [0]
    gpmt = next(o for o in ob.evaluate(RULES, {**tenant, "vi_tri": "ngoai"})["outcomes"] if o["id"] == "gpmt")
    assert gpmt["notes"] == []


def test_deadlines_of_applicable_outcomes_only():
    case = next(c for c in CASES if c["id"] == "doanh-nghiep-trong-kcn")
    found = ob.deadlines(RULES, ob.evaluate(RULES, case["tra_loi"]))
    assert [(d["outcome"], d["month"], d["day"]) for d in found] == [
        ("bao-cao-bvmt", 1, 15), ("epr-tai-che", 4, 20), ("o-zon", 1, 15), ("hoa-chat", 2, 15), ("phi-nuoc-thai", 1, 20)]
    unknown = next(c for c in CASES if c["id"] == "khong-biet-gi-ca")
    assert ob.deadlines(RULES, ob.evaluate(RULES, unknown["tra_loi"])) == []


def test_ref_cycles_are_refused():
    rules = copy.deepcopy(RULES)
    rules["conditions"]["a"] = {"ref": "b"}
    rules["conditions"]["b"] = {"ref": "a"}
    with pytest.raises(ValueError):
        ob.evaluate_condition({"ref": "a"}, rules, {})
