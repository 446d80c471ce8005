"""Vietnamese word segmentation with exact character spans of the raw input.

underthesea's ``word_tokenize`` normalises its input (NFC, tone marks) and
returns words whose syllables are joined by spaces, so its words are not always
substrings of the raw text. ``segment`` works on the project's normalised text,
aligns every syllable by a forward search, and maps the spans back to the raw
text. Whatever the segmenter drops or mangles is recovered from the text itself,
so the result always covers every word and symbol, in order, without overlap.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, NamedTuple

from bvmt.text import normalize, normalize_with_offsets

_PIECE = re.compile(r"\w+|[^\w\s]")
_WORD_CHAR = re.compile(r"\w")


class Span(NamedTuple):
    start: int  # offset in the raw text
    end: int  # exclusive offset in the raw text
    text: str  # normalised word, syllables joined with "_"


@lru_cache(maxsize=1)
def _word_tokenize():
    from underthesea import word_tokenize

    return word_tokenize


def _segment_words(normalized: str) -> List[str]:
    try:
        words = _word_tokenize()(normalized)
    except Exception:  # the segmenter must never take the bot down
        return []
    return [w for w in words if isinstance(w, str) and w.strip()]


def _is_word(text: str, span: tuple) -> bool:
    return _WORD_CHAR.search(text, span[0], span[1]) is not None


def _align(normalized: str, words: List[str]) -> List[List[tuple]]:
    """Groups of syllable spans (normalised coordinates), one group per word."""
    groups: List[List[tuple]] = []
    pos = 0
    for word in words:
        found = []
        cursor = pos
        for syllable in word.split():
            i = normalized.find(syllable, cursor)
            # a jump over word characters means the segmenter changed the text
            if i < 0 or _WORD_CHAR.search(normalized, cursor, i):
                found = []
                break
            found.append((i, i + len(syllable)))
            cursor = i + len(syllable)
        if not found:
            continue
        group = [found[0]]
        for span in found[1:]:
            between = normalized[group[-1][1] : span[0]]
            both_words = _is_word(normalized, group[-1]) and _is_word(normalized, span)
            if both_words and between and between.isspace():
                group.append(span)
            else:
                groups.append(group)
                group = [span]
        groups.append(group)
        pos = cursor
    return groups


def _fill_gaps(normalized: str, groups: List[List[tuple]]) -> List[List[tuple]]:
    covered = sorted(groups, key=lambda g: g[0][0])
    result: List[List[tuple]] = []
    pos = 0
    for group in covered + [[(len(normalized), len(normalized))]]:
        start = group[0][0]
        for m in _PIECE.finditer(normalized, pos, start):
            result.append([(m.start(), m.end())])
        if group[0][1] > group[0][0]:
            result.append(group)
        pos = group[-1][1]
    return result


def segment(text: str) -> List[Span]:
    """Word spans of ``text``: in order, non-overlapping, covering every non-space char."""
    if not isinstance(text, str) or not text:
        return []
    normalized, offsets = normalize_with_offsets(text)
    groups = _fill_gaps(normalized, _align(normalized, _segment_words(normalized)))
    spans = []
    for group in groups:
        start, end = group[0][0], group[-1][1]
        # re-normalise each piece alone: "CPhoà" glued in context still gives "hòa"
        word = "_".join(normalize(normalized[a:b]) for a, b in group)
        spans.append(Span(offsets[start], offsets[end], word))
    return spans
