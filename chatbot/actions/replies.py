"""Pure functions that turn answer records into bot replies (design §7).

Records come from ``chatbot/generated/answers.json``, generated from docs/.
Every answer ends with its legal basis, review date and a link to its page,
and carries the ``custom`` payload the widget renders and the evaluation scores.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Dict, List, Optional

ANSWERS_PATH = Path(__file__).resolve().parent.parent / "generated" / "answers.json"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"

# Where a person can help (confirmed bodies only; see docs/ha-noi pages for details).
HUMAN_HELP = (
    "Bạn cũng có thể hỏi trực tiếp Sở Nông nghiệp và Môi trường hoặc Sở Công Thương nơi doanh nghiệp hoạt động, "
    "hoặc UBND xã, phường nơi đặt cơ sở."
)


def site_url() -> str:
    return os.environ.get("BVMT_SITE_URL", DEFAULT_SITE_URL).rstrip("/")


class AnswerStore:
    """Answer records, reloaded when the generated file changes."""

    def __init__(self, path: Path = ANSWERS_PATH) -> None:
        self.path = Path(path)
        self._mtime: Optional[float] = None
        self._data: Dict = {"topics": [], "entries": {}}

    def _refresh(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            return
        if mtime != self._mtime:
            self._data = json.loads(self.path.read_text(encoding="utf-8"))
            self._mtime = mtime

    def entry(self, entry_id: str) -> Optional[Dict]:
        self._refresh()
        return self._data["entries"].get(entry_id)

    def topics(self) -> List[Dict]:
        self._refresh()
        return list(self._data["topics"])


def _format_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(iso or "")


def basis_text(record: Dict) -> str:
    parts = [f"{b['where']} {b.get('label', b['doc'])}" for b in record.get("basis", [])]
    return "; ".join(parts)


def answer_reply(record: Dict, confidence: float, base_url: Optional[str] = None) -> Dict:
    """Text and custom payload of an answer to one Q&A entry."""
    base = (base_url or site_url()).rstrip("/")
    url = base + record["url"]
    # single newlines: the REST channel would split the text into several bubbles at blank lines
    lines = [record["answer"]]
    if record.get("basis"):
        lines.append(f"Căn cứ: {basis_text(record)}.")
    if record.get("verify"):
        lines.append("Lưu ý: một số điểm cần đối chiếu văn bản gốc (xem trang chi tiết).")
    lines.append(f"Rà soát pháp lý: {_format_date(record.get('reviewed', ''))}.")
    lines.append(f"Xem chi tiết: {url}")
    sources = [
        {
            "doc": b["doc"],
            "where": b["where"],
            "label": b.get("label", b["doc"]),
            "status": b.get("status", ""),
            "url": base + b["registry_url"] if b.get("registry_url") else None,
        }
        for b in record.get("basis", [])
    ]
    custom = {
        "type": "answer",
        "topic": record["topic"],
        "id": record["id"],
        "title": record["title"],
        "url": url,
        "confidence": round(float(confidence), 4),
        "sources": sources,
        "reviewed": record.get("reviewed", ""),
        "verify": bool(record.get("verify")),
    }
    return {"text": "\n".join(lines), "custom": custom}


def choice_payload(entry_id: str) -> str:
    return '/choose_entry{"entry_id": "%s"}' % entry_id


def clarify_reply(options: List[Dict]) -> Dict:
    """'Not sure' reply: up to three closest entries as buttons, and where to ask."""
    options = options[:3]
    if not options:
        return {
            "text": "Xin lỗi, tôi chưa hiểu câu hỏi. Bạn hãy diễn đạt lại ngắn gọn hơn, ví dụ: «Ai phải có giấy phép môi trường?». "
            + HUMAN_HELP,
            "buttons": [],
            "custom": {"type": "clarify", "options": []},
        }
    return {
        "text": "Tôi chưa chắc bạn hỏi điều nào. Nếu bạn hỏi về nghĩa vụ bảo vệ môi trường, hãy chọn câu gần nhất dưới "
        "đây hoặc hỏi lại cụ thể hơn; câu hỏi ngoài phạm vi bảo vệ môi trường thì tôi không trả lời được. " + HUMAN_HELP,
        "buttons": [{"title": o["title"], "payload": choice_payload(o["id"])} for o in options],
        "custom": {
            "type": "clarify",
            "options": [
                {"id": o["id"], "topic": o["topic"], "title": o["title"], "confidence": round(float(o["confidence"]), 4)}
                for o in options
            ],
        },
    }


def topics_reply(topics: List[Dict], base_url: Optional[str] = None) -> Dict:
    base = (base_url or site_url()).rstrip("/")
    covered = [t for t in topics if t.get("entries")]
    lines = [
        "Tôi là trợ lý tự động, trả lời câu hỏi về nghĩa vụ bảo vệ môi trường của doanh nghiệp ngành Công Thương "
        "(trước hết ở Hà Nội), kèm căn cứ pháp lý và đường dẫn đến trang hướng dẫn. Tôi có thể giúp về:"
    ]
    lines += [f"- {t['title']}" for t in covered]
    lines.append(f"Xem tất cả chủ đề: {base}/hoi-dap/")
    return {
        "text": "\n".join(lines),
        "custom": {"type": "topics", "topics": [{"slug": t["slug"], "title": t["title"]} for t in covered]},
    }
