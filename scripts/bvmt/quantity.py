"""Understand answers as people type them to the bot: quantities ("5 m3/ngày", "năm khối một ngày",
"2 tấn mỗi tháng", "khoang 300 kg"), "không biết", and choices ("có", "trong khu công nghiệp").

Pure: no IO. Works on the project's normalised text, with or without diacritics. A reply that
cannot be read with confidence is *unclear* (the bot asks again), never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Tuple

from bvmt.text import fold, fold_key

UNKNOWN = "kb"  # same value as bvmt.obligations.UNKNOWN

# --- vocabulary (folded: no diacritics, lower case) ---------------------------------------

UNKNOWN_PHRASES = {
    "khong biet", "chua biet", "k biet", "ko biet", "kbiet", "kb", "khong ro", "chua ro", "ko ro", "k ro",
    "khong nho", "khong chac", "chua chac", "chiu", "bo qua", "khong biet a", "toi khong biet", "em khong biet",
    "minh khong biet", "khong biet nua", "chua xac dinh", "chua tinh", "khong nam duoc", "khong biet chinh xac",
}
ZERO_PHRASES = {
    "khong", "khong co", "ko", "ko co", "k", "k co", "khong co gi", "chua co", "khong phat sinh", "khong thai",
    "khong xa", "khong xa thai", "0", "zero", "khong co a", "hoan toan khong", "khong he",
}
# phrases naming what is measured, removed before reading the figure ("chất thải nguy hại 20 kg")
NOUN_PHRASES = [
    "chat thai nguy hai", "chat thai ran", "chat thai", "nuoc thai", "khi thai", "rac thai", "rac sinh hoat",
    "sinh hoat", "cong nghiep", "thong thuong", "nguy hai", "doanh thu", "nang luong", "tieu thu", "dien nang",
    "co so", "nha may", "cong ty", "doanh nghiep", "san pham", "bao bi", "moi truong", "ben toi", "ben em",
    "chung toi", "hien nay", "hien tai", "tong cong", "uoc tinh", "xap xi", "it nhat", "so lieu", "phat sinh",
    "thai ra", "xa ra", "nhieu nhat",
]
# single words that may surround a figure without changing it
FILLERS = {
    "khoang", "tam", "chung", "co", "do", "gan", "uoc", "hon", "tong", "ca", "la", "thi", "duoc", "a", "nhe", "nha",
    "vay", "roi", "thoi", "chi", "moi", "dat", "luong", "bang", "toi", "em", "minh", "cty", "xuong", "cua", "tai",
    "ra", "xa", "tren", "tu", "vao", "cho", "trung", "binh", "tb", "du", "kien", "thuc", "te", "nam", "nay",
}
APPROX = {"khoang", "tam", "chung", "co", "do", "gan", "uoc", "hon", "xap", "xi"}
BELOW = ("duoi", "it hon", "chua den", "khong qua", "toi da", "chua toi", "nho hon", "thap hon")

DIGIT_WORDS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7,
               "tam": 8, "chin": 9}  # folded: mốt -> mot, lăm -> lam, bẩy -> bay

# measure units: token sequence (folded) -> (measure, factor to the base unit of the measure)
UNIT_WORDS: List[Tuple[Tuple[str, ...], str, float]] = [
    (("met", "khoi"), "m3", 1.0), (("m", "khoi"), "m3", 1.0), (("m3",), "m3", 1.0), (("khoi",), "m3", 1.0),
    (("lit",), "m3", 0.001), (("l",), "m3", 0.001),
    (("kg",), "kg", 1.0), (("kilogam",), "kg", 1.0), (("kilogram",), "kg", 1.0), (("kilo",), "kg", 1.0),
    (("ky",), "kg", 1.0), (("ki",), "kg", 1.0), (("can",), "kg", 1.0), (("ta",), "kg", 100.0), (("yen",), "kg", 10.0),
    (("gam",), "kg", 0.001), (("gram",), "kg", 0.001), (("g",), "kg", 0.001),
    (("tan", "dau", "tuong", "duong"), "toe", 1.0), (("toe",), "toe", 1.0), (("tan", "dau"), "toe", 1.0),
    (("tan",), "kg", 1000.0),
    (("ty", "dong"), "ty", 1.0), (("ti", "dong"), "ty", 1.0), (("ty",), "ty", 1.0), (("ti",), "ty", 1.0),
    (("trieu", "dong"), "ty", 0.001), (("trieu",), "ty", 0.001),
]
# time units -> length in days (a month is 30 days, a year 12 months: 20 kg/tháng = 240 kg/năm, as in NĐ 05/2025)
TIME_WORDS: List[Tuple[Tuple[str, ...], float]] = [
    (("ngay", "dem"), 1.0), (("ngay",), 1.0), (("gio",), 1 / 24), (("h",), 1 / 24), (("tieng",), 1 / 24),
    (("tuan",), 7.0), (("thang",), 30.0), (("nam",), 360.0), (("quy",), 90.0), (("d",), 1.0),
]
PER_MARKERS = {"/", "moi", "mot", "1", "tren", "trong", "per", "cho", "hang", "theo"}

MEASURE_NAMES = {"m3": "m³", "kg": "kg", "ty": "tỷ đồng", "toe": "TOE"}


@dataclass(frozen=True)
class Quantity:
    value: float  # in the question's unit
    approximate: bool = False
    note: str = ""  # how the figure was read, when it was converted or a range


@dataclass(frozen=True)
class Unclear:
    reason: str  # Vietnamese: why the reply could not be read


def question_unit(unit: str) -> Tuple[str, float]:
    """(measure, period in days) of a question's unit such as 'm³/ngày' or 'tỷ đồng/năm'."""
    folded = fold(unicodedata.normalize("NFKC", unit)).lower()
    base, _, per = folded.partition("/")
    measure = "m3" if "m3" in base else "kg" if "kg" in base else "ty" if "ty" in base else "toe"
    days = next((d for words, d in TIME_WORDS if per.strip() == " ".join(words)), 1.0)
    return measure, days


def format_vi(value: float) -> str:
    """12000.5 -> '12.000,5' (Vietnamese separators)."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _tokens(text: str) -> List[str]:
    text = unicodedata.normalize("NFKC", text)  # m³ -> m3
    text = fold(text).lower()
    text = re.sub(r"(\d)\s*([a-z])", r"\1 \2", text)  # 20kg -> 20 kg (m3 stays)
    text = re.sub(r"([a-z])(\d{2,})", r"\1 \2", text)  # kg20 -> kg 20
    text = re.sub(r"\s*/\s*", " / ", text)
    text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", " - ", text)
    text = re.sub(r"[^\w/.,\- ]", " ", text)
    text = re.sub(r"(?<!\d)[.,]|[.,](?!\d)", " ", text)
    text = f" {' '.join(text.split())} "
    for phrase in NOUN_PHRASES:
        text = text.replace(f" {phrase} ", " ")
    return text.split()


def _digits(token: str) -> Optional[float]:
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", token):
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):  # 1.000 / 12.500.000: thousands
        return float(token.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", token):  # 1,000,000
        return float(token.replace(",", ""))
    if token.count(",") + token.count(".") > 1:
        return None
    return float(token.replace(",", "."))


def _match(tokens: List[str], i: int, table) -> Tuple[Optional[tuple], int]:
    for entry in table:
        words = entry[0]
        if tuple(tokens[i:i + len(words)]) == words:
            return entry, i + len(words)
    return None, i


def _number(tokens: List[str], i: int) -> Tuple[Optional[float], int, bool]:
    """A number (digits and/or Vietnamese number words) starting at ``i``: (value, next index, found).

    A number word right before digits is not part of the number: "tầm 5", "từ 5" (tam, tu)."""
    total, section, digit, last_mult, found = 0.0, 0.0, None, 1.0, False
    j = i
    while j < len(tokens):
        t = tokens[j]
        d = _digits(t)
        following_digits = j + 1 < len(tokens) and _digits(tokens[j + 1]) is not None
        if d is not None:
            if digit is not None or (found and section == 0 and total == 0):
                break
            digit, found = d, True
        elif t in DIGIT_WORDS and not following_digits:
            if digit is not None:  # a complete number is followed by a word: "năm" (year) after "20 kg /"
                break
            digit, found = float(DIGIT_WORDS[t]), True
        elif t == "muoi":
            section += (digit if digit is not None else 1) * 10
            digit, found, last_mult = None, True, 10.0
        elif t in ("linh", "le") and found:
            pass
        elif t == "tram" and found:
            section += (digit if digit is not None else 1) * 100
            digit, last_mult = None, 100.0
        elif t in ("nghin", "ngan") and found:
            total += ((section + (digit or 0)) or 1) * 1000
            section, digit, last_mult = 0.0, None, 1000.0
        elif t == "trieu" and found and j + 1 < len(tokens) and tokens[j + 1] in ("kg", "m3", "khoi", "tan", "lit"):
            total += ((section + (digit or 0)) or 1) * 1_000_000
            section, digit, last_mult = 0.0, None, 1_000_000.0
        elif t == "ruoi" and found:
            if digit is None:
                section += last_mult / 2
            else:
                digit += 0.5
        elif t == "nua" and not found:
            digit, found = 0.5, True
        else:
            break
        j += 1
    if not found:
        return None, i, False
    return total + section + (digit or 0), j, True


def parse_quantity(text: str, unit: str) -> Quantity | Unclear:
    """A figure in the question's ``unit`` (e.g. 'kg/tháng'), or why it is unclear."""
    measure, period = question_unit(unit)
    want = f"{MEASURE_NAMES[measure]}/{unit.split('/', 1)[1]}" if "/" in unit else MEASURE_NAMES[measure]
    key = fold_key(text)
    if " so lieu" in f" {key}" or " thong tin" in f" {key}":
        return Unclear("Tôi cần một con số ước lượng; nếu chưa có, bạn chọn «Không biết».")
    if key in ZERO_PHRASES or re.fullmatch(r"(khong|ko|k) (co|phat sinh|xa)( \w+){0,3}", key or "x") and not any(
            ch.isdigit() for ch in key):
        return Quantity(0.0)
    if any(f" {b} " in f" {key} " for b in BELOW):
        return Unclear("Ngưỡng pháp lý so sánh từng con số, nên tôi cần một con số ước lượng cụ thể "
                       f"(ví dụ «3 {want}»), không phải «dưới…».")
    tokens = _tokens(text)
    values: List[float] = []
    unit_factor: Optional[float] = None
    unit_measure: Optional[str] = None
    per_days: Optional[float] = None
    approximate, ranged = False, False
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if values and t in ("-", "den", "toi") and i + 1 < len(tokens):
            value, j, found = _number(tokens, i + 1)
            if found:
                values.append(value)
                ranged = True
                i = j
                continue
        if not values or (unit_factor is None and per_days is None and t not in PER_MARKERS):
            value, j, found = _number(tokens, i)
            if found and not values:
                values.append(value)
                i = j
                continue
        if values:
            entry, j = _match(tokens, i, UNIT_WORDS)
            if entry and unit_factor is None:
                unit_measure, unit_factor = entry[1], entry[2]
                i = j
                if i < len(tokens) and tokens[i] == "ruoi":  # "một tấn rưỡi"
                    values[-1] += 0.5
                    i += 1
                continue
        marker = t in PER_MARKERS
        entry, j = _match(tokens, i + 1 if marker else i, TIME_WORDS)
        if entry and per_days is None and (values or marker):  # "20 kg/tháng", "hàng tháng 2 tạ"
            if not marker and unit_factor is None:
                return Unclear("Tôi chưa rõ con số này tính theo đơn vị nào.")  # "5 ngày": five days?
            per_days = entry[1]
            i = j
            continue
        if t in FILLERS or t in APPROX:
            approximate = approximate or t in APPROX
            i += 1
            continue
        return Unclear(f"Tôi chưa hiểu «{tokens[i]}» trong câu trả lời.")
    if not values:
        return Unclear("Tôi không thấy con số nào trong câu trả lời.")
    if len(values) > 2:
        return Unclear("Câu trả lời có nhiều con số; bạn cho tôi một con số thôi.")
    value = max(values)
    notes = []
    if ranged:
        notes.append(f"tôi tính theo mức cao hơn là {format_vi(value)}")
    if unit_measure is not None and unit_measure != measure:
        if measure == "toe" and unit_factor == 1000.0 and unit_measure == "kg":  # "1500 tấn" for energy: TOE
            unit_factor, unit_measure = 1.0, "toe"
        else:
            return Unclear(f"Câu này hỏi theo {want}, còn bạn ghi đơn vị khác.")
    converted = value * (unit_factor or 1.0)
    if per_days is not None and per_days != period:
        converted = converted * period / per_days
    if (unit_factor not in (None, 1.0)) or (per_days is not None and per_days != period):
        notes.append(f"đã quy đổi sang {want}")
    return Quantity(round(converted, 6), approximate, "; ".join(notes))


# --- whole answers ----------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    value: object  # a choice value, a number in the question's unit, or UNKNOWN
    note: str = ""


def is_unknown(text: str) -> bool:
    key = fold_key(text)
    return key in UNKNOWN_PHRASES or bool(re.fullmatch(r"(toi |em |minh )?(khong|ko|k|chua) (biet|ro)( \w+){0,4}", key))


def match_choice(text: str, question: Mapping) -> Optional[str]:
    """The option whose label, value or synonym is exactly what was typed (folded), or its number ('2')."""
    full = fold_key(text)
    key = re.sub(r"^(la |thi |chon |dap an |toi chon |em chon )", "", full)
    key = re.sub(r" (a|nhe|nha|thoi)$", "", key)
    options = question.get("options") or []
    if key.isdigit() and 1 <= int(key) <= len(options):
        return str(options[int(key) - 1]["value"])
    for option in options:
        names = [option.get("label", ""), str(option.get("value", "")).replace("_", " ")] + list(option.get("synonyms") or [])
        if {full, key} & {fold_key(n) for n in names}:
            return str(option["value"])
    return None


def interpret(question: Mapping, text: str) -> Answer | Unclear:
    """What a free-text reply means for ``question`` (a question of the checker's rules)."""
    if not isinstance(text, str) or not text.strip():
        return Unclear("Bạn chưa trả lời.")
    if is_unknown(text):
        return Answer(UNKNOWN)
    if question.get("type") == "choice":
        value = match_choice(text, question)
        return Answer(value) if value else Unclear("Tôi chưa rõ bạn chọn phương án nào.")
    result = parse_quantity(text, str(question.get("unit") or ""))
    if isinstance(result, Unclear):
        return result
    return Answer(result.value, result.note)
