"""One grading of a batch: api.grade of one submission in a process of its own, forked from a warm
process (preforked.py) and killed past a timeout, read back as an Outcome. A local batch (grade_class.py) and a
Dask worker (cluster.py) both run it, so a class gets the same results wherever it is graded."""
import dataclasses
import json
import os
import tempfile
import threading
import time

from autograder.batch.preforked import PreforkedGrader, PreforkedGraderDied
from autograder.faults import ConfigurationError, SubmissionError
from autograder.report import results_json
from autograder.report.classout import GRADED, HARNESS_ERROR, NOT_GRADED, safe

GRADING_TIMEOUT = 1800  # seconds for one whole grading: far above the per-submission budget of student code


class BatchError(ConfigurationError):
    """SUBMISSIONS cannot be graded as a class. str() says what to do."""


@dataclasses.dataclass
class Outcome:
    document: dict
    status: str               # GRADED, NOT_GRADED or HARNESS_ERROR
    reason: str = ""          # why not graded, or what failed
    seconds: float = 0.0      # the whole grading, process start included


def grade_outcome(submission, results_path, options=None, timeout=GRADING_TIMEOUT, report_path=None, grader=None):
    """Run the grader on one submission in its own process, forked from `grader` (a PreforkedGrader; a new one
    when None); return its Outcome. options: keywords of api.grade (pipeline.grade) besides submission
    and results, e.g. {"profile": "quick", "only": ["softmax.py"]}; report_path: where the terminal
    report goes (None: nowhere).

    A grading that crashes or outlives `timeout` gets a results document that says
    so (score 0), so that one submission never stops the others.
    """
    if grader is None:
        with PreforkedGrader() as grader:
            return grade_outcome(submission, results_path, options, timeout, report_path, grader)
    started = time.monotonic()
    outcome = _graded(submission, results_path, options, timeout, report_path, grader)
    outcome.seconds = time.monotonic() - started
    return outcome


def _graded(submission, results_path, options, timeout, report_path, grader):
    if os.path.exists(results_path):
        os.remove(results_path)  # what is read below is this grading's, never an earlier one's
    returncode, stderr = run_grading(grading(submission, results_path, options), report_path, timeout, grader)
    return judged(returncode, stderr, results_path, timeout)


def grading(submission, results_path, options):
    """api.grade's keywords of one grading of a batch (str paths; options: keywords besides these)."""
    # One process per grading (jobs 1, unless options say otherwise): the batch itself fills the cores.
    return {"submission": submission, "results": results_path, "jobs": 1, **(options or {})}


def judged(returncode, stderr, results_path, timeout):
    """The Outcome of a grading that exited with `returncode` (None: killed past `timeout` seconds) and left
    results_path (JSON, or nothing) and the end of its stderr (str)."""
    if returncode is None:
        return failed(f"the grading did not finish within {timeout:g} s", results_path)
    try:  # the grader writes results whenever it can, saying why it could not grade
        with open(results_path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        return failed(f"the grader exited with status {returncode} and wrote no readable results "
                      f"({type(error).__name__}): {stderr[-2000:]}", results_path)
    if returncode == 0:
        errors = document.get("extra_data", {}).get("harness_errors") or []
        return Outcome(document, HARNESS_ERROR if errors else GRADED,
                       f"the grader failed on {len(errors)} tests" if errors else "")
    status = NOT_GRADED if returncode == SubmissionError.exit_status else HARNESS_ERROR
    return Outcome(document, status, document.get("output", ""))


def failed(problem, results_path):
    """The harness-error Outcome of a grading that gave no results, saying `problem` (one sentence, no
    final stop); its results document (score 0) is written to results_path."""
    document = results_json.failure_document(f"The autograder failed on this submission: {problem}", 0.0,
                                           {"harness_errors": [{"test": None, "traceback": problem}]})
    results_json.write_results(document, results_path)
    return Outcome(document, HARNESS_ERROR, problem)


def run_grading(grading, report_path, timeout, grader):
    """(exit status, or None past the timeout; the end of its stderr) of api.grade(**grading) forked from
    `grader`, with its terminal report in report_path (or nowhere)."""
    with tempfile.NamedTemporaryFile(prefix="autograder-stderr-") as stderr:
        try:
            returncode = grader.run(grading, report_path, stderr.name, timeout)
        except (PreforkedGraderDied, OSError) as error:  # the next grading of this thread starts a new one
            return 1, f"the warm grading process failed: {error}"
        return returncode, safe(stderr.read()[-4000:])


class PreforkedGraders:
    """One PreforkedGrader per thread of a pool, started on the thread's first grading, all closed at the end."""

    def __init__(self, cwd=None):
        """cwd: the warm processes' working folder (None: this process's)."""
        self.local, self.started, self.lock, self.cwd = threading.local(), [], threading.Lock(), cwd

    def mine(self) -> PreforkedGrader:
        if getattr(self.local, "grader", None) is None or self.local.grader.process.poll() is not None:
            self.local.grader = PreforkedGrader(self.cwd)
            with self.lock:
                self.started.append(self.local.grader)
        return self.local.grader

    def grade_outcome(self, *arguments):
        """grade_outcome(*arguments), forked from this thread's PreforkedGrader."""
        return grade_outcome(*arguments, grader=self.mine())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for grader in self.started:
            grader.close()
