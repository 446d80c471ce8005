"""Stage 3 (pure): every rule of the content contract, all problems at once.

Each rule yields ``Problem``s phrased in Vietnamese for editors: the file, the
field, what is wrong and how to fix it. ``check`` never raises on bad content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Dict, Iterable, Iterator, List

from bvmt.model import (
    EXPLAINER_SECTIONS,
    MAX_ANSWER_CHARS,
    MAX_QUESTION_CHARS,
    MIN_QUESTIONS,
    STATUSES,
    SUPERSEDED_STATUSES,
    UNCONFIRMED_STATUS,
    Content,
    LegalDoc,
    Page,
    Problem,
)
from bvmt.parse import display_path, doc_key, parse_citations
from bvmt.text import first_difference, fold_key

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Legal document numbers as written in Vietnamese text: 08/2022/NĐ-CP, 13/2024/QĐ-TTg,
# 150/KH-UBND, QCVN 40:2025/BTNMT.
DOC_NUMBER = re.compile(
    r"(?<![\w/])(?:QCVN\s+\d+(?:-\d+)?:\d{4}/[A-ZĐ]+"
    r"|\d{1,4}/\d{4}/[A-ZĐ0-9]+(?:-[A-Za-zĐ0-9]+)*"
    r"|\d{1,4}/[A-ZĐ]+-[A-Za-zĐ]+(?:-[A-Za-zĐ]+)*)"
)

# Bodies that no longer exist since the 2025 reorganisation.
DISSOLVED_BODIES = re.compile(
    r"Sở Tài nguyên và Môi trường|Bộ Tài nguyên và Môi trường|Phòng Tài nguyên và Môi trường"
    r"|UBND cấp huyện|Ủy ban nhân dân cấp huyện|UBND (?:quận|huyện|thị xã)\b|Ủy ban nhân dân (?:quận|huyện|thị xã)\b",
    re.I,
)

# A sentence that names a replaced document or a dissolved body must say so.
HISTORICAL_MARKERS = (
    "thay thế", "hết hiệu lực", "trước đây", "không còn", "bãi bỏ", "giải thể", "hợp nhất",
    "sáp nhập", "trước 01/7/2025", "trước ngày 01/7/2025", "trước 1/7/2025", "đã kết thúc",
    "đã hết", "văn bản cũ", "quy định cũ", "tên cũ", "kết thúc hoạt động",
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n")

REQUIRED_FIELDS = {
    "explainer": ("title", "topic", "description", "reviewed", "basis"),
    "qa": ("id", "topic", "title", "questions", "answer", "basis", "reviewed"),
    "qa_index": ("title", "topic", "reviewed"),
    "page": ("title", "reviewed"),
}

FIELD_HELP = {
    "title": "tiêu đề trang",
    "topic": "slug chủ đề trong sơ đồ trang (docs/_data/chu-de.yml)",
    "description": "một câu tóm tắt trang",
    "reviewed": "ngày rà soát pháp lý, dạng 2026-11-30",
    "basis": "danh sách căn cứ pháp lý, mỗi mục có «doc» (số hiệu) và «where» (điều, khoản)",
    "id": "mã ổn định của mục hỏi đáp, chữ thường không dấu nối bằng «-»",
    "questions": f"ít nhất {MIN_QUESTIONS} cách hỏi",
    "answer": f"câu trả lời ngắn (tối đa {MAX_ANSWER_CHARS} ký tự)",
}


def _p(page: Page, field: str, message: str, fix: str, code: str) -> Problem:
    return Problem(display_path(page.path), field, message, fix, code)


def _registry_index(registry: List[LegalDoc]) -> Dict[str, LegalDoc]:
    return {doc_key(d.number): d for d in registry}


def check_required_fields(page: Page) -> Iterator[Problem]:
    for name in REQUIRED_FIELDS[page.kind]:
        value = page.meta.get(name)
        if value is None or value == "" or value == []:
            yield _p(page, name, f"Thiếu trường bắt buộc «{name}» ({FIELD_HELP.get(name, '')}).",
                     f"Thêm «{name}: …» vào front matter ở đầu tệp.", "missing-field")


def check_review_date(page: Page, today: dt.date) -> Iterator[Problem]:
    value = page.meta.get("reviewed")
    if value is None:
        return
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        yield _p(page, "reviewed", f"Ngày rà soát «{value}» không phải ngày hợp lệ.",
                 "Viết theo dạng năm-tháng-ngày, ví dụ «reviewed: 2026-11-30».", "bad-date")
    elif value > today:
        yield _p(page, "reviewed", f"Ngày rà soát {value:%d/%m/%Y} nằm trong tương lai (hôm nay {today:%d/%m/%Y}).",
                 "Ghi ngày thực tế đã rà soát nội dung pháp lý, không ghi ngày dự kiến.", "future-date")


def check_topic(page: Page, content: Content) -> Iterator[Problem]:
    topic = page.meta.get("topic")
    if not topic or page.kind == "page" or not content.topics:  # a broken topics file is reported once
        return
    slugs = [t.slug for t in content.topics]
    if topic not in slugs:
        yield _p(page, "topic", f"Chủ đề «{topic}» không có trong sơ đồ trang.",
                 "Dùng một slug trong docs/_data/chu-de.yml, ví dụ «giay-phep-moi-truong».", "unknown-topic")
        return
    parts = page.path.split("/")
    expected = parts[1][:-3] if page.kind == "explainer" else parts[1]
    if expected != topic:
        yield _p(page, "topic", f"Trang nằm ở thư mục/tên «{expected}» nhưng khai báo chủ đề «{topic}».",
                 f"Đặt tệp vào đúng thư mục của chủ đề «{topic}» hoặc sửa trường «topic».", "unknown-topic")


def check_citations(page: Page, registry: Dict[str, LegalDoc]) -> Iterator[Problem]:
    if "basis" not in page.meta or page.meta.get("basis") in (None, []):
        return
    citations, ok = parse_citations(page.meta["basis"])
    if not ok:
        yield _p(page, "basis", "Căn cứ pháp lý phải là danh sách, mỗi mục có «doc» và «where».",
                 "Viết: «- doc: 08/2022/NĐ-CP» rồi dòng dưới «  where: khoản 1 Điều 32».", "bad-citation")
    for c in citations:
        doc = registry.get(doc_key(c.doc))
        if doc is None:
            yield _p(page, "basis", f"Văn bản «{c.doc}» chưa có trong danh mục văn bản pháp luật.",
                     "Kiểm tra số hiệu, hoặc thêm văn bản vào một tệp trong docs/_data/van-ban/ trước khi trích dẫn.",
                     "unknown-document")
        elif doc.status == UNCONFIRMED_STATUS:
            yield _p(page, "basis", f"Văn bản «{doc.number}» chưa được xác nhận nên không thể làm căn cứ pháp lý.",
                     "Trích dẫn văn bản đã được xác nhận; chỉ nhắc văn bản này trong bài kèm ghi chú «chưa xác nhận».",
                     "replaced-document")
        elif doc.status in SUPERSEDED_STATUSES:
            instead = f" bằng {doc.replaced_by}" if doc.replaced_by else ""
            yield _p(page, "basis", f"Văn bản «{doc.number}» đã {_status_word(doc)} nhưng được trích dẫn làm căn cứ hiện hành.",
                     f"Trích dẫn văn bản đang có hiệu lực{instead}; chỉ nhắc văn bản cũ trong bài kèm ghi chú «đã được thay thế».",
                     "replaced-document")


def _status_word(doc: LegalDoc) -> str:
    if doc.status == "replaced":
        return f"bị thay thế bởi {doc.replaced_by}" if doc.replaced_by else "bị thay thế"
    return "hết hiệu lực"


def _texts(page: Page) -> Iterator[tuple]:
    """(field, text) pairs of the page's prose (not the users' phrasings)."""
    for name in ("title", "description", "answer"):
        if isinstance(page.meta.get(name), str):
            yield name, page.meta[name]
    for i, note in enumerate(page.meta.get("verify") or [], 1):
        if isinstance(note, str):
            yield f"verify[{i}]", note
    yield "nội dung", page.body


def check_mentions(page: Page, registry: Dict[str, LegalDoc]) -> Iterator[Problem]:
    for field, text in _texts(page):
        for sentence in _SENTENCE_END.split(text):
            lowered = sentence.lower()
            historical = any(m in lowered for m in HISTORICAL_MARKERS)
            for m in DOC_NUMBER.finditer(sentence):
                doc = registry.get(doc_key(m.group()))
                if doc is None:
                    yield _p(page, field, f"Văn bản «{m.group()}» được nhắc đến nhưng chưa có trong danh mục văn bản.",
                             "Thêm văn bản vào một tệp trong docs/_data/van-ban/ (số hiệu, tên, ngày, hiệu lực, đường dẫn) hoặc sửa số hiệu.",
                             "unknown-document")
                elif doc.status in SUPERSEDED_STATUSES and not historical:
                    yield _p(page, field, f"Câu «{_clip(sentence)}» nhắc văn bản {doc.number} (đã {_status_word(doc)}) như thể còn hiệu lực.",
                             "Ghi rõ trong cùng câu rằng văn bản đã được thay thế/hết hiệu lực, hoặc thay bằng văn bản hiện hành.",
                             "outdated-mention")
            for m in DISSOLVED_BODIES.finditer(sentence):
                if not historical:
                    yield _p(page, field, f"Câu «{_clip(sentence)}» nhắc «{m.group()}», cơ quan không còn tồn tại.",
                             "Thay bằng cơ quan hiện nay (ví dụ Sở Nông nghiệp và Môi trường, UBND cấp xã) "
                             "hoặc ghi rõ «trước 01/7/2025» / «nay đã hợp nhất».",
                             "outdated-mention")


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _strings(value, path: str) -> Iterator[tuple]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")


def check_normal_form(page: Page) -> Iterator[Problem]:
    for field, text in _strings(page.meta, ""):
        diff = first_difference(text)
        if diff:
            yield _p(page, field.lstrip("."), f"Văn bản chưa ở dạng chuẩn: «{diff[0]}».",
                     f"Viết «{diff[1]}» (Unicode dựng sẵn NFC, kiểu bỏ dấu mới); "
                     "hoặc chạy «make fix-text» để sửa tự động.", "not-normalized")
    for n, line in enumerate(page.body.splitlines(), 1):
        diff = first_difference(line)
        if diff:
            yield _p(page, f"nội dung, dòng {n}", f"Văn bản chưa ở dạng chuẩn: «{diff[0]}».",
                     f"Viết «{diff[1]}» (Unicode dựng sẵn NFC, kiểu bỏ dấu mới); "
                     "hoặc chạy «make fix-text» để sửa tự động.", "not-normalized")


def check_qa_entry(page: Page) -> Iterator[Problem]:
    entry_id = page.meta.get("id")
    if entry_id is not None and not (isinstance(entry_id, str) and ID_PATTERN.match(entry_id)):
        yield _p(page, "id", f"Mã «{entry_id}» không hợp lệ.",
                 "Dùng chữ thường không dấu, số và dấu «-», ví dụ «dkmt-ai-phai-dang-ky».", "bad-id")
    questions = page.meta.get("questions")
    if questions is not None:
        if not isinstance(questions, list):
            yield _p(page, "questions", "«questions» phải là danh sách các câu hỏi.",
                     "Viết mỗi cách hỏi trên một dòng bắt đầu bằng «- ».", "missing-field")
            questions = []
        bad = [i for i, q in enumerate(questions, 1) if not (isinstance(q, str) and q.strip())]
        for i in bad:
            hint = ("Câu có dấu «: » nên YAML hiểu thành khóa–giá trị: đặt cả câu trong dấu ngoặc kép «\"…\"»."
                    if isinstance(questions[i - 1], dict) else "Viết nội dung câu hỏi sau «- », hoặc xóa dòng trống.")
            yield _p(page, f"questions[{i}]", "Cách hỏi này không phải một câu văn bản.", hint, "missing-field")
        if not bad:
            distinct = {fold_key(q) for q in questions} | {fold_key(str(page.meta.get("title", "")))}
            distinct.discard("")
            if len(distinct) < MIN_QUESTIONS:
                yield _p(page, "questions", f"Chỉ có {len(distinct)} cách hỏi khác nhau (cần ít nhất {MIN_QUESTIONS}).",
                         "Thêm cách hỏi như người dùng thật gõ: câu dài có bối cảnh, không dấu, viết tắt, lỗi chính tả.",
                         "few-phrasings")
            for i, q in enumerate(questions, 1):
                if "\n" in q.strip() or len(q) > MAX_QUESTION_CHARS:
                    yield _p(page, f"questions[{i}]", f"Cách hỏi phải nằm trên một dòng và không quá {MAX_QUESTION_CHARS} ký tự.",
                             "Rút gọn hoặc tách thành nhiều cách hỏi.", "bad-question")
    answer = page.meta.get("answer")
    if isinstance(answer, str) and len(answer.strip()) > MAX_ANSWER_CHARS:
        yield _p(page, "answer", f"Câu trả lời ngắn dài {len(answer.strip())} ký tự, vượt giới hạn {MAX_ANSWER_CHARS} của bong bóng chat.",
                 "Rút gọn còn ý chính; phần chi tiết viết trong nội dung trang.", "answer-too-long")
    elif answer is not None and not isinstance(answer, str):
        yield _p(page, "answer", "«answer» phải là một đoạn văn bản.", "Viết câu trả lời ngắn sau «answer: >-».", "missing-field")


def check_explainer_sections(page: Page) -> Iterator[Problem]:
    headings = {h.strip() for h in re.findall(r"^##\s+(.+?)\s*(?:\{[^}]*\})?\s*$", page.body, re.M)}
    for section in EXPLAINER_SECTIONS:
        if section not in headings:
            yield _p(page, "nội dung", f"Thiếu mục «## {section}» theo khung bài hướng dẫn.",
                     f"Thêm tiêu đề cấp 2 «## {section}» và nội dung của mục.", "missing-section")


def check_duplicates(entries: List[Page]) -> Iterator[Problem]:
    by_id = defaultdict(list)
    for page in entries:
        if isinstance(page.meta.get("id"), str):
            by_id[page.meta["id"]].append(page)
    for entry_id, pages in sorted(by_id.items()):
        for page in pages[1:]:
            yield _p(page, "id", f"Mã «{entry_id}» trùng với {display_path(pages[0].path)}.",
                     "Đặt một mã khác, không đổi mã của mục đã xuất bản.", "duplicate-id")
    owner: Dict[str, Page] = {}
    for page in entries:
        questions = page.meta.get("questions") if isinstance(page.meta.get("questions"), list) else []
        seen_here = set()
        for q in [page.meta.get("title")] + questions:
            if not isinstance(q, str):
                continue
            key = fold_key(q)
            if not key or key in seen_here:
                continue
            seen_here.add(key)
            first = owner.setdefault(key, page)
            if first is not page:
                yield _p(page, "questions", f"Cách hỏi «{_clip(q)}» đã có ở mục {display_path(first.path)} "
                         "(so sánh không dấu, không phân biệt hoa thường).",
                         "Mỗi cách hỏi chỉ thuộc một mục: xóa ở một bên hoặc viết lại cho rõ ý.", "duplicate-phrasing")


def check_registry(content: Content) -> Iterator[Problem]:
    index = _registry_index(content.registry)
    seen_numbers, seen_ids = set(), set()
    for doc in content.registry:
        where = display_path(doc.source)
        key = doc_key(doc.number)
        if key in seen_numbers or doc.id in seen_ids:
            yield Problem(where, doc.number, f"Văn bản «{doc.number}» (id «{doc.id}») khai báo hai lần.",
                          "Giữ một mục duy nhất cho mỗi văn bản.", "registry")
        seen_numbers.add(key)
        seen_ids.add(doc.id)
        if not ID_PATTERN.match(doc.id):
            yield Problem(where, f"{doc.number}: id", f"id «{doc.id}» không hợp lệ.",
                          "Dùng chữ thường không dấu và dấu «-», ví dụ «nd-08-2022».", "registry")
        if doc.status not in STATUSES:
            yield Problem(where, f"{doc.number}: status", f"Trạng thái «{doc.status}» không hợp lệ.",
                          f"Chọn một trong: {', '.join(STATUSES)}.", "registry")
        if doc.certainty not in ("C", "S"):
            yield Problem(where, f"{doc.number}: certainty", f"Mức xác nhận «{doc.certainty}» không hợp lệ.",
                          "Ghi «C» (đã đối chiếu nguồn) hoặc «S» (nguồn thứ cấp, cần đối chiếu).", "registry")
        if doc.status == "replaced" and not doc.replaced_by:
            yield Problem(where, f"{doc.number}: replaced_by", "Văn bản đã bị thay thế nhưng không ghi văn bản thay thế.",
                          "Thêm «replaced_by: <số hiệu văn bản mới>».", "registry")
        for other in list(doc.amended_by) + ([doc.replaced_by] if doc.replaced_by else []):
            if doc_key(other) not in index:
                yield Problem(where, f"{doc.number}: amended_by/replaced_by",
                              f"Văn bản «{other}» được nhắc nhưng chưa có mục riêng trong danh mục.",
                              "Thêm mục cho văn bản đó.", "registry")
        if doc.status == "in_force" and doc.amended_by:
            yield Problem(where, f"{doc.number}: status", "Văn bản có «amended_by» nhưng trạng thái không phải «amended».",
                          "Đặt «status: amended».", "registry")


def check_qa_indexes(content: Content) -> Iterator[Problem]:
    index_topics = {p.path.split("/")[1] for p in content.pages_of("qa_index")}
    for page in content.pages_of("qa"):
        topic_dir = page.path.split("/")[1]
        if topic_dir not in index_topics:
            yield _p(page, "", f"Chủ đề «{topic_dir}» chưa có trang danh sách hỏi đáp.",
                     f"Tạo docs/hoi-dap/{topic_dir}/index.md (tiêu đề, topic, reviewed).", "missing-index")
            index_topics.add(topic_dir)


def check(content: Content, today: dt.date) -> List[Problem]:
    """All problems of ``content`` as of ``today``, in a stable order."""
    registry = _registry_index(content.registry)
    problems: List[Problem] = list(check_registry(content))
    for page in content.pages:
        problems += check_required_fields(page)
        problems += check_review_date(page, today)
        problems += check_topic(page, content)
        problems += check_citations(page, registry)
        problems += check_mentions(page, registry)
        problems += check_normal_form(page)
        if page.kind == "qa":
            problems += check_qa_entry(page)
        if page.kind == "explainer":
            problems += check_explainer_sections(page)
    problems += check_duplicates(content.pages_of("qa"))
    problems += check_qa_indexes(content)
    from bvmt import rules_check  # the checker's rules; imported here as it builds on this module

    problems += rules_check.check_rules(content)
    return problems


def summarize(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    if not problems:
        return "Nội dung hợp lệ: không có lỗi."
    lines = [p.render() for p in problems]
    files = len({p.file for p in problems})
    lines.append(f"\nTổng cộng {len(problems)} lỗi trong {files} tệp. Sửa hết rồi chạy lại «make check».")
    return "\n".join(lines)
