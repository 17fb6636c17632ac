# One-command set-up: every target creates the virtual environment on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
# As root the worker runs under an unprivileged uid, which must be able to run the
# venv's interpreter: build it from the system Python rather than one under /root.
ifeq ($(shell id -u),0)
BASE_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
else
BASE_PYTHON ?= python3
endif

.PHONY: venv demo check test lint starter bench clean gradescope handout audit

# The assignment of the manifest that gradescope and handout package (default: its default_assignment).
ASSIGNMENT ?=
SELECT := $(if $(ASSIGNMENT),--assignment $(ASSIGNMENT))

# The tests run on this many pytest-xdist workers (one per core); each worker runs
# one whole-submission grading at a time (tests/conftest.py).
TEST_JOBS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_JOBS) --dist loadgroup

# Installs only what the venv lacks of the pins (autograder/packaging/pins.py), whatever the files' dates:
# a fresh clone, or a venv linked from another clone, is used as it is when it has them. Then the project
# itself, in editable mode, unless the venv has it already: $(VENV)/bin/autograder, and
# `$(VENV)/bin/python -m autograder` from any folder (-I: the check must not find the project through the
# working folder).
venv:
	@$(PY) -m autograder.packaging.pins requirements.txt 2>/dev/null || { \
	    [ -x $(PY) ] || $(BASE_PYTHON) -m venv $(VENV) && \
	    $(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt && \
	    $(PY) -m autograder.packaging.pins requirements.txt; }
	@[ -x $(VENV)/bin/autograder ] && $(PY) -I -c 'import os, sys, autograder; \
	    sys.exit(os.path.realpath(autograder.PROJECT) != os.path.realpath(sys.argv[1]))' "$(CURDIR)" 2>/dev/null || \
	    $(PY) -m pip install --quiet --disable-pip-version-check --no-deps --editable .

demo: venv
	$(PY) -m autograder.demo

check: venv  # the fast loop: every test not marked slow
	$(PYTEST) -m "not slow" tests

test: venv lint  # everything (what CI runs): the linter, then every test
	$(PYTEST) tests

lint: venv
	$(VENV)/bin/ruff check .

starter: venv  # check every suite's metadata, then regenerate starter/ from reference/
	$(PY) -m autograder build

# The audit (test the tests) grades on TEST_JOBS cores, on the quick profile; AUDIT_OPTIONS adds options,
# e.g. AUDIT_OPTIONS="--max-mutants 20" for a faster, sampled run.
AUDIT_OPTIONS ?=
audit: venv  # reference, starter, hand-written mutants, correct variants, degenerate and generated versions
	mkdir -p out
	$(PY) -m autograder audit --mutants tests/mutants --variants tests/variants --jobs $(TEST_JOBS) \
		--out out/audit.md $(AUDIT_OPTIONS)

gradescope: venv  # dist/autograder.zip: upload it as the Gradescope autograder
	$(PY) -m autograder package --gradescope $(SELECT)

handout: venv  # dist/student.zip and dist/homework.ipynb: give them to students
	$(PY) -m autograder package --handout $(SELECT)

bench: venv
	$(PY) bench/grading_time.py

clean:
	rm -rf $(VENV) out dist .pytest_cache *.egg-info
