# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | md5sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
RUNSERVER_FLAGS ?=

.PHONY: venv run test lint format messages bench clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py send_digests
	@echo "Serving on http://$(HOST):$(PORT)  (demo password: peer-support-demo)"
	$(PY) manage.py runserver $(HOST):$(PORT) $(RUNSERVER_FLAGS)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (issue 11): PostgreSQL, Redis and wrk on this machine; BENCH_QUICK=1 for a short run.
bench: venv
	$(PY) -m benchmarks.run $(if $(BENCH_QUICK),--quick,)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
