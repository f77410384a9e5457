# Corpus archive. `make build` and `make test` work on a fresh clone: the
# virtual environment is created from the pinned requirements when missing.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Material prints an end-of-life banner on every build; the project plans for it (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check new bench clean venv

build: $(STAMP)  ## validate the corpus and build site/
	$(PY) -m build_tools build --config-file mkdocs.yml --site-dir site

test: $(STAMP)  ## the whole test suite
	$(PY) -m pytest

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000/ (corpus edits reload)
	$(PY) -m mkdocs serve --config-file mkdocs.yml

check: $(STAMP)  ## validate the corpus only; `make check AUDIT=site` also audits a built site
	$(PY) -m build_tools check --corpus corpus $(if $(AUDIT),--audit $(AUDIT))

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

clean:  ## remove the built site and caches (keeps the virtual environment)
	rm -rf site .site.new .site.old .site.lock .pytest_cache .hypothesis
