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


def requirements():
    with open(os.path.join(REPO, "requirements.txt"), encoding="utf-8") as f:
        lines = [line.split("#")[0].strip() for line in f]
    return {line for line in lines if line}


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
