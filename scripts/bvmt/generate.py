"""Stage 4 (pure): the bot's training data and answer records, from the content.

Deterministic: the same content always gives byte-identical files, so a test
can compare them with what is committed (``python -m bvmt generate --check``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Dict, List

import yaml

from bvmt.model import REGISTRY_PAGE, STATUS_LABELS, Content, LegalDoc, Page
from bvmt.parse import doc_key, parse_citations
from bvmt.text import fold, normalize

HEADER = "GENERATED from docs/ by `make generate` (scripts/bvmt/generate.py) - do not edit by hand."
NLU_FILE = "chatbot/data/generated/faq.yml"
RULES_FILE = "chatbot/data/generated/faq_rules.yml"
DOMAIN_FILE = "chatbot/domain/generated/faq.yml"
ANSWERS_FILE = "chatbot/generated/answers.json"
INTENT_PREFIX = "faq_"  # one intent per Q&A entry: faq_<id with "-" as "_">
ANSWER_ACTION = "action_answer_faq"
REGISTRY_URL = "/" + REGISTRY_PAGE[: -len(".md")] + "/"


def intent_name(entry_id: str) -> str:
    """Intent of a Q&A entry; reversible because entry ids never contain "_"."""
    return INTENT_PREFIX + entry_id.replace("-", "_")


def entry_id_of(intent: str) -> str | None:
    if not isinstance(intent, str) or not intent.startswith(INTENT_PREFIX):
        return None
    return intent[len(INTENT_PREFIX):].replace("_", "-")


def qa_entries(content: Content) -> List[Page]:
    entries = [p for p in content.pages_of("qa") if isinstance(p.meta.get("id"), str)]
    return sorted(entries, key=lambda p: p.meta["id"])


def training_examples(page: Page) -> List[str]:
    """The entry's phrasings in normal form, each followed by its folded form."""
    result: List[str] = []
    seen = set()
    for question in [page.meta.get("title", "")] + list(page.meta.get("questions") or []):
        # square brackets would read as Rasa entity annotations
        text = " ".join(normalize(str(question)).replace("[", "(").replace("]", ")").split())
        for variant in (text, fold(text)):
            if variant and variant not in seen:
                seen.add(variant)
                result.append(variant)
    return result


def _dump_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def nlu_yaml(content: Content) -> str:
    lines = [f"# {HEADER}", 'version: "3.1"', "nlu:"]
    for page in qa_entries(content):
        lines.append(f"- intent: {intent_name(page.meta['id'])}")
        lines.append("  examples: |")
        for example in training_examples(page):
            lines.append(f"    - {example}")
    return "\n".join(lines) + "\n"


def domain_yaml(content: Content) -> str:
    intents = [intent_name(page.meta["id"]) for page in qa_entries(content)]
    return f"# {HEADER}\n" + _dump_yaml({"version": "3.1", "intents": intents})


def rules_yaml(content: Content) -> str:
    rules = [
        {"rule": f"answer {page.meta['id']}",
         "steps": [{"intent": intent_name(page.meta["id"])}, {"action": ANSWER_ACTION}]}
        for page in qa_entries(content)
    ]
    return f"# {HEADER}\n" + _dump_yaml({"version": "3.1", "rules": rules})


def citation_record(citation, registry: Dict[str, LegalDoc]) -> Dict:
    doc = registry.get(doc_key(citation.doc))
    if doc is None:  # the check reports it; records stay complete
        return {"doc": citation.doc, "where": citation.where, "label": citation.doc}
    return {
        "doc": doc.number,
        "where": citation.where,
        "label": doc.label,
        "title": doc.title,
        "status": STATUS_LABELS.get(doc.status, doc.status),
        "amended_by": list(doc.amended_by),
        "certainty": doc.certainty,
        "registry_url": f"{REGISTRY_URL}#{doc.id}",
    }


def _date_text(value) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value or "")


def answer_records(content: Content) -> Dict:
    registry = {doc_key(d.number): d for d in content.registry}
    titles = {t.slug: t.title for t in content.topics}
    entries = {}
    for page in qa_entries(content):
        citations, _ = parse_citations(page.meta.get("basis") or [])
        entries[page.meta["id"]] = {
            "id": page.meta["id"],
            "topic": page.meta.get("topic"),
            "topic_title": titles.get(page.meta.get("topic"), ""),
            "title": normalize(str(page.meta.get("title", ""))),
            "answer": " ".join(normalize(str(page.meta.get("answer", ""))).split()),
            "url": page.url,
            "reviewed": _date_text(page.meta.get("reviewed")),
            "basis": [citation_record(c, registry) for c in citations],
            "verify": [normalize(str(v)) for v in page.meta.get("verify") or []],
        }
    explainers = {p.meta.get("topic"): p.url for p in content.pages_of("explainer")}
    indexes = {p.meta.get("topic"): p.url for p in content.pages_of("qa_index")}
    topics = [
        {
            "slug": t.slug,
            "title": t.title,
            "url": explainers.get(t.slug) or indexes.get(t.slug),
            "entries": sum(1 for e in entries.values() if e["topic"] == t.slug),
        }
        for t in content.topics
    ]
    return {"_generated": HEADER, "topics": topics, "entries": entries, "abbreviations": abbreviation_map(content)}


def abbreviation_map(content: Content) -> Dict[str, str]:
    """Folded one-word abbreviations and their folded expansion ("gpmt" -> "giay phep moi truong"),
    used by the bot to match "gpmt" with "giấy phép môi trường" and back."""
    result = {}
    for a in content.abbreviations:
        key = fold(a.abbr).lower()
        expansion = fold(a.expansion.split("(")[0].split(",")[0]).lower().strip()
        if key.isalnum() and key.isascii() and _is_acronym_of(key, expansion):
            result[key] = expansion
    return dict(sorted(result.items()))


def _is_acronym_of(abbr: str, expansion: str) -> bool:
    """True when the abbreviation's letters are, in order, initials of the expansion's words
    ("gpmt" / "giay phep moi truong", "dtm" / "danh gia tac dong moi truong"); descriptions are not expansions."""
    initials = iter(word[0] for word in expansion.split() if word)
    return len(expansion.split()) <= 8 and all(letter in initials for letter in abbr)


def bot_files(content: Content) -> Dict[str, str]:
    """Project-relative path -> file text, for every generated bot file."""
    return {
        NLU_FILE: nlu_yaml(content),
        RULES_FILE: rules_yaml(content),
        DOMAIN_FILE: domain_yaml(content),
        ANSWERS_FILE: json.dumps(answer_records(content), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }
