"""The Python API: one keyword-only function per job, each returning a document (a dict).
The command line (cli.py) is a thin layer over it: it parses, calls one of these, prints.

    from autograder import api
    results = api.grade(submission="hw2/", results="results.json")   # Gradescope's results.json, as a dict
    checked = api.check(submission="hw2/")                            # the public checks only
    summary = api.batch(submissions="class/", out="grades/")          # {"graded": [names], ...} (batch/grade_class.py)
    built = api.package(gradescope=True)                              # {"built": [{"path", "bytes"}], ...}
    audited = api.audit(mutants="tests/mutants", only=["softmax.py"])  # {"defects": [...], "report": ...}

Every function takes `assignment` (the name of one of the manifest's assignments; None: its
default_assignment) and `assignment_dir` (the assignment folder; None: the project's assignment/).
A job that cannot be done raises one of the faults of autograder/faults.py: ConfigurationError
(the assignment or an argument), SubmissionError (nothing gradable in the submission), GraderFault
(the grader's own); a fault of grade and check carries the results document that says so
(`fault.document`, also written to `results`).
"""
import os
import shutil

from autograder import PROJECT
from autograder.assignment import Assignment
from autograder.batch.grade_class import grade_class as batch
from autograder.faults import ConfigurationError
from autograder.pipeline import ASSIGNMENT_DIR, grade, jobs_problem
from autograder.sandbox import process

__all__ = ["grade", "check", "batch", "package", "audit"]


def check(*, submission, results=None, as_me=False, **grading) -> dict:
    """A student's check: grade(public_only=True, ...) of `submission`, with a failure of the grader worded
    for the student. as_me: run the code as the caller even as root (no sandbox user: one's own code on
    one's own machine). Other keywords: grade's."""
    if as_me:
        process.run_as_caller()
    return grade(submission=submission, results=results, public_only=True, checking=True, **grading)


def package(*, gradescope=False, handout=False, out=None, hints=None, assignment=None, assignment_dir=None) -> dict:
    """Build the Gradescope autograder zip (gradescope) and/or the student handout (handout: student.zip
    and homework.ipynb, hints: how much the starter's hints give away) into `out` (None: dist/); return
    {"title", "built": [{"path", "bytes"}]}."""
    from autograder.packaging import autograder_zip
    from autograder.packaging import handout as student_handout
    if not (gradescope or handout):
        raise ConfigurationError("say what to build: the Gradescope autograder zip (--gradescope) or the student "
                                 "handout (--handout)")
    chosen = Assignment(assignment_dir or ASSIGNMENT_DIR, assignment)
    out = out or os.path.join(PROJECT, "dist")
    built = []
    if gradescope:
        path = os.path.join(out, "autograder.zip")
        built.append((path, autograder_zip.build(chosen, path)))
    if handout:
        built += student_handout.build(chosen, out, hints)
    return {"title": chosen.title, "built": [{"path": path, "bytes": size} for path, size in built]}


def audit(*, mutants=None, variants=None, out="audit.md", profile="quick", jobs=None, max_mutants=None,
          min_kill_rate=0.95, only=(), work=None, keep=False, cluster=None, assignment=None,
          assignment_dir=None) -> dict:
    """Test the tests: grade the reference, the starter, the hand-written mutants (a package whose modules
    list MUTANTS), the correct variants (VARIANTS), degenerate versions and generated mutants; write the
    report to `out`; return {"defects": [sentences], "report": its Markdown, "out"}. max_mutants: at most
    that many generated mutants per function; only: audit only these student files; work: a folder for
    the gradings (kept; None: a temporary one, removed unless keep); cluster: the address of a Dask
    scheduler to grade on (None: this machine, `jobs` at a time). BatchError (a ConfigurationError) when
    that cluster cannot be reached or cannot grade this assignment."""
    from autograder.audit.grade_versions import Audit
    problem = jobs_problem(jobs)
    if problem:
        raise ConfigurationError(problem)
    chosen = Assignment(assignment_dir or ASSIGNMENT_DIR, assignment)
    audited = Audit(chosen, mutants, variants, profile, jobs, max_mutants, min_kill_rate, work, only=only,
                    cluster=cluster)
    try:
        audited.run()
        report = audited.markdown()
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(report)
    finally:
        if not work and not keep:
            shutil.rmtree(audited.work, ignore_errors=True)
    return {"defects": list(audited.defects), "report": report, "out": out}
