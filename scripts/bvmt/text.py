"""The one Vietnamese text normalisation of the project, and diacritic folding.

``normalize`` = Unicode NFC + underthesea's tone-mark style (``hoà`` -> ``hòa``,
``thuỷ`` -> ``thủy``, ``Ð`` -> ``Đ``), applied word by word so that it never
changes the length of an NFC string. ``normalize_with_offsets`` also returns,
for every character of the normalised text, its offset in the original text,
so components that need character offsets (the bot's tokenizer) can work on
normalised text and still report spans of the raw input.

``fold`` removes diacritics (including đ -> d); on normalised text it is
length-preserving too. ``fold_key`` is the comparison key used to detect
duplicate phrasings and to match queries typed without diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import List, Tuple

_WORD = re.compile(r"[^\W\d_]+")  # letter runs: "7hoà" still normalises "hoà"
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _token_normalizer():
    # Semi-internal helper of underthesea (pinned to 9.5.0 in requirements):
    # maps old-style tone placement and wrong compositions to the modern form.
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize


@lru_cache(maxsize=65536)
def _normalize_word(word: str) -> str:
    """Tone-mark style of one NFC word; never changes its length."""
    try:
        fixed = _token_normalizer()(word)
    except Exception:  # a helper bug must never break an entry point
        return word
    if not isinstance(fixed, str) or len(fixed) != len(word):
        return word
    return fixed


def _nfc_clusters(text: str) -> Tuple[str, List[int]]:
    """NFC per base character + combining marks, with the origin of each char."""
    out: List[str] = []
    origin: List[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        # spread the cluster's output over its input so distinct chars keep distinct origins
        origin.extend(i + (k * (j - i)) // len(composed) for k in range(len(composed)))
        i = j
    return "".join(out), origin


def normalize_with_offsets(text: str) -> Tuple[str, List[int]]:
    """Normalise ``text``; ``offsets[k]`` is where normalised char ``k`` starts in ``text``.

    ``offsets`` has one extra element, ``len(text)``, so an exclusive end ``e``
    in the normalised text maps to ``offsets[e]`` in the original.
    """
    if not text:
        return "", [0]
    nfc, origin = _nfc_clusters(text)
    normalized = _WORD.sub(lambda m: _normalize_word(m.group()), nfc)
    return normalized, origin + [len(text)]


def normalize(text: str) -> str:
    """NFC plus the project's tone-mark style."""
    return normalize_with_offsets(text)[0]


def is_normalized(text: str) -> bool:
    return normalize(text) == text


def fold(text: str) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ to d/D (length-preserving on NFC text)."""
    out = []
    for ch in normalize(text):
        if ch == "đ":
            out.append("d")
        elif ch == "Đ":
            out.append("D")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            out.append(base if len(base) == 1 else ch)
    return "".join(out)


def fold_key(text: str) -> str:
    """Lower-case, folded, punctuation-free form used to compare phrasings."""
    return " ".join(_NON_WORD.sub(" ", fold(text).lower()).split())


def first_difference(text: str) -> Tuple[str, str] | None:
    """The first word that normalisation changes, as (found, fix), or None."""
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        for raw, fixed in zip(re.findall(r"\S+", text), re.findall(r"\S+", nfc)):
            if raw != fixed:
                return raw, _WORD.sub(lambda m: _normalize_word(m.group()), fixed)
    for m in _WORD.finditer(nfc):
        fixed = _normalize_word(m.group())
        if fixed != m.group():
            return m.group(), fixed
    return None
