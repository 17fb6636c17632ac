"""Grade one submission: prepare its scratch folder, then run the graded suites
in pytest against a sandbox, then build the reports.

The path of a submission: prepare() copies it (regular files only, within size
limits), turns notebooks into modules and hands the folder to the sandbox uid;
pytest collects the suites, checking every test's metadata; each test's
`student` fixture gets a Session whose calls a forked child of the worker
serves; the plugin records each outcome (passed, the student's failure, or a
harness error); the reports are built from those records.
"""
import json
import os
import sys
import time

import pytest
from hypothesis import settings

from autograder.assignment import TIERS, AssignmentError
from autograder.plugin import GradingPlugin
from autograder.report import gradescope, terminal
from autograder.sandbox import process
from autograder.session import HarnessFault, Sandbox
from autograder.submission.prepare import prepare

# No configuration file, no cache, no terminal output; and none of the plugins whose work nobody reads here:
# suites check with autograder.checks, not bare asserts, and a garbage collection per test finds no leaks to report.
PYTEST_OPTIONS = ["-c", os.devnull, "--assert=plain", *(f"-pno:{name}" for name in (
    "cacheprovider", "terminal", "randomly", "unraisableexception", "threadexception", "logging", "junitxml",
    "pastebin", "doctest", "nose", "stepwise", "lsp", "legacypath"))]


class SuiteError(Exception):
    """The graded suites could not run (a suite does not import, bad metadata): the grader's fault."""


def grade(submission_dir, assignment, limits, public_only=False, profile="full", only_files=(), select=(),
          slowest=0, record=None):
    """Return (results document, terminal report text).

    limits: the resolved limits (sandbox.limits.resolve); only_files: grade only the
    functions of these student files; select: node ids ("public/test_x.py::test_y")
    (or whole suite files) to run instead of whole tiers; slowest: list that many of the slowest tests;
    record: a file to write the shapes of every answered call into (JSON; for `autograder audit`).
    """
    started = time.monotonic()
    phases = {}
    arguments = suite_paths(assignment, public_only, only_files, select)
    user = process.sandbox_user()
    if user:
        process.check_interpreter_reachable()
        process.hide_from_student_code([assignment.folder, assignment.reference_dir])
    isolation = process.isolation()
    scratch, fault = None, None
    try:
        scratch = prepare(submission_dir, assignment, user)
    except Exception as error:  # every test then reports the grader's failure, with this reason
        fault = HarnessFault(f"preparing the submission failed: {type(error).__name__}: {error}")
    phases["prepare"] = time.monotonic() - started

    settings.load_profile(profile)
    sandbox = Sandbox(scratch, assignment, limits, fault)
    if record:
        sandbox.calls = []
    plugin = GradingPlugin(sandbox, assignment, only_files, select)
    # Suites import the assignment's shared modules (hints, ...) from its folder.
    sys.path.insert(0, assignment.folder)
    tests_started = time.monotonic()
    try:
        code = pytest.main([*arguments, *PYTEST_OPTIONS, f"--rootdir={assignment.folder}"], plugins=[plugin])
    finally:
        sys.path.remove(assignment.folder)
        sandbox.close()
        process.hide_from_student_code([])
        if scratch is not None:
            scratch.remove()
    phases["tests"] = time.monotonic() - tests_started
    if record:
        with open(record, "w", encoding="utf-8") as handle:
            json.dump(sandbox.calls, handle)
    # Within "tests": starting workers, forking one child per test, waiting on student code, and the rest
    # (input generation, expected values and checks in the grader).
    phases["worker start"] = sandbox.starting
    phases["test starts"] = sandbox.test_starts
    phases["student calls"] = sandbox.spent - sandbox.test_starts
    phases["generation and checks"] = phases["tests"] - sandbox.starting - sandbox.spent
    if plugin.unknown_selected and not (plugin.broken_suites or plugin.problems):
        raise AssignmentError("\n".join(plugin.unknown_selected))
    if plugin.broken_suites or plugin.problems or code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SuiteError("\n".join(plugin.broken_suites + plugin.problems)
                         or f"pytest stopped with exit code {int(code)} before grading")

    report_started = time.monotonic()
    results = list(plugin.results.values())
    report = terminal.render(f"{assignment.title}: {os.path.abspath(submission_dir)}", results, slowest,
                             scratch.skipped if scratch else [], sandbox.survivors)
    phases["report"] = time.monotonic() - report_started
    extra = {"limits": limits, "phases": {k: round(v, 4) for k, v in phases.items()},
             "harness_errors": [{"test": r.node, "traceback": r.harness_error} for r in results if r.harness_error],
             "skipped_files": scratch.skipped if scratch else [], "isolation": isolation,
             "survivors": sandbox.survivors}
    return gradescope.results_document(results, time.monotonic() - started, summary_text(results), extra), report


def suite_paths(assignment, public_only, only_files, select):
    """The suite files or tier folders pytest collects; AssignmentError for a name that is not there."""
    files = {f.split(":")[0] for f in assignment.functions}
    unknown = sorted(set(only_files) - files)
    if unknown:
        raise AssignmentError(f"--only {', '.join(unknown)}: not a graded file; the graded files are "
                              f"{', '.join(sorted(files))}")
    for node in select:
        if not os.path.isfile(os.path.join(assignment.folder, node.split("::")[0])):
            raise AssignmentError(f"--select {node}: there is no such suite; give tier/test_file.py::test_name, "
                                  f"e.g. {assignment.example_test()}")
    return sorted({os.path.join(assignment.folder, node.split("::")[0]) for node in select}) or [
        assignment.tier_dir(t) for t in (["public"] if public_only else ["public", "hidden"])
        if os.path.isdir(assignment.tier_dir(t))]


def summary_text(results):
    """The student-visible summary. It counts only the tests a student sees at once: counts
    that include hidden tests would tell, before the due date, how many of those failed."""
    shown = [r for r in results if r.visibility == "visible"]
    total, possible = sum(r.score for r in shown), sum(r.max_score for r in shown)
    passed = sum(r.status == "passed" for r in shown)
    text = f"{total:g} / {possible:g} points; {passed} of {len(shown)} tests passed."
    if len(shown) < len(results):
        text = (f"On the tests you can see now: {text} The other tests are shown after the due date "
                "or when grades are published.")
    if any(r.harness_error for r in shown):
        text += " The grader itself failed on some tests, not because of your code; your instructor can see why."
    return text


def validate(assignment):
    """Collect every suite with its metadata checked, running nothing; return the number
    of graded tests, or raise SuiteError with each broken suite's file, line and error."""
    plugin = GradingPlugin(None, assignment)
    sys.path.insert(0, assignment.folder)
    try:
        code = pytest.main([*(assignment.tier_dir(t) for t in TIERS if os.path.isdir(assignment.tier_dir(t))),
                            "--collect-only", *PYTEST_OPTIONS, f"--rootdir={assignment.folder}"], plugins=[plugin])
    finally:
        sys.path.remove(assignment.folder)
    if plugin.broken_suites or plugin.problems or code != pytest.ExitCode.OK:
        raise SuiteError("\n".join(plugin.broken_suites + plugin.problems) or f"pytest exit code {int(code)}")
    return plugin.collected
