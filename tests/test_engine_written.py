"""Written answers apart from code: the manifest's "written" key marks graded functions
whose tests count as written answers; results.json's extra_data.subtotals and the
terminal report show the two subtotals. On the toy assignment (count.py:count_calls
marked written), and on records, without a worker."""
import pytest

from autograder.assignment import Assignment, AssignmentError
from autograder.grading.test_result import TestResult
from autograder.report import results_json, terminal
from tests.toy_grading import SUBMISSIONS, TOY, grade, toy_copy

COUNT = "count.py:count_calls"


def result(function_id, score, max_score):
    return TestResult(name=f"{function_id}: t", node=f"public/t.py::{function_id}", function_id=function_id,
                      tags=[function_id], number="1", max_score=max_score, score=score,
                      status="passed" if score == max_score else "failed", output="", visibility="visible",
                      seconds=0.0)


def test_subtotals_split_the_points_by_the_written_functions():
    results = [result("a.py:f", 1.0, 2.0), result("w.py:g", 3.0, 3.0), result("a.py:h", 0.5, 1.0)]
    assert results_json.subtotals(results, {"w.py:g"}) == {"code": {"score": 1.5, "max_score": 3.0},
                                                         "written": {"score": 3.0, "max_score": 3.0}}
    assert results_json.subtotals(results, frozenset())["written"] == {"score": 0.0, "max_score": 0.0}


def test_the_terminal_report_shows_subtotals_only_when_written_answers_were_graded():
    results = [result("a.py:f", 1.0, 2.0), result("w.py:g", 3.0, 3.0)]
    def report(written):
        return terminal.text(results_json.results_document(results, 0.0, "", {
            "subtotals": results_json.subtotals(results, written)}))
    with_written = report({"w.py:g"})
    assert "    code:      1.00 / 2.00\n    written:   3.00 / 3.00\n" in with_written
    without = report(set())
    assert "written:" not in without and "Total: 4.00 / 5.00" in without


@pytest.mark.parametrize("written, words", [
    ("count.py:count_calls", "must be a list of function ids"),
    (["count.py:count"], "names 'count.py:count', which is not one of the manifest's \"functions\""),
])
def test_a_wrong_written_key_is_an_error_naming_it(tmp_path, written, words):
    folder = toy_copy(tmp_path / "toy", manifest={"written": written})
    with pytest.raises(AssignmentError, match=words.replace("(", r"\(")):
        Assignment(str(folder))


def test_an_assignment_without_written_answers_has_none():
    assert Assignment(str(TOY)).written == frozenset()


def test_a_grading_reports_code_and_written_subtotals(tmp_path):
    folder = toy_copy(tmp_path / "toy", manifest={"written": [COUNT]})
    results, report = grade(folder, SUBMISSIONS / "alias_wrong", tmp_path / "results.json", "--profile", "quick")
    written = [t for t in results["tests"] if t["tags"][0] == COUNT]
    code = [t for t in results["tests"] if t["tags"][0] != COUNT]
    assert written and code
    expected = {name: {"score": sum(t["score"] for t in tests), "max_score": sum(t["max_score"] for t in tests)}
                for name, tests in (("code", code), ("written", written))}
    assert results["extra_data"]["subtotals"] == expected
    assert expected["written"]["score"] < expected["written"]["max_score"]  # alias_wrong counts wrongly
    assert (f"    code:    {expected['code']['score']:6.2f} / {expected['code']['max_score']:.2f}\n"
            f"    written: {expected['written']['score']:6.2f} / {expected['written']['max_score']:.2f}\n") in report
