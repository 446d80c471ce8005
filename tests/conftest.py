"""Shared fixtures. The suite mirrors the source tree:
tests/scripts/bvmt (content pipeline), tests/chatbot (bot components and actions),
tests/web (built site, browser), tests/bot (a trained model over HTTP)."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import ROOT

from bvmt import parse, read  # noqa: E402  (helpers put scripts/ on sys.path)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def real_content():
    content, problems = parse.parse(read.read_tree(ROOT))
    return content, problems


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def build_site(out: Path, **env: str) -> Path:
    """`mkdocs build --strict` into `out`, with extra environment (e.g. BOT_URL for the chat widget)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_builder():
    """build_site(out, **env), for a site built with other settings (tests/bot builds one pointing at its bot)."""
    return build_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """A server bound (not yet serving) to a free port, for the directory the site is built into."""
    out = tmp_path_factory.mktemp("site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    yield server, out
    server.server_close()


@pytest.fixture(scope="session")
def built_site(_site_server) -> Path:
    server, out = _site_server
    # site_url is the origin it is served from: Material's instant navigation only takes over links that its
    # sitemap.xml lists (same port included), and the bot's links point there too
    return build_site(out, SITE_URL=f"http://127.0.0.1:{server.server_address[1]}/")


@pytest.fixture(scope="session")
def site_url(built_site, _site_server) -> str:
    server, _ = _site_server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
