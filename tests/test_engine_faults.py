"""Harness faults, each injected: an exception in a suite, a suite that does
not import, stand-ins the worker cannot build, a preparation failure, a worker
that cannot start or dies while starting. The student reads one plain sentence
(plugin.HARNESS_MESSAGE per test, pipeline.GRADER_FAILED for the whole grading),
never a traceback or a student-mistake message; instructors find the traceback
in extra_data["harness_errors"] and the terminal report's harness errors."""
import pytest

import autograder.grading.suites
import autograder.sandbox.calls
from autograder.grading.test_result import HARNESS_MESSAGE
from autograder.pipeline import GRADER_FAILED
from tests.toy_grading import REFERENCE, TOY, by_number, grade, toy_copy

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = pytest.mark.xdist_group("test_engine_faults")

FAULTY_SUITE = '''from gradescope_utils.autograder_utils.decorators import number, tags, weight

from autograder.sandbox.wire import StandInRef


@weight(1)
@number("9.1")
@tags("double.py:double")
def test_suite_bug(student):
    """the suite itself raises, after a good call"""
    assert student.function("double.py:double")(2) == 4
    {}["a key the suite forgot"]


@weight(1)
@number("9.2")
@tags("count.py:count_calls")
def test_unknown_standin(student):
    """asks for a stand-in nobody defines"""
    student.function("count.py:count_calls")(StandInRef("no_such_standin", slot="f"), 1)


@weight(1)
@number("9.3")
@tags("count.py:count_calls")
def test_standin_factory_raises(student):
    """asks for a stand-in whose factory raises"""
    student.function("count.py:count_calls")(StandInRef("exploding", slot="f"), 1)
'''
EXPLODING = '''def exploding():
    raise ValueError("the factory is broken")


STANDINS = {"exploding": exploding}
'''
FAULTS = {"9.1": "KeyError: 'a key the suite forgot'",
          "9.2": "the assignment defines no stand-in 'no_such_standin'",
          "9.3": "building stand-in 'exploding' raised ValueError: the factory is broken"}
STUDENT_MISTAKE_WORDS = ("Traceback", "raised", "broke the process", "look for", "KeyError", "could not call")


def assert_student_sees_only_plain_sentences(results):
    texts = [results["output"]] + [t["output"] for t in results["tests"]]
    for text in texts:
        assert not any(word in text for word in STUDENT_MISTAKE_WORDS), text


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """The correct submission against the toy plus a suite with three faults of the grader's."""
    out = tmp_path_factory.mktemp("faulty")
    folder = toy_copy(out / "toy", files={"public/test_faults.py": FAULTY_SUITE, "exploding.py": EXPLODING},
                      manifest={"standins": ["standins.py", "exploding.py"]})
    return grade(folder, REFERENCE, out / "results.json")


def test_each_fault_gives_the_plain_sentence_and_no_points(faulty):
    tests = by_number(faulty[0])
    for number in FAULTS:
        assert (tests[number]["status"], tests[number]["score"], tests[number]["output"]) == \
            ("failed", 0.0, HARNESS_MESSAGE), tests[number]
    assert all(t["status"] == "passed" for n, t in tests.items() if n not in FAULTS)  # the toy's own tests
    assert_student_sees_only_plain_sentences(faulty[0])
    assert "The grader itself failed on some tests" in faulty[0]["output"]


def test_each_fault_traceback_is_kept_for_instructors(faulty):
    errors = {e["test"]: e["traceback"] for e in faulty[0]["extra_data"]["harness_errors"]}
    nodes = {"9.1": "public/test_faults.py::test_suite_bug", "9.2": "public/test_faults.py::test_unknown_standin",
             "9.3": "public/test_faults.py::test_standin_factory_raises"}
    assert set(errors) == set(nodes.values())
    for number, node in nodes.items():
        assert FAULTS[number] in errors[node] and "Traceback" in errors[node]


def test_terminal_report_lists_harness_errors_apart(faulty):
    report = faulty[1]
    assert "harness errors" in report.splitlines()[2]  # the column of the function table
    assert "Harness errors: the grader failed on 3 tests (not the student's mistakes):" in report
    assert "--- public/test_faults.py::test_suite_bug" in report
    assert "First failure of each function" not in report  # no student mistake to show


def test_preparation_failure_is_a_harness_error_of_every_test(tmp_path, monkeypatch):
    def prepare(*_):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(autograder.grading.suites, "prepare", prepare)
    results, report = grade(TOY, REFERENCE, tmp_path / "results.json", "--public-only")
    assert len(results["tests"]) == 3 and results["score"] == 0
    assert {t["output"] for t in results["tests"]} == {HARNESS_MESSAGE}
    errors = results["extra_data"]["harness_errors"]
    assert len(errors) == 3 and all("preparing the submission failed" in e["traceback"]
                                    and "No space left on device" in e["traceback"] for e in errors)
    assert_student_sees_only_plain_sentences(results)
    assert "Harness errors: the grader failed on 3 tests" in report


def test_worker_that_cannot_start_is_a_harness_error(tmp_path, monkeypatch):
    monkeypatch.setattr(autograder.sandbox.calls, "worker_command",
                        lambda *_: [str(tmp_path / "no-such-python"), "worker.py"])
    results, report = grade(TOY, REFERENCE, tmp_path / "results.json", "--only", "count.py")
    assert [t["output"] for t in results["tests"]] == [HARNESS_MESSAGE] * 2
    errors = results["extra_data"]["harness_errors"]
    assert len(errors) == 2 and all("the worker could not be started" in e["traceback"] for e in errors)
    assert_student_sees_only_plain_sentences(results)


def test_worker_that_dies_while_starting_is_a_harness_error(tmp_path):
    """A stand-in file that fails to load kills the worker before any student code runs."""
    folder = toy_copy(tmp_path / "toy", files={"exploding.py": 'raise RuntimeError("stand-in file broken")\n'},
                      manifest={"standins": ["standins.py", "exploding.py"]})
    results, _ = grade(folder, REFERENCE, tmp_path / "results.json",
                       "--select", "public/test_double.py::test_double_known_answers")
    assert [t["output"] for t in results["tests"]] == [HARNESS_MESSAGE]
    [error] = results["extra_data"]["harness_errors"]
    assert "RuntimeError: stand-in file broken" in error["traceback"]  # from the worker's log
    assert_student_sees_only_plain_sentences(results)


@pytest.mark.parametrize("suite, line", [("import os\n\nfrom no_such_module import thing\n", 3),
                                         ("import os\n\n\nraise KeyError('suite bug')\n", 4)])
def test_suite_that_does_not_import_fails_the_grading_for_the_grader(tmp_path, suite, line):
    folder = toy_copy(tmp_path / "toy", files={"hidden/test_broken.py": suite})
    results, report = grade(folder, REFERENCE, tmp_path / "results.json", status=1)
    assert (results["output"], results["tests"], results["score"]) == (GRADER_FAILED, [], 0.0)
    [error] = results["extra_data"]["harness_errors"]
    assert f"test_broken.py:{line}" in error["traceback"]
    assert "Harness error" in report and f"test_broken.py:{line}" in report
