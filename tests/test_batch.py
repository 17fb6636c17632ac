"""Batch grading: one submission that hangs or crashes the grader never stops the others."""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import batch
from autograder.batch import grade_one
from autograder.packaging.edits import build_edited
from autograder.report import gradescope
from tests.mutants import REFERENCE, all_mutants

PROJECT = Path(__file__).resolve().parents[1]


def test_a_grading_past_its_timeout_is_recorded_as_the_graders_failure(tmp_path):
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"), ["--only", "softmax.py"], timeout=0.2)
    assert results["score"] == 0 and "did not finish within 0.2 s" in results["output"]
    assert json.loads((tmp_path / "r.json").read_text()) == results
    assert results["extra_data"]["harness_errors"]


def test_a_crashing_grader_is_recorded_with_its_error(tmp_path):
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"), ["--no-such-option"])
    assert results["score"] == 0 and "exited with status 2" in results["output"]
    assert "--no-such-option" in results["output"]


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
    found = batch.find_submissions(str(export))
    assert [s.name for s in found] == ["submission_240001", "submission_240002", "submission_240003"]
    assert found[0].who == "Ada Lovelace <ada@example.edu>"
    assert found[1].who == "Alan Turing <alan@example.edu>, Grace Hopper <grace@example.edu>"


def test_a_folder_per_student_and_zips_are_submissions(tmp_path):
    root = a_class(tmp_path / "class", ["bob", "__MACOSX", ".git"])
    (root / "alice.zip").write_bytes(b"")
    (root / "notes.txt").write_text("")
    assert [(s.name, s.who) for s in batch.find_submissions(str(root))] == [("alice", "alice"), ("bob", "bob")]


def outcome(tests, status=batch.GRADED, reason="", mistakes=()):
    document = {"score": sum(t[1] for t in tests), "output": reason,
                "tests": [{"tags": [f], "score": s, "max_score": m} for f, s, m in tests],
                "extra_data": {"named_mistakes": [{"function": f, "mistake": m} for f, m in mistakes]}}
    return batch.Outcome(document, status, reason)


def test_the_class_outputs_count_points_mistakes_and_failures(tmp_path):
    who = [batch.Submission(n, "") for n in ("ann", "ben", "cy", "di")]
    rows = list(zip(who, [
        outcome([("a.py:f", 2, 2), ("a.py:g", 3, 3)]),
        outcome([("a.py:f", 0, 2), ("a.py:g", 3, 3)], mistakes=[("a.py:f", "sums over columns")]),
        outcome([], batch.NOT_GRADED, "the submission is empty"),
        batch.Outcome(gradescope.failure_document("x", 0), batch.HARNESS_ERROR, "did not finish within 9 s")]))
    batch.write_outputs(str(tmp_path), rows)
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
