# Two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
WEB_STAMP := src/cortex_dashboard/web/index.html
FRONTEND_SOURCES := $(shell find frontend -type f -not -path '*/node_modules/*' 2>/dev/null)

.PHONY: run test lint bench web browser gallery clean

run: $(VENV)/.installed web
	$(VENV)/bin/cortex-dashboard serve

test: $(VENV)/.installed web browser
	$(VENV)/bin/ruff check src tests bench
	cd frontend && npm run typecheck --silent && npm test --silent
	$(VENV)/bin/pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench

bench: $(VENV)/.installed
	$(PY) bench/run_all.py

gallery: $(VENV)/.installed
	$(VENV)/bin/cortex-dashboard render-gallery test-output/gallery

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	test -x $(UV) || $(VENV)/bin/pip install --quiet uv==0.13.9
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

web: $(WEB_STAMP)

$(WEB_STAMP): $(FRONTEND_SOURCES)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build

# Debian's Chromium for the browser tests (never a browser download).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

clean:
	rm -rf $(VENV) frontend/node_modules src/cortex_dashboard/web test-output
