"""What the benchmark's parts share: a timed whole-process command (Case, run_once), the check of a
grading's score, the targets, and how a row is printed."""
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(PROJECT, "reference")
# The venv's real folder: a worker confined to the interpreter's folders must find it behind a linked .venv.
VENV_PYTHON = os.path.join(os.path.realpath(os.path.join(PROJECT, ".venv")), "bin", "python")
PYTHON = VENV_PYTHON if os.access(VENV_PYTHON, os.X_OK) else sys.executable  # as run_autograder picks
TARGETS = {"starter / reference": ("<=", 1.0, "x"), "subset": ("<=", 0.5, "s"), "whole": ("<=", 1.2, "s"),
           "whole CPU": ("<=", 1.5, "CPU-s"), "first homework": ("<=", 4.0, "s"), "batch speed-up": (">=", 1.7, "x"),
           "batch rate": (">=", 60.0, "/min")}


class GradingFailed(Exception):
    """A grading did not complete or did not give the score its submission must get."""


@dataclasses.dataclass
class Case:
    """One thing to time: a grading (submission + options), or a bare command."""
    name: str
    command: list
    expect: str = ""  # "full", "zero" or "partial"; empty: not a grading
    results: str = ""  # the grading's results.json
    cwd: str = PROJECT
    timings: list = dataclasses.field(default_factory=list)
    cpu: list = dataclasses.field(default_factory=list)  # CPU-seconds of the process tree, per run
    documents: list = dataclasses.field(default_factory=list)


def check_score(label, document, expect):
    """Raise GradingFailed unless the score in `document` is what `expect` says."""
    possible = sum(test["max_score"] for test in document.get("tests", []))
    score = document.get("score")
    ok = possible > 0 and score is not None and {
        "full": abs(score - possible) < 1e-6, "zero": score == 0, "partial": 0 < score < possible}[expect]
    if not ok:
        raise GradingFailed(f"{label}: score {score} of {possible}, expected {expect} marks; "
                            f"output: {document.get('output', '')[:300]}")


def run_once(case):
    """Time one run of `case` (whole process); check and keep its results.json."""
    if case.results and os.path.exists(case.results):
        os.remove(case.results)  # a grader that writes nothing must not pass on the last run's results
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(case.command, check=False, cwd=case.cwd, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "AUTOGRADER_PYTHON": PYTHON})
    case.timings.append(time.perf_counter() - started)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every process of the tree that was waited for
    case.cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode != 0:
        raise GradingFailed(f"{case.name}: exit status {done.returncode}\n{done.stderr[-2000:]}")
    if case.expect:
        with open(case.results, encoding="utf-8") as handle:
            document = json.load(handle)
        check_score(case.name, document, case.expect)
        case.documents.append(document)


def median(values):
    return statistics.median(values) if values else None


def target_text(key, value):
    """'target <= 1.0 (met)' for a figure with a target."""
    sign, bound, unit = TARGETS[key]
    met = value <= bound if sign == "<=" else value >= bound
    return f"target {sign} {bound} {unit} ({'met' if met else 'missed'})"


def row(label, value, unit="s", note=""):
    print(f"  {label:34s} {value:7.2f} {unit:2s} {note}".rstrip())


def runs_text(timings):
    return "(" + ", ".join(f"{t:.2f}" for t in timings) + ")"
