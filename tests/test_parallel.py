"""Grading a submission in two processes gives exactly what one process gives:
the same tests, in the same order, with the same points, verdicts and messages."""
import json
import os
import subprocess
import sys

import pytest

from autograder.grading.suites import LockedFileCounter
from autograder.packaging.edits import build_edited
from tests.mutants import REFERENCE as HOMEWORK
from tests.toy_grading import REFERENCE, SUBMISSIONS, TOY

pytestmark = pytest.mark.slow


def graded(submission, results, jobs, options=("--assignment-dir", str(TOY))):
    """The results document of the command line, run as its own (single-threaded) process."""
    subprocess.run([sys.executable, "-m", "autograder", "grade", *options, "--submission", str(submission),
                    "--results", str(results), "--jobs", str(jobs), "--quiet"], check=True)
    return json.loads(results.read_text())


def same_results(one, two):
    fields = ("name", "number", "score", "max_score", "status", "output", "visibility", "tags")
    assert [[t.get(f) for f in fields] for t in two["tests"]] == [[t.get(f) for f in fields] for t in one["tests"]]
    assert (two["score"], two["output"]) == (one["score"], one["output"])


@pytest.mark.parametrize("submission", [REFERENCE, SUBMISSIONS / "alias_wrong"], ids=["right", "half wrong"])
def test_two_processes_grade_as_one(tmp_path, submission):
    one, two = (graded(submission, tmp_path / f"{jobs}.json", jobs) for jobs in (1, 2))
    assert (one["extra_data"]["processes"], two["extra_data"]["processes"]) == (1, 2)
    same_results(one, two)
    assert two["extra_data"]["harness_errors"] == [] == one["extra_data"]["harness_errors"]


def test_a_gate_holds_when_its_test_ran_in_the_other_process(tmp_path):
    """Uniform rows pass softmax's row properties, which count only with its known answers (they fail):
    whichever process ran each, the merged results withhold those points."""
    uniform = "import numpy as np\n\n\ndef softmax(x):\n    return np.ones(np.shape(x)) / np.shape(x)[-1]\n"
    build_edited(HOMEWORK, [], str(tmp_path / "uniform"))
    (tmp_path / "uniform" / "softmax.py").write_text(uniform)
    options = ("--only", "softmax.py", "--only", "sigmoid.py", "--profile", "quick")
    one, two = (graded(tmp_path / "uniform", tmp_path / f"{jobs}.json", jobs, options) for jobs in (1, 2))
    assert two["extra_data"]["processes"] == 2
    same_results(one, two)
    gated = [t for t in two["tests"] if "count only together with" in t["output"]]
    assert len(gated) == 3 and all(t["score"] == 0 for t in gated)


def test_the_counter_gives_each_number_to_one_process_only():
    claim = LockedFileCounter()
    reads = []
    for _ in range(2):
        read, write = os.pipe()
        if os.fork() == 0:
            os.close(read)
            os.write(write, " ".join(str(claim()) for _ in range(200)).encode())
            os._exit(0)
        os.close(write)
        reads.append(read)
    numbers = []
    for read in reads:
        with open(read) as pipe:
            numbers += [int(n) for n in pipe.read().split()]
    os.wait(), os.wait()
    assert sorted(numbers) == list(range(400))
