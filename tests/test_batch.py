"""Batch grading: one submission that hangs or crashes the grader never stops the others."""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from autograder import api
from autograder.batch import grade_class
from autograder.batch.grade_class import grade_one
from autograder.batch.outcome import Outcome
from autograder.packaging.edits import build_edited
from autograder.report import results_json
from tests.mutants import REFERENCE, all_mutants
from tests.toy_grading import REFERENCE as TOY_REFERENCE
from tests.toy_grading import TOY, toy_copy

PROJECT = Path(__file__).resolve().parents[1]


def test_a_grading_past_its_timeout_is_recorded_as_the_graders_failure(tmp_path):
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"), {"only": ["softmax.py"]}, timeout=0.2)
    assert results["score"] == 0 and "did not finish within 0.2 s" in results["output"]
    assert json.loads((tmp_path / "r.json").read_text()) == results
    assert results["extra_data"]["harness_errors"]


def test_a_grading_that_cannot_start_is_recorded_with_its_error(tmp_path):
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"), {"no_such_option": True})
    assert results["score"] == 0 and "exited with status 2" in results["output"]
    assert "unexpected keyword argument 'no_such_option'" in results["output"]


# -- a class: finding submissions, the report, the command ---------------------

EXPORT = Path(__file__).resolve().parent / "data" / "gradescope_export"


def a_class(root, names):
    """A class folder with an empty folder per name."""
    for name in names:
        (root / name).mkdir(parents=True)
    return root


def test_a_gradescope_export_maps_submission_folders_to_students(tmp_path):
    export = a_class(tmp_path / "export", ["submission_240001", "submission_240002", "submission_240003"])
    shutil.copy(EXPORT / "submission_metadata.yml", export)
    found = grade_class.find_submissions(str(export))
    assert [s.name for s in found] == ["submission_240001", "submission_240002", "submission_240003"]
    assert found[0].who == "Ada Lovelace <ada@example.edu>"
    assert found[1].who == "Alan Turing <alan@example.edu>, Grace Hopper <grace@example.edu>"


def test_a_folder_per_student_and_zips_are_submissions(tmp_path):
    root = a_class(tmp_path / "class", ["bob", "__MACOSX", ".git"])
    (root / "alice.zip").write_bytes(b"")
    (root / "notes.txt").write_text("")
    assert [(s.name, s.who) for s in grade_class.find_submissions(str(root))] == [("alice", "alice"), ("bob", "bob")]


def outcome(tests, status=grade_class.GRADED, reason="", mistakes=()):
    document = {"score": sum(t[1] for t in tests), "output": reason,
                "tests": [{"tags": [f], "score": s, "max_score": m} for f, s, m in tests],
                "extra_data": {"named_mistakes": [{"function": f, "mistake": m} for f, m in mistakes]}}
    return Outcome(document, status, reason)


def test_the_class_outputs_count_points_mistakes_and_failures(tmp_path):
    who = [grade_class.Submission(n, "") for n in ("ann", "ben", "cy", "di")]
    rows = list(zip(who, [
        outcome([("a.py:f", 2, 2), ("a.py:g", 3, 3)]),
        outcome([("a.py:f", 0, 2), ("a.py:g", 3, 3)], mistakes=[("a.py:f", "sums over columns")]),
        outcome([], grade_class.NOT_GRADED, "the submission is empty"),
        Outcome(results_json.failure_document("x", 0), grade_class.HARNESS_ERROR, "did not finish within 9 s")]))
    grade_class.write_outputs(str(tmp_path), rows)
    with open(tmp_path / "grades.csv", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [(r["submission"], r["status"], r["total"], r["a.py:f"]) for r in table] == [
        ("ann", "graded", "5", "2"), ("ben", "graded", "3", "0"), ("cy", "not graded", "0", "0"),
        ("di", "harness error", "", "")]
    assert table[3]["reason"] == "did not finish within 9 s"
    report = (tmp_path / "report.md").read_text()
    # Of the two graded submissions only: the not-graded upload is not a zero of the statistics.
    assert "| `a.py:f` | 2 | 1.00 | 1 | 1 | 0 | 1 |" in report
    assert "mean 4.00, median 4, min 3, max 5" in report
    assert "| `a.py:f` | sums over columns | 1 | ben |" in report
    assert "- cy: the submission is empty" in report and "- di: did not finish within 9 s" in report
    assert (tmp_path / "histogram.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow
def test_a_class_is_graded_with_its_report_and_a_timeout_is_a_harness_error_row(tmp_path):
    mutant = next(m for m in all_mutants() if m.name == "adam_without_bias_correction")
    export = tmp_path / "export"
    build_edited(REFERENCE, [], export / "submission_240001")
    mutant.build(export / "submission_240002", REFERENCE)
    (export / "submission_240003").mkdir()
    shutil.copy(EXPORT / "submission_metadata.yml", export)
    command = [sys.executable, "-m", "autograder", "batch", str(export), str(tmp_path / "out"), "--jobs", "2",
               "--only", "optim.py", "--profile", "quick", "--no-progress"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, check=False)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        table = {r["submission"]: r for r in csv.DictReader(handle)}
    assert table["submission_240001"]["total"] == table["submission_240001"]["max"]
    assert table["submission_240002"]["optim.py:adam_step"] == "0"
    assert table["submission_240003"]["status"] == "not graded"
    assert table["submission_240002"]["students"] == "Alan Turing; Grace Hopper"
    report = (tmp_path / "out" / "report.md").read_text()
    assert "Adam without bias correction" in report and "Alan Turing <alan@example.edu>" in report
    assert json.loads((tmp_path / "out" / "students" / "submission_240001" / "results.json").read_text())["tests"]
    timed_out = subprocess.run([*command[:5], str(tmp_path / "out2"), *command[6:], "--timeout", "0.5"],
                               capture_output=True, text=True, cwd=PROJECT, check=False)
    assert timed_out.returncode == 1 and "The grader failed on" in timed_out.stdout
    with open(tmp_path / "out2" / "grades.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["submission"] == "submission_240001")
    assert row["status"] == "harness error" and "did not finish within 0.5 s" in row["reason"]


# -- a class of the toy assignment, end to end ---------------------------------

def processes_with(text):
    """{pid: uid} of the processes whose command line holds text."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if text.encode() in handle.read():
                    found[int(pid)] = os.stat(f"/proc/{pid}").st_uid
        except OSError:  # gone meanwhile
            pass
    return found


SLEEPER = '''import subprocess
import sys
import time


def double(x):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)", "{marker}"], start_new_session=True)
    time.sleep(3600)
'''


@pytest.mark.slow
def test_a_grading_killed_at_its_timeout_leaves_no_process_and_no_scratch_folder(tmp_path):
    toy = toy_copy(tmp_path / "toy", manifest={"limits": {"call_timeout": 60, "budget": 120}})
    marker = f"classout-sleeper-{os.getpid()}-{time.monotonic_ns()}"
    sleeper = tmp_path / "class" / "sleeper"
    sleeper.mkdir(parents=True)
    (sleeper / "double.py").write_text(SLEEPER.format(marker=marker))
    # The batch's TMPDIR, where its gradings' scratch folders are made: outside tmp_path, which only its
    # owner may enter (as root, student code runs under a uid of its own).
    temporary = Path(tempfile.mkdtemp(prefix="classout-kill-"))
    temporary.chmod(0o755)
    command = [sys.executable, "-m", "autograder", "batch", str(tmp_path / "class"), str(tmp_path / "out"),
               "--assignment-dir", str(toy), "--timeout", "8", "--no-progress"]
    try:
        running = subprocess.Popen(command, cwd=PROJECT, env=dict(os.environ, TMPDIR=str(temporary)),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        marked, scratch = {}, {}
        while running.poll() is None and not (marked and scratch):  # until the sleeper and its worker run
            marked.update(processes_with(marker))
            scratch.update(processes_with(str(temporary)))
            time.sleep(0.05)
        _, stderr = running.communicate(timeout=60)
        assert marked and scratch, f"the sleeper never ran, so nothing was checked: {stderr[-2000:]}"
        assert processes_with(marker) == {} and processes_with(str(temporary)) == {}
        uids = {*marked.values(), *scratch.values()} - {os.geteuid()}  # as root: the grading's sandbox uid
        assert not [pid for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if owner(pid) in uids]
        assert list(temporary.iterdir()) == []
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert (row["status"], row["reason"]) == ("harness error", "the grading did not finish within 8 s")


def owner(pid):
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


EXPORT_YAML = '''submission_1:
  :submitters:
  - :name: '=HYPERLINK("http://example.com","Ada")'
    :sid: '1001'
    :email: ada@example.edu
  :created_at: 2024-02-01 23:10:05.123456000 -08:00
submission_2:
  :submitters:
  - :name: Alan Turing
    :sid: '1002'
    :email: alan@example.edu
  :created_at: 2024-02-03 08:45:00.000000000 -08:00
submission_3:
  :submitters:
  - :name: Grace Hopper
    :sid: '1003'
    :email: grace@example.edu
  :created_at: 2024-02-01 09:00:00.000000000 -08:00
submission_4:
  :submitters:
  - :name: Edsger Dijkstra
    :sid: '1004'
    :email: edsger@example.edu
  :created_at: 2024-02-01 09:00:00.000000000 -08:00
'''


@pytest.mark.slow
def test_an_export_is_graded_with_sids_times_late_penalties_faults_and_feedback(tmp_path):
    rubric = json.loads((TOY / "rubric.json").read_text())
    toy = toy_copy(tmp_path / "toy", manifest={"limits": {"call_timeout": 3, "budget": 20},
                                               "written": ["count.py:count_calls"]},
                   rubric=dict(rubric, late_policy={"penalty_per_day": 0.1, "max_penalty": 0.5}))
    export = tmp_path / "export"
    for number, files in enumerate([
            {"double.py": "def double(x):\n    return 2 * x\n",
             "count.py": (TOY_REFERENCE / "count.py").read_text()},
            {"double.py": "def double(x)\n    return 2 * x\n",
             "count.py": "import os\n\n\ndef count_calls(f, n):\n    os._exit(3)\n"},
            {"double.py": "def double(x):\n    while True:\n        pass\n"},
            {}], start=1):
        (export / f"submission_{number}").mkdir(parents=True)
        for name, text in files.items():
            (export / f"submission_{number}" / name).write_text(text)
    (export / "submission_metadata.yml").write_text(EXPORT_YAML)
    out = tmp_path / "out"
    summary = api.batch(submissions=str(export), out=str(out), assignment_dir=str(toy), jobs=2, progress=False,
                        due_date="2024-02-01T23:59:00-08:00")
    assert summary["harness_errors"] == [], (out / "grades.csv").read_text(encoding="utf-8")
    assert (summary["graded"], summary["not_graded"]) == ([f"submission_{n}" for n in (1, 2, 3)], ["submission_4"])
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        table = {r["submission"]: r for r in csv.DictReader(handle)}
    ada, alan, grace, edsger = (table[f"submission_{n}"] for n in range(1, 5))
    assert (ada["students"], ada["sid"], ada["submitted_at"]) == (
        "'=HYPERLINK(\"http://example.com\",\"Ada\")", "1001", "2024-02-01T23:10:05.123456-08:00")
    assert {k: ada[k] for k in ("code", "code_max", "written", "written_max", "late_penalty", "total", "max",
                                "percentage")} == {
        "code": "5", "code_max": "5", "written": "3", "written_max": "3", "late_penalty": "0", "total": "8",
        "max": "8", "percentage": "100.00"}
    assert (ada["double.py:double"], ada["count.py:count_calls"]) == ("5", "3")
    # Two started days late: 20 % off what it earned (nothing but nothing is still 0 after the penalty).
    assert (alan["late_penalty"], alan["total"], alan["double.py:double"]) == ("0.2", "0", "0")
    assert (grace["status"], edsger["status"], edsger["total"]) == ("graded", "not graded", "0")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "4 submissions: 3 graded, 1 not graded" in report
    assert "### Syntax errors (1 submission)\n\n- Alan Turing <alan@example.edu>: `double.py:double`" in report
    assert "### Crashes (1 submission)\n\n- Alan Turing <alan@example.edu>: `count.py:count_calls`" in report
    assert "### Timeouts (1 submission)\n\n- Grace Hopper <grace@example.edu>: `double.py:double`" in report
    assert "due date 2024-02-01T23:59:00-08:00" in report
    feedback = (out / "feedback" / "submission_1.txt").read_text(encoding="utf-8")
    # The toy's hidden tier shows after publishing, but for test_count_zero, which rubric.json makes visible.
    assert "count_calls(f, 0) never calls f" in feedback and "double agrees with the reference" not in feedback
    assert "Total:" not in feedback
