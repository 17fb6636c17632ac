"""Engine contracts that need no worker: metadata validation at collection
(grading.suites.validate, what `autograder build` runs), rubric.json and manifest
errors, and the command line's errors. Each error names what is wrong."""
import os

import pytest

from autograder.assignment import Assignment, AssignmentError
from autograder.grading.suites import SuiteError, suite_paths, validate
from autograder.grading.test_result import HARNESS_MESSAGE
from tests.toy_grading import REFERENCE, TOY, forgetting_imports, grade, toy_copy

HEADER = """from gradescope_utils.autograder_utils.decorators import number, tags, visibility, weight


"""
GOOD = """@weight(1)
@number("8.1")
@tags("double.py:double")
def test_fine(student):
    pass


"""
BROKEN_METADATA = {
    "missing first tag": ("@weight(1)\n@number('8.2')\ndef test_broken(student):\n    pass\n",
                          "@tags"),
    "unknown visibility": ("@weight(1)\n@number('8.2')\n@tags('double.py:double')\n@visibility('secret')\n"
                           "def test_broken(student):\n    pass\n", "'secret'"),
    "duplicate number": ("@weight(1)\n@number('8.1')\n@tags('double.py:double')\n"
                         "def test_broken(student):\n    pass\n", "public/test_meta.py::test_fine"),
    "gate naming no test": ("from autograder.checks import counts_with\n\n\n@weight(1)\n@number('8.2')\n"
                            "@tags('double.py:double')\n@counts_with('public/test_meta.py::test_fnie')\n"
                            "def test_broken(student):\n    pass\n", "'public/test_meta.py::test_fnie'"),
    "first tag not written out": ("FILE = 'count.py'\n\n\n@weight(1)\n@number('8.2')\n@tags(FILE + ':count_calls')\n"
                                  "def test_broken(student):\n    pass\n", "'count.py:count_calls'"),
    "gate on another file's test": ("from autograder.checks import counts_with\n\n\n@weight(1)\n@number('8.2')\n"
                                    "@tags('count.py:count_calls')\n@counts_with('public/test_meta.py::test_fine')\n"
                                    "def test_broken(student):\n    pass\n", "another student file"),
}


def validated(folder):
    """validate() of an assignment folder: its count, or the SuiteError's text."""
    with forgetting_imports(folder):
        try:
            return validate(Assignment(str(folder)))
        except SuiteError as error:
            return str(error)


def test_the_toy_assignment_is_valid():
    assert validated(TOY) == 5


def test_the_real_assignment_is_valid():
    """Every suite of assignment/ imports and has its metadata: a broken one fails make test, with file and line."""
    count = validated(TOY.parents[1] / "assignment")
    assert isinstance(count, int) and count > 50, count


@pytest.mark.parametrize("case", sorted(BROKEN_METADATA))
def test_broken_metadata_gives_one_error_naming_the_test(tmp_path, case):
    text, fix = BROKEN_METADATA[case]
    folder = toy_copy(tmp_path / "toy", files={"public/test_meta.py": HEADER + GOOD + text})
    error = validated(folder)
    assert isinstance(error, str), f"{case}: validate() accepted the suite"
    lines = error.splitlines()
    assert len(lines) == 1, error
    assert lines[0].startswith("public/test_meta.py::test_broken: ") and fix in lines[0], error


@pytest.mark.parametrize("source, line", [("import os\n\nfrom no_such_module import thing\n", 3),
                                          ("import os\n\n\nraise KeyError('suite bug')\n", 4),
                                          ("x = (\n", 1)])
def test_suite_that_does_not_import_is_reported_with_file_and_line(tmp_path, source, line):
    folder = toy_copy(tmp_path / "toy", files={"hidden/test_broken.py": source})
    error = validated(folder)
    assert isinstance(error, str) and error.startswith("hidden/test_broken.py: ")
    assert f"test_broken.py:{line}" in error or f'test_broken.py", line {line}' in error, error


def test_rubric_key_naming_no_test_is_an_error_naming_it(tmp_path):
    for key in ("public/test_double.py::test_no_such_test", "public/test_no_such_suite.py::test_x"):
        folder = toy_copy(tmp_path / key.split("::")[1], rubric={"tests": {key: {"weight": 2}}})
        error = validated(folder)
        assert isinstance(error, str) and repr(key) in error and "tier/file.py::test_name" in error, error


def test_rubric_unknown_field_is_an_error_naming_it(tmp_path):
    folder = toy_copy(tmp_path / "toy", rubric={"tests": {"public/test_double.py::test_double_property":
                                                          {"wieght": 2}}})
    with pytest.raises(AssignmentError, match="unknown field 'wieght'.*the fields are weight, visibility, hide_errors"):
        Assignment(str(folder))
    (folder / "rubric.json").write_text('{"test": {}}')
    with pytest.raises(AssignmentError, match="unknown key 'test'"):
        Assignment(str(folder))


def test_manifest_without_functions_says_what_it_needs(tmp_path):
    folder = toy_copy(tmp_path / "toy", manifest={"functions": {}})
    with pytest.raises(AssignmentError, match='needs "functions"'):
        Assignment(str(folder))


# -- the command line: what an instructor reads in results.json's output ------------------


def cli_output(tmp_path, assignment, *options):
    results, _ = grade(assignment, REFERENCE, tmp_path / "results.json", *options, status=2)
    assert results["score"] == 0 and results["tests"] == []
    return results["output"]


def test_unknown_limit_is_an_error_naming_it(tmp_path):
    folder = toy_copy(tmp_path / "toy", manifest={"limits": {"call_timeout": 5, "cpu_sconds": 3}})
    output = cli_output(tmp_path, folder)
    assert "the manifest sets an unknown limit 'cpu_sconds'" in output and "call_timeout" in output


def test_only_with_a_wrong_file_lists_the_graded_files(tmp_path):
    output = cli_output(tmp_path, TOY, "--only", "dobule.py")
    assert "--only dobule.py" in output and "the graded files are count.py, double.py" in output


def test_only_collects_the_suites_of_its_files(tmp_path):
    """--only double.py leaves out a suite that grades count.py alone, even a broken one; a suite that takes
    its ids from a module it imports (as the real suites do from shared/) is kept."""
    folder = toy_copy(tmp_path / "toy", files={
        "public/test_other.py": "raise ImportError('a suite of count.py only')\n# 'count.py:count_calls'\n",
        "public/ids.py": "DOUBLE = 'double.py:double'\n",
        "public/test_shared.py": HEADER + "from ids import DOUBLE\n\n\n" + GOOD.replace("'double.py:double'", "DOUBLE")
        .replace('"double.py:double"', "DOUBLE").replace("8.1", "8.5")})
    paths = [os.path.relpath(p, folder) for p in suite_paths(Assignment(str(folder)), False, ["double.py"], ())]
    assert paths == ["public/test_double.py", "public/test_shared.py", "hidden/test_hidden.py"], paths
    with forgetting_imports(folder):
        results, _ = grade(folder, REFERENCE, tmp_path / "results.json", "--only", "double.py", "--jobs", "1")
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
    assert {t["tags"][0] for t in results["tests"]} == {"double.py:double"}


def test_select_of_no_suite_says_what_form_to_use(tmp_path):
    output = cli_output(tmp_path, TOY, "--select", "test_double.py::test_double_property")
    assert "give tier/test_file.py::test_name" in output and "public/test_" in output


def test_select_of_no_test_lists_the_tests_of_its_suite(tmp_path):
    output = cli_output(tmp_path, TOY, "--select", "public/test_double.py::test_nope")
    assert "--select public/test_double.py::test_nope: there is no such test" in output
    assert "public/test_double.py::test_double_known_answers, public/test_double.py::test_double_property" in output


def test_broken_metadata_in_a_grading_is_the_graders_failure(tmp_path):
    """A grading with a broken suite: the student reads one plain sentence, instructors the problem."""
    folder = toy_copy(tmp_path / "toy", files={"public/test_meta.py": HEADER + GOOD
                                               + BROKEN_METADATA["missing first tag"][0]})
    results, report = grade(folder, REFERENCE, tmp_path / "results.json", status=1)
    from autograder.pipeline import GRADER_FAILED
    assert results["output"] == GRADER_FAILED and results["tests"] == []
    [error] = results["extra_data"]["harness_errors"]
    assert "public/test_meta.py::test_broken: add" not in results["output"]
    assert "public/test_meta.py::test_broken" in error["traceback"] and "Harness error" in report
    assert HARNESS_MESSAGE not in results["output"]
