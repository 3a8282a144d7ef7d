# Two commands set everything up on a machine with only Python: `make run` and `make test`.
# Each creates .venv if needed and (re)installs the project and the packs in plugins/
# whenever a pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.limber-installed
PLUGINS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
# Two test processes a core: an app test spends much of its time in Textual's idle pauses,
# not on a core (2 cores, fresh clone: 2:28 with four, 2:46 with one a core).
WORKERS := $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1))' 2>/dev/null || echo 2)
PYTEST_ARGS ?= -n $(WORKERS) --dist loadgroup
BENCH_ARGS ?=

.PHONY: run test check lint types bench bench-long snapshots clean venv dist test-all-pythons

run: $(STAMP)
	$(BIN)/limber

# The tests write Python's bytecode caches even where PYTHONDONTWRITEBYTECODE is set: they
# start Python and Limber in many processes, and without the caches each one compiles the
# test files and Limber from source again (about 25 s of CPU a run on this 2-core machine).
test: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest $(PYTEST_ARGS)

check: lint types test

lint: $(STAMP)
	$(BIN)/ruff check tui tests plugins bench
	$(BIN)/ruff format --check tui tests plugins bench
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

# About 5 minutes (more the first time: it builds its own venvs under bench/.cache).
# make bench BENCH_ARGS=--quick for a short run, BENCH_ARGS=--long for RSS over 30 minutes.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# A session's memory over 30 minutes (RSS at 1, 10 and 30 min) and its CPU: about 31 minutes.
bench-long: $(STAMP)
	$(BIN)/python bench/run.py --only session --long --cpu-seconds 60

# Re-record snapshot SVGs on purpose, then look at snapshot_report.html before committing.
snapshots: $(STAMP)
	$(BIN)/python -m pytest tests/snapshots --snapshot-update

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Limber was installed as `limber` before it took the name limber-stretch: that old copy
# would register the core pack a second time, so it goes first.
$(STAMP): $(BIN)/python pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(BIN)/python -m pip uninstall --quiet --yes limber 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e ./$(p))
	touch $@

# The release: sdist and wheel of Limber and of each first-party pack in dist/, each wheel
# built from its sdist (so the sdist is complete), checked as the package index would.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(foreach p,$(PLUGINS),$(BIN)/python -m build --outdir dist ./$(p) &&) true
	$(BIN)/twine check --strict dist/*

# The whole suite on each Python 3.11, 3.12 and 3.13 that pyenv has (PYTHONS= to choose),
# each in its own .venv-3.X. Slow (several times make test); not part of make test.
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHONS ?= $(foreach v,3.11 3.12 3.13,$(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/$(v).*/bin/python3))))
test-all-pythons:
	@test -n "$(strip $(PYTHONS))" || { echo "No Python 3.11-3.13 under $(PYENV_ROOT)/versions"; exit 1; }
	@set -e; for py in $(PYTHONS); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "== Python $$v ($$py)"; \
	  test -x .venv-$$v/bin/python || $$py -m venv .venv-$$v; \
	  .venv-$$v/bin/python -m pip install --quiet --upgrade pip; \
	  .venv-$$v/bin/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e ./$(p)); \
	  env -u PYTHONDONTWRITEBYTECODE .venv-$$v/bin/python -m pytest $(PYTEST_ARGS) -p no:cacheprovider || failed="$$failed $$v"; \
	done; \
	if [ -n "$$failed" ]; then echo "Failed on:$$failed"; exit 1; fi; echo "Passed on every Python above."

clean:
	rm -rf $(VENV) .venv-3.* build dist .pytest_cache .mypy_cache .ruff_cache snapshot_report.html
