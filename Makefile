# The two commands of the README: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: serve test pytest fault lint typecheck schema format

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Set up and run the service on the embedded default (SQLite file, migrated and seeded on first start).
serve: $(STAMP)
	$(BIN)/civicgraph serve

## The whole test suite: lint, type-check, pytest on SQLite and PostgreSQL, then the fault test.
test: lint typecheck pytest fault

pytest: $(STAMP)
	$(BIN)/pytest

## Load while PostgreSQL restarts (bench/load_fault.py): alone, after the rest of the suite.
fault: $(STAMP)
	$(BIN)/pytest -m fault -rP

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

## Rewrite schema.graphql from the code.
schema: $(STAMP)
	$(BIN)/civicgraph export-schema

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
