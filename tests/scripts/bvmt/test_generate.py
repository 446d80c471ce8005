import json
import subprocess
import sys

import yaml

from bvmt import generate, parse, read, write
from helpers import ROOT, build_tree


def content_of(tree):
    content, problems = parse.parse(read.read_tree(tree))
    assert problems == []
    return content


def test_generation_is_deterministic_and_marked_generated(tmp_path):
    content = content_of(build_tree(tmp_path))
    first, second = generate.bot_files(content), generate.bot_files(content)
    assert first == second
    assert first[generate.NLU_FILE].startswith("# GENERATED")
    assert first[generate.RULES_FILE].startswith("# GENERATED")
    assert first[generate.DOMAIN_FILE].startswith("# GENERATED")
    assert json.loads(first[generate.ANSWERS_FILE])["_generated"].startswith("GENERATED")


def test_training_data_has_every_phrasing_in_normal_and_folded_form(tmp_path):
    content = content_of(build_tree(tmp_path))
    nlu = yaml.safe_load(generate.nlu_yaml(content))["nlu"]
    by_intent = {item["intent"]: item["examples"] for item in nlu}
    examples = by_intent["faq_dkmt_ai_phai_dang_ky"]
    assert "- Ai phải đăng ký môi trường?" in examples  # the title is a phrasing too
    assert "- Ai phai dang ky moi truong?" in examples  # its folded twin
    assert "- Doanh nghiệp nào phải đăng ký môi trường?" in examples
    assert examples.count("- ai phai dang ky moi truong\n") == 1  # no duplicates


def test_answer_records_carry_the_reply_contract_fields(tmp_path):
    records = generate.answer_records(content_of(build_tree(tmp_path)))
    record = records["entries"]["dkmt-nop-o-dau"]
    assert record["topic"] == "dang-ky-moi-truong"
    assert record["url"] == "/hoi-dap/dang-ky-moi-truong/nop-o-dau/"
    assert record["reviewed"] == "2026-11-30"
    assert record["basis"][0]["label"] == "Luật 72/2020/QH14"
    assert record["basis"][0]["registry_url"] == "/tham-khao/van-ban-phap-luat/#luat-72-2020-qh14"
    topic = next(t for t in records["topics"] if t["slug"] == "dang-ky-moi-truong")
    assert topic["entries"] == 2 and topic["url"] == "/huong-dan/dang-ky-moi-truong/"


def test_drift_is_detected_and_repaired(tmp_path):
    content = content_of(build_tree(tmp_path))
    files = generate.bot_files(content)
    out = tmp_path / "out"
    assert write.stale_files(out, files) == sorted(files)
    assert write.write_files(out, files) == sorted(files)
    assert write.stale_files(out, files) == []
    (out / generate.NLU_FILE).write_text("# hand edit\n")
    assert write.stale_files(out, files) == [generate.NLU_FILE]


def test_committed_bot_data_matches_the_docs():
    result = subprocess.run(
        [sys.executable, "-m", "bvmt", "--root", str(ROOT), "generate", "--check"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pipeline_imports_neither_rasa_nor_mkdocs():
    code = (
        "import sys, bvmt.cli, bvmt.site, bvmt.segment, bvmt.generate;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'mkdocs', 'tensorflow')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_intent_and_one_rule_per_entry(tmp_path):
    content = content_of(build_tree(tmp_path))
    domain = yaml.safe_load(generate.domain_yaml(content))
    assert domain["intents"] == ["faq_dkmt_ai_phai_dang_ky", "faq_dkmt_nop_o_dau"]
    rules = yaml.safe_load(generate.rules_yaml(content))["rules"]
    assert rules[1]["steps"] == [{"intent": "faq_dkmt_nop_o_dau"}, {"action": "action_answer_faq"}]
    assert generate.entry_id_of("faq_dkmt_nop_o_dau") == "dkmt-nop-o-dau"
    assert generate.entry_id_of("greet") is None
