"""Stage 2 (pure): turn the raw tree into the content model.

Problems that make a file unreadable (broken YAML, a missing data file) are
returned, never raised, so the check can list every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Dict, List, Tuple

import yaml

from bvmt.model import (
    ABBREVIATIONS_FILE,
    OBLIGATIONS_FILE,
    REGISTRY_DIR,
    TOPICS_FILE,
    Abbreviation,
    Citation,
    Content,
    LegalDoc,
    Page,
    Problem,
    RawTree,
    Topic,
)
from bvmt.text import fold

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
_ABBR_LINE = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:\s*(?P<expansion>.+?)\s*$")


def display_path(path: str) -> str:
    """Path as the editor sees it from the project root."""
    return path if path == ABBREVIATIONS_FILE else f"docs/{path}"


def doc_key(number: str) -> str:
    """Lookup key of a document number: folded, upper-case, without spaces."""
    return re.sub(r"\s+", "", fold(str(number))).upper()


def split_front_matter(text: str) -> Tuple[Dict, str, str]:
    """(meta, body, error). ``error`` is a Vietnamese description or ''."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, ""
    body = text[match.end() :]
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (dòng {mark.line + 2})" if mark is not None else ""
        return {}, body, f"phần front matter (YAML) không đọc được{line}: {getattr(exc, 'problem', exc)}"
    if not isinstance(meta, dict):
        return {}, body, "phần front matter phải là các cặp «khóa: giá trị»"
    return meta, body, ""


def _yaml_error(path: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = f" ở dòng {mark.line + 1}" if mark is not None else ""
    return Problem(
        display_path(path),
        "",
        f"Tệp YAML không đọc được{line}: {getattr(exc, 'problem', exc)}.",
        "Kiểm tra thụt lề (dùng dấu cách, không dùng tab) và dấu «:» sau mỗi khóa.",
        "yaml-error",
    )


def _load_yaml_list(raw: RawTree, path: str, problems: List[Problem]) -> list:
    if path not in raw.files:
        problems.append(
            Problem(display_path(path), "", "Thiếu tệp dữ liệu bắt buộc.", f"Tạo lại tệp docs/{path}.", "missing-file")
        )
        return []
    try:
        data = yaml.safe_load(raw.files[path]) or []
    except yaml.YAMLError as exc:
        problems.append(_yaml_error(path, exc))
        return []
    if not isinstance(data, list):
        problems.append(
            Problem(display_path(path), "", "Tệp phải là một danh sách (mỗi mục bắt đầu bằng «- »).",
                    "Viết mỗi mục trên một khối bắt đầu bằng «- ».", "yaml-error")
        )
        return []
    return data


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def parse_topics(raw: RawTree, problems: List[Problem]) -> List[Topic]:
    topics = []
    for i, item in enumerate(_load_yaml_list(raw, TOPICS_FILE, problems), 1):
        if not isinstance(item, dict) or not item.get("slug") or not item.get("title"):
            problems.append(
                Problem(display_path(TOPICS_FILE), f"mục {i}", "Mỗi chủ đề cần «slug» và «title».",
                        "Bổ sung hai khóa này cho mục.", "missing-field")
            )
            continue
        topics.append(Topic(str(item["slug"]), str(item["title"]), str(item.get("summary", ""))))
    return topics


def registry_files(raw: RawTree) -> List[str]:
    return sorted(p for p in raw.files if p.startswith(REGISTRY_DIR) and p.endswith((".yml", ".yaml")))


def parse_registry(raw: RawTree, problems: List[Problem]) -> List[LegalDoc]:
    files = registry_files(raw)
    if not files:
        problems.append(
            Problem(f"docs/{REGISTRY_DIR}", "", "Thiếu danh mục văn bản pháp luật.",
                    f"Tạo ít nhất một tệp YAML trong docs/{REGISTRY_DIR}.", "missing-file")
        )
    docs = []
    for path in files:
        docs += _parse_registry_file(raw, path, problems)
    return docs


def _parse_registry_file(raw: RawTree, path: str, problems: List[Problem]) -> List[LegalDoc]:
    docs = []
    required = ("id", "number", "title", "kind", "status", "certainty", "link")
    for i, item in enumerate(_load_yaml_list(raw, path, problems), 1):
        if not isinstance(item, dict):
            item = {}
        missing = [k for k in required if not item.get(k)]
        if missing:
            name = item.get("number") or f"mục {i}"
            problems.append(
                Problem(display_path(path), f"{name}: {', '.join(missing)}",
                        f"Văn bản «{name}» thiếu trường bắt buộc: {', '.join(missing)}.",
                        "Bổ sung các trường này (xem mẫu ở đầu tệp).", "missing-field")
            )
            continue
        docs.append(
            LegalDoc(
                id=str(item["id"]),
                number=str(item["number"]),
                title=str(item["title"]),
                kind=str(item["kind"]),
                issued=_date(item.get("issued")),
                effective=_date(item.get("effective")),
                status=str(item["status"]),
                amended_by=tuple(str(x) for x in item.get("amended_by") or ()),
                replaced_by=str(item["replaced_by"]) if item.get("replaced_by") else None,
                certainty=str(item["certainty"]),
                link=str(item["link"]),
                official_link=bool(item.get("official_link", False)),
                note=str(item.get("note", "") or ""),
                source=path,
            )
        )
    return docs


def parse_abbreviations(raw: RawTree, problems: List[Problem]) -> List[Abbreviation]:
    text = raw.files.get(ABBREVIATIONS_FILE)
    if text is None:
        problems.append(
            Problem(ABBREVIATIONS_FILE, "", "Thiếu tệp định nghĩa chữ viết tắt.",
                    "Tạo tệp với các dòng dạng «*[GPMT]: Giấy phép môi trường».", "missing-file")
        )
        return []
    result = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        match = _ABBR_LINE.match(line)
        if not match:
            problems.append(
                Problem(ABBREVIATIONS_FILE, f"dòng {n}", f"Dòng không đúng dạng định nghĩa chữ viết tắt: «{line[:60]}».",
                        "Viết theo dạng «*[GPMT]: Giấy phép môi trường».", "yaml-error")
            )
            continue
        result.append(Abbreviation(match["abbr"], match["expansion"]))
    return result


def parse_citations(value) -> Tuple[List[Citation], bool]:
    """Citations of a ``basis`` field, and whether the field was well-formed."""
    if not isinstance(value, list):
        return [], False
    result, ok = [], True
    for item in value:
        if isinstance(item, dict) and item.get("doc") and item.get("where"):
            result.append(Citation(str(item["doc"]).strip(), str(item["where"]).strip()))
        else:
            ok = False
    return result, ok


def parse_obligation_rules(raw: RawTree, problems: List[Problem]) -> Dict | None:
    """The obligations checker's rules (a mapping), or None when the file is absent or unreadable."""
    if OBLIGATIONS_FILE not in raw.files:
        return None
    try:
        data = yaml.safe_load(raw.files[OBLIGATIONS_FILE])
    except yaml.YAMLError as exc:
        problems.append(_yaml_error(OBLIGATIONS_FILE, exc))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(display_path(OBLIGATIONS_FILE), "", "Tệp quy tắc phải là các cặp «khóa: giá trị».",
                                "Giữ cấu trúc questions / conditions / outcomes như mẫu.", "yaml-error"))
        return None
    return data


def parse(raw: RawTree) -> Tuple[Content, List[Problem]]:
    problems: List[Problem] = [
        Problem(display_path(p), "", "Tệp không phải văn bản UTF-8.", "Lưu lại tệp với mã hóa UTF-8.", "encoding")
        for p in raw.undecodable
    ]
    content = Content(
        topics=parse_topics(raw, problems),
        registry=parse_registry(raw, problems),
        abbreviations=parse_abbreviations(raw, problems),
        obligation_rules=parse_obligation_rules(raw, problems),
    )
    for path, text in sorted(raw.files.items()):
        if not path.endswith(".md") or path == ABBREVIATIONS_FILE:
            continue
        meta, body, error = split_front_matter(text)
        if error:
            problems.append(
                Problem(display_path(path), "front matter", error[0].upper() + error[1:] + ".",
                        "Sửa cú pháp YAML giữa hai dòng «---» ở đầu tệp.", "yaml-error")
            )
        content.pages.append(Page(path=path, meta=meta, body=body))
    return content, problems
