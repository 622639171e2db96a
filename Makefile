# Two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
WEB_STAMP := src/cortex_dashboard/web/index.html
FRONTEND_SOURCES := $(shell find frontend -type f -not -path '*/node_modules/*' 2>/dev/null)
LOG := test-output/setup.log
say = @printf '\n==> %s\n' "$(1)"

.PHONY: run test lint typecheck bench web browser gallery clean

run: $(VENV)/.installed web
	$(VENV)/bin/cortex-dashboard serve

test: $(VENV)/.installed web browser lint typecheck
	$(call say,front-end unit tests (Vitest; about 20 s))
	cd frontend && npm run typecheck --silent && npm test --silent
	$(call say,Python tests: unit · API · MCP · the real Omni-Cortex · Chromium end to end (about 5 min))
	$(VENV)/bin/pytest -q --durations=5

lint: $(VENV)/.installed
	$(call say,ruff)
	$(VENV)/bin/ruff check src tests bench

typecheck: $(VENV)/.installed
	$(call say,mypy --strict on src)
	$(VENV)/bin/mypy --strict src

bench: $(VENV)/.installed
	$(PY) bench/run_all.py

gallery: $(VENV)/.installed
	$(VENV)/bin/cortex-dashboard render-gallery test-output/gallery

$(VENV)/.installed: pyproject.toml requirements.lock
	$(call say,Python packages into .venv (pinned in requirements.lock))
	test -x $(PY) || python3 -m venv $(VENV)
	test -x $(UV) || $(VENV)/bin/pip install --quiet uv==0.13.9
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

web: $(WEB_STAMP)

$(WEB_STAMP): $(FRONTEND_SOURCES)
	$(call say,web UI: npm packages and the Vite build)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build

# Debian's Chromium for the browser tests (never a browser download). apt's chatter goes
# to test-output/setup.log and is shown only if the install fails.
browser:
	@test -x /usr/bin/chromium || { \
	  printf '\n==> %s\n' "Debian's Chromium for the browser tests (apt-get, about a minute)"; \
	  mkdir -p test-output; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-dejavu-core; } > $(LOG) 2>&1 || { cat $(LOG); exit 1; }; }

clean:
	rm -rf $(VENV) frontend/node_modules src/cortex_dashboard/web test-output
