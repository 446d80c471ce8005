"""The obligations checker's engine: which duties apply, from the answers to its questions.

Pure: no IO, no rasa or mkdocs. The rules are plain data (``docs/_data/nghia-vu.yml``,
compiled to JSON for the site); the site's JavaScript engine
(``docs/assets/checker/engine.js``) implements exactly the same semantics, and a
test runs both on every worked case.

Semantics, in short:

- An answer is a choice value, a number (>= 0) or ``UNKNOWN`` ("không biết").
  A question that was not answered yet is unknown too.
- A question with ``ask_if`` is asked only when its condition is not false;
  a skipped question's answer is ignored (it reads as unknown).
- Conditions use three-valued (Kleene) logic: true, false or ``None`` (cannot
  tell because an answer is unknown). ``all`` is false if any part is false,
  ``any`` is true if any part is true, ``not`` swaps true and false.
- An outcome whose condition is true applies ("yes"); one that is unknown may
  apply ("maybe") and lists the unknown questions it depends on ("missing").

Condition forms: ``{all: [...]}``, ``{any: [...]}``, ``{not: c}``, ``{ref: name}``
(a named condition of ``conditions``), and on a question ``{q: id, OP: value}``
with OP one of ``eq``, ``in`` (choice questions), ``gt``, ``ge``, ``lt``, ``le``
(number questions) or ``known`` (true/false: whether the answer is known; never
unknown itself).
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set
from urllib.parse import parse_qsl, quote

UNKNOWN = "kb"  # "không biết": the answer the user does not know
MAX_NUMBER = 1e12  # larger figures are typing mistakes, not answers
COMPARISONS = ("gt", "ge", "lt", "le")
OPERATORS = ("eq", "in", "known") + COMPARISONS
STATUS_YES = "yes"
STATUS_MAYBE = "maybe"
_NUMBER_TEXT = re.compile(r"^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")  # ASCII only, as in engine.js

Tri = Optional[bool]


def questions(rules: Mapping) -> List[Mapping]:
    return list(rules.get("questions") or [])


def question(rules: Mapping, qid: str) -> Optional[Mapping]:
    return next((q for q in questions(rules) if q.get("id") == qid), None)


def outcome(rules: Mapping, oid: str) -> Optional[Mapping]:
    return next((o for o in rules.get("outcomes") or [] if o.get("id") == oid), None)


def option_values(q: Mapping) -> List[str]:
    return [str(o.get("value")) for o in q.get("options") or []]


def parse_number(value: Any) -> Optional[float]:
    """A non-negative finite number from an int, float or decimal string ('2.5'), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if not _NUMBER_TEXT.match(text):
            return None
        number = float(text)
    else:
        return None
    if not math.isfinite(number) or number < 0 or number > MAX_NUMBER:
        return None
    return number


def clean_answer(q: Mapping, value: Any) -> Any:
    """The canonical form of one answer, or None when it is not a valid answer to ``q``."""
    if value == UNKNOWN:
        return UNKNOWN
    if q.get("type") == "number":
        return parse_number(value)
    if q.get("type") == "choice" and isinstance(value, str) and value in option_values(q):
        return value
    return None


def clean_answers(rules: Mapping, raw: Mapping[str, Any]) -> Dict[str, Any]:
    """Valid answers only, in canonical form (unknown question ids and bad values dropped)."""
    result = {}
    for q in questions(rules):
        if q["id"] in raw:
            value = clean_answer(q, raw[q["id"]])
            if value is not None:
                result[q["id"]] = value
    return result


# --- three-valued logic ------------------------------------------------------------------

def _all(values: Iterable[Tri]) -> Tri:
    result: Tri = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def _any(values: Iterable[Tri]) -> Tri:
    result: Tri = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


def _not(value: Tri) -> Tri:
    return None if value is None else not value


def _compare(op: str, value: Any, target: Any) -> Tri:
    if value is None:
        return None
    if op == "eq":
        return value == target
    if op == "in":
        return value in (target or [])
    if op == "gt":
        return value > target
    if op == "ge":
        return value >= target
    if op == "lt":
        return value < target
    if op == "le":
        return value <= target
    raise ValueError(f"unknown operator {op!r}")


def evaluate_condition(cond: Any, rules: Mapping, values: Mapping[str, Any], _depth: int = 0) -> Tri:
    """Truth of ``cond`` given effective ``values`` (question id -> value, None = unknown)."""
    if _depth > 50:
        raise ValueError("conditions nest too deep (a cycle of «ref»?)")
    if cond is True or cond is False:
        return cond
    if "all" in cond:
        return _all(evaluate_condition(c, rules, values, _depth + 1) for c in cond["all"])
    if "any" in cond:
        return _any(evaluate_condition(c, rules, values, _depth + 1) for c in cond["any"])
    if "not" in cond:
        return _not(evaluate_condition(cond["not"], rules, values, _depth + 1))
    if "ref" in cond:
        return evaluate_condition(rules["conditions"][cond["ref"]], rules, values, _depth + 1)
    value = values.get(cond["q"])
    if "known" in cond:
        return (value is not None) == bool(cond["known"])
    op = next(o for o in OPERATORS if o in cond)
    return _compare(op, value, cond[op])


def referenced_questions(cond: Any, rules: Mapping, _depth: int = 0) -> Set[str]:
    if _depth > 50 or cond is True or cond is False or not isinstance(cond, Mapping):
        return set()
    if "all" in cond or "any" in cond:
        return set().union(*[referenced_questions(c, rules, _depth + 1) for c in cond.get("all", cond.get("any"))])
    if "not" in cond:
        return referenced_questions(cond["not"], rules, _depth + 1)
    if "ref" in cond:
        return referenced_questions((rules.get("conditions") or {}).get(cond["ref"]), rules, _depth + 1)
    return {cond["q"]} if "q" in cond else set()


# --- the questionnaire ---------------------------------------------------------------------

def effective_values(rules: Mapping, answers: Mapping[str, Any]) -> Dict[str, Any]:
    """question id -> value for every question; None = unknown, skipped or not answered yet."""
    answers = clean_answers(rules, answers)
    values: Dict[str, Any] = {}
    for q in questions(rules):
        values[q["id"]] = None
        if "ask_if" in q and evaluate_condition(q["ask_if"], rules, values) is False:
            continue
        value = answers.get(q["id"])
        values[q["id"]] = None if value == UNKNOWN else value
    return values


def active_questions(rules: Mapping, answers: Mapping[str, Any]) -> List[str]:
    """Ids of the questions to ask, in order, given the answers so far (skipped ones left out)."""
    answers = clean_answers(rules, answers)
    values: Dict[str, Any] = {}
    result = []
    for q in questions(rules):
        values[q["id"]] = None
        if "ask_if" in q and evaluate_condition(q["ask_if"], rules, values) is False:
            continue
        result.append(q["id"])
        value = answers.get(q["id"])
        values[q["id"]] = None if value == UNKNOWN else value
    return result


def next_question(rules: Mapping, answers: Mapping[str, Any]) -> Optional[str]:
    """The first question to ask that has no answer yet, or None when the questionnaire is complete."""
    answered = clean_answers(rules, answers)
    return next((qid for qid in active_questions(rules, answers) if qid not in answered), None)


def evaluate(rules: Mapping, answers: Mapping[str, Any]) -> Dict[str, Any]:
    """The checker's result: outcomes that apply ("yes") or may apply ("maybe", with the
    unknown questions they depend on), in the order of the rules; ``notes`` are the indexes
    of the outcome's ``unconfirmed`` points that concern these answers."""
    values = effective_values(rules, answers)
    active = active_questions(rules, answers)
    result = []
    for o in rules.get("outcomes") or []:
        truth = evaluate_condition(o["when"], rules, values)
        if truth is False:
            continue
        item: Dict[str, Any] = {"id": o["id"], "status": STATUS_YES if truth else STATUS_MAYBE}
        if truth is None:
            refs = referenced_questions(o["when"], rules)
            item["missing"] = [qid for qid in active if qid in refs and values.get(qid) is None]
        notes = o.get("unconfirmed") or []
        item["notes"] = [i for i, n in enumerate(notes)
                         if "when" not in n or evaluate_condition(n["when"], rules, values) is not False]
        result.append(item)
    return {"complete": next_question(rules, answers) is None, "outcomes": result}


# --- answers in a URL ----------------------------------------------------------------------

def format_number(number: float) -> str:
    """Decimal text of a number as the site writes it in URLs ('5', '2.5')."""
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def encode_answers(rules: Mapping, answers: Mapping[str, Any]) -> str:
    """Query string of the answers to the questions still asked, in question order."""
    answers = clean_answers(rules, answers)
    parts = []
    for qid in active_questions(rules, answers):
        if qid in answers:
            value = answers[qid]
            text = format_number(value) if isinstance(value, float) else str(value)
            parts.append(f"{qid}={quote(text, safe='')}")
    return "&".join(parts)


def decode_answers(rules: Mapping, query: str) -> Dict[str, Any]:
    """Answers from a query string (leading '?' allowed); the first value of a repeated
    parameter counts (as URLSearchParams.get does); invalid values are ignored."""
    raw: Dict[str, str] = {}
    for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=False):
        raw.setdefault(key, value)
    return clean_answers(rules, raw)


# --- calendar --------------------------------------------------------------------------------

def deadlines(rules: Mapping, result: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """Recurring deadlines of the outcomes that apply ("yes"), in result order."""
    found = []
    for item in result.get("outcomes", []):
        if item["status"] != STATUS_YES:
            continue
        for entry in (outcome(rules, item["id"]) or {}).get("calendar") or []:
            found.append({"outcome": item["id"], **entry})
    return found


def deadline_text(entry: Mapping[str, Any]) -> str:
    """A calendar entry in words: 'trước ngày 15/01 hằng năm' (same text as engine.js)."""
    lead = "trước ngày " if entry.get("before") else "đến ngày "
    if entry.get("every") == "quarter":
        return f"{lead}{entry['day']} của tháng đầu mỗi quý"
    text = f"{lead}{entry['day']:02d}/{entry['month']:02d}"
    if entry.get("every") == "2years":
        return f"{text}, 2 năm một lần (từ năm {entry['from_year']})"
    return text + " hằng năm" + (f" (từ năm {entry['from_year']})" if entry.get("from_year") else "")
