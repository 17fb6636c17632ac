"""Gradings forked from a warm process (api.grade's keywords) give what a fresh `python -m autograder` gives; one that
runs past its timeout is killed and the warm process goes on; a warm process that dies costs
the grading it was running, and the next grading starts a new one."""
import json
import os
import signal
import subprocess
import sys

import pytest

from autograder.batch import outcome
from autograder.batch.preforked import PreforkedGrader
from tests.toy_grading import REFERENCE, SUBMISSIONS, TOY

pytestmark = pytest.mark.slow


def argv(submission, results):
    return ["grade", "--assignment-dir", str(TOY), "--submission", str(submission), "--results", str(results),
            "--jobs", "1"]


def keywords(submission, results):
    """api.grade's keywords for what argv() says."""
    return {"assignment_dir": str(TOY), "submission": str(submission), "results": str(results), "jobs": 1}


def comparable(path):
    document = json.loads(path.read_text())
    document.pop("execution_time")
    document["extra_data"].pop("phases")
    document["extra_data"].pop("test_seconds")
    return document


def test_a_warm_grading_gives_what_a_fresh_process_gives(tmp_path):
    for submission in (REFERENCE, SUBMISSIONS / "alias_wrong"):
        with open(tmp_path / "fresh.txt", "wb") as report:
            fresh = subprocess.run([sys.executable, "-m", "autograder", *argv(submission, tmp_path / "fresh.json")],
                                   stdin=subprocess.DEVNULL, stdout=report, stderr=subprocess.PIPE, timeout=60)
        with PreforkedGrader() as grader:
            status = grader.run(keywords(submission, tmp_path / "warm.json"), str(tmp_path / "warm.txt"),
                                str(tmp_path / "warm.err"), 60)
        assert (status, fresh.returncode) == (0, 0), (fresh.stderr, (tmp_path / "warm.err").read_text())
        assert comparable(tmp_path / "warm.json") == comparable(tmp_path / "fresh.json")
        assert (tmp_path / "warm.txt").read_text() == (tmp_path / "fresh.txt").read_text()


def test_a_wrong_call_gives_its_status_and_message(tmp_path):
    with PreforkedGrader() as grader:
        status = grader.run({"submission": str(REFERENCE), "no_such_option": True}, None, str(tmp_path / "err"), 60)
    assert status == 2 and "unexpected keyword argument 'no_such_option'" in (tmp_path / "err").read_text()


def test_a_grading_past_its_timeout_is_killed_and_the_next_one_runs(tmp_path):
    with PreforkedGrader() as grader:
        assert grader.run(keywords(REFERENCE, tmp_path / "slow.json"), None, str(tmp_path / "err"), 0.05) is None
        assert grader.run(keywords(REFERENCE, tmp_path / "next.json"), None, str(tmp_path / "err"), 60) == 0
    assert json.loads((tmp_path / "next.json").read_text())["score"] > 0


def test_a_warm_process_that_dies_costs_one_grading_only(tmp_path):
    graders = outcome.PreforkedGraders()
    with graders:
        grader = graders.mine()
        os.kill(grader.process.pid, signal.SIGKILL)
        grader.process.wait()
        lost = outcome.grade_outcome(str(REFERENCE), str(tmp_path / "lost.json"),
                                   {"assignment_dir": str(TOY)}, grader=grader)
        assert lost.status == outcome.HARNESS_ERROR and "warm grading process" in lost.reason
        again = outcome.grade_outcome(str(REFERENCE), str(tmp_path / "again.json"),
                                    {"assignment_dir": str(TOY)}, grader=graders.mine())
    assert again.status == outcome.GRADED and again.document["score"] > 0
