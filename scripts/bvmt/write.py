"""Stage 5 (IO): write generated files, or report which ones drifted."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List


def stale_files(root: Path, files: Dict[str, str]) -> List[str]:
    """Paths whose content on disk differs from ``files`` (missing ones included)."""
    stale = []
    for rel, text in sorted(files.items()):
        path = Path(root) / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(rel)
    return stale


def write_files(root: Path, files: Dict[str, str]) -> List[str]:
    """Write the files that changed; return their paths."""
    changed = stale_files(root, files)
    for rel in changed:
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel], encoding="utf-8")
    return changed


def rewrite_text_files(root: Path, files: Dict[str, str]) -> None:
    """Overwrite source files with fixed text (used by ``check --fix``)."""
    for rel, text in files.items():
        (Path(root) / rel).write_text(text, encoding="utf-8")
