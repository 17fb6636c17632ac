"""Command line: grade a submission into Gradescope's results.json.

    python -m autograder                      # /autograder/submission -> /autograder/results/results.json
    python -m autograder --submission DIR --results FILE [--public-only]

Exit status 0 whenever results were written, whatever the score.
"""
import argparse
import os
import sys
import time
import traceback

from autograder.assignment import Assignment, AssignmentError
from autograder.report import gradescope

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse(argv):
    parser = argparse.ArgumentParser(prog="run_autograder", description=__doc__.splitlines()[0])
    parser.add_argument("--submission", default="/autograder/submission", help="folder of the student's files")
    parser.add_argument("--results", default="/autograder/results/results.json", help="results.json to write")
    parser.add_argument("--assignment", default=os.path.join(PROJECT, "assignment"),
                        help="assignment folder (manifest.json, suites)")
    parser.add_argument("--public-only", action="store_true", help="run only the tests students get")
    parser.add_argument("--profile", choices=["full", "quick"], default="full",
                        help="how many generated inputs each hidden property test tries")
    parser.add_argument("--call-timeout", type=float, help="seconds one call may take (default: the manifest's)")
    parser.add_argument("--budget", type=float, help="seconds of student code for the whole submission")
    parser.add_argument("--only", action="append", default=[], metavar="FILE.py",
                        help="grade only the functions of this student file (repeatable)")
    parser.add_argument("--slowest", type=int, default=0, metavar="N", help="list the N slowest tests")
    parser.add_argument("--quiet", action="store_true", help="do not print the terminal report")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse(argv)
    started = time.monotonic()
    try:
        if not os.path.isdir(options.submission):
            raise AssignmentError(f"the submission folder {options.submission} does not exist; "
                                  "pass --submission DIR")
        from autograder.grading import grade
        assignment = Assignment(options.assignment)
        for limit in ("call_timeout", "budget"):
            if getattr(options, limit) is not None:
                assignment.limits[limit] = getattr(options, limit)
        document, report = grade(options.submission, assignment, options.public_only, options.profile,
                                 options.only, options.slowest)
    except Exception as error:  # results.json is written whatever happens
        detail = str(error) if isinstance(error, AssignmentError) else traceback.format_exc()
        document = gradescope.failure_document(f"The autograder could not grade this submission: {detail}",
                                               time.monotonic() - started)
        report = document["output"] + "\n"
    gradescope.write_results(document, options.results)
    if not options.quiet:
        sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
