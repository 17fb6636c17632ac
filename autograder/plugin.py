"""The pytest plugin that runs graded suites against one submission.

Graded tests are plain pytest functions with gradescope-utils decorators:

    @weight(2)
    @number("1.3")
    @tags("softmax.py:softmax")        # first tag: the graded function's id
    def test_rows_sum_to_one(student):
        softmax = student.function("softmax.py:softmax")
        ...

Fixtures: `student` (a sandbox Session for this test), `reference` (imports a
file of the instructor's solution, hidden tests only) and `fixture` (loads a
JSON file from the assignment's fixtures/). The plugin records every test's
outcome as a TestResult for the reports.
"""
import dataclasses
import importlib
import json
import os
import sys

import pytest
from hypothesis import HealthCheck, Phase, settings

from autograder.sandbox.client import SubmissionProblem

PROFILES = {"full": 40, "quick": 8}
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")

for _name, _examples in PROFILES.items():
    settings.register_profile(_name, max_examples=_examples, derandomize=True, deadline=None,
                              database=None, print_blob=False, report_multiple_bugs=False,
                              phases=[p for p in Phase if p is not Phase.explain],  # explain costs seconds
                              suppress_health_check=list(HealthCheck))


@dataclasses.dataclass
class TestResult:
    name: str
    node: str
    function_id: str
    tags: list
    number: str
    max_score: float
    score: float
    status: str
    output: str
    visibility: str
    seconds: float


class GradingPlugin:
    def __init__(self, sandbox, assignment, only_files=()):
        self.sandbox, self.assignment = sandbox, assignment
        self.only_files = set(only_files)  # grade only the functions of these files (all when empty)
        self.results = {}
        self.problems = []

    # -- fixtures ----------------------------------------------------------

    @pytest.fixture
    def student(self, request):
        with self.sandbox.test(request.node.nodeid) as session:
            yield session

    @pytest.fixture
    def reference(self):
        return ReferenceLoader(self.assignment.reference_dir)

    @pytest.fixture
    def fixture(self):
        def load(name):
            with open(os.path.join(self.assignment.folder, "fixtures", name), encoding="utf-8") as handle:
                return json.load(handle)
        return load

    # -- hooks -------------------------------------------------------------

    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            problem = self._metadata_problem(item)
            if problem:
                self.problems.append(f"{item.nodeid}: {problem}")
        if self.problems:
            raise pytest.UsageError("graded tests need metadata:\n" + "\n".join(self.problems))
        if self.only_files:
            items[:] = [item for item in items if item.obj.__tags__[0].split(":")[0] in self.only_files]

    def _metadata_problem(self, item):
        function = item.obj
        tags = getattr(function, "__tags__", ())
        if getattr(function, "__weight__", None) is None:
            return "add @weight(points) from gradescope_utils.autograder_utils.decorators"
        if not tags or tags[0] not in self.assignment.functions:
            return "make the first @tags(...) the graded function's id, one of the manifest's functions"
        visibility = self._visibility(item)
        if visibility not in VISIBILITIES:
            return f"visibility {visibility!r} is not one of {', '.join(VISIBILITIES)}"
        return None

    def _tier(self, item):
        return os.path.basename(os.path.dirname(str(item.path)))

    def _rubric(self, item):
        return self.assignment.rubric.get(f"{self._tier(item)}/{item.nodeid.split('/')[-1]}", {})

    def _visibility(self, item):
        default = self.assignment.visibility.get(self._tier(item), "visible")
        return self._rubric(item).get("visibility", getattr(item.obj, "__visibility__", default))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and report.failed):
            self.results[item.nodeid] = self._result(item, call, report)

    def _result(self, item, call, report):
        function = item.obj
        weight = float(self._rubric(item).get("weight", function.__weight__))
        passed = report.passed
        return TestResult(
            name=test_title(item), node=item.nodeid, function_id=function.__tags__[0],
            tags=list(function.__tags__), number=str(getattr(function, "__number__", "")),
            max_score=weight, score=weight if passed else 0.0, status="passed" if passed else "failed",
            output="" if passed else failure_message(call.excinfo, getattr(function, "__hide_errors__", None)),
            visibility=self._visibility(item), seconds=report.duration)


def test_title(item):
    doc = (item.obj.__doc__ or "").strip().splitlines()
    return f"{item.obj.__tags__[0].split(':')[1]}: {doc[0] if doc else item.name}"


def failure_message(excinfo, hidden_text):
    if hidden_text is not None:
        return hidden_text
    if excinfo is None:
        return "failed"
    error = student_facing(excinfo.value)
    if isinstance(error, (AssertionError, SubmissionProblem)):
        return str(error).strip()
    return (f"The grader could not check your result: {type(error).__name__}: {error}\n"
            "This usually means a return value has the wrong type or shape; "
            "check what each function returns against its docstring.")


def student_facing(error):
    """The first assertion or submission problem inside hypothesis's wrappers
    (FlakyFailure, a group of distinct failures), else the error itself."""
    if isinstance(error, (AssertionError, SubmissionProblem)):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = student_facing(inner)
        if isinstance(found, (AssertionError, SubmissionProblem)):
            return found
    return error


class ReferenceLoader:
    """Imports files of the instructor's solution by their file name."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, filename):
        if self.folder not in sys.path:
            sys.path.insert(0, self.folder)
        return importlib.import_module(filename[:-len(".py")].replace("/", "."))
