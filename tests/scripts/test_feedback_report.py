"""scripts/feedback_report.py on a tracker database shaped like Rasa's SQLTrackerStore (table `events`).
The real store is exercised end to end in tests/bot/test_widget_e2e.py."""

from __future__ import annotations

import json
import sqlite3

import helpers  # noqa: F401  (puts scripts/ on sys.path)
import feedback_report as fr


def user(text, intent, entities=()):
    return {"event": "user", "text": text,
            "parse_data": {"intent": {"name": intent, "confidence": 1.0},
                           "entities": [{"entity": k, "value": v} for k, v in entities]}}


def bot(entry=None, text="..."):
    custom = {"type": "answer", "id": entry, "topic": "t", "url": "http://x/"} if entry else None
    return {"event": "bot", "text": text, "data": {"custom": custom, "buttons": None}}


def feedback(value, entry):
    return user('/feedback{"feedback_value": "%s", "entry_id": "%s"}' % (value, entry), "feedback",
                [("feedback_value", value), ("entry_id", entry)])


def make_db(path, conversations):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
               "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
               "action_name VARCHAR(255), data TEXT)")
    for sender, events in conversations:
        for event in events:
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            db.execute("INSERT INTO events (sender_id, type_name, intent_name, data) VALUES (?, ?, ?, ?)",
                       (sender, event["event"], intent, json.dumps(event, ensure_ascii=False)))
        db.execute("INSERT INTO events (sender_id, type_name, action_name, data) VALUES (?, 'action', 'x', '{}')",
                   (sender,))
    db.commit()
    db.close()
    return path


CONVERSATIONS = [
    ("a", [user("ai phai dang ky moi truong", "faq"), bot("dkmt-ai-phai-dang-ky"), feedback("down", "dkmt-ai-phai-dang-ky"),
           bot(text="Cảm ơn bạn đã góp ý.")]),
    ("b", [user("moi truong", "nlu_fallback"), bot(text="Bạn chọn câu gần nhất"),
           user('/choose_entry{"entry_id": "dkmt-ai-phai-dang-ky"}', "choose_entry", [("entry_id", "dkmt-ai-phai-dang-ky")]),
           bot("dkmt-ai-phai-dang-ky"), feedback("down", "dkmt-ai-phai-dang-ky"),
           user("giay phep moi truong bao lau", "faq"), bot("gpmt-thoi-han"), feedback("up", "gpmt-thoi-han")]),
    ("c", [user("Ai phải đăng ký môi trường?", "faq"), bot("dkmt-ai-phai-dang-ky"), feedback("up", "dkmt-ai-phai-dang-ky"),
           feedback("sideways", "dkmt-ai-phai-dang-ky"), user("/feedback{}", "feedback")]),
]


def test_counts_and_failed_questions_per_entry(tmp_path):
    report = fr.summarize(fr.read_events(make_db(tmp_path / "t.db", CONVERSATIONS)))
    assert set(report) == {"dkmt-ai-phai-dang-ky", "gpmt-thoi-han"}
    registration = report["dkmt-ai-phai-dang-ky"]
    assert (registration.up, registration.down) == (1, 2)
    # the typed question, not the button payload, is what failed
    assert registration.failed_questions == ["ai phai dang ky moi truong", "moi truong"]
    assert (report["gpmt-thoi-han"].up, report["gpmt-thoi-han"].down) == (1, 0)
    assert report["gpmt-thoi-han"].failed_questions == []


def test_report_lists_the_worst_entries_first(tmp_path):
    text = fr.format_report(fr.summarize(fr.read_events(make_db(tmp_path / "t.db", CONVERSATIONS))))
    lines = text.splitlines()
    rows = [line for line in lines if line.startswith(("dkmt", "gpmt"))]
    assert rows[0].split() == ["dkmt-ai-phai-dang-ky", "1", "2"]
    assert rows[1].split() == ["gpmt-thoi-han", "1", "0"]
    assert "    👎 sau câu hỏi: ai phai dang ky moi truong" in lines
    assert "    👎 sau câu hỏi: moi truong" in lines


def test_cli(tmp_path, capsys):
    db = make_db(tmp_path / "t.db", CONVERSATIONS)
    assert fr.main(["--db", str(db)]) == 0
    assert "dkmt-ai-phai-dang-ky" in capsys.readouterr().out
    assert fr.main(["--db", str(tmp_path / "missing.db")]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err
    empty = make_db(tmp_path / "empty.db", [])
    assert fr.main(["--db", str(empty)]) == 0
    assert "Chưa có góp ý" in capsys.readouterr().out
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    assert fr.main(["--db", str(tmp_path / "junk.db")]) == 1
