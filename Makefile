# Two commands do everything on a fresh machine:
#   make run    build the site, generate the bot's data, train if needed, serve site + bot (Ctrl-C stops)
#   make test   the whole test suite (unit, content, site, browser, a trained bot over HTTP)
SHELL := /bin/bash
.DEFAULT_GOAL := help
export NO_MKDOCS_2_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

VENV := .venv
PY := $(VENV)/bin/python
SITE_PY := .venv-site/bin/python

.PHONY: help setup setup-site browser check fix-text generate site train run test preview eval bench clean

help:
	@echo "make run      chạy trang (http://127.0.0.1:8000) và bot (http://127.0.0.1:5005)"
	@echo "make test     chạy toàn bộ kiểm thử"
	@echo "make preview  biên tập viên: xem trước trang khi sửa (cài nhẹ, không cần Rasa)"
	@echo "make check    biên tập viên: kiểm tra nội dung"
	@echo "make fix-text tự chuẩn hóa Unicode và kiểu bỏ dấu trong docs/"

setup:
	@scripts/setup.sh full

setup-site:
	@scripts/setup.sh site

browser:
	@scripts/setup.sh browser

check: setup-site
	@$(SITE_PY) -m bvmt check

fix-text: setup-site
	@$(SITE_PY) -m bvmt check --fix

preview: setup-site
	@.venv-site/bin/mkdocs serve --strict

generate: setup
	@$(PY) -m bvmt generate

site: generate
	@$(VENV)/bin/mkdocs build --strict --quiet
	@echo "Đã dựng trang vào site/"

train: generate
	@$(PY) scripts/stack.py train

run: site train
	@$(PY) scripts/stack.py run

test: setup browser
	@$(PY) -m pytest

clean:
	rm -rf site models .run .pytest_cache

eval: site train
	@$(PY) -m evaluation.evaluate
