"""`make demo` grades the reference (full marks) and each bundled example
(which loses points exactly on the functions its edits break)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.demo import build_example

PROJECT = Path(__file__).resolve().parents[1]


def test_examples_still_apply_to_the_reference(tmp_path):
    for path in (PROJECT / "examples").glob("*.json"):
        build_example(json.loads(path.read_text()), tmp_path / path.stem)


@pytest.mark.slow
def test_demo_prints_both_score_tables():
    # On the quick profile, in one process: what is tested here is the demo; the reference's full grading is
    # test_grading's.
    completed = subprocess.run([sys.executable, "-m", "autograder.demo", "--profile", "quick", "--jobs", "1"],
                               cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    tables = completed.stdout.split("=== Grading ")
    assert len(tables) == 3
    reference, buggy = tables[1], tables[2]
    assert "FAIL" not in reference.split("First failure")[0]
    for function_id in ("softmax.py:softmax", "sigmoid.py:sigmoid_grad", "gradcheck.py:gradcheck_naive"):
        assert any(line.split()[:2] == ["FAIL", function_id] for line in buggy.splitlines())
    assert sum(line.strip().startswith("FAIL") for line in buggy.splitlines()) == 3
