"""pyproject.toml pins the same dependencies as requirements.txt (the install list of the Makefile
and setup.sh), and its console script points at a function that exists."""
import importlib
import os

import pytest

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def requirements(name="requirements.txt"):
    """The pins of a requirements file, with those of the files it includes (-r)."""
    with open(os.path.join(REPO, name), encoding="utf-8") as f:
        lines = [line.split("#")[0].strip() for line in f]
    pins = set()
    for line in filter(None, lines):
        pins |= requirements(line[len("-r"):].strip()) if line.startswith("-r") else {line}
    return pins


def test_dependencies_match_requirements_txt():
    project = load()
    declared = set(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared |= set(extra)
    assert declared == requirements()
    assert all("==" in pin for pin in declared)


def test_console_script_exists():
    module, _, name = load()["scripts"]["autograder"].partition(":")
    assert callable(getattr(importlib.import_module(module), name))
