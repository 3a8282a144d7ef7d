# Two commands set everything up on a machine with only Python: `make run` and `make test`.
# Each creates .venv if needed and (re)installs the project and the packs in plugins/
# whenever a pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.limber-installed
PLUGINS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
PYTEST_ARGS ?= -n auto
BENCH_ARGS ?=

.PHONY: run test check lint types bench snapshots clean venv

run: $(STAMP)
	$(BIN)/limber

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

# Re-record snapshot SVGs on purpose, then look at snapshot_report.html before committing.
snapshots: $(STAMP)
	$(BIN)/python -m pytest tests/snapshots --snapshot-update

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e ./$(p))
	touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache snapshot_report.html
