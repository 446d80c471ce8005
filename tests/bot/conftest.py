"""A real model, trained from the real content, served with the action server and the site."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from helpers import ROOT, free_port

sys.path.insert(0, str(ROOT / "scripts"))
import stack  # noqa: E402


@pytest.fixture(scope="session")
def bot(site_builder, tmp_path_factory):
    generated = subprocess.run([sys.executable, "-m", "bvmt", "--root", str(ROOT), "generate", "--check"],
                               capture_output=True, text=True)
    assert generated.returncode == 0, "bot data drifted from docs/: run `make generate`\n" + generated.stdout
    stack.train_if_changed()
    run_dir = Path(tempfile.mkdtemp(prefix="bvmt-run-"))
    site_port, rasa_port, action_port = free_port(), free_port(), free_port()
    # the site's chat widget talks to this bot (mkdocs.yml: extra.chat.url reads BOT_URL)
    site_dir = site_builder(tmp_path_factory.mktemp("bot-site"),
                            BOT_URL=f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                            SITE_URL=f"http://127.0.0.1:{site_port}/")
    running = stack.Stack(site_port=site_port, rasa_port=rasa_port, action_port=action_port,
                          site_dir=site_dir, log_dir=run_dir, quiet=True)
    try:
        running.start()
    except Exception:
        for log in run_dir.glob("*.log"):
            print(f"==== {log.name}\n" + log.read_text(errors="replace")[-4000:])
        raise
    yield running
    running.stop()
