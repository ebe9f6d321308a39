# datachain-studio-client: every command a developer or CI needs.
# `make test` works on a fresh machine: it installs what it needs first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
REDOCLY := tools/node_modules/.bin/redocly
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
DATACHAIN_VENV := .venv-datachain

.PHONY: help install demo generate check-generated lint lint-spec lint-code test test-fast bench datachain-venv clean

help:
	@echo "make demo             start a local Studio and run examples/quickstart.py against it"
	@echo "make install          create .venv, install the package (editable) and the dev tools"
	@echo "make generate         regenerate generated/datachain_studio_api from openapi.yaml"
	@echo "make check-generated  fail if generated/ differs from what openapi.yaml gives"
	@echo "make lint             validate and lint openapi.yaml, ruff, mypy --strict on both packages"
	@echo "make test             everything CI checks: lint, drift check, the test suite"
	@echo "make bench            benchmarks against raw httpx and peers on loopback (not part of make test, ~4-5 min)"
	@echo "make datachain-venv   .venv-datachain with datachain==0.62.0, for the datachain peer row of make bench"

# Re-install when the package's dependencies or the node tools change.
$(STAMP): pyproject.toml codegen/requirements.txt tools/package.json tools/package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r codegen/requirements.txt -e '.[dev]'
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) examples/run_with_local_studio.py examples/quickstart.py

generate: $(STAMP)
	$(PY) codegen/generate.py

check-generated: $(STAMP)
	$(PY) codegen/generate.py --check

lint-spec: $(STAMP)
	$(BIN)/openapi-spec-validator openapi.yaml
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(REDOCLY) lint --config redocly.yaml --format=stylish openapi.yaml

lint-code: $(STAMP)
	$(BIN)/ruff check overrides tests codegen examples bench
	$(BIN)/ruff format --check overrides tests codegen examples bench
	$(BIN)/mypy --strict overrides/datachain_studio
	$(BIN)/mypy --strict -p datachain_studio_api

lint: lint-spec lint-code

test: lint check-generated
	$(BIN)/pytest

# Benchmarks: our client against raw httpx doing the same work. Not part of `make test`.
# The peers pydantic and msgspec (bench/requirements.txt) go into .venv, not into the package.
$(BENCH_STAMP): $(STAMP) bench/requirements.txt
	$(PY) -m pip install --quiet -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) bench/run.py

# The official datachain client in a venv of its own (about 780 MB), kept as a cache: the
# datachain row of `make bench` runs it when it is there and says "not installed" otherwise.
# The `*` .gitignore inside keeps git from seeing it.
$(DATACHAIN_VENV)/.installed: bench/requirements-datachain.txt
	test -x $(DATACHAIN_VENV)/bin/python || $(PYTHON) -m venv $(DATACHAIN_VENV)
	printf '*\n' > $(DATACHAIN_VENV)/.gitignore
	$(DATACHAIN_VENV)/bin/python -m pip install --quiet -r bench/requirements-datachain.txt
	touch $@

datachain-venv: $(DATACHAIN_VENV)/.installed

# The suite alone, for a quick loop while developing.
test-fast: $(STAMP)
	$(BIN)/pytest -x -q

clean:
	rm -rf $(VENV) tools/node_modules .pytest_cache .mypy_cache .ruff_cache dist build
