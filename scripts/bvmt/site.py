"""Pure helpers for the site: Markdown generated from the content model, and
the diacritic-folded search index. Called by the thin mkdocs hook in
``overrides/hooks/content.py``; nothing here imports mkdocs.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from typing import Dict, List, Optional

from bvmt.model import EXPLAINER_DIR, GLOSSARY_PAGE, QA_DIR, REGISTRY_PAGE, REVIEW_PAGE, STATUS_LABELS, Content, LegalDoc, Page
from bvmt.parse import doc_key, parse_citations
from bvmt.text import fold, normalize

_TAG = re.compile(r"<[^>]+>")
EXPLAINER_SEARCH_BOOST = 2


def rel_link(from_path: str, to_path: str) -> str:
    """Relative Markdown link between two docs/ source files."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def format_date(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value or "")


def _registry(content: Content) -> Dict[str, LegalDoc]:
    return {doc_key(d.number): d for d in content.registry}


def doc_version(doc: LegalDoc) -> str:
    """The version of a document a citation relies on, e.g. 'đã được sửa đổi bởi …'."""
    parts = []
    if doc.amended_by:
        parts.append("đã được sửa đổi bởi " + ", ".join(doc.amended_by))
    if doc.certainty == "S":
        parts.append("nguồn thứ cấp, cần đối chiếu văn bản gốc")
    return f" ({'; '.join(parts)})" if parts else ""


def review_line(meta: Dict) -> str:
    reviewed = meta.get("reviewed")
    if not reviewed:
        return ""
    iso = reviewed.isoformat() if isinstance(reviewed, (dt.date, dt.datetime)) else html.escape(str(reviewed))
    return (
        f'<p class="bvmt-review">Rà soát pháp lý lần cuối: '
        f'<time datetime="{iso}">{format_date(reviewed)}</time></p>\n\n'
    )


def basis_markdown(page: Page, content: Content) -> str:
    citations, _ = parse_citations(page.meta.get("basis") or [])
    if not citations:
        return ""
    registry = _registry(content)
    lines = ["", "## Căn cứ pháp lý", ""]
    for c in citations:
        doc = registry.get(doc_key(c.doc))
        if doc is None:
            lines.append(f"- {c.where}, {c.doc}")
            continue
        link = rel_link(page.path, REGISTRY_PAGE) + f"#{doc.id}"
        lines.append(f"- {c.where}, [{doc.label}]({link}) — {doc.title}{doc_version(doc)}")
    lines.append("")
    return "\n".join(lines)


def verify_markdown(page: Page) -> str:
    notes = [str(v) for v in page.meta.get("verify") or []]
    if not notes:
        return ""
    body = "\n".join(f"    - {n}" for n in notes)
    return (
        '\n!!! warning "Cần đối chiếu văn bản gốc"\n\n'
        "    Các điểm sau mới có từ nguồn thứ cấp; hãy đối chiếu văn bản gốc trước khi áp dụng:\n\n"
        f"{body}\n"
    )


def qa_entries_of(content: Content, topic: str) -> List[Page]:
    entries = [p for p in content.pages_of("qa") if p.meta.get("topic") == topic]
    return sorted(entries, key=lambda p: (p.meta.get("order", 999), str(p.meta.get("title", ""))))


def qa_index_markdown(page: Page, content: Content) -> str:
    topic = page.meta.get("topic")
    entries = qa_entries_of(content, topic)
    lines = ["", "## Các câu hỏi", ""]
    if not entries:
        lines.append("Chủ đề này chưa có câu hỏi nào.")
    for entry in entries:
        lines.append(f"- [{entry.meta.get('title')}]({rel_link(page.path, entry.path)})")
    explainer = next((p for p in content.pages_of("explainer") if p.meta.get("topic") == topic), None)
    if explainer:
        lines += ["", f"Đọc bài hướng dẫn đầy đủ: [{explainer.meta.get('title')}]({rel_link(page.path, explainer.path)})."]
    return "\n".join(lines) + "\n"


def qa_home_markdown(page: Page, content: Content) -> str:
    lines = ["", "| Chủ đề | Số câu hỏi |", "|---|---|"]
    indexes = {p.meta.get("topic"): p for p in content.pages_of("qa_index")}
    for topic in content.topics:
        index = indexes.get(topic.slug)
        if index:
            count = len(qa_entries_of(content, topic.slug))
            lines.append(f"| [{topic.title}]({rel_link(page.path, index.path)}) | {count} |")
    return "\n".join(lines) + "\n"


def qa_entry_markdown(page: Page, content: Content, markdown: str) -> str:
    answer = " ".join(str(page.meta.get("answer", "")).split())
    short = f'!!! abstract "Trả lời ngắn"\n\n    {answer}\n\n' if answer else ""
    topic = page.meta.get("topic")
    index = next((p for p in content.pages_of("qa_index") if p.meta.get("topic") == topic), None)
    more = ""
    if index:
        more = f"\n\n[← Các câu hỏi khác về {index.meta.get('title')}]({rel_link(page.path, index.path)})\n"
    return short + markdown + verify_markdown(page) + basis_markdown(page, content) + more


def registry_markdown(content: Content) -> str:
    registry = _registry(content)
    lines = []
    for doc in content.registry:
        lines += ["", f"### {doc.label} {{#{doc.id}}}", "", f"**{doc.title}**", ""]
        rows = [
            ("Ngày ban hành", format_date(doc.issued) or "chưa xác nhận"),
            ("Ngày có hiệu lực", format_date(doc.effective) or "chưa xác nhận"),
            ("Tình trạng", STATUS_LABELS.get(doc.status, doc.status)),
        ]
        if doc.amended_by:
            rows.append(("Được sửa đổi bởi", ", ".join(_doc_link(registry, n) for n in doc.amended_by)))
        if doc.replaced_by:
            rows.append(("Được thay thế bởi", _doc_link(registry, doc.replaced_by)))
        rows.append(("Mức xác nhận", "Đã đối chiếu nguồn" if doc.certainty == "C" else "Nguồn thứ cấp — cần đối chiếu văn bản gốc"))
        kind = "Văn bản chính thức" if doc.official_link else "Nguồn tham khảo (không phải bản chính thức)"
        rows.append((kind, f"<{doc.link}>"))
        if doc.note:
            rows.append(("Ghi chú", doc.note))
        lines += ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines) + "\n"


def _doc_link(registry: Dict[str, LegalDoc], number: str) -> str:
    doc = registry.get(doc_key(number))
    return f"[{doc.number}](#{doc.id})" if doc else number


def glossary_markdown(content: Content) -> str:
    lines = ["", "| Viết tắt | Nghĩa |", "|---|---|"]
    for a in sorted(content.abbreviations, key=lambda a: fold(a.abbr).lower()):
        lines.append(f"| **{a.abbr}** | {a.expansion} |")
    return "\n".join(lines) + "\n"


def review_markdown(page: Page, content: Content) -> str:
    """The legal reviewer's table: every page, its review date, and the facts marked for verification."""
    pages = sorted((p for p in content.pages if p.meta.get("reviewed")), key=lambda p: (str(p.meta.get("reviewed")), p.path))
    flagged = [p for p in pages if p.meta.get("verify")]
    lines = ["", "## Điểm cần đối chiếu văn bản gốc", "",
             f"{sum(len(p.meta['verify']) for p in flagged)} điểm trên {len(flagged)} trang.", "",
             "| Trang | Rà soát | Điểm cần đối chiếu |", "|---|---|---|"]
    for p in flagged:
        items = "<br>".join(f"• {html.escape(str(v))}" for v in p.meta["verify"])
        lines.append(f"| [{p.meta.get('title')}]({rel_link(page.path, p.path)}) | {format_date(p.meta['reviewed'])} | {items} |")
    secondary = [d for d in content.registry if d.certainty == "S" or d.status == "unconfirmed"]
    lines += ["", "## Văn bản chỉ có nguồn thứ cấp", "",
              "| Văn bản | Tình trạng ghi nhận | Ghi chú |", "|---|---|---|"]
    for d in secondary:
        link = rel_link(page.path, REGISTRY_PAGE) + f"#{d.id}"
        lines.append(f"| [{d.label}]({link}) | {STATUS_LABELS.get(d.status, d.status)} | {d.note} |")
    lines += ["", "## Ngày rà soát của mọi trang", "", "| Trang | Rà soát |", "|---|---|"]
    for p in pages:
        lines.append(f"| [{p.meta.get('title')}]({rel_link(page.path, p.path)}) | {format_date(p.meta['reviewed'])} |")
    return "\n".join(lines) + "\n"


def decorate(markdown: str, page: Optional[Page], content: Content) -> str:
    """The Markdown mkdocs renders for ``page``: generated parts added around the editor's text."""
    if page is None:
        return markdown
    head = review_line(page.meta)
    if page.kind == "qa":
        return head + qa_entry_markdown(page, content, markdown)
    tail = verify_markdown(page) + basis_markdown(page, content)
    if page.kind == "qa_index":
        tail = qa_index_markdown(page, content) + tail
    elif page.path == "hoi-dap/index.md":
        tail = qa_home_markdown(page, content) + tail
    elif page.path == REGISTRY_PAGE:
        tail = registry_markdown(content) + tail
    elif page.path == GLOSSARY_PAGE:
        tail = glossary_markdown(content) + tail
    elif page.path == REVIEW_PAGE:
        tail = review_markdown(page, content) + tail
    return head + markdown + tail


def search_keywords(text: str, content: Content) -> str:
    """Folded copy of ``text`` plus abbreviations and their expansions found in it."""
    plain = html.unescape(_TAG.sub(" ", text))
    folded = fold(plain).lower()
    extra = []
    for a in content.abbreviations:
        expansion = fold(a.expansion.split("(")[0]).lower().strip()
        abbr = fold(a.abbr).lower()
        if expansion and expansion in folded and abbr not in folded:
            extra.append(abbr)
        if re.search(rf"(?<!\w){re.escape(abbr)}(?!\w)", folded) and expansion not in folded:
            extra.append(expansion)
    return " ".join([folded] + extra)


def fold_search_index(index: Dict, content: Content) -> Dict:
    """Make the lunr index match queries typed without diacritics or as abbreviations.

    Material's search indexes the HTML ``text`` of each section; the folded
    copy (of the title too) goes into a hidden element so it is searchable but
    never shown. (Markup in ``title`` breaks Material's search worker.)
    """
    topic_tags = topic_abbreviations(content)
    slugs = {t.slug for t in content.topics}
    for doc in index.get("docs", []):
        keywords = search_keywords(f"{doc.get('title', '')} {doc.get('text', '')}", content)
        doc["text"] = normalize(doc.get("text", "")) + f'<span class="bvmt-fold" hidden> {html.escape(keywords)}</span>'
        location = doc.get("location", "")
        if location.startswith(EXPLAINER_DIR + "/"):
            doc["boost"] = EXPLAINER_SEARCH_BOOST  # a topic's explainer first, then its Q&A
        tags = topic_tags.get(_topic_of(location, slugs))
        if tags:
            doc["tags"] = tags  # Material boosts tags most: "gpmt" finds the GPMT topic first
    return index


def _topic_of(location: str, slugs) -> Optional[str]:
    parts = location.split("#")[0].strip("/").split("/")
    if len(parts) >= 2 and parts[0] in (EXPLAINER_DIR, QA_DIR) and parts[1] in slugs:
        return parts[1]
    return None


def topic_abbreviations(content: Content) -> Dict[str, List[str]]:
    """Abbreviations named in a topic's title, e.g. "Giấy phép môi trường (GPMT)" -> GPMT, and their folded form."""
    result = {}
    for topic in content.topics:
        tags = []
        for abbr in re.findall(r"\(([^)]+)\)", topic.title):
            for tag in (abbr, fold(abbr)):
                if tag not in tags:
                    tags.append(tag)
        if tags:
            result[topic.slug] = tags
    return result


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors without diacritics: 'Ai không phải đăng ký' -> 'ai-khong-phai-dang-ky'."""
    words = re.findall(r"[a-z0-9]+", fold(value).lower())
    return separator.join(words)
