"""The pytest plugin that runs graded suites against one submission.

Graded tests are plain pytest functions with gradescope-utils decorators:

    @weight(2)
    @number("1.3")
    @tags("softmax.py:softmax")        # first tag: the graded function's id
    def test_rows_sum_to_one(student):
        softmax = student.function("softmax.py:softmax")
        ...

Fixtures: `student` (a Session of the sandbox for this test), `reference`
(imports a file of the instructor's solution; hidden tests only) and `fixture`
(loads a JSON file from the assignment's fixtures/). The plugin checks every
test's metadata at collection and records every outcome as a TestResult,
without building pytest's traceback texts, which nobody reads here.
"""
import contextlib
import functools
import importlib
import inspect
import json
import os
import re
import sys
import traceback

import pytest

from autograder.checks import profiles
from autograder.checks.diagnose import named_in
from autograder.grading import replay, replay_cache
from autograder.grading.test_result import ADVICE, HARNESS_MESSAGE, MAX_OUTPUT, TestResult, fault_kind, student_facing
from autograder.sandbox.replies import HarnessFault, SubmissionProblem
from autograder.submission.findings import explained

PROFILES = profiles.EXAMPLES  # generated examples per property test
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
class GradingPlugin:
    def __init__(self, sandbox, assignment, only_files=(), select=(), claim=None):
        """claim: a function that gives 0, 1, 2, ... across every grading process of the submission; when
        given, this process runs only the collected tests whose places it claims (the others run the rest)."""
        self.sandbox, self.assignment = sandbox, assignment
        self.only_files = set(only_files)  # grade only the functions of these files (all when empty)
        self.select = set(select)          # run only these tests ("tier/file.py::test" or a whole "tier/file.py")
        self.claim = claim
        self.order = {}                    # test id -> its place among the collected tests
        self.unknown_selected = []         # --select ids naming no test, with the tests of their file
        self.results = {}
        self.broken_suites = []  # "file:line: error" of suites that did not import
        self.problems = []       # metadata and rubric errors found at collection
        self.collected = 0
        self.tagged = {}         # test id -> graded function id, of every collected test
        self.replay = replay_cache.cache_for(assignment) if sandbox is not None else None
        self.failing = set()     # graded function ids of which a test failed (the replay is not tried on them)

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

    # -- collection --------------------------------------------------------

    def pytest_collectreport(self, report):
        if report.failed:
            self.broken_suites.append(f"{report.nodeid}: {collection_error(report)}")

    def pytest_collection_modifyitems(self, session, config, items):
        problems = [f"{item.nodeid}: {problem}" for item in items for problem in [self._metadata_problem(item)]
                    if problem]
        numbers = {}
        for item in items:
            number = getattr(item.obj, "__number__", None)
            if number is not None and numbers.setdefault(str(number), item.nodeid) != item.nodeid:
                problems.append(f"{item.nodeid}: @number({number!r}) is also the number of {numbers[str(number)]}")
        collected_files = {self.test_id(item).split("::")[0] for item in items}
        known = {self.test_id(item) for item in items}
        for key in self.assignment.rubric:
            suite = key.split("::")[0]
            in_assignment = os.path.isfile(os.path.join(self.assignment.folder, suite))
            if key not in known and (suite in collected_files or not in_assignment):
                problems.append(f"rubric.json: {key!r} is not a graded test; use tier/file.py::test_name, "
                                f"one of: {', '.join(sorted(known))}")
        graded_file = {self.test_id(item): item.obj.__tags__[0].split(":")[0] for item in items
                       if getattr(item.obj, "__tags__", ())}
        for item in items:
            for gate in getattr(item.obj, "__counts_with__", ()):
                if gate not in known and os.path.isfile(os.path.join(self.assignment.folder, gate.split("::")[0])):
                    problems.append(f"{item.nodeid}: @counts_with({gate!r}) names no graded test; "
                                    "use tier/file.py::test_name")
                elif gate in known and graded_file.get(gate) != graded_file.get(self.test_id(item)):
                    # A mutant of one file must lose points on that file's functions only (the audit's rule).
                    problems.append(f"{item.nodeid}: @counts_with({gate!r}) names a test of another student "
                                    "file; name a test of the same function's file")
        self.collected = len(items)
        if problems:
            self.problems = problems
            raise pytest.UsageError("\n".join(problems))
        self.tagged = {self.test_id(item): item.obj.__tags__[0] for item in items}
        if self.select:
            self.unknown_selected = [
                f"--select {node}: there is no such test; give tier/test_file.py::test_name, one of: "
                + ", ".join(sorted(t for t in known if t.split("::")[0] == node.split("::")[0]))
                for node in sorted(self.select) if "::" in node and node not in known]
            chosen = {self.test_id(item) for item in items
                      if {self.test_id(item), self.test_id(item).split("::")[0]} & self.select}
            gates = {self.test_id(item): getattr(item.obj, "__counts_with__", ()) for item in items}
            while True:  # and the tests whose passing their points need (@counts_with), as a full grading runs them
                more = {gate for test in chosen for gate in gates.get(test, ()) if gate in known} - chosen
                if not more:
                    break
                chosen |= more
            items[:] = [] if self.unknown_selected else [item for item in items if self.test_id(item) in chosen]
        # Tests of functions outside the selected assignment are not graded, nor shown.
        items[:] = [item for item in items if item.obj.__tags__[0] in self.assignment.functions]
        if self.only_files:
            items[:] = [item for item in items if item.obj.__tags__[0].split(":")[0] in self.only_files]
        for item in items:  # hypothesis renders every failing example with it; nobody reads that text here
            item.repr_failure = short_failure
        self.order = {self.test_id(item): index for index, item in enumerate(items)}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        """With claim: run the tests whose places this process claims, one after the other."""
        if self.claim is None or session.config.option.collectonly:
            return None
        items = session.items
        place = self.claim()
        while place < len(items):
            following = self.claim()  # claimed before running: pytest tears down only what that one does not need
            items[place].config.hook.pytest_runtest_protocol(
                item=items[place], nextitem=items[following] if following < len(items) else None)
            place = following
        return True

    def _metadata_problem(self, item):
        function = getattr(item, "obj", None)
        tags = getattr(function, "__tags__", ())
        if getattr(function, "__weight__", None) is None:
            return "add @weight(points) from gradescope_utils.autograder_utils.decorators"
        if not tags or tags[0] not in self.assignment.all_functions:
            return ("make the first @tags(...) the graded function's id, one of the manifest's functions "
                    f"({', '.join(self.assignment.all_functions)})")
        if not names_function(str(item.path), self.assignment.folder, tags[0]):
            return (f"write the first tag's text ({tags[0]!r}) in the suite, or in a module of the assignment "
                    "folder that the suite imports (shared/...): `--only FILE.py` finds the suites of a file by it")
        visibility = self._visibility(item)
        if visibility not in VISIBILITIES:
            return f"visibility {visibility!r} is not one of {', '.join(VISIBILITIES)}"
        return None

    def test_id(self, item):
        """'public/test_softmax.py::test_rows', as rubric.json and --select name a test."""
        return os.path.relpath(str(item.path), self.assignment.folder) + "::" + item.name

    def _tier(self, item):
        return os.path.basename(os.path.dirname(str(item.path)))

    def _rubric(self, item):
        return self.assignment.rubric.get(self.test_id(item), {})

    def _visibility(self, item):
        default = self.assignment.visibility.get(self._tier(item), "visible")
        return self._rubric(item).get("visibility", getattr(item.obj, "__visibility__", default))

    # -- running -----------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem):
        """Replay the test's recorded examples and calls when there are some (replay.py); else, or when
        the replay does not decide, run it as usual, and record it if it passes."""
        handle = getattr(pyfuncitem.obj, "hypothesis", None)
        fixtures = {name: pyfuncitem.funcargs[name] for name in inspect.signature(pyfuncitem.obj).parameters}
        if self.replay is None or (handle is None and "student" not in fixtures):
            return None
        function_id = pyfuncitem.obj.__tags__[0]
        try:
            self._run(pyfuncitem, handle, fixtures, function_id)
        except BaseException:
            self.failing.add(function_id)
            raise
        return True

    def _run(self, pyfuncitem, handle, fixtures, function_id):
        test_id = self.test_id(pyfuncitem)
        # Once a test of a function has failed, its property tests go straight to hypothesis: a stub or a wrong
        # function fails them too, and each failed replay would cost a fresh child (unless the replay decides).
        shrinks = profiles.shrinks()
        examples = None if handle is not None and function_id in self.failing and shrinks \
            else self.replay.load(test_id)
        if examples is not None:
            if self._replayed(pyfuncitem.obj, handle, fixtures, examples, shrinks):
                return
            self.failing.add(function_id)
        if self.replay.has(test_id):  # recorded already: nothing to record (a failing test would not be)
            pyfuncitem.obj(**fixtures)
            return
        recorder = replay.Recorder(handle, fixtures)
        recorder.install()
        try:
            pyfuncitem.obj(**fixtures)
        finally:
            recorder.restore()
        recorded = recorder.recorded()
        if recorded and (handle is not None or replay.sent_ahead(recorded) is not None):
            with contextlib.suppress(OSError):  # a read-only assignment folder: the next grading generates again
                self.replay.save(test_id, recorded)

    def _replayed(self, test, handle, fixtures, examples, shrinks) -> bool:
        """Whether the test passed on its recorded examples: first with its calls sent ahead in one round
        trip, then, if its calls were not those, each sent when made (a property test only: another gains
        nothing from it). False when that does not decide (its child is then fresh, to run the test as
        usual); a failure that does decide is raised: a property test's own time-out or crash (see
        replay.py), any failure of another test with its calls sent ahead (the same calls as when made),
        and, where failures are not shrunk (shrinks False), a property test's failing check or the
        submission's problem: hypothesis, generating the same examples in the same order, would stop at
        the same first failing one."""
        session = fixtures.get("student")
        ahead = session is not None and replay.sent_ahead(examples) is not None
        for sent in [True] * ahead + [False] * (handle is not None):
            strikes = dict(self.sandbox.strikes)
            try:
                replay.replay(test if handle is None else handle.inner_test, fixtures, examples, sent,
                              seed=handle is not None)
                return True
            except replay.Diverged:
                self.sandbox.strikes = strikes  # a time-out of the calls sent together is nobody's yet
                self.sandbox.restart(session)
            except Exception as error:
                if handle is None or (session is not None and session.broken is not None) or (
                        not shrinks and isinstance(error, (AssertionError, SubmissionProblem))):
                    raise
                if session is not None:
                    self.sandbox.restart(session)
                return False
        return False

    # -- outcomes ----------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        """Record the outcome of each test (its items render failures in one line: short_failure)."""
        report = yield
        if call.when == "call" or (call.when == "setup" and report.failed):
            self.results[item.nodeid] = self._result(item, call)
        return report

    def _result(self, item, call):
        function = item.obj
        weight = float(self._rubric(item).get("weight", function.__weight__)) * self.assignment.weight(
            function.__tags__[0])
        error = student_facing(call.excinfo.value) if call.excinfo else None
        harness_error, mistakes = None, []
        if error is None:
            output = ""
        elif isinstance(error, (AssertionError, SubmissionProblem)):
            output = str(error).strip()
            if self.sandbox is not None and self.sandbox.scratch is not None:
                output = explained(output, self.sandbox.resolved, self.sandbox.scratch.findings)
            mistakes = named_in(output)[:5]
            if len(output) > MAX_OUTPUT:
                output = output[:MAX_OUTPUT] + "\n[message cut]"
        else:
            output, harness_error = HARNESS_MESSAGE, "".join(traceback.format_exception(error))[-6000:]
        hidden_text = self._rubric(item).get("hide_errors", getattr(function, "__hide_errors__", None))
        if error is not None and hidden_text is not None and harness_error is None:
            output = hidden_text
        if error is not None and weight == 0 and harness_error is None:
            output = f"{ADVICE}\n{output}"
        return TestResult(
            name=test_title(item), node=self.test_id(item), function_id=function.__tags__[0],
            tags=list(function.__tags__), number=str(getattr(function, "__number__", "")),
            max_score=weight, score=0.0 if error else weight, status="failed" if error else "passed",
            output=output, visibility=self._visibility(item), seconds=call.duration, harness_error=harness_error,
            counts_with=tuple(getattr(function, "__counts_with__", ())), named_mistakes=mistakes,
            fault=None if harness_error else fault_kind(error))


def names_function(suite: str, folder: str, function_id: str) -> bool:
    """Whether function_id ("file.py:name", or only "file.py:") is written, quoted, in the suite or in a
    module of the assignment folder it imports (the tiers share their ids through shared/)."""
    texts = suite_texts(suite, folder)
    return any(f"{quote}{function_id}" in text for text in texts for quote in "\"'")


IMPORT_RE = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[\w, \t]+)"
                       r"|import[ \t]+([\w.]+))", re.M)


@functools.cache
def suite_texts(suite: str, folder: str) -> tuple:
    """The text of a suite file and of the modules it imports from the assignment folder or its own."""
    texts = [_read(suite)]
    for package, names, module in IMPORT_RE.findall(texts[0]):
        base = (package or module).replace(".", os.sep)
        for relative in [base, *(os.path.join(base, name) for name in re.findall(r"\w+", names))]:
            for root in (folder, os.path.dirname(suite)):
                for path in (os.path.join(root, relative + ".py"), os.path.join(root, relative, "__init__.py")):
                    if os.path.isfile(path):
                        texts.append(_read(path))
    return tuple(texts)


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def short_failure(excinfo):
    return f"{excinfo.typename}: {str(excinfo.value)[:500]}"


def collection_error(report):
    """The last lines of a suite's import error: the file, the line and the exception."""
    lines = str(report.longrepr).strip().splitlines()
    return "\n".join(lines[-6:])


def test_title(item):
    doc = (item.obj.__doc__ or "").strip().splitlines()
    return f"{item.obj.__tags__[0].split(':')[1]}: {doc[0] if doc else item.name}"


class ReferenceLoader:
    """Imports files of the instructor's solution by their file name."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, filename):
        if self.folder is None:
            raise HarnessFault(f"this test needs the reference solution's {filename}, and the assignment has no "
                               "reference folder; grade hidden tests only where the reference is")
        if self.folder not in sys.path:
            sys.path.insert(0, self.folder)
        return importlib.import_module(filename[:-len(".py")].replace("/", "."))
