"""Grade one submission: run the graded suites in pytest against a sandbox."""
import os
import sys
import time

import pytest
from hypothesis import settings

from autograder.plugin import GradingPlugin
from autograder.report import gradescope, terminal
from autograder.sandbox.client import Sandbox


def grade(submission_dir, assignment, public_only=False, profile="full", only_files=(), slowest=0):
    """Return (results document, terminal report text).

    only_files: grade only the functions of these student files;
    slowest: list that many of the slowest tests in the report.
    """
    started = time.monotonic()
    settings.load_profile(profile)
    tiers = ["public"] if public_only else ["public", "hidden"]
    sandbox = Sandbox(submission_dir, assignment, assignment.limits)
    plugin = GradingPlugin(sandbox, assignment, only_files)
    arguments = [assignment.tier_dir(t) for t in tiers if os.path.isdir(assignment.tier_dir(t))]
    arguments += ["-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:randomly",
                  f"--rootdir={assignment.folder}", "-c", os.devnull]
    sys.path.insert(0, assignment.folder)  # suites import the assignment's hints package
    try:
        code = pytest.main(arguments, plugins=[plugin])
    finally:
        sandbox.close()
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"the graded suites did not run (pytest exit code {int(code)}): "
                           + ("; ".join(plugin.problems) or "run pytest on the assignment folder to see why"))
    results = list(plugin.results.values())
    report = terminal.render(f"{assignment.title}: {os.path.abspath(submission_dir)}", results, slowest)
    summary = summary_text(results)
    return gradescope.results_document(results, time.monotonic() - started, summary), report


def summary_text(results):
    total = sum(r.score for r in results)
    possible = sum(r.max_score for r in results)
    failed = sum(r.status == "failed" for r in results)
    text = f"{total:g} / {possible:g} points; {len(results) - failed} of {len(results)} tests passed."
    if any(r.visibility != "visible" for r in results):
        text += " Some tests are hidden until the due date or until grades are published."
    return text
