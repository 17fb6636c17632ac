"""Helpers of the engine's tests: copies of the toy assignment (tests/toy/) and
gradings through the real command line, in-process.

The toy assignment grades two functions, double.py:double (alias
q1_double.py:double) and count.py:count_calls (called with the stand-in
"counter"); its rubric.json overrides a weight, a visibility and hide_errors.
"""
import contextlib
import io
import json
import os
import shutil
import sys
from pathlib import Path

from hypothesis import settings

from autograder import cli

TOY = Path(__file__).resolve().parent / "toy"
SUBMISSIONS = TOY / "submissions"
REFERENCE = TOY / "reference"  # also the correct submission


def toy_copy(destination: Path, without=(), files=None, manifest=None, rubric=None) -> Path:
    """A copy of the toy assignment at destination, less the paths in `without`,
    with `files` ({relative path: text}) written and manifest.json's keys updated
    by `manifest`; `rubric` (a dict) replaces rubric.json."""
    shutil.copytree(TOY, destination, ignore=shutil.ignore_patterns("submissions", "__pycache__"))
    for relative in without:
        path = destination / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for relative, text in (files or {}).items():
        (destination / relative).write_text(text)
    if manifest:
        data = json.loads((destination / "manifest.json").read_text())
        data.update(manifest)
        (destination / "manifest.json").write_text(json.dumps(data))
    if rubric is not None:
        (destination / "rubric.json").write_text(json.dumps(rubric))
    return destination


@contextlib.contextmanager
def forgetting_imports(folder):
    """Undo what an in-process grading leaves behind: the modules it imported from
    `folder` (suites, the reference; pytest would refuse a same-named suite of
    another copy), sys.path entries and the hypothesis profile; and keep the outer
    pytest's assertion rewriting away from the toy's suites meanwhile."""
    folder = os.path.realpath(folder) + os.sep
    modules, path, profile = set(sys.modules), list(sys.path), settings._current_profile
    finders = list(sys.meta_path)
    # The outer pytest's assertion rewriting would rewrite the toy's suites too (a real grading runs in a
    # fresh process, where the grader's --assert=plain holds).
    sys.meta_path[:] = [f for f in finders if type(f).__name__ != "AssertionRewritingHook"]
    try:
        yield
    finally:
        sys.meta_path[:] = finders
        for name in set(sys.modules) - modules:
            file = getattr(sys.modules[name], "__file__", None) or ""
            if os.path.realpath(file).startswith(folder):
                del sys.modules[name]
        sys.path[:] = path
        settings.load_profile(profile)


def grade(assignment, submission, results_path, *options, verb=("grade",), status=0):
    """Run `autograder grade` in-process; return (results.json as a dict, the terminal report).
    verb=(): no verb, as run_autograder calls it; status: the exit status it must give
    (autograder/faults.py's: 0 graded, 1 the grader failed, 2 the configuration or the command line,
    3 nothing gradable in the submission)."""
    report = io.StringIO()
    with forgetting_imports(assignment), contextlib.redirect_stdout(report):
        # One process (unless options say otherwise): what a test patches or records here stays here.
        code = cli.main([*verb, "--assignment-dir", str(assignment), "--submission", str(submission),
                         "--results", str(results_path), "--jobs", "1", *options])
    assert code == status
    return json.loads(Path(results_path).read_text()), report.getvalue()


def by_number(results):
    """{number: test entry} of a results.json; the toy's @number values are unique."""
    return {t["number"]: t for t in results["tests"]}
