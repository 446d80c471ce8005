"""Validate evaluation/heldout.yml and print its counts.

    .venv/bin/python evaluation/validate_heldout.py

Checks (exit status 1 if any fails):
- every in_scope `entry` is an existing Q&A id and belongs to the stated `topic`; every topic of docs/hoi-dap is
  covered (at least 12 questions each) and the size targets are met;
- no two held-out texts are the same after bvmt.text.fold_key (lower-cased, no diacritics, no punctuation);
- no held-out text equals a training phrasing after fold_key. Training phrasings are the `questions:` of every
  Q&A entry and every example in chatbot/data (generated FAQ data, out_of_scope, chitchat). They are compared
  mechanically and never printed: only the held-out side is shown;
- the mechanically checkable traits (no_diacritics, old_tone, abbreviation, hanoi_place) agree with the text;
- `regression:` items are copies of in_scope / out_of_scope items (same text, topic, entry or kind).

Also reports, for information, held-out texts whose word set is very close to a training phrasing (Jaccard >= 0.75).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bvmt import parse, read  # noqa: E402
from bvmt.text import fold, fold_key, normalize  # noqa: E402

HELDOUT = ROOT / "evaluation" / "heldout.yml"
TRAITS = ["context", "no_diacritics", "old_tone", "abbreviation", "typo", "citizen", "owner", "officer", "hanoi_place"]
KINDS = ["tax", "labour", "land", "traffic", "food_safety", "promotion", "origin", "electricity", "weather", "chitchat", "other"]
BIG_TOPICS = ["giay-phep-moi-truong", "dang-ky-moi-truong", "chat-thai-nguy-hai", "nuoc-thai",
              "bao-cao-cong-tac-bvmt", "trach-nhiem-mo-rong-epr"]
MIN_IN_SCOPE, MIN_PER_TOPIC, MIN_OOS = 330, 12, 80
MIN_NO_DIACRITICS_SHARE, MIN_OLD_TONE = 0.35, 20
REGRESSION_IN, REGRESSION_OOS = 40, 10

# Abbreviations as typed (compared on fold_key words, so "ĐTM", "dtm" and "NĐ" all match).
ABBREVIATIONS = {
    "gpmt", "dtm", "dkmt", "ctnh", "epr", "knk", "bvmt", "xlnt", "kcn", "ccn", "ubnd", "nnmt", "tnmt", "ctr",
    "ctrsh", "ctrcntt", "qcvn", "nd", "tt", "qd", "cty", "dn", "hkd", "kd", "sx", "bc", "mt", "cn", "gcn", "dk",
    "vb", "ktth", "toe", "hfc", "hcfc",
}
# Named places of Hanoi (districts, communes, craft villages, industrial parks and clusters, rivers); fold_key form.
HANOI_PLACES = [
    "long bien", "soc son", "dong anh", "thach that", "bat trang", "thang long", "phu nghia", "quang minh",
    "me linh", "gia lam", "hoang mai", "ha dong", "thanh tri", "thuong tin", "chuong my", "quoc oai", "hoai duc",
    "dan phuong", "ba vi", "phu xuyen", "ung hoa", "my duc", "son tay", "tu liem", "cau giay", "dong da",
    "hai ba trung", "hoan kiem", "ba dinh", "tay ho", "thanh xuan", "noi bai", "phu thi", "ngoc hoi", "van phuc",
    "la phu", "phung xa", "son dong", "phu vinh", "lien phuong", "sai dong", "dai tu", "phu dong", "thanh oai",
    "song nhue", "ninh hiep",
]
# Teencode / shorthand counted for the typo report (typo itself is labelled by hand: misspellings are not detectable).
TEENCODE = {"ko", "k", "dc", "j", "ntn", "bn", "ki", "r", "v", "z", "e", "mn", "ae", "ad", "lm", "nc", "hd", "ah", "vs"}


def has_diacritics(text: str) -> bool:
    return fold(text) != unicodedata.normalize("NFC", text)


def auto_traits(text: str) -> set:
    """The traits that can be read off the text mechanically."""
    traits = set()
    nfc = unicodedata.normalize("NFC", text)
    key = fold_key(text)
    words = set(key.split())
    if not has_diacritics(text):
        traits.add("no_diacritics")
    if normalize(nfc) != nfc:
        traits.add("old_tone")
    if words & ABBREVIATIONS:
        traits.add("abbreviation")
    padded = f" {key} "
    if any(f" {place} " in padded for place in HANOI_PLACES):
        traits.add("hanoi_place")
    return traits


def training_phrasings():
    """fold_key of every training phrasing (Q&A `questions:` and chatbot/data examples). Never printed."""
    corpus, _ = parse.parse(read.read_tree(ROOT))
    keys = set()
    for page in corpus.pages_of("qa"):
        for question in page.meta.get("questions") or []:
            keys.add(fold_key(str(question)))
    for path in sorted((ROOT / "chatbot" / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    # drop entity annotations [text](entity) -> text
                    example = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:])
                    keys.add(fold_key(example))
    keys.discard("")
    return corpus, keys


def main() -> int:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    in_scope, oos, regression = data["in_scope"], data["out_of_scope"], data["regression"]
    corpus, train = training_phrasings()
    qa_topic = {p.meta["id"]: p.meta["topic"] for p in corpus.pages_of("qa")}
    topics = sorted({p.name for p in (ROOT / "docs" / "hoi-dap").iterdir() if p.is_dir()})
    errors = []

    # entries and topics
    for item in in_scope:
        entry, topic = item.get("entry"), item.get("topic")
        if entry not in qa_topic:
            errors.append(f"unknown entry {entry!r}: {item['text']}")
        elif qa_topic[entry] != topic:
            errors.append(f"entry {entry} is in topic {qa_topic[entry]}, not {topic}: {item['text']}")
        unknown = set(item.get("style") or []) - set(TRAITS)
        if unknown:
            errors.append(f"unknown style {sorted(unknown)}: {item['text']}")
    for item in oos:
        if item.get("kind") not in KINDS:
            errors.append(f"unknown kind {item.get('kind')!r}: {item['text']}")

    # duplicates inside the held-out set
    seen = {}
    for item in in_scope + oos:
        key = fold_key(item["text"])
        if key in seen:
            errors.append(f"duplicate held-out text: {item['text']!r} ~ {seen[key]!r}")
        seen[key] = item["text"]

    # collisions with training phrasings (only the held-out side is shown)
    collisions = [item["text"] for item in in_scope + oos if fold_key(item["text"]) in train]
    for text in collisions:
        errors.append(f"equals a training phrasing (fold_key): {text}")

    # near matches, for information
    train_sets = [set(k.split()) for k in train]
    near = []
    for item in in_scope + oos:
        words = set(fold_key(item["text"]).split())
        best = max((len(words & t) / len(words | t) for t in train_sets if t), default=0.0)
        if best >= 0.75:
            near.append((best, item["text"]))

    # mechanical traits agree with the labels
    for item in in_scope:
        auto = auto_traits(item["text"])
        labelled = set(item.get("style") or [])
        for trait in ("no_diacritics", "old_tone", "abbreviation", "hanoi_place"):
            if (trait in auto) != (trait in labelled):
                errors.append(f"trait {trait} is {'missing' if trait in auto else 'not shown by the text'}: {item['text']}")

    # regression subset
    by_text_in = {item["text"]: item for item in in_scope}
    by_text_oos = {item["text"]: item for item in oos}
    reg_in, reg_oos = regression.get("in_scope") or [], regression.get("out_of_scope") or []
    for item in reg_in:
        source = by_text_in.get(item["text"])
        if not source or source["topic"] != item["topic"] or source["entry"] != item["entry"]:
            errors.append(f"regression item is not a copy of an in_scope item: {item['text']}")
    for item in reg_oos:
        source = by_text_oos.get(item["text"])
        if not source or source["kind"] != item["kind"]:
            errors.append(f"regression item is not a copy of an out_of_scope item: {item['text']}")
    if len(reg_in) != REGRESSION_IN or len(reg_oos) != REGRESSION_OOS:
        errors.append(f"regression has {len(reg_in)} in_scope / {len(reg_oos)} out_of_scope, want {REGRESSION_IN} / {REGRESSION_OOS}")
    if len({i["text"] for i in reg_in}) != len(reg_in) or len({i["text"] for i in reg_oos}) != len(reg_oos):
        errors.append("regression lists a question twice")

    # size targets
    per_topic = Counter(item["topic"] for item in in_scope)
    per_entry = Counter(item["entry"] for item in in_scope)
    if len(in_scope) < MIN_IN_SCOPE:
        errors.append(f"only {len(in_scope)} in_scope questions (want >= {MIN_IN_SCOPE})")
    for topic in topics:
        if per_topic[topic] < MIN_PER_TOPIC:
            errors.append(f"topic {topic} has {per_topic[topic]} questions (want >= {MIN_PER_TOPIC})")
    small_max = max(per_topic[t] for t in topics if t not in BIG_TOPICS)
    for topic in BIG_TOPICS:
        if per_topic[topic] <= small_max:
            errors.append(f"big topic {topic} has {per_topic[topic]}, not more than the other topics ({small_max})")
    for topic in set(per_topic) - set(topics):
        errors.append(f"topic {topic} is not a folder of docs/hoi-dap")
    traits = Counter(t for item in in_scope for t in item.get("style") or [])
    nd_share = traits["no_diacritics"] / len(in_scope)
    if nd_share < MIN_NO_DIACRITICS_SHARE:
        errors.append(f"no_diacritics share {nd_share:.0%} (want >= {MIN_NO_DIACRITICS_SHARE:.0%})")
    if traits["old_tone"] < MIN_OLD_TONE:
        errors.append(f"old_tone {traits['old_tone']} (want >= {MIN_OLD_TONE})")
    if len(oos) < MIN_OOS:
        errors.append(f"only {len(oos)} out_of_scope questions (want >= {MIN_OOS})")
    teencode = sum(1 for item in in_scope if set(fold_key(item["text"]).split()) & TEENCODE)

    # report
    print(f"in_scope: {len(in_scope)} questions, {len(per_topic)} topics, {len(per_entry)}/{len(qa_topic)} entries covered")
    for topic in topics:
        reg = sum(1 for i in reg_in if i["topic"] == topic)
        print(f"  {topic:32} {per_topic[topic]:3}   regression {reg}")
    print("traits (in_scope):")
    for trait in TRAITS:
        print(f"  {trait:14} {traits[trait]:3}  ({traits[trait] / len(in_scope):.0%})")
    print(f"  (texts with teencode tokens: {teencode})")
    print(f"out_of_scope: {len(oos)}")
    kinds = Counter(item["kind"] for item in oos)
    for kind in KINDS:
        print(f"  {kind:12} {kinds[kind]:3}   regression {sum(1 for i in reg_oos if i['kind'] == kind)}")
    print(f"regression: {len(reg_in)} in_scope over {len({i['topic'] for i in reg_in})} topics, {len(reg_oos)} out_of_scope")
    print(f"training phrasings compared: {len(train)}; exact collisions (fold_key): {len(collisions)}")
    print(f"near matches (word Jaccard >= 0.75, information only): {len(near)}")
    for score, text in sorted(near, reverse=True):
        print(f"  {score:.2f}  {text}")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for error in errors:
            print(f"  - {error}")
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
