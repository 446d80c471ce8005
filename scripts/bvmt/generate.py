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
RESPONSES_FILE = "chatbot/domain/generated/faq_responses.yml"
ANSWERS_FILE = "chatbot/generated/answers.json"
REGISTRY_URL = "/" + REGISTRY_PAGE[: -len(".md")] + "/"


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
        lines.append(f"- intent: faq/{page.meta['id']}")
        lines.append("  examples: |")
        for example in training_examples(page):
            lines.append(f"    - {example}")
    return "\n".join(lines) + "\n"


def responses_yaml(content: Content) -> str:
    responses = {
        f"utter_faq/{page.meta['id']}": [{"text": " ".join(normalize(str(page.meta.get("answer", ""))).split())}]
        for page in qa_entries(content)
    }
    body = _dump_yaml({"version": "3.1", "responses": responses})
    return f"# {HEADER}\n{body}"


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
    return {"_generated": HEADER, "topics": topics, "entries": entries}


def bot_files(content: Content) -> Dict[str, str]:
    """Project-relative path -> file text, for every generated bot file."""
    return {
        NLU_FILE: nlu_yaml(content),
        RESPONSES_FILE: responses_yaml(content),
        ANSWERS_FILE: json.dumps(answer_records(content), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }
