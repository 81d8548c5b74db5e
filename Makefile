# Two commands matter: `make demo` (set up everything and run the product) and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup stream-setup system neo4j bench lint clean

# demo: load the bilingual demo world, run every analysis job on it (ID-mapping, roles, tenders,
# leads, opportunities; `demo load --no-analyse` skips them), then serve the API.
demo: setup neo4j
	$(BIN)/dealgraph db migrate
	$(BIN)/dealgraph demo load --accounts 30 --seed 7
	$(BIN)/dealgraph serve

test: setup stream-setup
	$(BIN)/pytest -q -ra tests

# PyFlink (its own environment: it pins pyarrow < 21) and the Kafka jars, into the cache once.
stream-setup: setup
	$(BIN)/dealgraph stream setup

setup: system $(VENV)/.synced

# System packages the tests and pages need (Chromium, a CJK font); installed only when missing.
system:
	@bash scripts/install-system.sh

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
	uv sync --frozen
	@touch $@

neo4j: setup
	$(BIN)/dealgraph neo4j start

bench: setup neo4j
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

lint: setup
	$(BIN)/ruff check dealgraph tests bench

clean:
	rm -rf $(VENV)
