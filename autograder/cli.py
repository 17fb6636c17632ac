"""The command line: one verb per job.

    autograder grade [--submission DIR] [--results FILE] ...   grade one submission into results.json
    autograder check DIR                                       a student's public checks of DIR
    autograder batch SUBMISSIONS OUT [--jobs N]                grade a folder of submissions
    autograder build [--check]                                 check the suites, regenerate starter/
    autograder audit [--mutants DIR] [--variants DIR] ...      test the tests; writes audit.md

`python -m autograder` with no verb grades, as Gradescope's run_autograder
calls it. grade and check write results.json in every case and exit 0 when the
submission was graded, whatever the score; 2 when the input was wrong and nothing
was graded (the results say what to fix); 1 when the grader itself failed.
"""
import argparse
import os
import sys
import tempfile
import time
import traceback

from autograder.assignment import Assignment, AssignmentError
from autograder.report import gradescope
from autograder.sandbox import limits as sandbox_limits

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERBS = ("grade", "check", "batch", "build", "audit")
GRADER_FAILED = ("The autograder itself failed, so this submission was not graded; this is not a problem "
                 "with your submission, and your instructor can see why.")


def grading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assignment", default=os.path.join(PROJECT, "assignment"),
                        help="assignment folder (manifest.json, suites)")
    parser.add_argument("--profile", choices=["full", "quick"], default="full",
                        help="how many generated inputs each property test tries")
    parser.add_argument("--call-timeout", type=float, help="seconds one call may take (default: the manifest's)")
    parser.add_argument("--budget", type=float, help="seconds of student code for the whole submission")
    parser.add_argument("--only", action="append", default=[], metavar="FILE.py",
                        help="grade only the functions of this student file (repeatable)")
    parser.add_argument("--select", action="append", default=[], metavar="TIER/FILE.py::TEST",
                        help="run only this graded test, given as its suite file in the assignment folder and its name")
    parser.add_argument("--slowest", type=int, default=0, metavar="N", help="list the N slowest tests")
    parser.add_argument("--quiet", action="store_true", help="do not print the terminal report")
    parser.add_argument("--record", metavar="FILE.json",
                        help="write the shapes of every call's arguments and value here (what `audit` learns from)")


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    verbs = main_parser.add_subparsers(dest="verb", required=True)
    grade = verbs.add_parser("grade", help="grade one submission into results.json")
    grade.add_argument("--submission", default="/autograder/submission", help="folder of the student's files")
    grade.add_argument("--results", default="/autograder/results/results.json", help="results.json to write")
    grade.add_argument("--public-only", action="store_true", help="run only the tests students get")
    grading_options(grade)
    check = verbs.add_parser("check", help="run the public checks on your files, as Gradescope will")
    check.add_argument("submission", help="the folder with your files")
    check.add_argument("--results", help="also write results.json here")
    grading_options(check)
    batch = verbs.add_parser("batch", help="grade a folder of submissions, one sub-folder each")
    batch.add_argument("submissions")
    batch.add_argument("out")
    batch.add_argument("--jobs", type=int, default=None)
    batch.add_argument("--public-only", action="store_true")
    build = verbs.add_parser("build", help="check every suite's metadata, then regenerate starter/")
    build.add_argument("--assignment", default=os.path.join(PROJECT, "assignment"))
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if starter/ is stale")
    audit = verbs.add_parser("audit", help="test the tests: grade the reference, the starter and the corpora")
    audit.add_argument("--assignment", default=os.path.join(PROJECT, "assignment"))
    audit.add_argument("--mutants", metavar="DIR", help="package of hand-written mutants (MUTANTS lists)")
    audit.add_argument("--variants", metavar="DIR", help="package of correct variants (VARIANTS lists)")
    audit.add_argument("--profile", choices=["full", "quick"], default="quick")
    audit.add_argument("--jobs", type=int, default=None, help="gradings at a time (default: one per core)")
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
    if not argv or argv[0] not in VERBS + ("-h", "--help"):
        argv = ["grade", *argv]  # run_autograder's form: no verb
    options = parser().parse_args(argv)
    if options.verb == "batch":
        from autograder import batch
        return batch.main([options.submissions, options.out, *(["--jobs", str(options.jobs)] if options.jobs else []),
                           *(["--public-only"] if options.public_only else [])])
    if options.verb == "build":
        return build(options)
    if options.verb == "audit":
        from autograder.audit import run
        try:
            assignment = Assignment(options.assignment)
        except AssignmentError as error:
            sys.stderr.write(f"{error}\n")
            return 2
        return run.main(options, assignment)
    if options.verb == "check":
        options.public_only = True
        if options.results is None:
            options.results = os.path.join(tempfile.mkdtemp(prefix="autograder-check-"), "results.json")
    return grade_command(options)


def grade_command(options) -> int:
    started, status = time.monotonic(), 0
    try:
        if not os.path.isdir(options.submission):
            raise AssignmentError(f"the submission folder {options.submission} does not exist; "
                                  "pass --submission DIR")
        from autograder.grading import grade
        assignment = Assignment(options.assignment)
        try:
            limits = sandbox_limits.resolve(assignment.limits, {"call_timeout": options.call_timeout,
                                                                "budget": options.budget})
        except ValueError as error:
            raise AssignmentError(str(error)) from None
        document, report = grade(options.submission, assignment, limits, options.public_only, options.profile,
                                 options.only, options.select, options.slowest, options.record)
    except AssignmentError as error:
        document = gradescope.failure_document(f"The autograder could not grade this submission: {error}",
                                               time.monotonic() - started)
        report, status = document["output"] + "\n", 2
    except Exception:  # the grader's own failure: the student gets one sentence, instructors the trace
        trace = traceback.format_exc()
        document = gradescope.failure_document(GRADER_FAILED, time.monotonic() - started,
                                               {"harness_errors": [{"test": None, "traceback": trace}]})
        report, status = f"{GRADER_FAILED}\nHarness error:\n{trace}", 1
    gradescope.write_results(document, options.results)
    if not options.quiet:
        sys.stdout.write(report)
    return status


def build(options) -> int:
    from autograder.grading import SuiteError, validate
    from autograder.packaging import starter
    try:
        count = validate(Assignment(options.assignment))
    except (AssignmentError, SuiteError) as error:
        sys.stderr.write(f"The graded suites are broken:\n{error}\n")
        return 1
    print(f"{count} graded tests collected; their metadata is complete.")
    return starter.main(["--check"] if options.check else [])


if __name__ == "__main__":
    sys.exit(main())
