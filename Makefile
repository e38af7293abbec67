# Two commands on a fresh machine: `make book` (set up, build the HTML book) and `make test` (set up, run the tests).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-requirements
SCENARIO ?=

.PHONY: setup book pdf test lint hooks linkcheck serve lab clean validate

# The venv is (re)made only when requirements.txt or pyproject.toml changed since the last install. The pinned
# requirements.txt is installed by uv (its own pin, taken from that file, installed by pip first): about 9 s here with
# the modules compiled to bytecode (as pip does; the first build then does not compile them as it imports), against
# 60 s for pip, most of a fresh clone's set-up. If uv cannot install, pip installs the same file.
UV_PIN := $(shell grep -m1 '^uv==' requirements.txt)
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/uv --version 2>/dev/null | grep -q "uv $(UV_PIN:uv==%=%)" || $(PY) -m pip install --quiet --disable-pip-version-check "$(UV_PIN)"
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt \
	  || $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)

validate: setup
	$(PY) -m chinacompute validate

book: setup
	$(PY) -m chinacompute book $(if $(SCENARIO),--scenario $(SCENARIO))

pdf: setup
	scripts/install-system-deps.sh pdf
	$(PY) -m chinacompute pdf $(if $(SCENARIO),--scenario $(SCENARIO))

# axe-core for the accessibility tests, from the npm registry (reinstalled only when the lock file changes).
node_modules/.installed: package.json package-lock.json
	scripts/install-system-deps.sh node
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ruff (pinned in requirements.txt, rules in pyproject.toml) over the Python files, and over the chapters' code
# cells through jupytext (chinacompute.lint).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m chinacompute.lint

# The pre-commit hooks of .pre-commit-config.yaml, run on each `git commit` from now on.
hooks: setup
	$(VENV)/bin/pre-commit install

# Every external link of the book (sources and pages), by Sphinx's linkcheck builder, into _build/linkcheck/.
# Offline it says so and exits 0, having checked nothing.
linkcheck: setup
	$(PY) -m chinacompute linkcheck

test: lint node_modules/.installed
	scripts/install-system-deps.sh browser pdf
	$(PY) -m pytest -q -n 2 --durations=15

serve: book
	@echo "serving _build/html on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# JupyterLab on the chapters: edit a chapter's `parameters` cell and run it top to bottom. The chapters are MyST
# text notebooks; jupytext's JupyterLab extension (pinned in requirements.txt) opens them as notebooks, by default
# through the overrides file below, and saves them back as text with no outputs. Charts use Altair's JupyterChart
# with its JavaScript from vl-convert, so they draw with no network.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): scripts/jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp scripts/jupyterlab-overrides.json $@

lab: setup $(LAB_OVERRIDES)
	$(PY) -m jupyter lab --notebook-dir=chapters --ip=127.0.0.1 --no-browser

clean:
	rm -rf _build
