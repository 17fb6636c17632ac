"""Grade a class: a folder of submissions, one process per submission, on all cores.

    autograder batch SUBMISSIONS OUT [--jobs N] [--public-only] [--profile quick]
    ./run_autograder --batch SUBMISSIONS --out OUT

SUBMISSIONS holds one folder (or .zip) per student, or is a Gradescope export
(submission_metadata.yml and one folder per submission id; the students' names
and emails come from the metadata). OUT receives:

    grades.csv                 one row per submission: status, total, points per graded function
    students/NAME/results.json each submission's results (and report.txt, the terminal report)
    histogram.png              the totals
    report.md                  the class: score distribution per function, named mistakes and who made them

A grading that crashes or times out is a "harness error" row with its reason, and
the batch goes on. Exit status: 0 when every submission was graded or refused
for its own content (an empty upload, say), 1 when the grader failed on any, 2
when SUBMISSIONS is not a folder of submissions.
"""
import argparse
import collections
import concurrent.futures
import csv
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading

from autograder import child_environment
from autograder.cli import jobs_problem
from autograder.report import gradescope
from autograder.warm import WarmGrader, WarmGraderDied

GRADING_TIMEOUT = 1800  # seconds for one whole grading: far above the per-submission budget of student code
EXPORT_METADATA = "submission_metadata.yml"
NOT_SUBMISSIONS = {"__MACOSX", ".git", "__pycache__"}
GRADED, NOT_GRADED, HARNESS_ERROR = "graded", "not graded", "harness error"
NEEDED_MODULES = ("numpy", "pytest", "hypothesis", "gradescope_utils", "tqdm", "yaml", "matplotlib")


class BatchError(Exception):
    """SUBMISSIONS cannot be graded as a class. str() says what to do."""


@dataclasses.dataclass
class Submission:
    name: str                 # unique; the folder (or zip) name in SUBMISSIONS
    path: str
    students: list = dataclasses.field(default_factory=list)  # [{"name", "email", "sid"}] from an export

    @property
    def who(self):
        """How the class report names the submission: its students' names and emails, else its name."""
        people = [" ".join(p for p in (s.get("name"), f"<{s['email']}>" if s.get("email") else "") if p)
                  for s in self.students]
        return ", ".join(p for p in people if p) or self.name


@dataclasses.dataclass
class Outcome:
    document: dict
    status: str               # GRADED, NOT_GRADED or HARNESS_ERROR
    reason: str = ""          # why not graded, or what failed


def grade_outcome(submission, results_path, options=(), timeout=GRADING_TIMEOUT, report_path=None, grader=None):
    """Run the grader on one submission in its own process (forked from `grader`, a WarmGrader, when
    given); return its Outcome.

    A grading that crashes or outlives `timeout` gets a results document that says
    so (score 0), so that one submission never stops the others.
    """
    # One process per grading (--jobs 1, unless options say otherwise): the batch itself fills the cores.
    argv = ["grade", "--submission", submission, "--results", results_path,
            *([] if report_path else ["--quiet"]), "--jobs", "1", *options]
    if os.path.exists(results_path):
        os.remove(results_path)  # what is read below is this grading's, never an earlier one's
    returncode, stderr = run_grading(argv, report_path, timeout, grader)
    if returncode is None:
        problem = f"the grading did not finish within {timeout:g} s"
    else:
        try:  # the grader writes results whenever it can, saying why it could not grade
            with open(results_path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as error:
            problem = (f"the grader exited with status {returncode} and wrote no readable results "
                       f"({type(error).__name__}): {stderr[-2000:]}")
        else:
            if returncode == 0:
                errors = document.get("extra_data", {}).get("harness_errors") or []
                return Outcome(document, HARNESS_ERROR if errors else GRADED,
                               f"the grader failed on {len(errors)} tests" if errors else "")
            status = NOT_GRADED if returncode == 2 else HARNESS_ERROR
            return Outcome(document, status, document.get("output", ""))
    document = gradescope.failure_document(f"The autograder failed on this submission: {problem}", 0.0,
                                           {"harness_errors": [{"test": None, "traceback": problem}]})
    gradescope.write_results(document, results_path)
    return Outcome(document, HARNESS_ERROR, problem)


def run_grading(argv, report_path, timeout, grader):
    """(exit status, or None past the timeout; the end of its stderr) of `autograder <argv>`, with its
    stdout in report_path (or nowhere)."""
    if grader is not None:
        with tempfile.NamedTemporaryFile(prefix="autograder-stderr-") as stderr:
            try:
                returncode = grader.run(argv, report_path, stderr.name, timeout)
            except (WarmGraderDied, OSError) as error:  # the next grading of this thread starts a new one
                return 1, f"the warm grading process failed: {error}"
            return returncode, stderr.read()[-4000:].decode(errors="replace")
    report = open(report_path, "wb") if report_path else subprocess.DEVNULL
    try:
        completed = subprocess.run([sys.executable, "-m", "autograder", *argv], stdin=subprocess.DEVNULL,
                                   stdout=report, stderr=subprocess.PIPE, timeout=timeout, env=child_environment())
    except subprocess.TimeoutExpired:
        return None, ""
    finally:
        if report_path:
            report.close()
    return completed.returncode, completed.stderr[-4000:].decode(errors="replace")


def grade_one(submission, results_path, options=(), timeout=GRADING_TIMEOUT):
    """grade_outcome's results document."""
    return grade_outcome(submission, results_path, options, timeout).document


def grade_all(submissions, out_dir, jobs=None, options=(), options_for=None):
    """{name: results} for {name: submission folder}, `jobs` at a time;
    options_for(name) adds command-line options for one submission."""
    os.makedirs(out_dir, exist_ok=True)
    with WarmGraders() as graders, concurrent.futures.ThreadPoolExecutor(jobs or os.cpu_count()) as pool:
        futures = {name: pool.submit(graders.grade_outcome, folder, os.path.join(out_dir, f"{name}.json"),
                                     [*options, *(options_for(name) if options_for else ())])
                   for name, folder in submissions.items()}
        return {name: future.result().document for name, future in futures.items()}


class WarmGraders:
    """One WarmGrader per thread of a pool, started on the thread's first grading, all closed at the end."""

    def __init__(self):
        self.local, self.started, self.lock = threading.local(), [], threading.Lock()

    def mine(self) -> WarmGrader:
        if getattr(self.local, "grader", None) is None or self.local.grader.process.poll() is not None:
            self.local.grader = WarmGrader()
            with self.lock:
                self.started.append(self.local.grader)
        return self.local.grader

    def grade_outcome(self, *arguments):
        """grade_outcome(*arguments), forked from this thread's WarmGrader."""
        return grade_outcome(*arguments, grader=self.mine())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for grader in self.started:
            grader.close()


# -- finding the submissions -------------------------------------------------

def find_submissions(folder):
    """The submissions of a class folder: a Gradescope export, or one folder or .zip per student."""
    if not os.path.exists(folder):
        raise BatchError(f"{folder} does not exist; pass the folder that holds one folder per student "
                         "(or an unzipped Gradescope export)")
    if not os.path.isdir(folder):
        hint = (f"unzip it first (unzip {folder} -d class) and pass the folder" if folder.lower().endswith(".zip")
                else "pass the folder that holds one folder per student")
        raise BatchError(f"{folder} is a file, not a folder of submissions; {hint}")
    if os.path.isfile(os.path.join(folder, EXPORT_METADATA)):
        found = export_submissions(folder)
    else:
        found = [Submission(os.path.splitext(name)[0] if name.lower().endswith(".zip") else name,
                            os.path.join(folder, name))
                 for name in sorted(os.listdir(folder))
                 if not name.startswith(".") and name not in NOT_SUBMISSIONS
                 and (os.path.isdir(os.path.join(folder, name)) or name.lower().endswith(".zip"))]
    names = [s.name for s in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BatchError(f"{twice[0]} is there both as a folder and as a zip; keep one of them")
    if not found:
        raise BatchError(f"{folder} holds no submissions; put one folder (or .zip) per student in it")
    return found


def export_submissions(folder):
    """The submissions of a Gradescope export: its submission_metadata.yml maps each submission
    folder (submission_ID) to {":submitters": [{":name", ":email", ":sid"}], ...}."""
    import yaml
    try:
        with open(os.path.join(folder, EXPORT_METADATA), encoding="utf-8") as handle:
            metadata = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise BatchError(f"{EXPORT_METADATA} of {folder} cannot be read ({type(error).__name__}); "
                         "export the submissions from Gradescope again") from None
    if not isinstance(metadata, dict):
        raise BatchError(f"{EXPORT_METADATA} of {folder} is not a Gradescope export's (no submission folders "
                         "in it); export the submissions from Gradescope again")
    found = []
    for key in sorted(metadata, key=str):
        path = os.path.join(folder, str(key))
        if "/" in str(key) or str(key).startswith(".") or not os.path.isdir(path):
            continue
        entry = metadata[key] if isinstance(metadata[key], dict) else {}
        people = entry.get(":submitters", entry.get("submitters")) or []
        students = [{field: str(person.get(f":{field}", person.get(field, "")) or "")
                     for field in ("name", "email", "sid")} for person in people if isinstance(person, dict)]
        found.append(Submission(str(key), path, students))
    return found


def check_interpreter():
    """Raise BatchError when this interpreter lacks a module the grader needs."""
    import importlib.util
    missing = [name for name in NEEDED_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise BatchError(f"the interpreter {sys.executable} cannot run the grader (no module {missing[0]}); "
                         "run the batch with the project's venv: .venv/bin/python -m autograder batch ...")


# -- the class report --------------------------------------------------------

def function_points(document):
    """{function id: (points, max points)} of a results document, by each test's first tag."""
    points = collections.OrderedDict()
    for test in document.get("tests", []):
        function = (test.get("tags") or ["(untagged)"])[0]
        score, maximum = points.get(function, (0.0, 0.0))
        points[function] = (score + test.get("score", 0.0), maximum + test.get("max_score", 0.0))
    return points


def write_grades(path, rows, functions):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["submission", "students", "emails", "status", "total", "max", *functions, "reason"])
        for submission, outcome in rows:
            points = function_points(outcome.document)
            graded = outcome.status != HARNESS_ERROR or points
            out.writerow([submission.name, "; ".join(s["name"] for s in submission.students),
                          "; ".join(s["email"] for s in submission.students), outcome.status,
                          f"{outcome.document.get('score', 0.0):g}" if graded else "",
                          f"{sum(m for _, m in points.values()):g}" if points else "",
                          *(f"{points[f][0]:g}" if f in points else ("0" if graded else "") for f in functions),
                          one_line(outcome.reason)])


def one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + " ..."


def write_histogram(path, totals, maximum):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot
    figure, axes = pyplot.subplots(figsize=(7, 4))
    axes.hist(totals, bins=min(20, max(1, int(maximum) or 1)), range=(0, maximum or 1), edgecolor="black")
    axes.set_xlabel("total points")
    axes.set_ylabel("submissions")
    axes.set_title(f"Totals of {len(totals)} submissions (max {maximum:g})")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)


def class_report(rows, functions):
    """report.md: counts, the distribution of each function's points, the named mistakes and who made them."""
    graded = [(s, o) for s, o in rows if o.status != HARNESS_ERROR or function_points(o.document)]
    totals = [o.document.get("score", 0.0) for _, o in graded]
    maxima = collections.OrderedDict((f, 0.0) for f in functions)
    for _, outcome in graded:
        for function, (_, maximum) in function_points(outcome.document).items():
            maxima[function] = max(maxima[function], maximum)
    counts = collections.Counter(o.status for _, o in rows)
    lines = ["# Class report", "",
             f"{len(rows)} submissions: {counts[GRADED]} graded, {counts[NOT_GRADED]} not graded (their upload "
             f"held nothing to grade), {counts[HARNESS_ERROR]} with a harness error (the grader's failure).", ""]
    if totals:
        lines += [f"Totals (of {sum(maxima.values()):g}): mean {statistics.mean(totals):.2f}, median "
                  f"{statistics.median(totals):g}, min {min(totals):g}, max {max(totals):g}. "
                  "See histogram.png.", ""]
    lines += ["## Points per function", "",
              "| function | max | mean | median | full marks | partial | zero |", "|---|---|---|---|---|---|---|"]
    for function, maximum in maxima.items():
        scores = [function_points(o.document).get(function, (0.0, maximum))[0] for _, o in graded]
        if not scores:
            continue
        full = sum(abs(s - maximum) < 1e-9 for s in scores)
        zero = sum(s == 0 for s in scores)
        lines.append(f"| `{function}` | {maximum:g} | {statistics.mean(scores):.2f} | {statistics.median(scores):g} "
                     f"| {full} | {len(scores) - full - zero} | {zero} |")
    mistakes = collections.defaultdict(set)
    for submission, outcome in rows:
        for record in outcome.document.get("extra_data", {}).get("named_mistakes", []):
            mistakes[(record.get("function", ""), record.get("mistake", ""))].add(submission.who)
    lines += ["", "## Named mistakes", ""]
    if mistakes:
        lines += ["| function | mistake | students | who |", "|---|---|---|---|"]
        for (function, mistake), who in sorted(mistakes.items(), key=lambda item: (-len(item[1]), item[0])):
            lines.append(f"| `{function}` | {cell(mistake)} | {len(who)} | {cell(', '.join(sorted(who)))} |")
    else:
        lines.append("No failure matched a named mistake.")
    for status, title in ((NOT_GRADED, "Not graded"), (HARNESS_ERROR, "Harness errors")):
        listed = [(s, o) for s, o in rows if o.status == status]
        if listed:
            lines += ["", f"## {title}", ""] + [f"- {cell(s.who)}: {cell(one_line(o.reason))}" for s, o in listed]
    return "\n".join(lines) + "\n"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


# -- the command ---------------------------------------------------------------

def run(submissions, out, jobs=None, options=(), timeout=GRADING_TIMEOUT, progress=True):
    """Grade every submission into OUT; return [(Submission, Outcome)] in the submissions' order."""
    from tqdm import tqdm
    students = os.path.join(out, "students")
    os.makedirs(students, exist_ok=True)
    outcomes = {}
    with WarmGraders() as graders, concurrent.futures.ThreadPoolExecutor(jobs or os.cpu_count()) as pool:
        futures = {}
        for submission in submissions:
            folder = os.path.join(students, submission.name)
            os.makedirs(folder, exist_ok=True)
            futures[pool.submit(graders.grade_outcome, submission.path, os.path.join(folder, "results.json"),
                                options, timeout, os.path.join(folder, "report.txt"))] = submission
        with tqdm(total=len(futures), unit="submission", desc="grading", disable=not progress,
                  file=sys.stderr) as bar:
            for future in concurrent.futures.as_completed(futures):
                outcomes[futures[future].name] = future.result()
                bar.update(1)
    return [(s, outcomes[s.name]) for s in submissions]


def write_outputs(out, rows):
    functions = list(dict.fromkeys(f for _, o in rows for f in function_points(o.document)))
    write_grades(os.path.join(out, "grades.csv"), rows, functions)
    graded = [o for _, o in rows if o.status != HARNESS_ERROR or function_points(o.document)]
    maximum = max([sum(m for _, m in function_points(o.document).values()) for o in graded] or [0.0])
    write_histogram(os.path.join(out, "histogram.png"), [o.document.get("score", 0.0) for o in graded], maximum)
    with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as handle:
        handle.write(class_report(rows, functions))


def parser():
    batch = argparse.ArgumentParser(prog="autograder batch", description=__doc__.splitlines()[0])
    batch.add_argument("submissions", help="a folder of submissions (one folder or .zip each), or a Gradescope export")
    batch.add_argument("out", nargs="?", help="the folder to write grades.csv, report.md, ... into")
    batch.add_argument("--out", dest="out_option", metavar="OUT", help="the same as the second argument")
    batch.add_argument("--jobs", type=int, default=None, help="gradings at once (default: one per core)")
    batch.add_argument("--public-only", action="store_true", help="run only the tests students get")
    batch.add_argument("--assignment", metavar="NAME",
                       help="grade this assignment of the manifest (default: its default_assignment)")
    batch.add_argument("--assignment-dir", metavar="DIR", help="assignment folder (manifest.json, suites)")
    batch.add_argument("--profile", choices=["full", "quick"], default="full",
                       help="how many generated inputs each property test tries")
    batch.add_argument("--only", action="append", default=[], metavar="FILE.py",
                       help="grade only the functions of this student file (repeatable)")
    batch.add_argument("--timeout", type=float, default=GRADING_TIMEOUT,
                       help="seconds one whole grading may take before it counts as a harness error")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    return batch


def main(argv=None):
    options = parser().parse_args(argv)
    out = options.out or options.out_option
    try:  # before anything else: an interpreter without the grader's modules would fail every grading
        check_interpreter()
    except BatchError as error:
        sys.stderr.write(f"autograder batch: {error}.\n")
        return 1
    try:
        if not out:
            raise BatchError("say where to write the grades: autograder batch SUBMISSIONS OUT")
        if jobs_problem(options.jobs):
            raise BatchError(jobs_problem(options.jobs))
        submissions = [s for s in find_submissions(options.submissions)
                       if os.path.realpath(s.path) != os.path.realpath(out)]  # OUT inside SUBMISSIONS, run again
        if not submissions:
            raise BatchError(f"{options.submissions} holds no submissions besides {out}")
        if os.path.isfile(out):
            raise BatchError(f"{out} is a file; give a folder for the grades (it is created if missing)")
    except BatchError as error:
        sys.stderr.write(f"autograder batch: {error}.\n")
        return 2
    grading = ["--profile", options.profile, *(["--public-only"] if options.public_only else []),
               *(f"--only={name}" for name in options.only),
               *([f"--assignment={options.assignment}"] if options.assignment else []),
               *([f"--assignment-dir={options.assignment_dir}"] if options.assignment_dir else [])]
    rows = run(submissions, out, options.jobs, grading, options.timeout, not options.no_progress)
    write_outputs(out, rows)
    failed = [s.name for s, o in rows if o.status == HARNESS_ERROR]
    print(f"{len(rows)} submissions graded into {out}: grades.csv, report.md, histogram.png, students/."
          + (f" The grader failed on {len(failed)}: {', '.join(failed[:10])}; see report.md." if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
