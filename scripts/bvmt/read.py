"""Stage 1 (IO): read the content tree into memory. Nothing else touches files."""

from __future__ import annotations

from pathlib import Path

from bvmt.model import ABBREVIATIONS_FILE, RawTree


def read_tree(root: Path, docs_dir: str = "docs") -> RawTree:
    """All Markdown and data files under ``docs_dir`` plus the abbreviations file."""
    root = Path(root)
    docs = root / docs_dir
    paths = {}
    for path in sorted(docs.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".yml", ".yaml"):
            paths[path.relative_to(docs).as_posix()] = path
    abbreviations = root / ABBREVIATIONS_FILE
    if abbreviations.is_file():
        paths[ABBREVIATIONS_FILE] = abbreviations
    files, undecodable = {}, []
    for key, path in paths.items():
        try:
            files[key] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:  # reported by the check, never a crash
            undecodable.append(key)
    return RawTree(files=files, undecodable=tuple(undecodable))
