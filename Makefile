# Everyday tasks. The virtualenv is .venv (python3 -m venv .venv && .venv/bin/pip install -e ".[test]").
PYTHON ?= .venv/bin/python
RUFF := $(shell command -v .venv/bin/ruff || command -v ruff)

.PHONY: test lint bench check

test:
	.venv/bin/pytest

# ruff is optional (pip install ruff, or the dev extra); without it lint says so and passes.
lint:
ifneq ($(RUFF),)
	$(RUFF) check lucli tests
else
	@echo "ruff is not installed; skipping lint (pip install ruff)"
endif

# 1k, 10k and 100k findings, 3 runs each; results in bench/results.json. Pass options with
# make bench BENCH_ARGS="--sizes 1k,10k --runs 5".
bench:
	$(PYTHON) bench/run.py $(BENCH_ARGS)

check: test lint
