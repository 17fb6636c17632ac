"""The command line: one verb per job.

    autograder grade [--submission DIR] [--results FILE] ...   grade one submission into results.json
    autograder check DIR                                       a student's public checks of DIR
    autograder batch SUBMISSIONS OUT [--jobs N | --cluster ADDRESS]   grade a class: grades.csv, report.md, ...
    autograder build [--check]                                 check the suites, regenerate starter/
    autograder audit [--mutants DIR] [--variants DIR] ...      test the tests; writes audit.md
    autograder package --gradescope | --handout [--assignment NAME]   build dist/autograder.zip or the handout

`python -m autograder` with no verb grades, as Gradescope's run_autograder
calls it (`--batch DIR --out OUT` there is `batch DIR OUT`). grade and check
write results.json wherever they can and exit 0 when the submission was graded,
whatever the score; 2 when the input was wrong and nothing was graded (one
sentence says what to fix); 1 when the grader itself failed.
"""
import argparse
import os
import sys
import tempfile
import time
import traceback

from autograder.assignment import Assignment, AssignmentError
from autograder.packaging import HINT_LEVELS
from autograder.report import gradescope, policy, student
from autograder.sandbox import limits as sandbox_limits
from autograder.sandbox import process

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERBS = ("grade", "check", "batch", "build", "package", "audit")
GRADER_FAILED = ("The autograder itself failed, so this submission was not graded; this is not a problem "
                 "with your submission, and your instructor can see why.")
CHECK_FAILED = ("The checks themselves failed, not because of your code; send your instructor the error below, "
                "with your Python version and system.")


def assignment_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assignment", metavar="NAME",
                        help="grade only this assignment of the manifest (default: its default_assignment)")
    parser.add_argument("--assignment-dir", default=os.path.join(PROJECT, "assignment"), metavar="DIR",
                        help="assignment folder (manifest.json, suites)")


def grading_options(parser: argparse.ArgumentParser) -> None:
    assignment_options(parser)
    parser.add_argument("--profile", choices=["full", "quick"], default="full",
                        help="how many generated inputs each property test tries")
    parser.add_argument("--call-timeout", type=float, help="seconds one call may take (default: the manifest's)")
    parser.add_argument("--budget", type=float, help="seconds of student code for the whole submission")
    parser.add_argument("--only", action="append", default=[], metavar="FILE.py",
                        help="grade only the functions of this student file (repeatable)")
    parser.add_argument("--select", action="append", default=[], metavar="TIER/FILE.py::TEST",
                        help="run only this graded test, given as its suite file in the assignment folder and its name")
    parser.add_argument("--slowest", type=int, default=0, metavar="N", help="list the N slowest tests")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help=f"grade the submission in N processes at once, 1 to {cores()} "
                             "(default: one per core, at most 2)")
    parser.add_argument("--quiet", action="store_true", help="do not print the terminal report")
    parser.add_argument("--record", metavar="FILE.json",
                        help="write the shapes of every call's arguments and value here (what `audit` learns from)")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0))


def default_jobs() -> int:
    """One process per core the grader may use, at most two: each holds a worker of up to memory_mb."""
    return max(1, min(2, cores()))


def jobs_problem(jobs):
    """Why --jobs N cannot be used (one sentence), or None: every verb takes 1 to the number of cores."""
    if jobs is None or 1 <= jobs <= cores():
        return None
    return f"--jobs {jobs}: give a number from 1 to {cores()}, the cores of this machine"


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    verbs = main_parser.add_subparsers(dest="verb", required=True)
    grade = verbs.add_parser("grade", help="grade one submission into results.json")
    grade.add_argument("--submission", default="/autograder/submission", help="folder of the student's files")
    grade.add_argument("--results", default="/autograder/results/results.json", help="results.json to write")
    grade.add_argument("--public-only", action="store_true", help="run only the tests students get")
    grade.add_argument("--metadata", metavar="FILE",
                       help="Gradescope's submission_metadata.json, for rubric.json's late_policy and cooldown")
    grading_options(grade)
    check = verbs.add_parser("check", help="run the public checks on your files, as Gradescope will")
    check.add_argument("submission", help="the folder with your files")
    check.add_argument("--results", help="also write results.json here")
    check.add_argument("--as-me", action="store_true",
                       help="run the code as you even as root, with no sandbox user (the handout's ./check: "
                            "your own code on your own machine)")
    grading_options(check)
    verbs.add_parser("batch", help="grade a class: a folder of submissions or a Gradescope export", add_help=False)
    build = verbs.add_parser("build", help="check every suite's metadata, then regenerate starter/")
    assignment_options(build)
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if starter/ is stale")
    package = verbs.add_parser("package", help="build the Gradescope autograder zip or the student handout")
    package.add_argument("--gradescope", action="store_true", help="write OUT/autograder.zip for Gradescope")
    package.add_argument("--handout", action="store_true",
                         help="write OUT/student.zip and OUT/homework.ipynb for students")
    package.add_argument("--hints", choices=HINT_LEVELS, default=None,
                         help="how much the starter's hints give away (default: the manifest's, else short)")
    package.add_argument("--out", default=os.path.join(PROJECT, "dist"), help="folder to write to (default dist/)")
    assignment_options(package)
    audit = verbs.add_parser("audit", help="test the tests: grade the reference, the starter and the corpora")
    assignment_options(audit)
    audit.add_argument("--mutants", metavar="DIR", help="package of hand-written mutants (MUTANTS lists)")
    audit.add_argument("--variants", metavar="DIR", help="package of correct variants (VARIANTS lists)")
    audit.add_argument("--profile", choices=["full", "quick"], default="quick")
    audit.add_argument("--jobs", type=int, default=None, help=f"gradings at a time, 1 to {cores()} (default: all)")
    audit.add_argument("--cluster", metavar="ADDRESS",
                       help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786; see README)")
    audit.add_argument("--max-mutants", type=int, default=None, metavar="N",
                       help="grade at most N generated mutants per function (a deterministic sample)")
    audit.add_argument("--min-kill-rate", type=float, default=0.95,
                       help="least share of non-equivalent generated mutants each file's tests must kill")
    audit.add_argument("--only", action="append", default=[], metavar="FILE.py",
                       help="audit only the functions of this student file (repeatable)")
    audit.add_argument("--out", default="audit.md", help="the report to write")
    audit.add_argument("--work", help="folder for the submissions and results (kept; default: a temporary one)")
    audit.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return main_parser


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--batch":  # run_autograder --batch DIR --out OUT
        argv = ["batch", *argv[1:]]
    if argv and argv[0] == "batch":
        from autograder import batch
        return batch.main(argv[1:])
    if not argv or argv[0] not in VERBS + ("-h", "--help"):
        argv = ["grade", *argv]  # run_autograder's form: no verb
    options = parser().parse_args(argv)
    problem = jobs_problem(getattr(options, "jobs", None))
    if problem:
        sys.stderr.write(f"autograder {options.verb}: {problem}.\n")
        return 2
    if options.verb == "build":
        return build(options)
    if options.verb == "package":
        return package(options)
    if options.verb == "audit":
        from autograder.audit import run
        try:
            assignment = Assignment(options.assignment_dir, options.assignment)
        except AssignmentError as error:
            sys.stderr.write(f"{error}\n")
            return 2
        return run.main(options, assignment)
    if options.verb == "check":
        options.public_only = True
        if options.as_me:
            process.run_as_caller()
    return grade_command(options)


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


def grade_command(options) -> int:
    """grade and check: results.json written to options.results (check: only when given), the report printed."""
    started, status = time.monotonic(), 0
    checking = options.verb == "check"
    problem = options.results and results_problem(options.results)
    if problem:
        sys.stderr.write(f"autograder: {problem}.\n")
        return 2
    try:
        from autograder.submission.prepare import SubmissionError, check_source
        try:
            check_source(options.submission)
        except SubmissionError as error:
            raise AssignmentError(str(error)) from None
        from autograder.grading import grade
        assignment = Assignment(options.assignment_dir, options.assignment)
        try:
            limits = sandbox_limits.resolve(assignment.limits, {"call_timeout": options.call_timeout,
                                                                "budget": options.budget})
        except ValueError as error:
            raise AssignmentError(str(error)) from None
        metadata, policy_problem = submission_metadata(getattr(options, "metadata", None), assignment)
        kept = cooled_down(metadata, assignment)
        if kept is not None:  # too soon after the last graded submission: its results stand
            gradescope.write_results(kept, options.results)
            if not options.quiet:
                sys.stdout.write(kept["output"] + "\n")
            return 0
        document, report = grade(options.submission, assignment, limits, options.public_only, options.profile,
                                 options.only, options.select, options.slowest, options.jobs, options.record)
        if metadata and "late_policy" in assignment.policies:
            try:
                policy.apply_late_penalty(document, metadata, assignment.policies["late_policy"])
            except policy.PolicyError as error:
                policy_problem = str(error)
        if policy_problem:  # a policy that cannot be applied is not applied, and instructors are told why
            document["extra_data"]["policy_problem"] = policy_problem
        if checking:
            report = student.render(f"{assignment.title}, the public checks of {os.path.abspath(options.submission)}:",
                                    document, labels(assignment, options.submission))
    except AssignmentError as error:
        document = gradescope.failure_document(f"The autograder could not grade this submission: "
                                               f"{str(error).rstrip('.')}.",
                                               time.monotonic() - started)
        report, status = document["output"] + "\n", 2
        if options.quiet:
            sys.stderr.write(report)
    except Exception:  # the grader's own failure: the student gets one sentence, instructors the trace
        trace = traceback.format_exc()
        failed = CHECK_FAILED if checking else GRADER_FAILED
        document = gradescope.failure_document(failed, time.monotonic() - started,
                                               {"harness_errors": [{"test": None, "traceback": trace}]})
        report, status = f"{failed}\nHarness error:\n{trace}", 1
    if options.results:
        gradescope.write_results(document, options.results)
    if not options.quiet:
        sys.stdout.write(report)
    return status


def labels(assignment, folder):
    """{function id: the alias to show instead}, for each function whose canonical file the folder lacks but
    another of whose files it has (CS224n's handout has sigmoid in word2vec.py, not in sigmoid.py)."""
    shown = {}
    for function, aliases in assignment.functions.items():
        present = [alias for alias in aliases if os.path.isfile(os.path.join(folder, alias.split(":")[0]))]
        if present and present[0] != function:
            shown[function] = present[0]
    return shown


def submission_metadata(path, assignment):
    """(metadata or None, why the policies cannot be applied or None): read only when a policy is set."""
    if not assignment.policies:
        return None, None
    if not path or not os.path.exists(path):
        return None, "rubric.json sets a policy but there is no submission metadata (--metadata FILE)"
    try:
        return policy.read_metadata(path), None
    except policy.PolicyError as error:
        return None, str(error)


def cooled_down(metadata, assignment):
    """The results that stand when this submission comes too soon after the last graded one, else None."""
    if not metadata or "cooldown" not in assignment.policies:
        return None
    try:
        return policy.cooldown_document(metadata, assignment.policies["cooldown"])
    except policy.PolicyError:
        return None  # a malformed time: grade rather than refuse


def build(options) -> int:
    from autograder.grading import SuiteError, validate
    from autograder.packaging import starter
    try:
        count = validate(Assignment(options.assignment_dir, options.assignment))
    except (AssignmentError, SuiteError) as error:
        sys.stderr.write(f"The graded suites are broken:\n{error}\n")
        return 1
    print(f"{count} graded tests collected; their metadata is complete.")
    return starter.main(["--check"] if options.check else [])


def package(options) -> int:
    from autograder.grading import SuiteError
    from autograder.packaging import gradescope, handout
    if not (options.gradescope or options.handout):
        sys.stderr.write("Say what to build: autograder package --gradescope (the autograder zip) or --handout "
                         "(the student zip and notebook).\n")
        return 2
    try:
        assignment = Assignment(options.assignment_dir, options.assignment)
        built = []
        if options.gradescope:
            path = os.path.join(options.out, "autograder.zip")
            built.append((path, gradescope.build(assignment, path)))
        if options.handout:
            built += handout.build(assignment, options.out, options.hints)
    except (AssignmentError, SuiteError) as error:
        sys.stderr.write(f"Nothing was built: {error}\n")
        return 2
    for path, size in built:
        print(f"wrote {path} ({size / 1024:.0f} KB) for {assignment.title!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
