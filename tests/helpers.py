"""Shared constants and helpers of the test suite (import as `helpers`)."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "scripts", ROOT / "chatbot", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from stack import free_port  # noqa: E402,F401  (re-exported for the tests)

TODAY = dt.date(2026, 11, 30)  # review dates in fixtures are checked against this day
FIXTURES = ROOT / "tests" / "fixtures" / "content"


def build_tree(tmp_path: Path, broken: str | None = None) -> Path:
    """A copy of the valid content fixture, with the overlay of one broken rule applied."""
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "valid", tree)
    if broken:
        overlay = FIXTURES / "broken" / broken
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "_delete.txt":
                target = tree / path.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        deletions = overlay / "_delete.txt"
        if deletions.exists():
            for rel in deletions.read_text().split():
                (tree / rel).unlink()
    return tree

