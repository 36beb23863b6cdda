# CCHC Portal: `make run` sets up and runs the demo, `make test` runs lint and the test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
# The site checks' npm tools (axe-core, vnu.jar); `npm ci` empties node_modules, old stamps go with it.
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)

.PHONY: run test lint fmt build install clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; the system's Java runs vnu.jar.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts && touch $@; \
	else \
	  echo "npm not found: the accessibility and HTML checks will be skipped (apt-get install nodejs npm)"; \
	fi

install: $(STAMP) $(NODE_STAMP)

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
	$(VENV)/bin/djhtml --check themes/cchc/templates cms/templates cms/builds/templates cms/indices/templates cms/consultations/templates cms/qa/templates cms/surveys/templates
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m cms check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m cms makemigrations --check --dry-run

test: lint $(NODE_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djhtml themes/cchc/templates cms/templates cms/builds/templates cms/indices/templates cms/consultations/templates cms/qa/templates cms/surveys/templates

clean:
	rm -rf $(VENV) node_modules output var content/tin-tuc content/trang content/tep content/chi-so
