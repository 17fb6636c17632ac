"""Grade a class: a folder of submissions, one process per submission, on all cores.

    autograder batch SUBMISSIONS OUT [--jobs N | --cluster ADDRESS] [--public-only] [--profile quick]
    ./run_autograder --batch SUBMISSIONS --out OUT

SUBMISSIONS holds one folder (or .zip) per student, or is a Gradescope export
(submission_metadata.yml and one folder per submission id; the students' names,
emails, SIDs and submission times come from the metadata). OUT receives:

    grades.csv                 one row per submission: SID, status, code and written subtotals, late penalty,
                               total, percentage, points per graded function
    students/NAME/results.json each submission's results (and report.txt, the terminal report: instructors only)
    feedback/NAME.txt          what the student may see (no hidden test, no instructor-only detail)
    histogram.png              the totals of the graded submissions
    report.md                  the class: statistics of the graded submissions, the tests failed most, syntax
                               errors, timeouts and crashes by student, named mistakes, the slowest submissions

With --cluster, the gradings run on the workers of a Dask scheduler (cluster.py), with the same
outputs. With --due-date (and an export's submission times), rubric.json's late_policy is
applied to each submission. A grading that crashes or times out is a "harness
error" row with its reason, and the batch goes on; a grading killed at --timeout
leaves no process and no scratch folder behind (see preforked.py). Exit status: 0
when every submission was graded or refused for its own content (an empty
upload, say), 1 when the grader failed on any, 2 when SUBMISSIONS is not a
folder of submissions or an option is wrong.
"""
import argparse
import concurrent.futures
import dataclasses
import datetime
import json
import os
import sys

from autograder import PROJECT
from autograder.assignment import Assignment
from autograder.batch.outcome import GRADING_TIMEOUT, BatchError, PreforkedGraders, grade_outcome
from autograder.faults import ConfigurationError, GraderFault
from autograder.pipeline import jobs_problem, usable_cores
from autograder.report import policy
from autograder.report.classout import GRADED, HARNESS_ERROR, NOT_GRADED, safe, write_outputs
from autograder.sandbox import confine, process

EXPORT_METADATA = "submission_metadata.yml"
NOT_SUBMISSIONS = {"__MACOSX", ".git", "__pycache__"}
NEEDED_MODULES = ("numpy", "pytest", "hypothesis", "gradescope_utils", "tqdm", "yaml", "matplotlib")


@dataclasses.dataclass
class Submission:
    name: str                 # unique; the folder (or zip) name in SUBMISSIONS
    path: str
    students: list = dataclasses.field(default_factory=list)  # [{"name", "email", "sid"}] from an export
    submitted_at: str = ""    # ISO 8601, from an export

    @property
    def who(self):
        """How the class report names the submission: its students' names and emails, else its name."""
        people = [" ".join(p for p in (s.get("name"), f"<{s['email']}>" if s.get("email") else "") if p)
                  for s in self.students]
        return ", ".join(p for p in people if p) or self.name


def grade_one(submission, results_path, options=None, timeout=GRADING_TIMEOUT):
    """grade_outcome's results document."""
    return grade_outcome(submission, results_path, options, timeout).document


def check_private(work):
    """As root without namespaces (confine.py), student code sees every process's command line, and so the
    class's folder: refuse to grade unless every submission is out of other users' reach."""
    if not process.sandbox_user() or confine.namespaces_available():
        return
    for submission, *_ in work.values():
        if process.unreachable_by_others([submission]) is None:
            raise BatchError(f"{submission} can be read by other users, and here (as root, without namespaces) "
                             "each student's code could find it and read a classmate's files: make the class's "
                             f"folder private (chmod 700 {os.path.dirname(os.path.abspath(submission))})")


def grade_all(submissions, out_dir, jobs=None, options=None, options_for=None, cluster=None):
    """{name: results} for {name: submission folder}, `jobs` at a time (or on the Dask scheduler at the
    address `cluster`); options: api.grade's keywords for every grading; options_for(name) adds keywords
    for one submission."""
    os.makedirs(out_dir, exist_ok=True)
    work = {name: (folder, os.path.join(out_dir, f"{name}.json"),
                   {**(options or {}), **((options_for and options_for(name)) or {})}, GRADING_TIMEOUT, None)
            for name, folder in submissions.items()}
    done = dict(outcomes(work, jobs, cluster, options or {}))
    return {name: done[name].document for name in submissions}


def outcomes(work, jobs=None, cluster=None, common=None):
    """Yield (key, Outcome) as each grading of `work` ends, `jobs` at a time on this machine or, given
    `cluster` (a Dask scheduler's address), on that cluster's workers.

    work: {key: (submission path, results path, options, timeout, report path or None)}, as grade_outcome
    takes them (options: api.grade's keywords); common: the keywords every grading has (the cluster checks
    its workers grade the same assignment with them)."""
    if cluster:
        from autograder.batch import cluster as dask_cluster  # Dask, an optional extra, only when asked for
        yield from dask_cluster.outcomes(cluster, work, common or {})
        return
    check_private(work)
    with PreforkedGraders() as graders, concurrent.futures.ThreadPoolExecutor(jobs or usable_cores()) as pool:
        futures = {pool.submit(graders.grade_outcome, *job): key for key, job in work.items()}
        for future in concurrent.futures.as_completed(futures):
            yield futures[future], future.result()


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
    folder (submission_ID) to {":submitters": [{":name", ":email", ":sid"}], ":created_at": time, ...}."""
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
        found.append(Submission(str(key), path, students,
                                submission_time(entry.get(":created_at", entry.get("created_at")))))
    return found


def submission_time(value) -> str:
    """An export's :created_at as ISO 8601 ("" when absent); a value YAML did not read as a time stays
    as written (the grading then says it is not a time)."""
    if isinstance(value, datetime.datetime):  # YAML reads a time without a zone as UTC
        return (value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)).isoformat()
    return str(value) if value else ""


def check_interpreter():
    """Raise GraderFault when this interpreter lacks a module the grader needs."""
    import importlib.util
    missing = [name for name in NEEDED_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise GraderFault(f"the interpreter {sys.executable} cannot run the grader (no module {missing[0]}); "
                         "run the batch with the project's venv: .venv/bin/python -m autograder batch ...")


# -- the command ---------------------------------------------------------------

def run(submissions, out, jobs=None, options=None, timeout=GRADING_TIMEOUT, progress=True, due=None,
        cluster=None):
    """Grade every submission into OUT, `jobs` at a time or on the Dask scheduler at the address `cluster`;
    return [(Submission, Outcome)] in the submissions' order. options: api.grade's keywords for every
    grading.

    due: {"due_date": ISO time, "late_due_date": ISO time or absent} for the late policy: each submission
    with a submission time is graded with a submission_metadata.json that holds both."""
    from tqdm import tqdm
    students = os.path.join(out, "students")
    os.makedirs(students, exist_ok=True)
    work = {}
    for submission in submissions:
        folder = os.path.join(students, submission.name)
        os.makedirs(folder, exist_ok=True)
        metadata = {}
        if due and submission.submitted_at:
            metadata = {"metadata": os.path.join(folder, "submission_metadata.json")}
            with open(metadata["metadata"], "w", encoding="utf-8") as handle:
                json.dump({"created_at": submission.submitted_at, "assignment": due}, handle)
        work[submission.name] = (submission.path, os.path.join(folder, "results.json"),
                                 {**(options or {}), **metadata}, timeout, os.path.join(folder, "report.txt"))
    outcomes_by_name = {}
    with tqdm(total=len(work), unit="submission", desc="grading", disable=not progress, file=sys.stderr) as bar:
        for name, outcome in outcomes(work, jobs, cluster, options or {}):
            outcomes_by_name[name] = outcome
            bar.update(1)
    return [(s, outcomes_by_name[s.name]) for s in submissions]


def graded_functions(assignment, only):
    """The function ids a batch grades: the selection's, those of the --only files when given."""
    return [f for f in assignment.functions if not only or f.split(":")[0] in only]


def due_dates(due_date, late_due_date, assignment):
    """{"due_date", "late_due_date"} for the late policy, or None; BatchError when the options and
    rubric.json disagree."""
    if not due_date:
        if late_due_date:
            raise BatchError("--late-due-date needs --due-date too")
        return None
    if "late_policy" not in assignment.policies:
        raise BatchError(f"--due-date applies rubric.json's late_policy, which {assignment.folder}/rubric.json "
                         "does not set; add one (see autograder/report/policy.py) or leave out --due-date")
    due = {}
    for key, text in (("due_date", due_date), ("late_due_date", late_due_date)):
        if text:
            try:
                due[key] = policy.moment(text, f"--{key.replace('_', '-')}").isoformat()
            except policy.PolicyError:
                raise BatchError(f"--{key.replace('_', '-')} {text!r} is not a time; give one such as "
                                 "2024-02-01T23:59:00-08:00") from None
    return due


def late_notes(submissions, assignment, due):
    """report.md's sentences on the late policy: what was applied, and to whom it could not be."""
    if "late_policy" not in assignment.policies:
        return []
    if not due:
        return ["rubric.json sets a late_policy, but no --due-date was given: no late penalty was applied."]
    untimed = [s.name for s in submissions if not s.submitted_at]
    notes = [f"Late policy of rubric.json applied with the due date {due['due_date']}"
             + (f" and the late due date {due['late_due_date']}" if "late_due_date" in due else "") + "."]
    if untimed:
        notes.append(f"{len(untimed)} submissions have no submission time (only a Gradescope export gives one), "
                     "so no late penalty was applied to them.")
    return notes


def parser():
    batch = argparse.ArgumentParser(prog="autograder batch", description=__doc__.splitlines()[0])
    batch.add_argument("submissions", help="a folder of submissions (one folder or .zip each), or a Gradescope export")
    batch.add_argument("out", nargs="?", help="the folder to write grades.csv, report.md, ... into")
    batch.add_argument("--out", dest="out_option", metavar="OUT", help="the same as the second argument")
    batch.add_argument("--jobs", type=int, default=None,
                       help="gradings at once (default: one per core; with --cluster, the workers' threads)")
    batch.add_argument("--cluster", metavar="ADDRESS",
                       help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786; see README)")
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
    batch.add_argument("--due-date", metavar="TIME",
                       help="the assignment's due date (ISO 8601, e.g. 2024-02-01T23:59:00-08:00): apply "
                            "rubric.json's late_policy to each submission's time from the export")
    batch.add_argument("--late-due-date", metavar="TIME", help="the late due date, for the late_policy")
    batch.add_argument("--due-date-passed", action="store_true",
                       help="feedback files also show the tests whose visibility is after_due_date")
    batch.add_argument("--published", action="store_true",
                       help="grades are published: feedback files also show the after_published tests")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    return batch


def grade_class(*, submissions, out, assignment=None, assignment_dir=None, jobs=None, cluster=None,
                public_only=False, profile="full", only=(), timeout=GRADING_TIMEOUT, due_date=None,
                late_due_date=None, due_date_passed=False, published=False, progress=True) -> dict:
    """Grade a class (api.batch): every submission (one folder or .zip per student, or a Gradescope export)
    of the folder `submissions` into `out` (grades.csv, report.md, histogram.png, feedback/, students/);
    return the summary {"out", "submissions": names, "graded", "not_graded", "harness_errors": the names
    of each}. cluster: the address of a Dask scheduler to grade on (None: this machine, `jobs` at a
    time; cluster.py); timeout: seconds one grading may take; due_date, late_due_date: ISO 8601 times for rubric.json's
    late_policy; due_date_passed, published: what the feedback files show; progress: a bar on stderr.
    BatchError (a ConfigurationError) when the folder or an option is wrong, GraderFault when this
    interpreter cannot run the grader."""
    check_interpreter()  # before anything else: an interpreter without the grader's modules fails every grading
    if not out:
        raise BatchError("say where to write the grades: autograder batch SUBMISSIONS OUT")
    if jobs_problem(jobs):
        raise BatchError(jobs_problem(jobs))
    try:
        chosen = Assignment(assignment_dir or os.path.join(PROJECT, "assignment"), assignment)
    except ConfigurationError as error:
        raise BatchError(str(error).rstrip(".")) from None
    due = due_dates(due_date, late_due_date, chosen)
    found = [s for s in find_submissions(submissions)
             if os.path.realpath(s.path) != os.path.realpath(out)]  # OUT inside SUBMISSIONS, run again
    if not found:
        raise BatchError(f"{submissions} holds no submissions besides {out}")
    if os.path.isfile(out):
        raise BatchError(f"{out} is a file; give a folder for the grades (it is created if missing)")
    grading = {"profile": profile, "public_only": public_only, "only": list(only), "assignment": assignment,
               "assignment_dir": assignment_dir}
    rows = run(found, out, jobs, grading, timeout, progress, due, cluster)
    write_outputs(out, rows, graded_functions(chosen, only), chosen.written, chosen.title,
                  late_notes(found, chosen, due), due_date_passed, published)
    return {"out": out, "submissions": [safe(s.name) for s, _ in rows],
            **{key: [safe(s.name) for s, o in rows if o.status == status]
               for key, status in (("graded", GRADED), ("not_graded", NOT_GRADED),
                                   ("harness_errors", HARNESS_ERROR))}}
