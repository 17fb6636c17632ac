"""The class outputs (grades.csv, report.md, histogram.png, feedback/) from results documents, without
grading: subtotals, late penalties, SIDs and times, statistics of the graded submissions only, failure
rates, faults by student, what a student may see, and rows that would break a writer."""
import csv
import dataclasses
import unicodedata

import pytest

from autograder.report import classout
from autograder.report.classout import GRADED, HARNESS_ERROR, NOT_GRADED


@dataclasses.dataclass
class Submission:  # what batch.Submission gives the outputs
    name: str
    students: list = dataclasses.field(default_factory=list)
    submitted_at: str = ""

    @property
    def who(self):
        return ", ".join(s["name"] for s in self.students) or self.name


@dataclasses.dataclass
class Outcome:  # what batch.Outcome gives the outputs
    document: dict
    status: str = GRADED
    reason: str = ""
    seconds: float = 1.0


def entry(function, score, maximum, name=None, visibility="visible", output=""):
    return {"name": name or f"{function} test", "tags": [function], "score": score, "max_score": maximum,
            "status": "passed" if score == maximum else "failed", "output": output, "visibility": visibility}


def document(tests, output="", **extra):
    return {"score": sum(t["score"] for t in tests), "output": output, "tests": tests, "extra_data": extra}


def read_grades(folder):
    with open(folder / "grades.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(tmp_path, rows, **options):
    return classout.write_outputs(str(tmp_path), rows, **options)


WRITTEN = frozenset({"answers.py:count"})


def test_grades_have_sid_time_subtotals_the_late_penalty_and_a_percentage(tmp_path):
    late = document([entry("a.py:f", 4, 4), entry("answers.py:count", 1, 2)], late_penalty={"fraction": 0.2})
    late["score"] = 4.0  # 5 points less 20 %
    rows = [(Submission("s1", [{"name": "Ada", "sid": "1001", "email": "ada@x.edu"}], "2024-02-02T08:45:00-08:00"),
             Outcome(late)),
            (Submission("s2"), Outcome(document([]), NOT_GRADED, "the submission is empty"))]
    write(tmp_path, rows, functions=["a.py:f", "answers.py:count"], written=WRITTEN)
    first, second = read_grades(tmp_path)
    assert {k: first[k] for k in ("sid", "students", "emails", "submitted_at", "code", "code_max", "written",
                                  "written_max", "late_penalty", "total", "max", "percentage", "a.py:f")} == {
        "sid": "1001", "students": "Ada", "emails": "ada@x.edu", "submitted_at": "2024-02-02T08:45:00-08:00",
        "code": "4", "code_max": "4", "written": "1", "written_max": "2", "late_penalty": "0.2", "total": "4",
        "max": "6", "percentage": "66.67", "a.py:f": "4"}
    # A submission with nothing to grade scores 0 of the class's maximum, function by function.
    assert (second["total"], second["max"], second["code_max"], second["written_max"], second["percentage"],
            second["answers.py:count"]) == ("0", "6", "4", "2", "0.00", "0")


def test_every_graded_function_has_its_column_when_every_submission_is_a_harness_error(tmp_path):
    broken = Outcome({"score": 0, "output": "", "tests": [], "extra_data": {}}, HARNESS_ERROR, "did not finish")
    write(tmp_path, [(Submission("s1"), broken), (Submission("s2"), broken)], functions=["a.py:f", "b.py:g"])
    rows = read_grades(tmp_path)
    assert list(rows[0])[-3:] == ["a.py:f", "b.py:g", "reason"]
    assert [(r["status"], r["total"], r["a.py:f"], r["b.py:g"]) for r in rows] == [("harness error", "", "", "")] * 2
    assert "No submission was graded" in (tmp_path / "report.md").read_text()


def test_text_cells_never_read_as_formulas_and_numbers_stay_numbers(tmp_path):
    names = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-3", "@SUM(A1)", "\t=1", "\r\n=CR", " =1"]
    rows = [(Submission(f"s{i}", [{"name": name, "sid": name, "email": "@mail"}]),
             Outcome(document([entry("a.py:f", 1, 2)]), reason="=1+1")) for i, name in enumerate(names)]
    write(tmp_path, rows, functions=["a.py:f"])
    for row in read_grades(tmp_path):
        for column in ("students", "sid", "emails", "reason"):
            assert row[column].startswith("'"), (column, row[column])
        assert (row["total"], row["a.py:f"], row["percentage"]) == ("1", "1", "50.00")
    assert [row["students"] for row in read_grades(tmp_path)] == [
        "'=HYPERLINK(\"http://evil\",\"x\")", "'+1+2", "'-3", "'@SUM(A1)", "'=1", "'=CR", "'=1"]


def test_the_report_keeps_uploads_that_were_not_graded_out_of_the_statistics(tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(classout, "write_histogram", lambda path, totals, maximum: drawn.append((totals, maximum)))
    rows = [(Submission("ann"), Outcome(document([entry("a.py:f", 4, 4)]))),
            (Submission("ben"), Outcome(document([entry("a.py:f", 2, 4)]))),
            (Submission("cy"), Outcome(document([]), NOT_GRADED, "nothing to grade")),
            (Submission("di"), Outcome(document([]), HARNESS_ERROR, "the grader failed"))]
    write(tmp_path, rows, functions=["a.py:f"])
    report = (tmp_path / "report.md").read_text()
    assert drawn == [([4.0, 2.0], 4.0)]
    assert "mean 3.00, median 3, min 2, max 4" in report
    assert "| `a.py:f` | 4 | 3.00 | 3 | 1 | 1 | 0 |" in report
    assert "## Not graded\n\n- cy: nothing to grade" in report
    assert "## Harness errors\n\n- di: the grader failed" in report


def test_the_report_ranks_failed_tests_with_their_first_message_and_lists_faults_and_slow_gradings(tmp_path):
    def graded(f_score, g_score, output="", faults=(), seconds=1.0):
        tests = [entry("a.py:f", f_score, 2, "f: rows", output=output), entry("a.py:g", g_score, 1, "g: sums"),
                 entry("a.py:g", 0, 0, "g: advice", output="advice only")]
        return Outcome(document(tests, faults=[{"kind": k, "function": f, "message": m} for k, f, m in faults]),
                       seconds=seconds)
    rows = [(Submission("ann"), graded(0, 1, "f(x) summed the columns", seconds=3.0)),
            (Submission("ben"), graded(0, 0, "f(x) did not finish within 1 s",
                                       [("timeout", "a.py:f", "f(x) did not finish within 1 s")], 40.0)),
            (Submission("cy"), graded(2, 1, faults=[("syntax error", "a.py:g", "a.py has a syntax error at line 3"),
                                                    ("crash", "a.py:g", "g(1) broke the process running it")])),
            (Submission("di"), Outcome(document([]), NOT_GRADED, "empty", seconds=99.0))]
    write(tmp_path, rows, functions=["a.py:f", "a.py:g"])
    report = (tmp_path / "report.md").read_text()
    assert "Failed most: `f: rows` (2 of 3 submissions); its first message: f(x) summed the columns" in report
    assert "| f: rows | `a.py:f` | 2 | 3 | 67% | f(x) summed the columns |" in report
    assert "| g: sums | `a.py:g` | 1 | 3 | 33% |" in report and "advice" not in report
    assert "### Syntax errors (1 submission)\n\n- cy: `a.py:g`; first: a.py has a syntax error at line 3" in report
    assert "### Timeouts (1 submission)\n\n- ben: `a.py:f`; first: f(x) did not finish within 1 s" in report
    assert "### Crashes (1 submission)\n\n- cy: `a.py:g`; first: g(1) broke the process running it" in report
    slowest = report.split("## Slowest submissions")[1].split("##")[0]
    assert [line.split(" | ")[0] for line in slowest.splitlines() if line.startswith("| ") and "---" not in line][1:] \
        == ["| di", "| ben", "| ann", "| cy"]


def a_graded_row_with_every_visibility():
    tests = [entry("a.py:f", 1, 1, "f: shown"),
             entry("a.py:f", 0, 1, "f: shown and failed", output="f(2) returned 5, not 4"),
             entry("a.py:f", 0, 2, "f: hidden", "hidden", "HIDDEN-INPUT 7.25"),
             entry("a.py:f", 0, 2, "f: after the due date", "after_due_date", "DUE-INPUT 3.5"),
             entry("a.py:f", 2, 2, "f: after publishing", "after_published")]
    results = document(tests, "On the tests you can see now: 1 / 2 points.",
                       named_mistakes=[{"function": "a.py:f", "mistake": "NAMED-MISTAKE"}],
                       harness_errors=[{"test": None, "traceback": "Traceback TRACE"}])
    return Submission("ann", [{"name": "Ann", "sid": "1", "email": "a@x"}]), Outcome(results)


@pytest.mark.parametrize("due_date_passed, published", [(False, False), (True, False), (True, True)])
def test_feedback_holds_only_what_the_student_may_see(tmp_path, due_date_passed, published):
    write(tmp_path, [a_graded_row_with_every_visibility()], due_date_passed=due_date_passed, published=published)
    text = (tmp_path / "feedback" / "ann.txt").read_text()
    assert "On the tests you can see now" in text and "f(2) returned 5, not 4" in text
    for secret in ("HIDDEN-INPUT", "f: hidden", "NAMED-MISTAKE", "TRACE"):
        assert secret not in text
    assert ("DUE-INPUT 3.5" in text) == due_date_passed and ("f: after publishing" in text) == published
    # A test not shown hides the total, as on Gradescope (the hidden one, here, always).
    assert "Total:" not in text
    shown = 2 + 2 * due_date_passed + 2 * published
    assert f"Points on the tests shown here: {1 + 2 * published:g} / {shown:g}" in text


def test_feedback_shows_the_total_when_every_test_is_shown_and_never_the_graders_failure(tmp_path):
    rows = [(Submission("ann"), Outcome(dict(document([entry("a.py:f", 1, 2)]), score=0.9,
                                             extra_data={"late_penalty": {"fraction": 0.1}}))),
            (Submission("ben"), Outcome(document([], "The autograder failed on this submission: /srv/grader/x.py "
                                                     "line 3 STDERR-TAIL"), HARNESS_ERROR, "STDERR-TAIL"))]
    write(tmp_path, rows)
    assert "Total: 0.9 / 2 (after a late penalty of 10%)" in (tmp_path / "feedback" / "ann.txt").read_text()
    failed = (tmp_path / "feedback" / "ben.txt").read_text()
    assert "The grader failed on this submission; this is not a problem with your code" in failed
    assert "STDERR-TAIL" not in failed


def unsafe_characters(text):
    return [c for c in text if (unicodedata.category(c) == "Cc" and c not in "\n\t") or 0xD800 <= ord(c) < 0xE000]


def test_one_bad_row_loses_nothing_of_the_class(tmp_path):
    undecodable = b"\xff.py".decode("utf-8", "surrogateescape")  # what os.listdir gives for such a name
    rows = [(Submission("ann"), Outcome(document([entry("a.py:f", 2, 2)]))),
            (Submission(f"ben{undecodable}\x1b[2J"),
             Outcome(document([], f"nothing to grade: {undecodable} is not a Python file\x07"), NOT_GRADED,
                     f"nothing to grade: {undecodable} is not a Python file\x07\x1b]0;title\x08")),
            (Submission("cy"), Outcome({"score": "lots", "tests": "not a list", "extra_data": []}, GRADED)),
            (Submission("di"), Outcome(document([entry("a.py:f", 1, 2, output="bad \ud800 \x1b[31mred")])))]
    written = write(tmp_path, rows, functions=["a.py:f"])
    assert [row.status for row in written] == [GRADED, NOT_GRADED, HARNESS_ERROR, GRADED]
    outputs = [tmp_path / "grades.csv", tmp_path / "report.md", *sorted((tmp_path / "feedback").iterdir())]
    assert len(outputs) == 2 + 4 and (tmp_path / "histogram.png").read_bytes().startswith(b"\x89PNG")
    for path in outputs:
        text = path.read_bytes().decode("utf-8")  # valid UTF-8, or this raises
        assert unsafe_characters(text.replace("\r\n", "\n")) == [], path.name
    grades = read_grades(tmp_path)
    assert [(r["submission"], r["status"], r["total"]) for r in grades] == [
        ("ann", "graded", "2"), ("ben\ufffd.py\ufffd[2J", "not graded", "0"), ("cy", "harness error", ""),
        ("di", "graded", "1")]
    assert grades[1]["reason"] == "nothing to grade: \ufffd.py is not a Python file\ufffd\ufffd]0;title\ufffd"
    assert grades[2]["reason"].startswith("its results could not be read (")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "- ben\ufffd.py\ufffd[2J: nothing to grade: \ufffd.py is not a Python file" in report
    assert "mean 1.50" in report  # ann and di: cy's unreadable results are a harness error, not a 0


def test_safe_text_keeps_newlines_tabs_and_every_printable_character():
    assert classout.safe("a\tb\r\nc\u00e9\U0001F600\x00\x7f\x9b\udcff") == "a\tb\nc\u00e9\U0001F600" + "\ufffd" * 4
    assert classout.safe(b"caf\xc3\xa9 \xff") == "caf\u00e9 \ufffd"


def test_the_grader_records_syntax_errors_crashes_and_timeouts_for_the_class_report(tmp_path):
    from tests.toy_grading import TOY, grade
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "double.py").write_text("def double(x)\n    return 2 * x\n")
    (submission / "count.py").write_text("import os\nimport time\n\n\ndef count_calls(f, n):\n"
                                         "    if n:\n        time.sleep(60)\n    os._exit(3)\n")
    results, _ = grade(TOY, submission, tmp_path / "r.json", "--profile", "quick", "--call-timeout", "2")
    kinds = {(f["function"], f["kind"]) for f in results["extra_data"]["faults"]}
    assert kinds == {("double.py:double", "syntax error"), ("count.py:count_calls", "crash"),
                     ("count.py:count_calls", "timeout")}
    assert all(f["message"] for f in results["extra_data"]["faults"])


def test_feedback_file_names_are_safe_and_short_enough_for_any_file_system():
    assert classout.feedback_file_name("../..\\x") == "_.._x.txt"
    assert len(classout.feedback_file_name("\U0001F600" * 200).encode()) <= 204
