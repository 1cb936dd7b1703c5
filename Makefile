# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
RUNSERVER_FLAGS ?=

.PHONY: venv run test browser screenshots lint format messages compilemessages bench clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

# Translations: `make messages` refreshes locale/*/LC_MESSAGES/django.po from the code
# (GNU gettext needed: apt-get install gettext); the .mo files are built, never committed.
LANGS := fi sv
I18N_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=benchmarks --ignore=node_modules

messages: venv
	@command -v xgettext >/dev/null || { echo "GNU gettext is missing: install it (apt-get install gettext) and run make messages again"; exit 1; }
	$(PY) manage.py makemessages $(foreach l,$(LANGS),-l $(l)) $(I18N_IGNORE) --no-obsolete --no-location

compilemessages: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt (GNU gettext) is missing: install it (apt-get install gettext); without it every page is in English"; exit 1; }
	$(PY) manage.py compilemessages $(foreach l,$(LANGS),-l $(l)) --ignore=.venv --ignore=staticfiles

run: venv compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py send_digests
	@echo "Serving on http://$(HOST):$(PORT)  (demo password: peer-support-demo)"
	$(PY) manage.py runserver $(HOST):$(PORT) $(RUNSERVER_FLAGS)

test: venv compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

# Browser journeys only (Playwright + Debian's Chromium at CHROMIUM_PATH, default /usr/bin/chromium).
browser: venv
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

# Retake the README's phone and desktop screenshots (docs/screenshots/) from the browser journeys.
screenshots: venv
	PEERSUPPORT_DOC_SCREENSHOTS=1 $(PY) -m pytest -m browser tests/browser/test_chat.py -k offline

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (issue 11): PostgreSQL, Redis and wrk on this machine; BENCH_QUICK=1 for a short run.
bench: venv
	bash benchmarks/ensure_tools.sh
	$(PY) -m benchmarks.run $(if $(BENCH_QUICK),--quick,)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
