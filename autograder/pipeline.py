"""One submission's path, each stage once:

    prepare   check the input, read the assignment, its limits and the policies' decision
    grade     grading.suites.grade: the records of the graded suites, nothing else
    report    report.document.build: the one results document every output is read from

grade() is `autograder.api.grade` (the API re-exports it); batch gradings call it in their
forked processes (batch/preforked.py). It writes results.json wherever it can, and ends in one of the
faults of autograder/faults.py when the submission was not graded, with the document that
says why attached (fault.document).
"""
import math
import os
import tempfile
import time
import traceback

from autograder import PROJECT
from autograder.assignment import Assignment
from autograder.faults import ConfigurationError, GraderFault, SubmissionError
from autograder.report import document as results_document
from autograder.report import policy, results_json
from autograder.sandbox import limits as sandbox_limits
from autograder.submission.prepare import check_source

ASSIGNMENT_DIR = os.path.join(PROJECT, "assignment")
GRADER_FAILED = ("The autograder itself failed, so this submission was not graded; this is not a problem "
                 "with your submission, and your instructor can see why.")
CHECK_FAILED = ("The checks themselves failed, not because of your code; send your instructor the error below, "
                "with your Python version and system.")


def cores() -> int:
    """The cores this process may run on (the most --jobs takes)."""
    return len(os.sched_getaffinity(0))


def usable_cores(cgroup_root="/sys/fs/cgroup", membership="/proc/self/cgroup") -> int:
    """The cores this process may run on, fewer where a CPU quota grants less time: a container's --cpus,
    such as Gradescope's half core, leaves every core visible but grants a fraction of one, and a second
    grading process there would only pay its start-up twice."""
    quota = cpu_quota(cgroup_root, membership)
    return max(1, min(cores(), math.ceil(quota))) if quota else cores()


def cpu_quota(cgroup_root, membership) -> float | None:
    """The CPU time, in cores, that this process's cgroup and its parents grant at most (v2 cpu.max, v1
    cpu.cfs_quota_us over cpu.cfs_period_us), or None where none sets a quota."""
    try:
        with open(membership) as listing:
            groups = [line.rstrip("\n").split(":", 2) for line in listing]
    except OSError:
        return None
    quotas = []
    for _, controllers, path in (group for group in groups if len(group) == 3):
        if controllers == "":  # the v2 hierarchy
            mounts, files = [cgroup_root], ("cpu.max", None)
        elif "cpu" in controllers.split(","):
            mounts, files = [os.path.join(cgroup_root, controllers)], ("cpu.cfs_quota_us", "cpu.cfs_period_us")
        else:
            continue
        for mount in mounts:
            # Inside a container the listed path may not exist under the mount, which is the container's own
            # group: walk up from it to the mount itself.
            folder = os.path.normpath(os.path.join(mount, path.lstrip("/")))
            while True:
                quotas.append(_quota(folder, *files))
                if folder == mount or not folder.startswith(mount + os.sep):
                    break
                folder = os.path.dirname(folder)
    quotas = [q for q in quotas if q]
    return min(quotas) if quotas else None


def _quota(folder, quota_file, period_file):
    """The cores' worth of CPU time the cgroup at folder grants, or None (no quota, no such file)."""
    try:
        with open(os.path.join(folder, quota_file)) as handle:
            fields = handle.read().split()
        if period_file is not None:
            with open(os.path.join(folder, period_file)) as handle:
                fields += handle.read().split()
        quota, period = int(fields[0]), int(fields[1])
    except (OSError, ValueError, IndexError):  # v2 writes "max" for no quota, v1 -1
        return None
    return quota / period if quota > 0 and period > 0 else None


def default_jobs() -> int:
    """One process per core the grader may use, at most two: each holds a worker of up to memory_mb."""
    return max(1, min(2, usable_cores()))


def jobs_problem(jobs):
    """Why --jobs N cannot be used (one sentence), or None: every verb takes 1 to the number of cores."""
    if jobs is None or 1 <= jobs <= cores():
        return None
    return f"--jobs {jobs}: give a number from 1 to {cores()}, the cores of this machine"


def results_problem(path):
    """Why results.json cannot be written at path (one sentence), or None."""
    if os.path.isdir(path):
        return f"--results {path} is a folder; give a file path such as --results {os.path.join(path, 'results.json')}"
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".results-probe-")
        os.close(handle)
        os.remove(probe)
    except OSError as error:
        why = ("part of that path is a file, not a folder" if isinstance(error, (FileExistsError, NotADirectoryError))
               else error.strerror or str(error))
        return (f"cannot write --results {path} ({why}); give a path in a folder you can write, "
                "such as --results results.json")
    return None


def grade(*, submission, assignment=None, assignment_dir=None, results=None, metadata=None, public_only=False,
          profile="full", call_timeout=None, budget=None, only=(), select=(), jobs=None, record=None,
          checking=False, shrink=True) -> dict:
    """Grade one submission; return its results document (Gradescope's results.json, also written to
    `results` when given).

    submission: a folder or an archive; assignment: the name of one of the manifest's assignments (None:
    its default_assignment); assignment_dir: the assignment folder (None: the project's assignment/);
    metadata: Gradescope's submission_metadata.json, for rubric.json's policies; public_only: only the
    tests students get; profile: "full" or "quick"; call_timeout, budget: seconds (None: the manifest's);
    only: grade only the functions of these student files; select: graded test ids ("public/test_x.py::t");
    jobs: grading processes (None: one per core, at most 2); record: a JSON file to write the shapes of
    every call into; checking: a student's own check (a failure of the grader is worded for the student);
    shrink=False: a failing property test ends at its first failing example (the same verdict and points;
    for the audit, which reads only those).

    Raises ConfigurationError (the command line or the assignment), SubmissionError (nothing gradable)
    or GraderFault, each with the results document that says so as `document` (none when `results` or
    `jobs` is unusable: then nothing is written).
    """
    started = time.monotonic()
    problem = jobs_problem(jobs) or (results and results_problem(results))
    if problem:
        raise ConfigurationError(problem)
    try:
        document = stages(submission, assignment_dir or ASSIGNMENT_DIR, assignment, metadata,
                          {"call_timeout": call_timeout, "budget": budget},
                          dict(public_only=public_only, profile=profile, only=tuple(only), select=tuple(select),
                               jobs=jobs or default_jobs(), record=record, shrink=shrink))
    except Exception as error:
        fault = ended_by(error, time.monotonic() - started, checking)
        if results:
            results_json.write_results(fault.document, results)
        if fault is error:
            raise
        raise fault from error
    if results:
        results_json.write_results(document, results)
    return document


def stages(submission, assignment_dir, selection, metadata, limits, options):
    """Prepare, grade, report: the results document. options: grading.suites.grade's keywords."""
    from autograder.grading import suites  # pytest and hypothesis: loaded once the input is known to be there
    check_source(submission)
    assignment = Assignment(assignment_dir, selection)
    try:
        limits = sandbox_limits.resolve(assignment.limits, limits)
    except ValueError as error:
        raise ConfigurationError(str(error)) from None
    decision = policy.decide(assignment.policies, metadata)
    if decision.kept is not None:  # too soon after the last graded submission: its results stand
        return decision.kept
    graded = suites.grade(submission=submission, assignment=assignment, limits=limits, **options)
    return results_document.build(graded, assignment, submission, decision)


def ended_by(error, seconds, checking):
    """The fault that ends a grading on `error`, with its results document: the input's and the
    configuration's faults say what to fix; anything else is the grader's own, with its traceback."""
    if isinstance(error, (ConfigurationError, SubmissionError)):
        error.document = results_json.failure_document(
            f"The autograder could not grade this submission: {str(error).rstrip('.')}.", seconds)
        return error
    message = CHECK_FAILED if checking else GRADER_FAILED
    fault = error if isinstance(error, GraderFault) else GraderFault(message)
    fault.document = results_json.failure_document(message, seconds, {"harness_errors": [
        {"test": None, "traceback": traceback.format_exc()}]})
    return fault
