"""Quantities as people type them to the bot (with and without diacritics), "không biết", and choices."""

import unicodedata

import pytest
import yaml

from bvmt import quantity as qt
from helpers import ROOT

RULES = yaml.safe_load((ROOT / "docs/_data/nghia-vu.yml").read_text(encoding="utf-8"))
QUESTIONS = {q["id"]: q for q in RULES["questions"]}


@pytest.mark.parametrize("text, unit, value", [
    # the examples
    ("5 m3/ngày", "m³/ngày", 5), ("5 khối", "m³/ngày", 5), ("năm khối một ngày", "m³/ngày", 5),
    ("20kg/tháng", "kg/tháng", 20), ("2 tấn mỗi tháng", "kg/tháng", 2000), ("khoảng 300 kg", "kg/ngày", 300),
    # without diacritics
    ("5 m3/ngay", "m³/ngày", 5), ("5 khoi", "m³/ngày", 5), ("nam khoi mot ngay", "m³/ngày", 5),
    ("20kg/thang", "kg/tháng", 20), ("2 tan moi thang", "kg/tháng", 2000), ("khoang 300 kg", "kg/ngày", 300),
    # other ways of writing
    ("5m³/ngày", "m³/ngày", 5), ("5 m³ / ngày đêm", "m³/ngày", 5), ("5 mét khối mỗi ngày", "m³/ngày", 5),
    ("tầm 12 khối", "m³/ngày", 12), ("12,5 m3", "m³/ngày", 12.5), ("2.5 m3/ngày", "m³/ngày", 2.5),
    ("1.000 m3/ngày", "m³/ngày", 1000), ("1.500", "m³/giờ", 1500), ("5000 m3/h", "m³/giờ", 5000),
    ("5.000 m3/giờ", "m³/giờ", 5000), ("hai mươi lăm kg", "kg/tháng", 25), ("mười lăm kg/tháng", "kg/tháng", 15),
    ("một trăm linh năm kg", "kg/tháng", 105), ("hai trăm rưỡi kg", "kg/ngày", 250), ("một tấn rưỡi", "kg/tháng", 1500),
    ("nửa tấn", "kg/tháng", 500), ("3 tạ mỗi tháng", "kg/tháng", 300), ("2 nghìn kg", "kg/tháng", 2000),
    ("ba nghìn", "TOE/năm", 3000), ("1500 TOE", "TOE/năm", 1500), ("1.200 tấn dầu tương đương mỗi năm", "TOE/năm", 1200),
    ("45 tỷ", "tỷ đồng/năm", 45), ("45 tỷ đồng/năm", "tỷ đồng/năm", 45), ("bốn mươi lăm tỷ", "tỷ đồng/năm", 45),
    ("500 triệu", "tỷ đồng/năm", 0.5), ("doanh thu khoảng 12 tỷ một năm", "tỷ đồng/năm", 12),
    ("0", "m³/ngày", 0), ("không", "m³/ngày", 0), ("không có", "kg/tháng", 0), ("khong co nuoc thai", "m³/ngày", 0),
    ("chất thải nguy hại khoảng 20 kg", "kg/tháng", 20), ("nước thải tầm 8 khối/ngày ạ", "m³/ngày", 8),
    ("cty em khoảng 3 khối", "m³/ngày", 3), ("12", "kg/ngày", 12), ("  7  ", "m³/ngày", 7),
    # conversions between periods and units (a month is 30 days; 20 kg/tháng = 240 kg/năm)
    ("240 kg/năm", "kg/tháng", 20), ("1.200 kg mỗi năm", "kg/tháng", 100), ("10 kg/ngày", "kg/tháng", 300),
    ("2 m3/giờ", "m³/ngày", 48), ("120 m3/ngày", "m³/giờ", 5), ("500 lít/ngày", "m³/ngày", 0.5),
    ("9 tan/nam", "kg/ngày", 25), ("hàng tháng khoảng 2 tạ", "kg/tháng", 200), ("2 tạ hàng tháng", "kg/tháng", 200),
    # ranges: the higher figure
    ("5-10 khối", "m³/ngày", 10), ("từ 5 đến 10 khối", "m³/ngày", 10), ("khoảng 200 tới 300 kg", "kg/ngày", 300),
])
def test_quantities(text, unit, value):
    result = qt.parse_quantity(text, unit)
    assert isinstance(result, qt.Quantity), (text, result)
    assert result.value == pytest.approx(value), text


@pytest.mark.parametrize("text", ["5 m3/ngày", "năm khối một ngày", "2 tấn mỗi tháng"])
def test_nfd_and_old_tone_marks(text):
    nfd = unicodedata.normalize("NFD", text)
    assert qt.parse_quantity(nfd, "kg/tháng" if "tấn" in text else "m³/ngày") == \
        qt.parse_quantity(text, "kg/tháng" if "tấn" in text else "m³/ngày")


def test_conversion_is_explained():
    assert qt.parse_quantity("2 tấn mỗi tháng", "kg/tháng").note == "đã quy đổi sang kg/tháng"
    assert "mức cao hơn" in qt.parse_quantity("5-10 khối", "m³/ngày").note
    assert qt.parse_quantity("20 kg/tháng", "kg/tháng").note == ""


@pytest.mark.parametrize("text, unit", [
    ("nhiều lắm", "m³/ngày"), ("vài khối", "m³/ngày"), ("5 kg", "m³/ngày"), ("20 m3", "kg/tháng"),
    ("dưới 5 khối", "m³/ngày"), ("duoi 20 kg", "kg/tháng"), ("ít hơn 300 kg", "kg/ngày"),
    ("ai phải đăng ký môi trường", "m³/ngày"), ("nước thải phải xử lý thế nào", "m³/ngày"),
    ("5 khối 7 khối 9 khối", "m³/ngày"), ("không có số liệu", "m³/ngày"), ("abc", "kg/tháng"), ("", "kg/tháng"),
    ("5 ngày", "kg/tháng"), ("1.2.3", "m³/ngày"), ("giá xăng 5 nghìn", "m³/ngày"),
])
def test_unclear_quantities_are_not_guessed(text, unit):
    assert isinstance(qt.parse_quantity(text, unit), qt.Unclear), text


def test_unclear_says_why_in_vietnamese():
    assert "con số ước lượng cụ thể" in qt.parse_quantity("dưới 5 khối", "m³/ngày").reason
    assert "m³/ngày" in qt.parse_quantity("5 kg", "m³/ngày").reason


@pytest.mark.parametrize("text", ["không biết", "khong biet", "ko biết", "chưa rõ", "k biet", "tôi không biết",
                                  "không rõ lắm", "Không biết ạ", unicodedata.normalize("NFD", "không biết")])
def test_unknown(text):
    assert qt.is_unknown(text)
    assert qt.interpret(QUESTIONS["nuoc_thai"], text) == qt.Answer(qt.UNKNOWN)
    assert qt.interpret(QUESTIONS["giai_doan"], text) == qt.Answer(qt.UNKNOWN)


@pytest.mark.parametrize("qid, text, value", [
    ("giai_doan", "dự án mới", "du_an_moi"), ("giai_doan", "dang hoat dong", "dang_hoat_dong"),
    ("giai_doan", "Cơ sở đang hoạt động", "dang_hoat_dong"), ("giai_doan", "2", "dang_hoat_dong"),
    ("vi_tri", "trong kcn", "trong_kcn"), ("vi_tri", "trong khu công nghiệp ạ", "trong_kcn"),
    ("vi_tri", "chủ đầu tư hạ tầng", "chu_dau_tu_ha_tang"), ("nganh_o_nhiem", "có", "co"),
    ("nganh_o_nhiem", "khong", "khong"), ("nganh_o_nhiem", "ko", "khong"), ("epr", "bao bì", "bao_bi"),
    ("epr", "ca hai", "ca_hai"), ("o_zon", "điều hòa", "thiet_bi"), ("hoa_chat", "là sử dụng", "su_dung"),
    ("loai_nuoc_thai", "nước thải sinh hoạt", "sinh_hoat"), ("knk_danh_muc", "có tên", "co"),
])
def test_choices(qid, text, value):
    assert qt.interpret(QUESTIONS[qid], text) == qt.Answer(value)


@pytest.mark.parametrize("q", [q for q in RULES["questions"] if q["type"] == "choice"], ids=lambda q: q["id"])
def test_every_label_typed_in_full_is_understood(q):
    for option in q["options"]:
        assert qt.interpret(q, option["label"]) == qt.Answer(option["value"])
        assert qt.interpret(q, unicodedata.normalize("NFD", option["label"].upper())) == qt.Answer(option["value"])


@pytest.mark.parametrize("qid, text, value", [("vi_tri", "là trong khu công nghiệp", "trong_kcn")])
def test_choices_with_lead_words(qid, text, value):
    assert qt.interpret(QUESTIONS[qid], text) == qt.Answer(value)


@pytest.mark.parametrize("qid, text", [("giai_doan", "ai phải đăng ký môi trường"), ("nganh_o_nhiem", "có lẽ"),
                                       ("vi_tri", "9"), ("epr", "xin chào")])
def test_unclear_choices(qid, text):
    assert isinstance(qt.interpret(QUESTIONS[qid], text), qt.Unclear)


def test_number_answer_through_interpret():
    assert qt.interpret(QUESTIONS["ctnh"], "2 tan/nam") == qt.Answer(pytest.approx(166.666667), "đã quy đổi sang kg/tháng")


def test_every_number_question_unit_is_understood():
    for q in RULES["questions"]:
        if q["type"] == "number":
            measure, days = qt.question_unit(q["unit"])
            assert measure in qt.MEASURE_NAMES and days > 0
            assert qt.parse_quantity(f"7 {q['unit']}", q["unit"]).value == 7, q["id"]


def test_format_vi():
    assert qt.format_vi(12000.5) == "12.000,5" and qt.format_vi(2000) == "2.000" and qt.format_vi(0.5) == "0,5"
