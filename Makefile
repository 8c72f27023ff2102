# Newsroom: `make run` to try it, `make test` to check it. You need make and Python 3.11; the test tools it
# lacks (Chromium, a Java runtime, npm) are installed from Debian on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# The production settings `make serve` reads, when the file exists (.env.example shows them all).
ENV_FILE ?= .env

.PHONY: run serve test test-fast check lint format install browser checkers varnish bench bench-imports clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The settings default to production (DEBUG off); local use and the checks turn it on unless it is set.
run check: export DEBUG ?= true

## run: install, migrate, load the demo into an empty database, serve http://127.0.0.1:8000 with DEBUG on, and
## run background jobs beside it (RUN_JOBS_WORKER=false leaves the worker out)
# The worker is asked to stop until it has: django-q2 misses a SIGTERM that comes while it is starting.
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-empty
	@stop_worker() { for _ in 1 2 3 4 5 6 7 8 9 10; do kill $$worker 2>/dev/null || return 0; sleep 1; done; }; \
	case "$${RUN_JOBS_WORKER:-true}" in \
		false|0|no|off) ;; \
		*) setsid $(PY) manage.py qcluster & worker=$$!; trap 'stop_worker' EXIT INT TERM ;; \
	esac; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## serve: production (README.md, "Production"): DEBUG off unless set, settings from the environment and .env,
## one-line start-up checks, migrations, collectstatic, then gunicorn (deploy/gunicorn.conf.py) on HOST:PORT.
# What the environment already sets wins over the file: it is saved before the file is read and restored after.
serve: install
	@env_before=$$(export -p); \
	if [ -f "$(ENV_FILE)" ]; then \
		echo "Reading settings from $(ENV_FILE)"; \
		set -a; . "$(abspath $(ENV_FILE))"; set +a; \
		eval "$$env_before"; \
	else \
		echo "No $(ENV_FILE): settings from the environment only"; \
	fi; \
	export DEBUG="$${DEBUG:-false}"; \
	$(PY) deploy/preflight.py && \
	$(PY) manage.py check --deploy && \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	exec $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi

## test: install (and Chromium, axe-core, the Nu HTML Checker and the HTTP Observatory for the browser, HTML and
## header tests, and Varnish for the tests through it), then the whole suite
test: install browser checkers varnish
	$(PY) -m pytest

## test-fast: the inner loop, in under two minutes: every test but those that drive the browser (browser), start
## a server (server) or take over a second (slow); README.md, "Two commands"
test-fast: install
	$(PY) -m pytest -m "not browser and not server and not slow"

## check: lint, the import contracts (pyproject.toml), Django's checks and missing migrations
check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
browser:
	@test -x $(CHROMIUM) || { \
		echo "Installing Debian's chromium for the browser tests (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Varnish 7 and its xkey vmod (varnish-modules), from Debian, for deploy/varnish.vcl and the tests through it.
varnish:
	@test -x /usr/sbin/varnishd && test -n "$$(find /usr/lib -name libvmod_xkey.so -print -quit)" || { \
		echo "Installing Debian's varnish and varnish-modules for the tests through Varnish (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; }

# axe-core (run in that browser), the Nu HTML Checker and Mozilla's HTTP Observatory, at the versions
# package-lock.json pins.
# The checker runs on Debian's Java: --ignore-scripts stops vnu-jar downloading a Java runtime of its own.
checkers: node_modules/.installed
	@command -v java >/dev/null || { \
		echo "Installing Debian's Java runtime for the Nu HTML Checker (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { \
		echo "Installing Debian's npm for the accessibility and HTML checkers (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## bench: 100,000 articles, gunicorn in production settings, wrk on 127.0.0.1; writes docs/benchmarks.md (minutes)
bench: install varnish
	@command -v wrk >/dev/null || { \
		echo "Installing Debian's wrk for the benchmark (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/imports.py

## bench-imports: import speed (JSON Lines, WordPress) on SQLite and PostgreSQL; writes docs/import-benchmarks.md
bench-imports: install
	$(PY) bench/imports.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .import_linter_cache .grimp_cache
