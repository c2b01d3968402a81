# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DATABASE_URL_PG ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: demo test install install-dev lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# PyICU (Vietnamese collation) builds against the system's ICU.
	@pkg-config --exists icu-i18n 2>/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -q libicu-dev pkg-config g++ >/dev/null 2>&1 || { apt-get update -q >/dev/null && \
	    apt-get install -y -q libicu-dev pkg-config g++ >/dev/null; }; }; } || echo "WARNING: install libicu-dev, pkg-config and g++ for PyICU"

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	$(BIN)/giamngheo demo

test: install-dev
	DATABASE_URL_PG=$(DATABASE_URL_PG) ./scripts/run-tests

lint: install-dev
	$(BIN)/ruff check giamngheo benchmarks tests
	$(BIN)/ruff format --check giamngheo benchmarks tests

clean:
	rm -rf $(VENV) var build *.egg-info
