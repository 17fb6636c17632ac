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

.PHONY: venv demo test starter bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(BASE_PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

demo: venv
	$(PY) -m autograder.demo

test: venv
	$(PY) -m pytest tests

starter: venv
	$(PY) -m autograder.packaging.starter

bench: venv
	$(PY) bench/grading_time.py

clean:
	rm -rf $(VENV) out .pytest_cache
