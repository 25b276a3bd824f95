# civcomm: `make` prints this help. The two commands a fresh machine needs: `make reports`, `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-cff.txt pyproject.toml | sha256sum | cut -c1-12)
JOBS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install reports test test-fast lab preview bench schemas validate clean

help: ## show this help
	@awk 'BEGIN {FS = ":.*?## "} /^[a-zA-Z_-]+:.*?## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.txt requirements-cff.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# cffconvert needs jsonschema<4: its own venv (see requirements-cff.txt)
	@test -x $(VENV)/cffconvert/bin/python || $(PYTHON) -m venv $(VENV)/cffconvert
	$(VENV)/cffconvert/bin/python -m pip install --quiet -r requirements-cff.txt
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP) ## create .venv and install requirements.txt and civcomm, nothing else

reports: $(STAMP) ## create .venv if needed, validate data/, run every notebook, render outputs/ (SHARD=K/N: one slice)
	@# `run` validates parameters and every data file before it starts a kernel, and skips
	@# reports whose inputs are unchanged (a no-op reads no YAML); SHARD=K/N runs the K-th of N
	@# slices of the run list (CI runs the slices on N machines and joins them with `civcomm merge`)
	$(BIN)/civcomm run -j $(JOBS)$(if $(SHARD), --shard $(SHARD))

test: $(STAMP) ## run every test: data, unit, fidelity, notebooks, reports in a browser
	@# two workers; the tests that read one regeneration of every report share one of them (tests/conftest.py)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup --durations=15

test-fast: $(STAMP) ## the fast tests only (no notebook execution, no browser)
	$(BIN)/python -m pytest -q -m "not slow"

validate: $(STAMP) ## check every data file (file:line: field: problem)
	$(BIN)/civcomm validate

lab: $(STAMP) ## JupyterLab on the repository, opening notebooks/ (LANG=kk|ru|en|all: the prose shown)
	@# `civcomm lab` writes Lab's settings into .venv/etc/civcomm/lab (a .py opens as a notebook, no news
	@# prompt) and starts Lab on 127.0.0.1. LANG given here names the prose language, not a locale: as a
	@# locale 'kk' would make setlocale fail in the server and the kernels, so they get C.UTF-8 instead.
	@# Without it, the locale's language is shown when it is kk, ru or en, else English.
	$(if $(filter command line,$(origin LANG)),LANG=C.UTF-8 )$(BIN)/civcomm lab$(if $(filter command line,$(origin LANG)), --lang $(LANG))

preview: $(STAMP) ## live preview on 127.0.0.1: an edit of data/ reruns what it affects (NB=01 LANG=kk: one report)
	@# LANG given here names the report language (-p lang=...), not a locale (see `lab`)
	$(if $(filter command line,$(origin LANG)),LANG=C.UTF-8 )$(BIN)/civcomm preview $(NB)$(if $(filter command line,$(origin LANG)), -p lang=$(LANG))

schemas: $(STAMP) ## regenerate schemas/*.json from the pydantic models
	$(BIN)/civcomm schemas

bench: $(STAMP) ## run the benchmarks, ~10-15 min (prints a table, writes outputs/bench.json; REPEAT=3 REPEAT_FULL=2)
	$(BIN)/python benchmarks/run_all.py $(if $(REPEAT),--repeat $(REPEAT)) $(if $(REPEAT_FULL),--repeat-full $(REPEAT_FULL))

clean: ## remove generated outputs (keeps .venv)
	rm -rf outputs/reports outputs/notebooks outputs/tables outputs/graphs outputs/figures outputs/pdf outputs/assets outputs/failed \
		outputs/index.html outputs/manifest.json outputs/sources.bib outputs/sources.json outputs/datapackage.json \
		.civcomm-cache
