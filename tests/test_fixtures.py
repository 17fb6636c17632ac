"""Every known-answer file in assignment/fixtures/ is what its generator next to it writes.

Each generator (make_<name>_known_answers.py) rebuilds its JSON from the reference or the
handout's published values; with --check it exits 0 when the committed file is up to date
and 1 when it is stale.
"""
import glob
import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "assignment", "fixtures")
GENERATED = ("softmax", "word2vec", "optim", "answers", "neural", "softmaxreg", "language_model")


def generator(name):
    return os.path.join(FIXTURES, f"make_{name}_known_answers.py")


def run(name, *args):
    return subprocess.run([sys.executable, generator(name), "--check", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_every_fixture_has_a_generator():
    fixtures = sorted(os.path.basename(p) for p in glob.glob(os.path.join(FIXTURES, "*.json")))
    assert fixtures == sorted(f"{name}_known_answers.json" for name in GENERATED)
    for name in GENERATED:
        assert os.path.isfile(generator(name)), name


@pytest.mark.parametrize("name", GENERATED)
def test_committed_fixture_is_up_to_date(name):
    result = run(name)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ("softmax", "optim"))
def test_check_fails_on_a_stale_fixture(name, tmp_path):
    stale = tmp_path / f"{name}_known_answers.json"
    shutil.copy(os.path.join(FIXTURES, stale.name), stale)
    text = stale.read_text(encoding="utf-8")
    stale.write_text(text.replace("0.73105858", "0.73105859", 1).replace("0.995", "0.996", 1), encoding="utf-8")
    result = run(name, "--out", str(stale))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stale" in result.stdout
