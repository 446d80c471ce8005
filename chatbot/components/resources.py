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

# Chat shorthand and spelling variants, folded, one word for one word.
SHORTHAND = {
    "ko": "khong", "k": "khong", "kg": "khong", "khg": "khong", "hok": "khong", "hong": "khong",
    "dc": "duoc", "dk": "duoc", "j": "gi", "ntn": "nhu the nao", "bn": "bao nhieu", "bnh": "bao nhieu",
    "ki": "ky", "dki": "dang ky", "cty": "cong ty", "dn": "doanh nghiep", "nd": "nghi dinh", "tt": "thong tu",
    "vs": "voi", "r": "roi", "z": "vay", "v": "vay", "mk": "minh", "e": "em", "a": "anh", "sx": "san xuat",
}


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


def canonical_word(word: str, expansions: Dict[str, str]) -> str:
    """One folded word in canonical form: shorthand spelled out, abbreviations expanded."""
    word = SHORTHAND.get(word, word)
    return expansions.get(word, word)


def terms(text: str, expansions: Dict[str, str]) -> List[str]:
    """Folded lower-case words of ``text``; shorthand spelled out; an abbreviation also brings its expansion."""
    result = []
    for word in _WORD.findall(fold(text or "").lower()):
        result.append(word)
        canonical = canonical_word(word, expansions)
        if canonical != word:
            result.extend(canonical.split())
    return result


def phrasing_key(text: str, expansions: Dict[str, str]) -> str:
    """Comparison key of a whole question: folded, canonical words, no punctuation."""
    return " ".join(canonical_word(w, expansions) for w in _WORD.findall(fold(text or "").lower()))
