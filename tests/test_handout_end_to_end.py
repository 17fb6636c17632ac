"""The student handout at work, as a student meets it: CS224n's student.zip unpacked in a fresh
folder outside the project, set up with its own `./setup` (whatever python3 this machine has:
system, pyenv or conda, as root or not; pip installs the runtime pins), then `./check` on the
untouched starter, `./check` after one function is filled in, and the notebook's check cell, with
and without the set-up. The checks run with TMPDIR set to an empty folder, which must stay empty.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import cli
from tests.test_packages_installed import unpack

pytestmark = pytest.mark.slow  # pip installs the pins (half a minute or more)

PROJECT = Path(__file__).resolve().parents[1]
SELECTION = "cs224n-a2"
FUNCTIONS = ("sigmoid", "naiveSoftmaxLossAndGradient", "negSamplingLossAndGradient", "skipgram", "sgd")


def function_source(source, name):
    """The text of a top-level function of source, with the comments that close it (# END SOLUTION)."""
    lines = source.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {name}("))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#"):
        end += 1
    return "".join(lines[start:end])


def run(command, folder, tmp, **options):
    environment = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_PYTHON", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600,
                          env={**environment, "TMPDIR": str(tmp)}, **options)


def notebook_cell(folder, tmp):
    """What the notebook's last cell prints, run in the handout folder by the venv's interpreter."""
    book = json.loads((folder / "homework.ipynb").read_text())
    code = "".join(book["cells"][-1]["source"])
    return run([sys.executable, "-c", code], folder, tmp).stdout


def test_a_student_unpacks_sets_up_and_checks_the_handout(tmp_path):
    if shutil.which("python3") is None:
        pytest.skip("no python3 on PATH for ./setup to find")
    dist, folder, tmp = tmp_path / "dist", tmp_path / "student" / "homework", tmp_path / "tmp"
    tmp.mkdir()
    assert cli.main(["package", "--handout", "--assignment", SELECTION, "--out", str(dist)]) == 0
    unpack(dist / "student.zip", folder)

    setup = run(["./setup"], folder, tmp)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert setup.stdout.endswith("Ready: run ./check to check your work.\n"), setup.stdout

    starter = run(["./check"], folder, tmp)
    assert starter.returncode == 0, starter.stdout + starter.stderr
    lines = starter.stdout.splitlines()
    assert len(lines) < 40, starter.stdout
    table = [line for line in lines if re.match(r"\s+0 / \d+\s+\S+\.py:\w+\s+not written yet$", line)]
    assert len(table) == len(FUNCTIONS) and "word2vec.py:sigmoid" in starter.stdout, starter.stdout
    assert "Start with" in starter.stdout and "is not implemented yet" in starter.stdout, starter.stdout
    assert "Advice" not in starter.stdout and "..." not in starter.stdout

    word2vec = (folder / "word2vec.py").read_text()
    reference = (PROJECT / "reference" / "word2vec.py").read_text()
    (folder / "word2vec.py").write_text(word2vec.replace(function_source(word2vec, "sigmoid"),
                                                         function_source(reference, "sigmoid")))
    one = run(["./check", "--results", "results.json"], folder, tmp)
    assert one.returncode == 0, one.stdout + one.stderr
    assert re.search(r"\s(\d+) / \1\s+word2vec\.py:sigmoid\s+ok$", one.stdout, re.M), one.stdout
    assert len(re.findall("not written yet$", one.stdout, re.M)) == len(FUNCTIONS) - 1, one.stdout
    document = json.loads((folder / "results.json").read_text())
    assert document["score"] > 0 and all(t["visibility"] == "visible" for t in document["tests"])

    cell = notebook_cell(folder, tmp)
    assert "the public checks of" in cell and len(re.findall("not written yet$", cell, re.M)) == len(FUNCTIONS)
    (folder / ".venv").rename(folder / ".venv-moved")
    assert notebook_cell(folder, tmp).startswith("./check: the checks are not set up yet; run ./setup once")
    assert list(tmp.iterdir()) == [], "the checks left files in the temporary folder"
