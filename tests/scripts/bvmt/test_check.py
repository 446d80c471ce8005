"""The content check: passes on valid content, and each rule fails with the right message
on its own broken fixture (tests/fixtures/content/broken/<rule>/ overlays the valid tree)."""

import subprocess
from pathlib import Path
import sys

import pytest

from bvmt import check, parse, read
from helpers import FIXTURES, ROOT, TODAY, build_tree

def problems_of(tree: Path):
    content, problems = parse.parse(read.read_tree(tree))
    return problems + check.check(content, TODAY)


def test_valid_fixture_has_no_problem(tmp_path):
    assert problems_of(build_tree(tmp_path)) == []


# rule -> (file named in the message, field named, words the message must contain)
EXPECTED = {
    "missing-field": ("ai-phai-dang-ky.md", "answer", "Thiếu trường bắt buộc «answer»"),
    "duplicate-id": ("nop-o-dau.md", "id", "trùng với"),
    "duplicate-phrasing": ("nop-o-dau.md", "questions", "đã có ở mục"),
    "bad-date": ("ai-phai-dang-ky.md", "reviewed", "không phải ngày hợp lệ"),
    "future-date": ("ai-phai-dang-ky.md", "reviewed", "nằm trong tương lai"),
    "unknown-document": ("ai-phai-dang-ky.md", "basis", "chưa có trong danh mục"),
    "replaced-document": ("ai-phai-dang-ky.md", "basis", "bị thay thế bởi 346/2025/NĐ-CP"),
    "outdated-mention": ("ai-phai-dang-ky.md", "nội dung", "Sở Tài nguyên và Môi trường"),
    "unknown-topic": ("ai-phai-dang-ky.md", "topic", "không có trong sơ đồ trang"),
    "answer-too-long": ("ai-phai-dang-ky.md", "answer", "vượt giới hạn 600"),
    "not-normalized": ("ai-phai-dang-ky.md", "answer", "«hoà»"),
    "few-phrasings": ("ai-phai-dang-ky.md", "questions", "cần ít nhất 10"),
    "bad-id": ("ai-phai-dang-ky.md", "id", "không hợp lệ"),
    "bad-citation": ("ai-phai-dang-ky.md", "basis", "mỗi mục có «doc» và «where»"),
    "bad-question": ("ai-phai-dang-ky.md", "questions[5]", "một dòng"),
    "yaml-error": ("ai-phai-dang-ky.md", "front matter", "không đọc được"),
    "missing-section": ("huong-dan/dang-ky-moi-truong.md", "nội dung", "## Thời hạn"),
    "registry": ("van-ban/a.yml", "53/2020/NĐ-CP: replaced_by", "không ghi văn bản thay thế"),
    "missing-index": ("ai-phai-dang-ky.md", "", "chưa có trang danh sách hỏi đáp"),
    "missing-file": ("chu-de.yml", "", "Thiếu tệp dữ liệu bắt buộc"),
    "encoding": ("latin1.md", "", "UTF-8"),
}


def test_every_broken_fixture_has_an_expectation():
    assert sorted(p.name for p in (FIXTURES / "broken").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_rule_fails_with_the_right_message(tmp_path, rule):
    file, field, words = EXPECTED[rule]
    problems = problems_of(build_tree(tmp_path, rule))
    matching = [p for p in problems if p.code == rule]
    assert matching, f"rule {rule} not reported; got {[p.code for p in problems]}"
    rendered = "\n".join(p.render() for p in matching)
    assert any(p.file.endswith(file) and p.field.startswith(field) and words in p.render() for p in matching), rendered
    # every message says how to fix it
    assert all("Cách sửa:" in p.render() and p.fix for p in matching)
    # the broken fixture breaks only its own rule (plus consequences of a missing topics file)
    assert {p.code for p in problems} <= {rule, "missing-field"} | ({"unknown-topic"} if rule == "missing-file" else set())


def test_all_problems_are_listed_at_once(tmp_path):
    tree = build_tree(tmp_path, "future-date")
    entry = tree / "docs/hoi-dap/dang-ky-moi-truong/nop-o-dau.md"
    entry.write_text(entry.read_text().replace("topic: dang-ky-moi-truong", "topic: sai-chu-de"))
    codes = {p.code for p in problems_of(tree)}
    assert {"future-date", "unknown-topic"} <= codes


def test_outdated_mention_is_allowed_when_the_sentence_says_it_is_old(tmp_path):
    tree = build_tree(tmp_path)
    entry = tree / "docs/hoi-dap/dang-ky-moi-truong/ai-phai-dang-ky.md"
    entry.write_text(entry.read_text().replace(
        "Chi tiết câu trả lời.",
        "Trước 01/7/2025 hồ sơ nộp cho Sở Tài nguyên và Môi trường. Nghị định 53/2020/NĐ-CP đã được thay thế.",
    ))
    assert problems_of(tree) == []


def test_cli_exits_nonzero_and_prints_vietnamese(tmp_path):
    tree = build_tree(tmp_path, "answer-too-long")
    result = subprocess.run(
        [sys.executable, "-m", "bvmt", "--root", str(tree), "--today", "2026-11-30", "check"],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "vượt giới hạn 600" in result.stdout and "Tổng cộng 1 lỗi" in result.stdout


def test_fix_rewrites_text_into_normal_form(tmp_path):
    tree = build_tree(tmp_path, "not-normalized")
    result = subprocess.run(
        [sys.executable, "-m", "bvmt", "--root", str(tree), "--today", "2026-11-30", "check", "--fix"],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout
    assert "hòa mạng" in (tree / "docs/hoi-dap/dang-ky-moi-truong/ai-phai-dang-ky.md").read_text()


def test_real_content_passes_the_check(real_content):
    content, problems = real_content
    problems = problems + check.check(content, TODAY)
    assert problems == [], check.summarize(problems)
