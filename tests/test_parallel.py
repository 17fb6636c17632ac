"""Grading the student files in two processes gives exactly what one process gives:
the same tests, in the same order, with the same points, verdicts and messages."""
import json
import subprocess
import sys

import pytest

from tests.toy_grading import REFERENCE, SUBMISSIONS, TOY

pytestmark = pytest.mark.slow


def graded(submission, results, jobs):
    """The results document of the command line, run as its own (single-threaded) process."""
    subprocess.run([sys.executable, "-m", "autograder", "grade", "--assignment-dir", str(TOY), "--submission",
                    str(submission), "--results", str(results), "--jobs", str(jobs), "--quiet"], check=True)
    return json.loads(results.read_text())


@pytest.mark.parametrize("submission", [REFERENCE, SUBMISSIONS / "alias_wrong"], ids=["right", "half wrong"])
def test_two_processes_grade_as_one(tmp_path, submission):
    one, two = (graded(submission, tmp_path / f"{jobs}.json", jobs) for jobs in (1, 2))
    assert (one["extra_data"]["processes"], two["extra_data"]["processes"]) == (1, 2)
    fields = ("name", "number", "score", "max_score", "status", "output", "visibility", "tags")
    assert [[t.get(f) for f in fields] for t in two["tests"]] == [[t.get(f) for f in fields] for t in one["tests"]]
    assert (two["score"], two["output"]) == (one["score"], one["output"])
    assert two["extra_data"]["harness_errors"] == [] == one["extra_data"]["harness_errors"]
