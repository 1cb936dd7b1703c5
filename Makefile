# Two commands do everything on a fresh machine: `make run` and `make test`.
# Python 3.11 or newer: python3.11 first (what the image runs), else python3.13/3.12 (Debian 13 ships 3.13),
# else python3 when it is new enough. Override with `make PYTHON=/path/to/python3.x ...`.
PYTHON ?= $(shell for p in python3.11 python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV ?= .venv
PY := $(VENV)/bin/python
REQUIREMENTS := requirements.txt requirements-dev.txt requirements.lock requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(REQUIREMENTS) | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# The name people type to reach `make run` (its WebSocket origin and e-mail links); HOST=0.0.0.0 listens on every
# interface, so say which address others use: make run HOST=0.0.0.0 SITE_HOST=192.168.1.20
SITE_HOST ?= $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
RUNSERVER_FLAGS ?=

.PHONY: venv lock which-python run test browser screenshots lint format messages compilemessages bench clean

$(STAMP): $(REQUIREMENTS)
	@test -n "$(PYTHON)" && command -v $(PYTHON) >/dev/null || { echo "Python 3.11 or newer is needed (apt-get install python3 python3-venv, or set PYTHON=...)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@$(PYTHON) deploy/check_lock.py || { echo "requirements*.txt name a package or version the .lock files lack: run make lock"; exit 1; }
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

which-python:
	@echo $(PYTHON)

# Pinned, hashed dependencies: requirements.txt (runtime, the image) and requirements-dev.txt (tests, tools)
# name what we choose; pip-compile writes every package with its hashes to the .lock files.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
LOCK_VENV := .venv-lock
lock:
	@test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet pip-tools; }
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements.lock requirements.txt
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-dev.lock requirements-dev.txt
	$(PYTHON) deploy/check_lock.py

# Translations: `make messages` refreshes locale/*/LC_MESSAGES/django.po from the code
# (GNU gettext needed: apt-get install gettext); the .mo files are built, never committed.
LANGS := fi sv
I18N_IGNORE := --ignore=.venv '--ignore=.venv-*' --ignore=staticfiles --ignore=tests --ignore=benchmarks --ignore=node_modules

messages: venv
	@command -v xgettext >/dev/null || { echo "GNU gettext is missing: install it (apt-get install gettext) and run make messages again"; exit 1; }
	$(PY) manage.py makemessages $(foreach l,$(LANGS),-l $(l)) $(I18N_IGNORE) --no-obsolete --no-location

compilemessages: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt (GNU gettext) is missing: install it (apt-get install gettext); without it every page is in English"; exit 1; }
	$(PY) manage.py compilemessages $(foreach l,$(LANGS),-l $(l)) --ignore=.venv '--ignore=.venv-*' --ignore=staticfiles

run: venv compilemessages
	$(PY) manage.py migrate --noinput
	DEMO_HOST=$(SITE_HOST) DEMO_PORT=$(PORT) $(PY) manage.py seed_demo
	DEMO_HOST=$(SITE_HOST) DEMO_PORT=$(PORT) $(PY) manage.py send_digests
	@echo "Serving on http://$(SITE_HOST):$(PORT)  (demo password: peer-support-demo)"
	DEMO_HOST=$(SITE_HOST) DEMO_PORT=$(PORT) $(PY) manage.py runserver $(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT) $(RUNSERVER_FLAGS)

test: venv compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

# Browser journeys only (Playwright + Debian's Chromium at CHROMIUM_PATH, default /usr/bin/chromium).
browser: venv
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

# Retake the README's phone and desktop screenshots (docs/screenshots/) from the browser journeys.
screenshots: venv
	PEERSUPPORT_DOC_SCREENSHOTS=1 $(PY) -m pytest -m browser tests/browser/test_chat.py -k offline

# ruff (bleach only in moderation/sanitize.py among its rules) and the floors (import-linter, pyproject.toml).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache pyproject.toml

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (issue 11): PostgreSQL, Redis and wrk on this machine; BENCH_QUICK=1 for a short run.
bench: venv
	bash benchmarks/ensure_tools.sh
	$(PY) -m benchmarks.run $(if $(BENCH_QUICK),--quick,)

clean:
	rm -rf $(VENV) $(LOCK_VENV) db.sqlite3 staticfiles
