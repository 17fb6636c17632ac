"""checks.counts_with: a test that a stub can pass alone earns its points only with its gate; a test of
weight 0 is advice, which costs nothing."""
from autograder.grading.test_result import ADVICE, TestResult, apply_gates
from tests.toy_grading import by_number, grade, toy_copy


def result(node, status, counts_with=()):
    return TestResult(name=f"f: {node}", node=node, function_id="f.py:f", tags=["f.py:f"], number="1",
                      max_score=1.0, score=1.0 if status == "passed" else 0.0, status=status,
                      output="" if status == "passed" else "wrong value", visibility="visible", seconds=0.0,
                      counts_with=counts_with)


def finish(*results):
    apply_gates(list(results))
    return {r.node: r for r in results}


def test_a_gated_test_loses_its_points_when_its_gate_fails():
    results = finish(result("public/t.py::values", "failed"),
                     result("public/t.py::unchanged", "passed", ("public/t.py::values",)))
    gated = results["public/t.py::unchanged"]
    assert (gated.status, gated.score) == ("failed", 0.0)
    assert "public/t.py::values" in gated.output and "count only together with" in gated.output


def test_a_gated_test_keeps_its_points_when_its_gate_passes_or_did_not_run():
    passed = finish(result("public/t.py::values", "passed"),
                    result("public/t.py::unchanged", "passed", ("public/t.py::values",)))
    alone = finish(result("public/t.py::unchanged", "passed", ("public/t.py::values",)))  # e.g. --select
    assert passed["public/t.py::unchanged"].score == alone["public/t.py::unchanged"].score == 1.0


ADVICE_SUITE = '''"""Advice: a test of weight 0."""
from autograder.checks import expect_true, graded

DOUBLE = "double.py:double"


@graded(0, "9.1", DOUBLE)
def test_double_of_a_string(student):
    """double("ab") is "abab" (beyond the handout)"""
    double = student.function(DOUBLE)
    expect_true(double("ab") == "abab", double.last, "did not repeat the string", hint="use 2 * x")


@graded(0, "9.2", DOUBLE)
def test_double_of_an_int(student):
    """double(2) is 4"""
    double = student.function(DOUBLE)
    expect_true(double(2) == 4, double.last, "did not double 2")
'''


def test_a_test_of_weight_zero_is_advice_that_costs_nothing(tmp_path):
    """The toy's correct double (x + x, numbers only) with two tests of weight 0: the failing one
    is labelled advice, the function keeps full marks and its first failure is not the advice."""
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "double.py").write_text("def double(x):\n    return x if isinstance(x, str) else x + x\n")
    folder = toy_copy(tmp_path / "toy", files={"public/test_advice.py": ADVICE_SUITE})
    results, report = grade(folder, submission, tmp_path / "results.json", "--only", "double.py")
    tests = by_number(results)
    advice, fine = tests["9.1"], tests["9.2"]
    assert (advice["status"], advice["score"], advice["max_score"]) == ("failed", 0.0, 0.0)
    assert advice["output"].startswith(ADVICE) and "use 2 * x" in advice["output"]
    assert (fine["status"], fine["max_score"], fine["output"]) == ("passed", 0.0, "")
    assert results["score"] == sum(t["max_score"] for t in results["tests"])  # full marks
    assert "ok   double.py:double" in report and "First failure" not in report
    assert "Advice (0 points, not deductions):\n  double.py:double: double: double(\"ab\")" in report


GATED_SUITE = '''"""A chain of gates: any function that keeps an int an int passes test_keeps_ints and
test_keeps_floats alone."""
from autograder.checks import counts_with, expect_true, graded

DOUBLE = "double.py:double"


@graded(1, "9.1", DOUBLE)
def test_doubles(student):
    """double(3) is 6"""
    double = student.function(DOUBLE)
    expect_true(double(3) == 6, double.last, "did not double 3")


@graded(1, "9.2", DOUBLE)
@counts_with("public/test_gated.py::test_doubles")
def test_keeps_ints(student):
    """double(3) is an int"""
    double = student.function(DOUBLE)
    expect_true(isinstance(double(3), int), double.last, "did not return an int")


@graded(1, "9.3", DOUBLE)
@counts_with("public/test_gated.py::test_keeps_ints")
def test_keeps_floats(student):
    """double(1.5) is a float"""
    double = student.function(DOUBLE)
    expect_true(isinstance(double(1.5), float), double.last, "did not return a float")
'''


def test_a_selected_test_runs_with_its_gates_and_scores_as_in_a_full_grading(tmp_path):
    """9.3 counts with 9.2, which counts with 9.1: selecting 9.3 runs all three, and 9.1's failure withholds
    the points of both others, as in a full grading."""
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "double.py").write_text("def double(x):\n    return x\n")
    folder = toy_copy(tmp_path / "toy", files={"public/test_gated.py": GATED_SUITE})
    selected, _ = grade(folder, submission, tmp_path / "selected.json",
                        "--select", "public/test_gated.py::test_keeps_floats")
    full, _ = grade(folder, submission, tmp_path / "full.json", "--only", "double.py")
    assert [t["number"] for t in selected["tests"]] == ["9.1", "9.2", "9.3"]  # the gates ran too
    for number in ("9.2", "9.3"):
        gated = by_number(selected)[number]
        assert (gated["status"], gated["score"]) == ("failed", 0.0) == (by_number(full)[number]["status"], 0.0)
        assert "count only together with" in gated["output"]
