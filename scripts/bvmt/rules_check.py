"""The content check of the obligations checker's rules (``docs/_data/nghia-vu.yml``), and their
compiled form for the site.

Pure, like ``check``: every problem is a ``Problem`` phrased in Vietnamese for editors and legal
reviewers, naming the file, the question or outcome and the field, and how to fix it.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Mapping, Optional, Set

from bvmt import obligations as ob
from bvmt.check import DISSOLVED_BODIES, DOC_NUMBER, HISTORICAL_MARKERS, _SENTENCE_END, _registry_index, _status_word
from bvmt.model import (
    CHECKER_PAGE,
    EXPLAINER_DIR,
    OBLIGATIONS_FILE,
    REGISTRY_PAGE,
    SUPERSEDED_STATUSES,
    UNCONFIRMED_STATUS,
    Content,
    Problem,
)
from bvmt.parse import doc_key, parse_citations
from bvmt.text import first_difference

QUESTION_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
OUTCOME_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERIFY_PHRASE = "cần đối chiếu văn bản gốc"
KINDS = ("obligation", "exemption", "info")
EVERY = ("year", "2years", "quarter")
FILE = "docs/" + OBLIGATIONS_FILE


def _p(field: str, message: str, fix: str) -> Problem:
    return Problem(FILE, field, message, fix, "rules")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# --- conditions --------------------------------------------------------------------------

def check_condition(cond: Any, rules: Mapping, where: str, earlier: Optional[Set[str]] = None,
                    _seen: tuple = ()) -> Iterator[Problem]:
    """Problems of one condition; ``earlier`` limits the questions it may use (for ``ask_if``)."""
    if cond is True or cond is False:
        return
    if not isinstance(cond, Mapping) or len([k for k in ("all", "any", "not", "ref", "q") if k in cond]) != 1:
        yield _p(where, f"Điều kiện «{cond}» không đúng dạng.",
                 "Dùng đúng một trong: {all: [...]}, {any: [...]}, {not: ...}, {ref: tên}, {q: câu hỏi, eq: giá trị}.")
        return
    for key in ("all", "any"):
        if key in cond:
            if not isinstance(cond[key], list) or not cond[key]:
                yield _p(where, f"«{key}» phải là danh sách điều kiện không rỗng.", f"Viết «{key}:» rồi các điều kiện con.")
                return
            for part in cond[key]:
                yield from check_condition(part, rules, where, earlier, _seen)
            return
    if "not" in cond:
        yield from check_condition(cond["not"], rules, where, earlier, _seen)
        return
    if "ref" in cond:
        name = cond["ref"]
        named = rules.get("conditions") or {}
        if name not in named:
            yield _p(where, f"Điều kiện dùng «ref: {name}» nhưng không có điều kiện tên đó trong «conditions».",
                     f"Thêm «{name}:» vào mục «conditions» hoặc sửa tên.")
        elif name in _seen:
            yield _p(where, f"Điều kiện «{name}» tham chiếu vòng tròn.", "Bỏ tham chiếu vòng tròn giữa các điều kiện.")
        else:
            yield from check_condition(named[name], rules, where, earlier, _seen + (name,))
        return
    qid = cond["q"]
    q = ob.question(rules, qid)
    if q is None:
        yield _p(where, f"Điều kiện dùng câu hỏi «{qid}» không có trong «questions».", "Sửa mã câu hỏi cho đúng.")
        return
    if earlier is not None and qid not in earlier:
        yield _p(where, f"«ask_if» dùng câu hỏi «{qid}» không đứng trước câu hỏi này.",
                 "Chỉ dùng câu hỏi được hỏi trước đó trong «ask_if».")
    ops = [o for o in ob.OPERATORS if o in cond]
    if len(ops) != 1 or len(cond) != 2:
        yield _p(where, f"Điều kiện trên câu hỏi «{qid}» phải có đúng một phép so sánh.",
                 f"Dùng một trong: {', '.join(ob.OPERATORS)}.")
        return
    op, value = ops[0], cond[ops[0]]
    if op == "known":
        if not isinstance(value, bool):
            yield _p(where, "«known» phải là true hoặc false.", "Viết «known: false» (câu trả lời là «Không biết»).")
    elif op in ("eq", "in"):
        values = value if op == "in" else [value]
        if q.get("type") != "choice" or not isinstance(values, list):
            yield _p(where, f"«{op}» chỉ dùng cho câu hỏi lựa chọn, với giá trị của lựa chọn.",
                     "Với câu hỏi con số dùng gt, ge, lt, le.")
        else:
            for v in values:
                if str(v) not in ob.option_values(q):
                    yield _p(where, f"Câu hỏi «{qid}» không có lựa chọn «{v}».",
                             f"Dùng một trong: {', '.join(ob.option_values(q))}.")
    elif q.get("type") != "number" or isinstance(value, bool) or not isinstance(value, (int, float)):
        yield _p(where, f"«{op}» chỉ dùng cho câu hỏi con số, với một con số.", "Ví dụ: {q: nuoc_thai, ge: 5}.")


# --- questions, outcomes -------------------------------------------------------------------

def check_questions(rules: Mapping) -> Iterator[Problem]:
    qs = rules.get("questions")
    if not isinstance(qs, list) or not qs:
        yield _p("questions", "Thiếu danh sách câu hỏi «questions».", "Thêm các câu hỏi theo mẫu ở đầu tệp.")
        return
    seen: Set[str] = set()
    for i, q in enumerate(qs, 1):
        if not isinstance(q, Mapping) or not isinstance(q.get("id"), str) or not QUESTION_ID.match(q["id"]):
            yield _p(f"questions[{i}].id", "Câu hỏi thiếu «id» hoặc «id» không hợp lệ.",
                     "Dùng chữ thường không dấu nối bằng «_», ví dụ «nuoc_thai».")
            continue
        where = f"questions[{q['id']}]"
        if q["id"] in seen:
            yield _p(where, f"Mã câu hỏi «{q['id']}» bị trùng.", "Đặt mã khác cho một trong hai câu hỏi.")
        for field in ("text", "help"):
            if not _text(q.get(field)):
                yield _p(f"{where}.{field}", f"Câu hỏi thiếu «{field}».",
                         "Ghi câu hỏi («text») và hướng dẫn cách tìm câu trả lời khi người dùng chưa biết («help»).")
        if q.get("type") == "choice":
            options = q.get("options")
            if not isinstance(options, list) or len(options) < 2:
                yield _p(f"{where}.options", "Câu hỏi lựa chọn cần ít nhất hai lựa chọn.", "Thêm các mục «value», «label».")
            else:
                values = [o.get("value") if isinstance(o, Mapping) else None for o in options]
                for o, v in zip(options, values):
                    if not isinstance(v, str) or not QUESTION_ID.match(v) or v == ob.UNKNOWN or not _text(o.get("label")):
                        yield _p(f"{where}.options", f"Lựa chọn «{v}» thiếu «label» hoặc «value» không hợp lệ.",
                                 f"«value» viết thường không dấu nối bằng «_» (không dùng «{ob.UNKNOWN}»); «label» là chữ hiện cho người dùng.")
                if len(set(map(str, values))) != len(values):
                    yield _p(f"{where}.options", "Hai lựa chọn trùng «value».", "Mỗi lựa chọn một «value» riêng.")
        elif q.get("type") == "number":
            if not _text(q.get("unit")):
                yield _p(f"{where}.unit", "Câu hỏi con số thiếu đơn vị «unit».", "Ví dụ «unit: m³/ngày».")
        else:
            yield _p(f"{where}.type", f"Loại câu hỏi «{q.get('type')}» không hợp lệ.", "Dùng «choice» hoặc «number».")
        if "ask_if" in q:
            yield from check_condition(q["ask_if"], rules, f"{where}.ask_if", earlier=set(seen))
        seen.add(q["id"])


def check_outcome(o: Mapping, rules: Mapping, content: Content, registry: Dict) -> Iterator[Problem]:
    where = f"outcomes[{o['id']}]"
    for field in ("title", "text", "authority"):
        if not _text(o.get(field)):
            yield _p(f"{where}.{field}", f"Kết quả thiếu «{field}».",
                     "Ghi tiêu đề («title»), việc phải làm («text») và cơ quan quyết định, tiếp nhận hoặc nơi hỏi («authority»).")
    if o.get("kind") not in KINDS:
        yield _p(f"{where}.kind", f"Loại kết quả «{o.get('kind')}» không hợp lệ.", f"Dùng một trong: {', '.join(KINDS)}.")
    if "when" not in o:
        yield _p(f"{where}.when", "Kết quả thiếu điều kiện áp dụng «when».", "Thêm «when:» với điều kiện.")
    else:
        yield from check_condition(o["when"], rules, f"{where}.when")
    certainty = o.get("certainty")
    if certainty not in ("C", "S"):
        yield _p(f"{where}.certainty", "Kết quả thiếu mức xác nhận «certainty» (C hoặc S)." if certainty is None
                 else f"Mức xác nhận «{certainty}» không hợp lệ.",
                 "Ghi «certainty: C» nếu điều này đã được xác nhận trong cơ sở dữ kiện pháp lý, «certainty: S» nếu mới có "
                 "từ nguồn thứ cấp; điều chưa xác nhận [U] thì ghi vào «unconfirmed», không viết như quy định.")
    if certainty == "S" and VERIFY_PHRASE not in str(o.get("verify") or ""):
        yield _p(f"{where}.verify", f"Kết quả có mức xác nhận S nhưng «verify» không ghi «{VERIFY_PHRASE}».",
                 f"Thêm «verify:» nêu điểm chỉ có từ nguồn thứ cấp và ghi rõ «{VERIFY_PHRASE}».")
    yield from _check_basis(o, where, registry)
    topic = o.get("topic")
    slugs = {t.slug for t in content.topics}
    explainers = {p.path for p in content.pages_of("explainer")}
    if not topic:
        yield _p(f"{where}.topic", "Kết quả thiếu «topic» (bài hướng dẫn liên quan).", "Ghi slug chủ đề, ví dụ «giay-phep-moi-truong».")
    elif (slugs and topic not in slugs) or f"{EXPLAINER_DIR}/{topic}.md" not in explainers:
        yield _p(f"{where}.topic", f"Chủ đề «{topic}» không có bài hướng dẫn docs/{EXPLAINER_DIR}/{topic}.md.",
                 "Dùng một slug trong docs/_data/chu-de.yml có bài hướng dẫn tương ứng.")
    for i, note in enumerate(o.get("unconfirmed") or [], 1):
        if not isinstance(note, Mapping) or not _text(note.get("text")) or not _text(note.get("ask")):
            yield _p(f"{where}.unconfirmed[{i}]", "Điểm chưa xác nhận phải có «text» và «ask» (cơ quan để hỏi).",
                     "Ghi rõ điều chưa xác nhận và cơ quan người dùng nên hỏi.")
        elif "chưa được xác nhận" not in note["text"]:
            yield _p(f"{where}.unconfirmed[{i}]", "Điểm chưa xác nhận phải nói rõ «chưa được xác nhận».",
                     "Viết câu dạng «… chưa được xác nhận.».")
        elif "when" in note:
            yield from check_condition(note["when"], rules, f"{where}.unconfirmed[{i}].when")
    for i, entry in enumerate(o.get("calendar") or [], 1):
        yield from _check_calendar(entry, f"{where}.calendar[{i}]")


def _check_basis(o: Mapping, where: str, registry: Dict) -> Iterator[Problem]:
    citations, ok = parse_citations(o.get("basis"))
    if not ok or not citations:
        yield _p(f"{where}.basis", "Căn cứ pháp lý phải là danh sách, mỗi mục có «doc» và «where».",
                 "Viết: «- doc: 08/2022/NĐ-CP» rồi dòng dưới «  where: khoản 1 Điều 32».")
    for c in citations:
        doc = registry.get(doc_key(c.doc))
        if doc is None:
            yield _p(f"{where}.basis", f"Văn bản «{c.doc}» chưa có trong danh mục văn bản pháp luật.",
                     "Kiểm tra số hiệu, hoặc thêm văn bản vào một tệp trong docs/_data/van-ban/ trước khi trích dẫn.")
        elif doc.status == UNCONFIRMED_STATUS or doc.status in SUPERSEDED_STATUSES:
            state = "chưa được xác nhận" if doc.status == UNCONFIRMED_STATUS else f"đã {_status_word(doc)}"
            yield _p(f"{where}.basis", f"Văn bản «{doc.number}» {state} nên không thể làm căn cứ.",
                     "Trích dẫn văn bản đang có hiệu lực.")


def _check_calendar(entry: Any, where: str) -> Iterator[Problem]:
    if not isinstance(entry, Mapping):
        yield _p(where, "Mục lịch phải có id, title, month, day, before, every, certainty.", "Xem mẫu trong tệp.")
        return
    month, day = entry.get("month"), entry.get("day")
    valid_date = isinstance(month, int) and isinstance(day, int) and 1 <= month <= 12 and 1 <= day <= 28 + 3 * (month != 2)
    if not (_text(entry.get("id")) and OUTCOME_ID.match(str(entry["id"])) and _text(entry.get("title")) and valid_date
            and isinstance(entry.get("before"), bool) and entry.get("every") in EVERY
            and entry.get("certainty") in ("C", "S")):
        yield _p(where, "Mục lịch thiếu trường hoặc có giá trị không hợp lệ.",
                 "Cần id (chữ thường, «-»), title, month (1–12), day, before (true/false), every "
                 f"({', '.join(EVERY)}) và certainty (C hoặc S).")
    if entry.get("every") == "2years" and not isinstance(entry.get("from_year"), int):
        yield _p(where, "Thời hạn 2 năm một lần cần năm bắt đầu «from_year».", "Ví dụ «from_year: 2025».")


def check_outcomes(rules: Mapping, content: Content) -> Iterator[Problem]:
    outcomes = rules.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes:
        yield _p("outcomes", "Thiếu danh sách kết quả «outcomes».", "Thêm các kết quả theo mẫu ở đầu tệp.")
        return
    registry = _registry_index(content.registry)
    seen: Set[str] = set()
    for i, o in enumerate(outcomes, 1):
        if not isinstance(o, Mapping) or not isinstance(o.get("id"), str) or not OUTCOME_ID.match(o["id"]):
            yield _p(f"outcomes[{i}].id", "Kết quả thiếu «id» hoặc «id» không hợp lệ.",
                     "Dùng chữ thường không dấu nối bằng «-», ví dụ «bao-cao-bvmt».")
            continue
        if o["id"] in seen:
            yield _p(f"outcomes[{o['id']}]", f"Mã kết quả «{o['id']}» bị trùng.", "Đặt mã khác.")
        seen.add(o["id"])
        yield from check_outcome(o, rules, content, registry)


def _strings(value: Any, path: str) -> Iterator[tuple]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            key = item["id"] if isinstance(item, Mapping) and isinstance(item.get("id"), str) else i
            yield from _strings(item, f"{path}[{key}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))


def check_text(rules: Mapping, content: Content) -> Iterator[Problem]:
    """Normal form of every string, and documents or bodies named in the prose."""
    registry = _registry_index(content.registry)
    for field, text in _strings(rules, ""):
        diff = first_difference(text)
        if diff:
            yield _p(field, f"Văn bản chưa ở dạng chuẩn: «{diff[0]}».",
                     f"Viết «{diff[1]}» (Unicode dựng sẵn NFC, kiểu bỏ dấu mới); hoặc chạy «make fix-text».")
        if ".basis" in field:
            continue  # citations are checked against the registry by check_outcome
        for sentence in _SENTENCE_END.split(text):
            historical = any(m in sentence.lower() for m in HISTORICAL_MARKERS)
            for m in DOC_NUMBER.finditer(sentence):
                doc = registry.get(doc_key(m.group()))
                if doc is None:
                    yield _p(field, f"Văn bản «{m.group()}» được nhắc đến nhưng chưa có trong danh mục văn bản.",
                             "Thêm văn bản vào docs/_data/van-ban/ hoặc sửa số hiệu.")
                elif doc.status in SUPERSEDED_STATUSES and not historical:
                    yield _p(field, f"Văn bản {doc.number} (đã {_status_word(doc)}) được nhắc như thể còn hiệu lực.",
                             "Ghi rõ trong cùng câu rằng văn bản đã được thay thế/hết hiệu lực.")
            for m in DISSOLVED_BODIES.finditer(sentence):
                if not historical:
                    yield _p(field, f"«{m.group()}» là cơ quan không còn tồn tại.",
                             "Thay bằng cơ quan hiện nay (ví dụ Sở Nông nghiệp và Môi trường, UBND cấp xã).")


def check_rules(content: Content) -> List[Problem]:
    """All problems of the checker's rules (none when the site has no checker page and no rules)."""
    rules = content.obligation_rules
    has_page = any(p.path == CHECKER_PAGE for p in content.pages)
    if rules is None:
        if has_page:
            return [_p("", "Thiếu tệp quy tắc của trang kiểm tra nghĩa vụ.",
                       f"Tạo lại docs/{OBLIGATIONS_FILE} (trang docs/{CHECKER_PAGE} cần tệp này).")]
        return []
    problems: List[Problem] = []
    if not _text(rules.get("disclaimer")):
        problems.append(_p("disclaimer", "Thiếu lời lưu ý «disclaimer» (kết quả chỉ là hướng dẫn, cơ quan nào quyết định).",
                           "Thêm «disclaimer:» nêu rõ kết quả không phải quyết định pháp lý và cơ quan có thẩm quyền."))
    problems += check_questions(rules)
    for name, cond in (rules.get("conditions") or {}).items():
        problems += check_condition(cond, rules, f"conditions.{name}", _seen=(name,))
    problems += check_outcomes(rules, content)
    problems += check_text(rules, content)
    return problems


# --- compiled rules for the site ---------------------------------------------------------

def compile_rules(content: Content) -> Dict[str, Any]:
    """The rules as the site's JavaScript engine reads them (JSON-ready), with each citation's
    registry label, title and anchor, and each topic's title; URLs are relative to the site root."""
    rules = content.obligation_rules or {}
    registry = _registry_index(content.registry)
    topics = {t.slug: t.title for t in content.topics}
    registry_url = REGISTRY_PAGE[: -len(".md")] + "/"
    outcomes = []
    for o in rules.get("outcomes") or []:
        basis = []
        for c in parse_citations(o.get("basis") or [])[0]:
            doc = registry.get(doc_key(c.doc))
            basis.append({"doc": c.doc, "where": c.where, "label": doc.label if doc else c.doc,
                          "title": doc.title if doc else "", "url": f"{registry_url}#{doc.id}" if doc else None,
                          "certainty": doc.certainty if doc else None})
        outcomes.append({**o, "basis": basis, "topic_title": topics.get(o.get("topic"), ""),
                         "topic_url": f"{EXPLAINER_DIR}/{o.get('topic')}/"})
    return {"version": rules.get("version"), "reviewed": str(rules.get("reviewed") or ""),
            "disclaimer": " ".join(str(rules.get("disclaimer") or "").split()),
            "unknown": ob.UNKNOWN, "questions": rules.get("questions") or [],
            "conditions": rules.get("conditions") or {}, "outcomes": outcomes}
