# Corpus archive. `make build` and `make test` work on a fresh clone: the
# virtual environment is created from the pinned requirements when missing.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Options of `make new` and `make check`, passed to the commands through the
# environment so that any characters (a headline's quotes) arrive intact.
export FILE DATE OUTLET URL TITLE CHANGED_SINCE AUDIT

# Material prints an end-of-life banner on every build; the project plans for it (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check new schemas bench clean venv

build: $(STAMP)  ## validate the corpus and build site/
	$(PY) -m build_tools build --config-file mkdocs.yml --site-dir site

test: $(STAMP)  ## the whole test suite
	$(PY) -m pytest

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000/ (corpus edits reload)
	$(PY) -m mkdocs serve --dirty --config-file mkdocs.yml

check: $(STAMP)  ## validate the corpus only [CHANGED_SINCE=rev: report only files changed since rev] [AUDIT=site: also prove the built site lost nothing]
	$(PY) -m build_tools check --corpus corpus $${CHANGED_SINCE:+--changed-since "$$CHANGED_SINCE"} \
	  $${AUDIT:+--audit "$$AUDIT"}

new: $(STAMP)  ## draft an article from raw text: FILE=raw.txt [DATE= OUTLET= URL= TITLE= ARGS=]
	@$(PY) -m build_tools new "$${FILE:--}" --corpus corpus $${DATE:+--date "$$DATE"} \
	  $${OUTLET:+--outlet "$$OUTLET"} $${URL:+--url "$$URL"} $${TITLE:+--title "$$TITLE"} $(ARGS)

schemas: $(STAMP)  ## regenerate schemas/ (the JSON Schemas) from build_tools/schema.py
	$(PY) -m build_tools schemas --out schemas

# The scale benchmark: sizes in articles; runs of each timed step, for every size or one
# number per size (the table shows medians). Three runs at 10,000 articles too: one pair of
# builds there moved the ratio to plain Material by a third from one run to the next. The
# default takes 12-30 minutes on 2 shared cores (12 in the last run); the 10,000-article
# builds and plain Material's preview rebuilds are most of it.
BENCH_SIZES ?= 1000,10000
BENCH_RUNS  ?= 3,3
bench: $(STAMP)  ## build generated corpora with the archive and plain Material; print one table
	$(PY) -m build_tools bench --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

clean:  ## remove the built site and caches (keeps the virtual environment)
	rm -rf site .site.new .site.old .site.fulltext .site.trash-* .site.lock .pytest_cache .hypothesis .cache
