"""What users thought of the bot's answers: 👍 / 👎 per Q&A entry, from the conversation store.

    python scripts/feedback_report.py [--db .run/conversations.db]

The chat widget sends `/feedback{"feedback_value": "up"|"down", "entry_id": "<id>"}` after an answer; Rasa
stores it, with its entities, in the SQLite tracker store (table `events`). For every entry this prints the
up and down counts and the questions users asked before the answer they marked 👎, so editors see what failed.
Reads the database only; standard library only.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / ".run" / "conversations.db"

Event = Tuple[str, Dict]  # (sender id, event data as Rasa stores it)


@dataclass
class EntryFeedback:
    up: int = 0
    down: int = 0
    failed_questions: List[str] = field(default_factory=list)


def read_events(db: Path) -> Iterator[Event]:
    """User and bot events in the order they happened (the IO edge)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT sender_id, data FROM events WHERE type_name IN ('user', 'bot') ORDER BY id")
        for sender, data in rows:
            try:
                yield sender, json.loads(data or "{}")
            except ValueError:
                continue
    finally:
        connection.close()


def _entities(event: Dict) -> Dict[str, str]:
    parse_data = event.get("parse_data") or {}
    return {e.get("entity"): str(e.get("value")) for e in parse_data.get("entities") or [] if e.get("entity")}


def _intent(event: Dict) -> Optional[str]:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def _answered_entry(event: Dict) -> Optional[str]:
    custom = (event.get("data") or {}).get("custom") or {}
    return custom.get("id") if isinstance(custom, dict) and custom.get("type") == "answer" else None


def summarize(events: Iterable[Event]) -> Dict[str, EntryFeedback]:
    """Feedback per entry id. A 👎 is tied to the last question the user typed before that entry was answered."""
    last_question: Dict[str, str] = {}  # sender -> last text the user typed (not a button payload)
    asked_for: Dict[Tuple[str, str], str] = {}  # (sender, entry id) -> the question that got that answer
    report: Dict[str, EntryFeedback] = {}
    for sender, event in events:
        kind = event.get("event")
        if kind == "bot":
            entry = _answered_entry(event)
            if entry and sender in last_question:
                asked_for[(sender, entry)] = last_question[sender]
        elif kind == "user":
            text = (event.get("text") or "").strip()
            if _intent(event) == "feedback":
                entities = _entities(event)
                entry, value = entities.get("entry_id"), entities.get("feedback_value")
                if not entry or value not in ("up", "down"):
                    continue
                item = report.setdefault(entry, EntryFeedback())
                if value == "up":
                    item.up += 1
                else:
                    item.down += 1
                    question = asked_for.get((sender, entry))
                    if question and question not in item.failed_questions:
                        item.failed_questions.append(question)
            elif text and not text.startswith("/"):
                last_question[sender] = text
    return report


def format_report(report: Dict[str, EntryFeedback]) -> str:
    if not report:
        return "Chưa có góp ý nào về câu trả lời của trợ lý."
    lines = ["Góp ý về câu trả lời của trợ lý (nhiều 👎 nhất trước):", ""]
    width = max(len("Mục hỏi đáp"), *(len(entry) for entry in report))
    lines.append(f"{'Mục hỏi đáp':<{width}}  {'👍':>3}  {'👎':>3}")  # an emoji takes two columns
    for entry, item in sorted(report.items(), key=lambda kv: (-kv[1].down, kv[1].up, kv[0])):
        lines.append(f"{entry:<{width}}  {item.up:>4}  {item.down:>4}")
        for question in item.failed_questions:
            lines.append(f"    👎 sau câu hỏi: {question}")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Thống kê 👍/👎 theo mục hỏi đáp từ kho hội thoại SQLite.")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"tệp SQLite của bot (mặc định: {DEFAULT_DB})")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"Không tìm thấy kho hội thoại {args.db}. Chạy `make run` trước, hoặc chỉ ra tệp bằng --db.",
              file=sys.stderr)
        return 1
    try:
        report = summarize(read_events(args.db))
    except sqlite3.DatabaseError as error:
        print(f"Không đọc được {args.db}: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
