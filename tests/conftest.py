"""What the project's tests share.

`make test` runs the tests on pytest-xdist workers, one per core (`make check`
leaves out the tests marked `slow`). A whole-submission grading is a process
of its own with wall-clock call timeouts, so the tests never run more
gradings at once than there are cores: under xdist each worker grades one
submission at a time; alone, a test may grade several side by side.
"""
import os
import pathlib

from autograder.sandbox import process

# tests/toy/ is an assignment (graded suites that need the grader's fixtures), not tests of this project.
collect_ignore = ["toy"]

# The profile for gradings of the corpora (mutants, hostile and compatibility
# submissions): fewer generated inputs per property test. A bug that only the
# full profile finds is the graded suites' business, not the engine's; the
# reference and the starter are graded on the full profile (tests/test_grading.py).
QUICK = {"profile": "quick"}  # api.grade's keywords: the quick profile


def under_xdist():
    return "PYTEST_XDIST_WORKER" in os.environ


def grading_jobs():
    """How many gradings one test process may run side by side (for grade_all's `jobs`)."""
    return 1 if under_xdist() else os.cpu_count()


def open_area_parent():
    """The project's out/, which the worker reaches as the test does when it runs without namespaces
    (AUTOGRADER_NAMESPACES=0; with them it sees no folder of the host); the system's temporary folder if the
    sandbox uid cannot reach out/."""
    out = pathlib.Path(__file__).resolve().parents[1] / "out"
    out.mkdir(exist_ok=True)
    return None if process.unreachable_by_others([str(out)]) else str(out)
