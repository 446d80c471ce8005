"""Command-line entry points of the content pipeline (``python -m bvmt ...``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bvmt import check, generate, parse, read, write
from bvmt.model import ABBREVIATIONS_FILE
from bvmt.text import normalize


def load(root: Path):
    content, problems = parse.parse(read.read_tree(root))
    return content, problems


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


def cmd_check(args) -> int:
    root = Path(args.root)
    if args.fix:
        raw = read.read_tree(root)
        fixed = {}
        for rel, text in raw.files.items():
            if normalize(text) != text:
                fixed[rel if rel == ABBREVIATIONS_FILE else f"docs/{rel}"] = normalize(text)
        write.rewrite_text_files(root, fixed)
        for rel in sorted(fixed):
            print(f"Đã chuẩn hóa: {rel}")
    content, problems = load(root)
    problems += check.check(content, _today(args.today))
    print(check.summarize(problems))
    return 1 if problems else 0


def cmd_generate(args) -> int:
    root = Path(args.root)
    content, problems = load(root)
    problems += check.check(content, _today(args.today))
    if problems:
        print(check.summarize(problems))
        print("Chưa sinh dữ liệu cho bot: sửa các lỗi nội dung ở trên trước.")
        return 1
    files = generate.bot_files(content)
    if args.check:
        stale = write.stale_files(root, files)
        for rel in stale:
            print(f"Tệp sinh tự động đã lệch so với docs/: {rel}")
        if stale:
            print("Chạy «make generate» rồi commit các tệp trên.")
            return 1
        print("Dữ liệu bot khớp với docs/.")
        return 0
    for rel in write.write_files(root, files):
        print(f"Đã ghi: {rel}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bvmt", description="Kiểm tra nội dung và sinh dữ liệu cho bot.")
    parser.add_argument("--root", default=".", help="thư mục gốc của dự án")
    parser.add_argument("--today", help="ngày dùng để kiểm tra ngày rà soát (YYYY-MM-DD)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="kiểm tra toàn bộ nội dung")
    p_check.add_argument("--fix", action="store_true", help="tự chuẩn hóa Unicode và kiểu bỏ dấu")
    p_check.set_defaults(func=cmd_check)
    p_gen = sub.add_parser("generate", help="sinh dữ liệu huấn luyện và câu trả lời cho bot")
    p_gen.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp sinh tự động có khớp docs/ không")
    p_gen.set_defaults(func=cmd_generate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
