"""Read-only resources the NLU components share, from chatbot/generated/answers.json.

The file is generated from docs/ (answer records and the abbreviation map). Components
that read it add its hash to their fingerprint, so Rasa retrains them when it changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List

from bvmt.text import fold

DEFAULT_FILE = str(Path(__file__).resolve().parent.parent / "generated" / "answers.json")
_WORD = re.compile(r"\w+")


def file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


@lru_cache(maxsize=4)
def _load(path: str, digest: str) -> Dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load(path: str = DEFAULT_FILE) -> Dict:
    return _load(path, file_hash(path))


def abbreviations(path: str = DEFAULT_FILE) -> Dict[str, str]:
    return load(path).get("abbreviations") or {}


def terms(text: str, expansions: Dict[str, str]) -> List[str]:
    """Folded lower-case words of ``text``; an abbreviation also brings its expansion's words."""
    words = _WORD.findall(fold(text or "").lower())
    result = []
    for word in words:
        result.append(word)
        if word in expansions:
            result.extend(expansions[word].split())
    return result
