import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bvmt.segment import segment
from bvmt.text import fold, is_normalized


def assert_well_formed(text, spans):
    """In order, non-overlapping, every non-space character covered, texts match the raw spans."""
    position = 0
    for span in spans:
        assert position <= span.start < span.end <= len(text), (span, text)
        assert text[position : span.start].strip() == "", f"uncovered text {text[position:span.start]!r}"
        raw = text[span.start : span.end]
        # same letters as the raw span (tone placement may differ: it is normalised in context)
        assert fold(span.text) == fold(re.sub(r"\s+", "_", raw.strip())), (span, raw)
        assert is_normalized(span.text)
        position = span.end
    assert text[position:].strip() == "", f"uncovered tail {text[position:]!r}"


CASES = [
    "Ai phải đăng ký môi trường?",
    "ai phai dang ky moi truong",
    unicodedata.normalize("NFD", "Doanh nghiệp có phải xin giấy phép môi trường không?"),
    "hoà bình thuỷ lợi, khoẻ mạnh.",
    "Theo Nghị định 08/2022/NĐ-CP và Luật 72/2020/QH14, GPMT và ĐTM khác nhau thế nào???",
    "Công ty tôi 😀🏭 xả 5 m³/ngày nước thải (QCVN 40:2025/BTNMT) — có cần ĐKMT ko?!",
    "<script>alert('x')</script> giấy phép",
    "Ðăng ký\tmôi\u00a0trường\n\nngay",
    "   ",
    "",
    "a",
    "\u0301\u0300 dấu rời",
]


@pytest.mark.parametrize("text", CASES)
def test_spans_are_ordered_disjoint_and_cover_every_word(text):
    assert_well_formed(text, segment(text))


def test_multi_syllable_words_are_joined_and_keep_raw_offsets():
    text = unicodedata.normalize("NFD", "giấy phép môi trường hoà")
    spans = segment(text)
    assert [s.text for s in spans] == ["giấy_phép", "môi_trường", "hòa"]
    assert unicodedata.normalize("NFC", text[spans[0].start : spans[0].end]) == "giấy phép"


def test_legal_numbers_and_acronyms_are_not_lost():
    words = [s.text for s in segment("Nghị định 08/2022/NĐ-CP về GPMT, ĐTM")]
    joined = "".join(words)
    for part in ("08/2022", "NĐ-CP", "GPMT", "ĐTM"):
        assert part in joined


def test_twenty_thousand_character_message_keeps_every_word():
    sentence = "Doanh nghiệp sản xuất bao bì ở Hà Nội có phải đăng ký môi trường không? "
    text = (sentence * 300)[:20000]
    spans = segment(text)
    assert_well_formed(text, spans)
    assert sum(1 for s in spans if s.text.lower() == "doanh_nghiệp") >= 270


vietnamese_words = st.lists(
    st.sampled_from(
        ["giấy", "phép", "môi", "trường", "hoà", "thuỷ", "GPMT", "ĐTM", "08/2022/NĐ-CP", "😀", "?", ",", "ko",
         "dang", "ky", "moi", "truong", "Ðăng", "m³/ngày", "(", ")", "...", "24/7", "k", "đc"]
    )
    | st.text(min_size=1, max_size=6),
    max_size=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vietnamese_words, st.sampled_from([" ", "  ", "\n", "", "\t"]), st.sampled_from(["NFC", "NFD"]))
def test_property_never_drops_a_word_and_never_raises(words, separator, form):
    text = unicodedata.normalize(form, separator.join(words))
    assert_well_formed(text, segment(text))
