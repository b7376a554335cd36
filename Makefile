# The two commands of the README: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYPROJECT_SUM := $(shell cksum pyproject.toml | cut -d' ' -f1)
# What `make serve` needs (the service alone) and what the tests need (`.[dev]`: pytest, ruff, …).
RUNTIME_STAMP := $(VENV)/.runtime-$(PYPROJECT_SUM)
STAMP := $(VENV)/.installed-$(PYPROJECT_SUM)
# The gateway's tools (composition libraries, Hive Gateway), pinned by gateway/package-lock.json.
# npm writes node_modules/.package-lock.json at the end of every install, `npm ci` by hand included,
# so an install newer than the lock file is taken as it is.
NODE_MODULES := gateway/node_modules
NPM_STAMP := $(NODE_MODULES)/.package-lock.json

.PHONY: serve test pytest fault lint typecheck schema supergraph-check format explorer-assets

$(RUNTIME_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	rm -f $(VENV)/.runtime-*
	touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(NPM_STAMP): gateway/package.json gateway/package-lock.json
	cd gateway && npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

## Set up and run the service on the embedded default (SQLite file, migrated and seeded on first start).
serve: $(RUNTIME_STAMP)
	$(BIN)/civicgraph serve

## The whole test suite: lint, type-check, the committed SDL and supergraph, pytest on SQLite
## and PostgreSQL (with the three subgraphs behind Hive Gateway), then the fault test.
test: lint typecheck supergraph-check pytest fault

pytest: $(STAMP) $(NPM_STAMP)
	$(BIN)/pytest

## Load while PostgreSQL restarts (bench/load_fault.py): alone, after the rest of the suite.
fault: $(STAMP)
	$(BIN)/pytest -m fault -rP

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/civicgraph schema-contract

typecheck: $(STAMP)
	$(BIN)/mypy .

## Rewrite schema.graphql and schema/sdl/*.graphql from the code, then compose supergraph.graphql.
schema: $(STAMP) $(NPM_STAMP)
	$(BIN)/civicgraph export-schema
	node gateway/compose.mjs

## Fail on a stale SDL file, on a composition error (Apollo's or The Guild's), or a stale supergraph.
supergraph-check: $(STAMP) $(NPM_STAMP)
	$(BIN)/civicgraph export-schema --check
	node gateway/compose.mjs --check

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Fetch the explorer's vendored files again from the npm registry (web/explorer/, after a version bump).
explorer-assets: $(RUNTIME_STAMP)
	$(BIN)/python -m web.explorer
