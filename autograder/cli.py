"""The command line: one verb per job, each a thin layer over autograder.api (parse, call, print).

    autograder grade [--submission DIR] [--results FILE] ...   grade one submission into results.json
    autograder check DIR                                       a student's public checks of DIR
    autograder batch SUBMISSIONS OUT [--jobs N | --cluster ADDRESS]   grade a class: grades.csv, report.md, ...
    autograder build [--check]                                 check the suites, regenerate starter/
    autograder audit [--mutants DIR] [--variants DIR] ...      test the tests; writes audit.md
    autograder package --gradescope | --handout [--assignment NAME]   build dist/autograder.zip or the handout

`python -m autograder` with no verb grades, as Gradescope's run_autograder
calls it (`--batch DIR --out OUT` there is `batch DIR OUT`). grade and check
write results.json wherever they can; the exit status says which kind of fault
ended a grading (autograder/faults.py): 0 graded, whatever the score (the
student's code is charged per test); 1 the grader's own fault; 2 the
configuration or the command line; 3 nothing gradable in the submission.
"""
import argparse
import os
import sys

from autograder import PROJECT, api, faults
from autograder.assignment import Assignment, AssignmentError
from autograder.packaging import HINT_LEVELS
from autograder.pipeline import cores, default_jobs, jobs_problem
from autograder.report import student, terminal

VERBS = ("grade", "check", "batch", "build", "package", "audit")


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
                        help="run only this graded test (and the tests its points count with), given as its suite "
                             "file in the assignment folder and its name")
    parser.add_argument("--slowest", type=int, default=0, metavar="N", help="list the N slowest tests")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help=f"grade the submission in N processes at once, 1 to {cores()} "
                             "(default: one per core, at most 2)")
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
        return batch_command(argv[1:])
    if not argv or argv[0] not in VERBS + ("-h", "--help"):
        argv = ["grade", *argv]  # run_autograder's form: no verb
    options = parser().parse_args(argv)
    problem = jobs_problem(getattr(options, "jobs", None))
    if problem:
        sys.stderr.write(f"autograder {options.verb}: {problem}.\n")
        return faults.ConfigurationError.exit_status
    if options.verb == "build":
        return build(options)
    if options.verb == "package":
        return package(options)
    if options.verb == "audit":
        return audit(options)
    return grade_command(options)


GRADING_KEYWORDS = ("submission", "results", "assignment", "assignment_dir", "profile", "call_timeout", "budget",
                    "only", "select", "jobs", "record")


def grade_command(options) -> int:
    """grade and check: results.json written to options.results (check: only when given), the report
    printed; the exit status of the fault that ended the grading, if any."""
    keywords = {name: getattr(options, name) for name in GRADING_KEYWORDS}
    if options.verb == "check":
        document, status, fault = faults.outcome(api.check, as_me=options.as_me, **keywords)
    else:
        document, status, fault = faults.outcome(api.grade, metadata=options.metadata,
                                                 public_only=options.public_only, **keywords)
    if document is None:  # an unusable --results or --jobs: nothing was written
        sys.stderr.write(f"autograder {options.verb}: {fault}.\n")
        return status
    if not options.quiet:
        sys.stdout.write(student.text(document) if options.verb == "check" and document["tests"]
                         else terminal.text(document, options.slowest))
    elif status:
        sys.stderr.write(document["output"] + "\n")
    return status


def batch_command(argv) -> int:
    from autograder.batch.grade_class import parser as batch_parser
    options = vars(batch_parser().parse_args(argv))
    out_option, no_progress = options.pop("out_option"), options.pop("no_progress")
    options["out"] = options["out"] or out_option
    summary, status, fault = faults.outcome(api.batch, progress=not no_progress, **options)
    if fault is not None:
        sys.stderr.write(f"autograder batch: {str(fault).rstrip('.')}.\n")
        return status
    failed = summary["harness_errors"]
    print(f"{len(summary['submissions'])} submissions graded into {summary['out']}: grades.csv, report.md, "
          "histogram.png, feedback/, students/."
          + (f" The grader failed on {len(failed)}: {', '.join(failed[:10])}; see report.md." if failed else ""))
    return faults.GraderFault.exit_status if failed else faults.GRADED


def build(options) -> int:
    from autograder.grading.suites import SuiteError, validate
    from autograder.packaging import starter
    try:
        count = validate(Assignment(options.assignment_dir, options.assignment))
    except (AssignmentError, SuiteError) as error:
        sys.stderr.write(f"The graded suites are broken:\n{error}\n")
        return 1
    print(f"{count} graded tests collected; their metadata is complete.")
    return starter.main(["--check"] if options.check else [])


def package(options) -> int:
    try:
        built = api.package(gradescope=options.gradescope, handout=options.handout, out=options.out,
                            hints=options.hints, assignment=options.assignment, assignment_dir=options.assignment_dir)
    except faults.Fault as error:
        sys.stderr.write(f"Nothing was built: {str(error).rstrip('.')}.\n")
        return error.exit_status
    for item in built["built"]:
        print(f"wrote {item['path']} ({item['bytes'] / 1024:.0f} KB) for {built['title']!r}")
    return 0


def audit(options) -> int:
    try:
        audited = api.audit(mutants=options.mutants, variants=options.variants, out=options.out,
                            profile=options.profile, jobs=options.jobs, max_mutants=options.max_mutants,
                            min_kill_rate=options.min_kill_rate, only=options.only, work=options.work,
                            keep=options.keep, cluster=options.cluster, assignment=options.assignment,
                            assignment_dir=options.assignment_dir)
    except faults.ConfigurationError as error:  # the assignment, or a cluster that cannot grade it
        sys.stderr.write(f"autograder audit: {str(error).rstrip('.')}.\n")
        return error.exit_status
    print(audited["report"])
    print(f"audit: {len(audited['defects'])} defect(s); written to {audited['out']}")
    return 1 if audited["defects"] else 0


if __name__ == "__main__":
    sys.exit(main())
