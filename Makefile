# CCHC Portal: `make run` sets up and runs the demo, `make test` runs lint and the test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: run test lint fmt build install clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: $(STAMP)
	$(PY) -m cms migrate --noinput
	$(PY) -m cms load_demo
	$(PY) build.py
	$(PY) -m cms serve_demo

build: $(STAMP)
	$(PY) build.py

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djhtml --check themes/cchc/templates cms/templates
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m cms check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m cms makemigrations --check --dry-run

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djhtml themes/cchc/templates cms/templates

clean:
	rm -rf $(VENV) output var content/tin-tuc content/trang content/tep
