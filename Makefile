# Two commands do all the set-up (see README):
#   make run    install into .venv and extract events from the bundled example report
#   make test   install into .venv (with test extras and services) and run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test bench clean

$(BIN)/rasd: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/rasd

install: $(BIN)/rasd

run: install
	$(BIN)/rasd extract examples/report-deir-ez-zor.txt --published 2023-11-13 --source "rasd example" --format table

test: install
	bash scripts/test.sh

bench: install
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
