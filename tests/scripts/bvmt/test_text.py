import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bvmt.text import first_difference, fold, fold_key, is_normalized, normalize, normalize_with_offsets


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("hoà bình", "hòa bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ", "khỏe"),
        ("HOÀ", "HÒA"),
        ("Ðăng ký", "Đăng ký"),  # Icelandic eth typed for Đ
        (unicodedata.normalize("NFD", "giấy phép môi trường"), "giấy phép môi trường"),
        (unicodedata.normalize("NFD", "hoà thuỷ"), "hòa thủy"),
        ("quỳnh", "quỳnh"),  # qu + y: already modern, untouched
        ("GPMT, ĐTM 08/2022/NĐ-CP", "GPMT, ĐTM 08/2022/NĐ-CP"),
    ],
)
def test_normalize_fixes_unicode_form_and_tone_style(raw, expected):
    assert normalize(raw) == expected
    assert is_normalized(expected)


def test_normalize_keeps_punctuation_attached():
    # underthesea's text_normalize would insert spaces ("hòa ."); ours must not
    assert normalize("hoà.") == "hòa."
    assert normalize("(thuỷ)") == "(thủy)"


def test_offsets_map_back_to_raw_text():
    raw = unicodedata.normalize("NFD", "Giấy phép hoà") + "!"
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "Giấy phép hòa!"
    assert len(offsets) == len(norm) + 1
    start = norm.index("phép")
    end = start + len("phép")
    assert unicodedata.normalize("NFC", raw[offsets[start] : offsets[end]]) == "phép"
    assert offsets[-1] == len(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [("Đăng ký môi trường", "Dang ky moi truong"), ("đường", "duong"), ("ĐTM", "DTM"), ("hoà", "hoa")],
)
def test_fold_removes_diacritics_including_d_bar(raw, expected):
    assert fold(raw) == expected


def test_fold_key_ignores_case_punctuation_and_spacing():
    assert fold_key("Ai phải  ĐĂNG KÝ môi trường?") == fold_key("ai phai dang ky moi truong")


def test_first_difference_names_the_word_and_its_fix():
    assert first_difference("bảo vệ thuỷ sản") == ("thuỷ", "thủy")
    assert first_difference(unicodedata.normalize("NFD", "chất thải")) == (
        unicodedata.normalize("NFD", "chất"),
        "chất",
    )
    assert first_difference("chất thải nguy hại") is None


vietnamese = st.text(
    alphabet=st.sampled_from(list("aăâeêioôơuưyđAĐ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ.,?!/-0123456789"))
    | st.characters(),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(vietnamese)
def test_normalize_is_idempotent_and_offsets_are_monotonic(text):
    norm, offsets = normalize_with_offsets(text)
    assert normalize(norm) == norm
    assert offsets == sorted(offsets)
    assert offsets[-1] == len(text)


@settings(max_examples=300, deadline=None)
@given(vietnamese)
def test_fold_is_length_preserving_on_normal_form(text):
    norm = normalize(text)
    assert len(fold(norm)) == len(norm)
