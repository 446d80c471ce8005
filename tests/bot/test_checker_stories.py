"""Rasa test stories of the obligations checker dialogue (chatbot/tests/checker_stories.yml: happy path,
interruption, cancel, unclear quantities, restart, buttons), run with `rasa test core` against the trained
model. Two deliberately wrong stories check that the harness really fails on a wrong intent or action."""

import shutil
import subprocess

import pytest
import yaml

from helpers import ROOT
import stack

STORIES = ROOT / "chatbot" / "tests" / "checker_stories.yml"
CANARIES = """version: "3.1"
stories:
  - story: canary wrong intent
    steps:
      - user: thôi
        intent: start_checker
      - action: action_checker_start
  - story: canary wrong action
    steps:
      - intent: stop_checker
      - action: action_checker_start
"""


@pytest.fixture(scope="module")
def story_run(tmp_path_factory):
    stack.train_if_changed()
    stories = tmp_path_factory.mktemp("stories")
    shutil.copy(STORIES, stories / "checker_stories.yml")
    (stories / "canaries.yml").write_text(CANARIES, encoding="utf-8")
    out = tmp_path_factory.mktemp("rasa-test")
    result = subprocess.run([stack.bin_path("rasa"), "test", "core", "--model", str(stack.MODEL), "--stories",
                             str(stories), "--out", str(out), "--no-plot"],
                            cwd=stack.BOT, env=stack.bot_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = yaml.safe_load((out / "failed_test_stories.yml").read_text(encoding="utf-8")) or {}
    return {s["story"].split(" (")[0] for s in failed.get("stories") or []}  # names end with " (<file>)"


def test_every_checker_story_passes_against_the_trained_model(story_run):
    names = {s["story"] for s in yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"]}
    assert len(names) >= 6
    assert not (story_run & names), f"failed: {sorted(story_run & names)}"


def test_the_harness_catches_wrong_intents_and_actions(story_run):
    assert {"canary wrong intent", "canary wrong action"} <= story_run
