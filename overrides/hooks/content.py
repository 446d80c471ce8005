"""Thin mkdocs hooks: the content pipeline decides, mkdocs renders.

- on_config: read and check the content; any problem fails the build (design §4).
- on_page_markdown: add the generated parts (review date, short answer, legal
  basis, Q&A lists, registry, glossary) around the editor's Markdown.
- on_post_build: fold the search index so queries without diacritics and
  abbreviations (gpmt, ctnh) find the right pages; write the obligations
  checker's rules as JSON for the site's checker page.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from bvmt import check, parse, read, rules_check, site

_content = None
_pages = {}  # docs/-relative path -> Page of the content model


def on_config(config, **kwargs):
    global _content, _pages
    root = Path(config.config_file_path).parent
    content, problems = parse.parse(read.read_tree(root, Path(config.docs_dir).name))
    problems += check.check(content, dt.date.today())
    if problems:
        raise PluginError("Nội dung chưa hợp lệ:\n" + check.summarize(problems))
    _content = content
    _pages = {p.path: p for p in content.pages}
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    return site.decorate(markdown, _pages.get(page.file.src_uri), _content)


def on_post_build(config, **kwargs):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(site.fold_search_index(index, _content), ensure_ascii=False), encoding="utf-8")
    if _content.obligation_rules is not None:  # the obligations checker's rules, for docs/assets/checker/engine.js
        rules = Path(config.site_dir) / "assets" / "checker" / "nghia-vu.json"
        rules.parent.mkdir(parents=True, exist_ok=True)
        rules.write_text(json.dumps(rules_check.compile_rules(_content), ensure_ascii=False), encoding="utf-8")
