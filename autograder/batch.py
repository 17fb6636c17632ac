"""Grade a folder of submissions (one sub-folder each), one process per
submission, on all cores:

    python -m autograder.batch SUBMISSIONS_DIR OUT_DIR [--jobs N] [--public-only]

writes OUT_DIR/<name>.json and prints one line per submission.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

from autograder.report import gradescope

GRADING_TIMEOUT = 1800  # seconds for one whole grading: far above the per-submission budget of student code


def grade_one(submission, results_path, options=(), timeout=GRADING_TIMEOUT):
    """Run the grader on one submission in its own process; return its results.

    A grading that crashes or outlives `timeout` gets a results document that says
    so (score 0), so that one submission never stops the others.
    """
    command = [sys.executable, "-m", "autograder", "grade", "--submission", submission,
               "--results", results_path, "--quiet", *options]
    if os.path.exists(results_path):
        os.remove(results_path)  # what is read below is this grading's, never an earlier one's
    try:
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        problem = f"the grading did not finish within {timeout:g} s"
    else:
        try:  # the grader writes results whenever it can, saying why it could not grade
            with open(results_path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError) as error:
            problem = (f"the grader exited with status {completed.returncode} and wrote no readable results "
                       f"({type(error).__name__}): {completed.stderr.decode(errors='replace')[-2000:]}")
    document = gradescope.failure_document(f"The autograder failed on this submission: {problem}", 0.0,
                                           {"harness_errors": [{"test": None, "traceback": problem}]})
    gradescope.write_results(document, results_path)
    return document


def grade_all(submissions, out_dir, jobs=None, options=(), options_for=None):
    """{name: results} for {name: submission folder}, `jobs` at a time;
    options_for(name) adds command-line options for one submission."""
    os.makedirs(out_dir, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(jobs or os.cpu_count()) as pool:
        futures = {name: pool.submit(grade_one, folder, os.path.join(out_dir, f"{name}.json"),
                                     [*options, *(options_for(name) if options_for else ())])
                   for name, folder in submissions.items()}
        return {name: future.result() for name, future in futures.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions")
    parser.add_argument("out")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--public-only", action="store_true")
    options = parser.parse_args(argv)
    folders = {name: os.path.join(options.submissions, name) for name in sorted(os.listdir(options.submissions))
               if os.path.isdir(os.path.join(options.submissions, name))}
    results = grade_all(folders, options.out, options.jobs, ["--public-only"] if options.public_only else [])
    for name, document in results.items():
        possible = sum(t["max_score"] for t in document["tests"])
        print(f"{name:40s} {document['score']:8.2f} / {possible:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
