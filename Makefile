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
# Every version the venvs install (dev tools, test tools, the bench's peers, their
# dependencies, pip itself): written by `make lock`, applied with -c, so CI installs exactly
# what was committed.
CONSTRAINTS := constraints.txt
# The same for .venv-datachain, the official client (tests/compat and make bench use it).
DATACHAIN_CONSTRAINTS := constraints-datachain.txt
PIP_LOCKED := -m pip install --quiet -c $(CONSTRAINTS) --build-constraint $(CONSTRAINTS)
# `make test` also runs these suites on these Pythons, each in .venv-X.Y (skipped, with one
# line saying so, where `.ci/find-python X.Y` finds no interpreter).
OTHER_PYTHONS := 3.12 3.13
OTHER_SUITES := tests/client tests/unit tests/cli
# Reproducible distributions: every file dated by the last commit (by pyproject.toml's date
# in an unpacked sdist, whose files carry that date already).
SOURCE_DATE_EPOCH ?= $(shell { test -e .git && git log -1 --format=%ct; } 2>/dev/null || stat -c %Y pyproject.toml)
DIST_CHECK := build/dist-check
# Studio's own OpenAPI document (the newest copy kept, codegen/studio/README.md says whence):
# `make lint` fails on a difference with openapi.yaml that no `x-studio-diff` note explains.
# `make contract-diff SPEC=<file or URL>` compares with another (a URL of Studio's is fetched
# with the client's token, as the client finds it).
STUDIO_SPEC := codegen/studio/openapi-2025-09.json
SPEC ?= $(STUDIO_SPEC)

.PHONY: help install lock lock-dev lock-datachain demo generate check-generated contract-diff lint lint-spec lint-code docs test test-main test-fast test-other-pythons dist bench datachain-venv clean

help:
	@echo "make demo             start a local Studio and run examples/quickstart.py against it"
	@echo "make install          create .venv, install the package (editable) and the dev tools"
	@echo "make generate         regenerate generated/datachain_studio_api from openapi.yaml, and each _sync/ from _async/"
	@echo "make docs             write docs/api.md (the API reference) from the docstrings"
	@echo "make check-generated  fail if generated/ differs from what openapi.yaml gives"
	@echo "make contract-diff SPEC=<file or URL>  compare openapi.yaml with Studio's own OpenAPI document"
	@echo "make lint             validate and lint openapi.yaml, diff it with Studio's document, ruff, mypy --strict, import contracts"
	@echo "make test             lint, drift check, the suite on 3.11, client/unit/CLI suites on 3.12 and 3.13"
	@echo "make test-other-pythons  only the client, unit and CLI suites on 3.12 and 3.13"
	@echo "make dist             sdist and wheel in dist/, twine check, install each in a fresh venv and smoke-test"
	@echo "make lock             re-resolve the venvs and rewrite constraints*.txt (then commit them)"
	@echo "make bench            benchmarks against raw httpx2 and peers on loopback (not part of make test, ~4-5 min)"
	@echo "make datachain-venv   .venv-datachain with datachain==0.62.0, for the datachain peer row of make bench"

# Re-install when the package's dependencies, the lock or the node tools change. pip >= 25.1
# reads the PEP 735 dependency group (`--group dev`); the lock's pip is newer.
$(STAMP): pyproject.toml $(CONSTRAINTS) codegen/requirements.txt tools/package.json tools/package-lock.json
	.ci/check-node
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) --upgrade pip
	$(PY) $(PIP_LOCKED) -r codegen/requirements.txt --group dev -e '.[all,testing]'
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

# Re-resolve the development environment from pyproject.toml (newest versions its ranges
# allow) and the bench's peers (bench/requirements.txt, pinned there) in a throwaway venv on
# the oldest supported Python, and record every version.
# pip freeze, not a resolver of its own: pip is already what installs it, works with only
# the package index, and records exactly what CI installs on this kind of machine. What it
# cannot do is record other platforms' markers: the lock is for Linux CPython 3.11-3.13
# (packages that only older Pythons need are harmless constraints on newer ones).
LOCK_PYTHON ?= $(shell .ci/find-python 3.11)
LOCK_VENV := .lock-venv
lock: lock-dev lock-datachain

lock-dev:
	@test -n "$(LOCK_PYTHON)" || { echo "make lock needs Python 3.11 (the oldest supported): none found, set LOCK_PYTHON"; exit 1; }
	rm -rf $(LOCK_VENV)
	$(LOCK_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -r codegen/requirements.txt -r bench/requirements.txt --group dev -e '.[all,testing]'
	{ echo "# Every version the development venvs install (make install, make test, make dist, make bench)."; \
	  echo "# Written by \`make lock\` from pyproject.toml's dependency groups and extras and"; \
	  echo "# bench/requirements.txt with $$($(LOCK_VENV)/bin/python --version) on $$(uname -sm); do not edit by hand."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable | grep -v '^setuptools=='; \
	} > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)

lock-datachain:
	rm -rf $(LOCK_VENV)-datachain
	$(PYTHON) -m venv $(LOCK_VENV)-datachain
	$(LOCK_VENV)-datachain/bin/python -m pip install --quiet -r bench/requirements-datachain.txt
	{ echo "# Every version .venv-datachain installs (bench/requirements-datachain.txt and what it"; \
	  echo "# brings). Written by \`make lock\` with $$($(LOCK_VENV)-datachain/bin/python --version) on $$(uname -sm)."; \
	  $(LOCK_VENV)-datachain/bin/python -m pip freeze | grep -v '^setuptools=='; \
	} > $(DATACHAIN_CONSTRAINTS).new
	mv $(DATACHAIN_CONSTRAINTS).new $(DATACHAIN_CONSTRAINTS)
	rm -rf $(LOCK_VENV)-datachain

demo: $(STAMP)
	$(PY) examples/run_with_local_studio.py examples/quickstart.py

generate: $(STAMP)
	$(PY) codegen/generate.py
	$(PY) codegen/unasync.py

# docs/api.md, the API reference, from the docstrings; `--check` (in lint) fails on a public
# method or parameter with no documentation, a broken entry, or an api.md out of date.
docs: $(STAMP)
	$(PY) docs/build_api.py

check-generated: $(STAMP)
	$(PY) codegen/generate.py --check

lint-spec: $(STAMP)
	$(BIN)/openapi-spec-validator openapi.yaml
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(REDOCLY) lint --config redocly.yaml --format=stylish openapi.yaml
	$(PY) codegen/contract_diff.py $(STUDIO_SPEC)

# Every difference between openapi.yaml and Studio's document, and whether a note explains it
# (`DIFF_ARGS=--all` also prints the explanations, `DIFF_ARGS=--json` is for tools).
contract-diff: $(STAMP)
	$(PY) codegen/contract_diff.py $(SPEC) $(DIFF_ARGS)

lint-code: $(STAMP)
	$(BIN)/ruff check overrides tests codegen examples bench docs/build_api.py .ci
	$(BIN)/ruff format --check overrides tests codegen examples bench docs/build_api.py .ci
	$(BIN)/mypy --strict overrides/datachain_studio
	$(BIN)/mypy --strict -p datachain_studio_api
	$(BIN)/mypy --strict codegen/runtime/api_types.py codegen/contract_diff.py
	$(PY) codegen/unasync.py --check
	$(BIN)/lint-imports --no-cache
	$(PY) docs/build_api.py --check

lint: lint-spec lint-code

# The whole suite on the main venv's Python (3.11 here) and, at the same time, the client,
# unit and CLI suites on the other supported Pythons: one suite keeps about one core busy,
# so on this 2-core machine running them side by side takes about half the time. Lint, the
# drift check and the official client's venv (tests/compat runs it from
# DATACHAIN_COMPAT_VENV) come first, also side by side. `-O`: each job's output in one piece.
test: $(STAMP)
	$(MAKE) --no-print-directory -j2 -O lint check-generated datachain-venv
	$(MAKE) --no-print-directory -j3 -O test-main test-other-pythons

test-main: $(STAMP) datachain-venv
	DATACHAIN_COMPAT_VENV=$(abspath $(DATACHAIN_VENV)) $(BIN)/pytest

test-other-pythons: $(addprefix test-python,$(OTHER_PYTHONS))

# The interpreter `.ci/find-python X.Y` finds, or nothing: the script runs once per version
# per make process, its answer kept in `found-python-X.Y` (also handed to the sub-make
# below, which then does not run it again).
find-python = $(if $(filter undefined,$(origin found-python-$(1))),$(eval found-python-$(1) := $(shell .ci/find-python $(1))))$(found-python-$(1))
# Each line on its own, so that `make -n` only prints (make runs a line holding $(MAKE)).
test-python%:
	$(if $(call find-python,$*),@echo "== $(OTHER_SUITES) on Python $* ($(call find-python,$*))",@echo "python$* not found: skipping the $* run")
	$(if $(call find-python,$*),$(MAKE) --no-print-directory .venv-$*/.installed found-python-$*=$(call find-python,$*))
	$(if $(call find-python,$*),.venv-$*/bin/pytest -q -p no:cacheprovider $(OTHER_SUITES))

# A venv per other Python: the package (editable) with its extras and the `test` group.
.venv-3.%/.installed: pyproject.toml $(CONSTRAINTS)
	@test -n "$(call find-python,3.$*)" || { echo "python3.$* not found"; exit 1; }
	test -x .venv-3.$*/bin/python || $(call find-python,3.$*) -m venv .venv-3.$*
	.venv-3.$*/bin/python -m pip install --quiet -c $(CONSTRAINTS) --upgrade pip
	.venv-3.$*/bin/python $(PIP_LOCKED) --group test -e '.[all,testing]'
	touch $@

# The release check: build both distributions without isolation (the locked hatchling),
# twice, and require the same bytes; twine's strict metadata check; then each one installed
# alone into a fresh venv and smoke-tested (.ci/smoke_dist.py).
dist: $(STAMP)
	rm -rf dist $(DIST_CHECK)
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(PY) -m build --no-isolation --outdir dist .
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(PY) -m build --no-isolation --outdir $(DIST_CHECK)/again .
	cd dist && for file in *; do cmp "$$file" "../$(DIST_CHECK)/again/$$file" || { echo "$$file: a second build differs (not reproducible)"; exit 1; }; done
	$(BIN)/twine check --strict dist/*
	$(PY) .ci/smoke_dist.py dist/*.whl $(DIST_CHECK)/wheel-venv
	$(PY) .ci/smoke_dist.py dist/*.tar.gz $(DIST_CHECK)/sdist-venv

# Benchmarks: our client against raw httpx2 doing the same work. Not part of `make test`.
# The peers pydantic, msgspec and openai (bench/requirements.txt, locked in constraints.txt)
# go into .venv, not into the package.
$(BENCH_STAMP): $(STAMP) bench/requirements.txt
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) bench/run.py

# The official datachain client in a venv of its own (about 780 MB), kept as a cache: the
# datachain row of `make bench` runs it when it is there and says "not installed" otherwise.
# The `*` .gitignore inside keeps git from seeing it.
$(DATACHAIN_VENV)/.installed: bench/requirements-datachain.txt $(DATACHAIN_CONSTRAINTS)
	test -x $(DATACHAIN_VENV)/bin/python || $(PYTHON) -m venv $(DATACHAIN_VENV)
	printf '*\n' > $(DATACHAIN_VENV)/.gitignore
	$(DATACHAIN_VENV)/bin/python -m pip install --quiet -c $(DATACHAIN_CONSTRAINTS) -r bench/requirements-datachain.txt
	touch $@

datachain-venv: $(DATACHAIN_VENV)/.installed

# The suite alone, for a quick loop while developing.
test-fast: $(STAMP)
	$(BIN)/pytest -x -q

clean:
	rm -rf $(VENV) $(addprefix .venv-,$(OTHER_PYTHONS)) $(LOCK_VENV) $(LOCK_VENV)-datachain tools/node_modules .pytest_cache .mypy_cache .ruff_cache dist build
