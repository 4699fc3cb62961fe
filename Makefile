# Rencana Aksi extraction pipeline. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAW_PDFS := $(wildcard raw/*.pdf)
REPLICA := raw/kpu-tegal-25-2021-replica.pdf
REPLICA_SOURCES := tests/fixtures/tegal_25_2021/plan.csv tests/fixtures/tegal_25_2021/decree.yaml \
	tests/fixtures/typeset.py tests/fixtures/layouts.py tests/fixtures/make_replica.py
JOBS ?=
# Where the documents run: empty for worker processes, `local` for a Dask LocalCluster, or a scheduler's address.
SCHEDULER ?=
OUT ?= output
# pytest-xdist workers for `make test`: `auto` is one per core, 0 runs the tests in this process.
TEST_WORKERS ?= auto
# More `pipeline extract` options, e.g. make extract ARGS=--no-charts for a corpus run.
ARGS ?=

.PHONY: help venv extract overlay replica test lint diff eval bench clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,dask]'
	@touch $@

venv: $(STAMP) ## create .venv and install the pipeline with its test tools

extract: $(STAMP) ## extract every raw/*.pdf into output/<stem>/
	$(PY) -m pipeline extract $(RAW_PDFS) --out $(OUT) $(if $(JOBS),--jobs $(JOBS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(ARGS)

overlay: $(STAMP) ## draw what was detected on each LAMPIRAN page into interim/<stem>/overlay/
	$(PY) -m pipeline extract $(RAW_PDFS) --out $(OUT) --overlay --force $(if $(JOBS),--jobs $(JOBS))

replica: $(REPLICA) ## rebuild the replica PDF in raw/ from its data and generator

$(REPLICA): $(REPLICA_SOURCES) | $(STAMP)
	$(PY) -m tests.fixtures.make_replica $@

test: $(STAMP) ## run the test suite (TEST_WORKERS processes, one test file each at a time)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/mypy pipeline

diff: $(STAMP) ## diff two plans: make diff OLD=a.pdf NEW=b.pdf (PDFs or extracted folders)
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=... NEW=..."; exit 2; }
	$(PY) -m pipeline diff $(OLD) $(NEW) --out $(OUT)/diff-$(basename $(notdir $(OLD)))-$(basename $(notdir $(NEW)))

eval: $(STAMP) ## run the fixture corpus and print the accuracy table per fixture
	$(PY) -m tests.fixtures.evaluate $(ARGS)

bench: $(STAMP) ## time the pipeline against plain pdfplumber and camelot (interim/bench.json), and OCR s/page per cell vs page
	$(PY) -m tests.fixtures.bench $(ARGS)
	$(PY) -m tests.fixtures.bench_ocr

clean: ## remove generated interim/ and output/ content (never raw/)
	find interim output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
