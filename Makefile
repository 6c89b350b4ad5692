# Woonmonitor: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# The development switch: the built-in secret key, plain http, static files from the source
# (DEBUG stays off: DJANGO_DEBUG=1 turns it on). Production never sets it (see the README).
DEV := WOONMONITOR_DEVELOPMENT=1
MANAGE := $(DEV) $(BIN)/python manage.py
VENDOR := src/woonmonitor/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/woonmonitor

.PHONY: help run test install assets system-deps postgres demo-data lint schema test-sqlite test-postgres test-browser bench loadtest clean

help:
	@echo "make run    - installeer, bouw de database met de Drentse gegevens en start de site op http://127.0.0.1:$(PORT)"
	@echo "make test   - installeer alles wat nodig is en draai alle tests (SQLite, PostgreSQL, browser)"
	@echo "make lint   - ruff en controle op ontbrekende migraties"
	@echo "make schema - schrijf docs/openapi.yaml opnieuw"
	@echo "make bench  - nationale benchmark (aparte database in var/bench/), schrijft docs/benchmarks.md"
	@echo "make loadtest - belastingstest: gelijktijdige bezoekers op pagina's en API (LOADTEST_ARGS=--help)"

$(BIN)/python: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	uv sync --frozen --python $(PYTHON)
	@touch $(BIN)/python

install: $(BIN)/python

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/.stamp: node_modules/.package-lock.json scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	@touch $@

assets: $(VENDOR)/.stamp

demo-data: install assets
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 1
	$(MANAGE) load_demo_data
	$(MANAGE) load_monitor_data
	$(MANAGE) load_area_groups
	$(MANAGE) load_organisations
	$(MANAGE) load_demo_agreements
	$(MANAGE) load_allocation_data
	$(MANAGE) load_programming_data
	$(MANAGE) create_demo_users

run: demo-data
	@echo "Woonmonitor draait op http://127.0.0.1:$(PORT) (stoppen met Ctrl+C)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

system-deps:
	bash scripts/system-deps.sh

postgres:
	bash scripts/ensure-postgres.sh

lint: install
	@mkdir -p var
	$(BIN)/ruff check src tests conftest.py
	$(BIN)/ruff format --check src tests conftest.py
	$(MANAGE) makemigrations --check --dry-run

schema: install
	$(MANAGE) spectacular --file docs/openapi.yaml --validate

test-sqlite: install assets
	DATABASE_URL= $(BIN)/pytest -m "not browser" -q

test-postgres: install postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" -q

test-browser: install assets system-deps
	$(BIN)/pytest -m browser -q

test: install assets system-deps postgres lint
	@echo "== 1/3 unit- en API-tests op SQLite"
	$(MAKE) --no-print-directory test-sqlite
	@echo "== 2/3 unit- en API-tests op PostgreSQL"
	$(MAKE) --no-print-directory test-postgres
	@echo "== 3/3 browsertests in Chromium (SQLite)"
	$(MAKE) --no-print-directory test-browser

bench: install
	@echo "== make bench: nationale benchmarkdatabase in var/bench/ (niet de ontwikkeldatabase)"
	uv pip install --quiet --python $(BIN)/python datasette polars
	$(BIN)/python scripts/bench/run.py $(BENCH_ARGS)

loadtest: install
	$(BIN)/python scripts/bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var test-artifacts
