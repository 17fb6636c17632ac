"""Grade one submission: prepare its scratch folder, then run the graded suites
in pytest against a sandbox; return the records (Graded), from which the report
stage (report/document.py) builds every output.

The path of a submission: prepare() copies it (regular files only, within size
limits), turns notebooks into modules and hands the folder to the sandbox uid;
pytest collects the suites, checking every test's metadata; each test's
`student` fixture gets a Session whose calls a forked child of the worker
serves; the plugin records each outcome (passed, the student's failure, or a
harness error); grade() returns those records.
"""
import dataclasses
import difflib
import fcntl
import fnmatch
import gc
import json
import os
import sys
import tempfile
import threading
import time
import traceback

import pytest

from autograder.assignment import TIERS, AssignmentError
from autograder.checks import profiles
from autograder.faults import GraderFault, SubmissionError
from autograder.grading.plugin import GradingPlugin, ReferenceLoader, names_function
from autograder.grading.test_result import TestResult, apply_gates
from autograder.sandbox import process
from autograder.sandbox.calls import Sandbox
from autograder.sandbox.replies import HarnessFault
from autograder.submission.bounds import Deadline
from autograder.submission.prepare import prepare

# No configuration file, no cache, no terminal output; and none of the plugins whose work nobody reads here:
# suites check with autograder.checks, not bare asserts, and a garbage collection per test finds no leaks to report.
# Of the installed plugins only hypothesis's is loaded (xdist and the like, from the test tools, are not).
PYTEST_OPTIONS = ["-c", os.devnull, "--assert=plain", "--disable-plugin-autoload", "-p", "_hypothesis_pytestplugin",
                  *(f"-pno:{name}" for name in (
                      "cacheprovider", "terminal", "randomly", "unraisableexception", "threadexception", "logging",
                      "junitxml", "pastebin", "doctest", "nose", "stepwise", "lsp", "legacypath"))]


class SuiteError(GraderFault):
    """The graded suites could not run (a suite does not import, bad metadata): the grader's fault."""


# The faults a grading process passes back to the one that forked it, by name.
PASSED_BACK = {error.__name__: error for error in (SubmissionError, AssignmentError, SuiteError)}


@dataclasses.dataclass
class Graded:
    """What grading one submission gave, and nothing else: the records the report stage
    (report.document.build) makes every output from."""
    results: list    # TestResult records in the order one process runs them, @counts_with gates applied
    limits: dict     # the limits in force (sandbox.limits.resolve)
    phases: dict     # seconds: prepare, tests, worker start, test starts, student calls, generation and checks
    processes: int   # grading processes
    isolation: list  # what confined student code (process.isolation)
    skipped: list    # "path: why" per file of the submission not graded
    survivors: list  # pids of the student's uid that outlived SIGKILL
    layout: dict     # how the files were found (a zip, a folder descended into)
    notes: list      # sentences for the student about how the files were found
    seconds: float   # the whole grading


def grade(*, submission, assignment, limits, public_only=False, profile="full", only=(), select=(), jobs=1,
          record=None, shrink=True) -> Graded:
    """Run the graded suites on one submission (a folder or archive path) and return their records.

    limits: the resolved limits (sandbox.limits.resolve); only: grade only the functions of these student
    files; select: node ids ("public/test_x.py::test_y") (or whole suite files) to run instead of whole tiers,
    with the tests their points count with (found among the suites of `only` when it is given);
    jobs: grade the submission in that many processes at once, each with its own copy and worker;
    record: a file to write the shapes of every answered call into (JSON; for `autograder audit`; the files
    are then graded in this process); shrink=False: a failing property test ends at its first failing
    example, not shrunk (checks/profiles.py: for runs that read only verdicts). SubmissionError when the
    submission holds nothing to grade, AssignmentError for an --only or --select that names nothing,
    SuiteError when the suites cannot run.
    """
    started = time.monotonic()
    arguments = suite_paths(assignment, public_only, only, select)
    if process.sandbox_user():
        process.check_interpreter_reachable()
    isolation = process.isolation()
    profiles.use(profile, shrink)
    files = sorted(set(only) or {f.split(":")[0] for f in assignment.functions})
    if not public_only:
        preload_reference(assignment, files)
    # Forking is safe only from a grader with one thread (a test runner's may have more): otherwise,
    # and for one file or chosen tests, every test runs in this process.
    if jobs > 1 and len(files) > 1 and not select and not record and threading.active_count() == 1:
        runs = in_parallel(submission, assignment, limits, arguments, files, jobs)
    else:
        runs = [run_suites(submission, assignment, limits, arguments, only, select, bool(record))]
    if record:
        with open(record, "w", encoding="utf-8") as handle:
            json.dump(runs[0].calls, handle)
    order = runs[0].order
    results = sorted((r for run in runs for r in run.results), key=lambda r: order.get(r.node, len(order)))
    apply_gates(results)
    first = runs[0]
    phases = {"prepare": max(run.phases["prepare"] for run in runs),
              **{name: sum(run.phases[name] for run in runs) for name in first.phases if name != "prepare"}}
    return Graded(results, limits, phases, len(runs), isolation, first.skipped,
                  [pid for run in runs for pid in run.survivors], first.layout, first.notes,
                  time.monotonic() - started)


def preload_reference(assignment, files):
    """Import the reference's files before any student code runs (hidden tests then find them loaded),
    so nothing a submission does can reach what the grader imports."""
    if assignment.reference_dir is None or not os.path.isdir(assignment.reference_dir):
        return
    load = ReferenceLoader(assignment.reference_dir)
    for file in files:
        if os.path.isfile(os.path.join(assignment.reference_dir, file)):
            try:
                load(file)
            except Exception as error:
                raise SuiteError(f"the reference's {file} does not import: {type(error).__name__}: {error}") from None


@dataclasses.dataclass
class Run:
    """What the suites run against one prepared copy of the submission gave."""
    results: list   # TestResult records, in the order they ran
    phases: dict    # seconds: prepare, tests, worker start, test starts, student calls, generation and checks
    survivors: list
    skipped: list
    layout: dict
    notes: list
    order: dict     # test id -> its place among the collected tests
    calls: list = None  # what every answered call's arguments and value looked like, when recorded


def run_suites(submission_dir, assignment, limits, arguments, only_files=(), select=(), record=False,
               claim=None) -> Run:
    """Prepare a copy of the submission and its sandbox, then run pytest once on `arguments` (suite files or
    tier folders) against that one worker. claim: see GradingPlugin (None: every collected test)."""
    started = time.monotonic()
    scratch, fault = None, None
    try:
        scratch = prepare(submission_dir, assignment, process.sandbox_user(), only_files,
                          Deadline.for_budget(limits["budget"]))
    except SubmissionError:  # the input, not the grader: one message, no tests
        raise
    except Exception as error:  # every test then reports the grader's failure, with this reason
        fault = HarnessFault(f"preparing the submission failed: {type(error).__name__}: {error}")
    prepared = time.monotonic()
    sandbox = Sandbox(scratch, assignment, limits, fault)
    sandbox.calls = [] if record else None
    sandbox.start()  # a failure to start is reported by every test, which tries again
    plugin = GradingPlugin(sandbox, assignment, only_files, select, claim)
    # Suites import the assignment's shared modules (hints, ...) from its folder.
    sys.path.insert(0, assignment.folder)
    try:
        code = pytest.main([*arguments, *PYTEST_OPTIONS, f"--rootdir={assignment.folder}"], plugins=[plugin])
        if plugin.unknown_selected and not (plugin.broken_suites or plugin.problems):
            raise AssignmentError("\n".join(plugin.unknown_selected))
        if plugin.broken_suites or plugin.problems or code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            raise SuiteError("\n".join(plugin.broken_suites + plugin.problems)
                             or f"pytest stopped with exit code {int(code)} before grading")
    finally:
        sys.path.remove(assignment.folder)
        sandbox.close()
        if scratch is not None:
            scratch.remove()
    tests = time.monotonic() - prepared
    # Within "tests": starting workers, forking one child per test, waiting on student code, and the rest
    # (collection, input generation, expected values and checks in the grader).
    phases = {"prepare": prepared - started, "tests": tests, "worker start": sandbox.starting,
              "test starts": sandbox.test_starts, "student calls": sandbox.spent - sandbox.test_starts,
              "generation and checks": tests - sandbox.starting - sandbox.spent}
    return Run(list(plugin.results.values()), phases, sandbox.survivors, scratch.skipped if scratch else [],
               scratch.layout if scratch else {}, scratch.notes if scratch else [], plugin.order, sandbox.calls)


def in_parallel(submission_dir, assignment, limits, arguments, files, jobs):
    """[Run of each process]: `jobs` forked processes grade the submission, each collecting the suites
    once, then claiming the next test when done with one, so a slow test does not hold the others back.
    Each has its own copy of the submission, sandbox uid and worker; a test gets the same inputs and
    verdict as in one process (inputs depend on the test alone)."""
    claim = LockedFileCounter()
    children = []
    processes = min(jobs, len(files))
    # The submission's time budget is the same however many processes grade it: each runs on a share.
    limits = dict(limits, budget=limits["budget"] / processes)
    # The grading processes never free what they inherit (libraries, the reference): frozen, the collector
    # does not walk it, nor copy its pages. This process, which may be a test runner's, unfreezes once they run.
    gc.freeze()
    for _ in range(processes):
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a grading process: run tests until none is left, send back what they gave
            os.close(reply_read)
            try:
                run = run_suites(submission_dir, assignment, limits, arguments, files, claim=claim)
                message = {"run": dataclasses.asdict(run)}
            except tuple(PASSED_BACK.values()) as error:
                message = {"error": type(error).__name__, "message": str(error)}
            except BaseException:
                message = {"error": "SuiteError", "message": traceback.format_exc()}
            with open(reply_write, "w", encoding="utf-8") as reply:
                json.dump(message, reply)
            os._exit(0)
        os.close(reply_write)
        children.append((pid, reply_read))
    gc.unfreeze()
    runs, errors = [], []
    for pid, reply_read in children:
        with open(reply_read, encoding="utf-8") as reply:
            text = reply.read()
        os.waitpid(pid, 0)
        message = json.loads(text) if text else {"error": "SuiteError", "message": "a grading process died"}
        if "error" in message:
            errors.append(message)
            continue
        run = message["run"]
        run["results"] = [TestResult(**dict(r, counts_with=tuple(r["counts_with"]))) for r in run["results"]]
        runs.append(Run(**run))
    if errors:
        first = next((e for e in errors if e["error"] != "SuiteError"), errors[0])  # the input's fault first
        raise PASSED_BACK[first["error"]](first["message"])
    return runs


class LockedFileCounter:
    """A function giving 0, 1, 2, ... to the processes forked after it is made: the count is kept in
    a file under a POSIX lock, which a process that dies releases."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()

    def __call__(self) -> int:
        descriptor = self.file.fileno()
        fcntl.lockf(descriptor, fcntl.LOCK_EX)
        try:
            value = int.from_bytes(os.pread(descriptor, 8, 0), "little")
            os.pwrite(descriptor, (value + 1).to_bytes(8, "little"), 0)
        finally:
            fcntl.lockf(descriptor, fcntl.LOCK_UN)
        return value


def suite_paths(assignment, public_only, only_files, select):
    """The suite files or tier folders pytest collects; AssignmentError for a name that is not there."""
    files = {f.split(":")[0] for f in assignment.functions}
    unknown = sorted(set(only_files) - files)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(files), n=1)
        raise AssignmentError(f"--only {', '.join(unknown)}: not a graded file"
                              + (f" (did you mean {close[0]}?)" if close else "")
                              + f"; the graded files are {', '.join(sorted(files))}")
    for node in select:
        if not os.path.isfile(os.path.join(assignment.folder, node.split("::")[0])):
            raise AssignmentError(f"--select {node}: there is no such suite; give tier/test_file.py::test_name, "
                                  f"e.g. {assignment.example_test()}")
    tiers = [assignment.tier_dir(t) for t in (["public"] if public_only else ["public", "hidden"])
             if os.path.isdir(assignment.tier_dir(t))]
    if select and not only_files:
        return sorted({os.path.join(assignment.folder, node.split("::")[0]) for node in select})
    if only_files:  # only the suites that grade these files: collecting the others costs time and grades nothing
        # (a test's first tag must be written in its suite or a module the suite imports: the plugin checks)
        return [path for tier in tiers for path in suite_files(tier)
                if any(names_function(path, assignment.folder, f"{file}:") for file in only_files)]
    return tiers


def suite_files(folder):
    """The files under folder that pytest collects as suites (its default test_*.py and *_test.py)."""
    return sorted(os.path.join(parent, name) for parent, _, names in os.walk(folder) for name in names
                  if fnmatch.fnmatch(name, "test_*.py") or fnmatch.fnmatch(name, "*_test.py"))


def validate(assignment):
    """Collect every suite with its metadata checked, running nothing; return the number
    of graded tests, or raise SuiteError with each broken suite's file, line and error."""
    return collect(assignment).collected


def suite_functions(assignment):
    """{suite file ("public/test_x.py"): the function ids its tests grade}, of every suite."""
    suites = {}
    for test, function_id in collect(assignment).tagged.items():
        suites.setdefault(test.split("::")[0], set()).add(function_id)
    return suites


def collect(assignment):
    """The plugin after collecting every suite (SuiteError if one is broken)."""
    plugin = GradingPlugin(None, assignment)
    sys.path.insert(0, assignment.folder)
    try:
        code = pytest.main([*(assignment.tier_dir(t) for t in TIERS if os.path.isdir(assignment.tier_dir(t))),
                            "--collect-only", *PYTEST_OPTIONS, f"--rootdir={assignment.folder}"], plugins=[plugin])
    finally:
        sys.path.remove(assignment.folder)
    if plugin.broken_suites or plugin.problems or code != pytest.ExitCode.OK:
        raise SuiteError("\n".join(plugin.broken_suites + plugin.problems) or f"pytest exit code {int(code)}")
    return plugin
