# Every target creates the virtual environment on first use from the pinned constraints.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test lint dev bench slow reliability clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/pipelines run

test: lint
	$(BIN)/pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check pipelines tests bench

dev: $(BIN)/.installed
	$(BIN)/pipelines dev

bench: $(BIN)/.installed
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.narratives

slow: $(BIN)/.installed
	$(BIN)/pytest -m slow

reliability: $(BIN)/.installed
	$(BIN)/pytest -m reliability

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.wal dbt_project/target
