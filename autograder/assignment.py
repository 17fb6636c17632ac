"""An assignment is data the engine loads: a folder with manifest.json, the
stand-in files the worker loads, graded test modules in public/ and hidden/,
fixtures, and an optional rubric.json.

manifest.json:
    title       shown in reports
    functions   {"softmax.py:softmax": ["q1_softmax.py:softmax", ...], ...}:
                every graded function id, with the aliases tried after it
    support     the modules the handout provides, importable by submissions:
                a path relative to the manifest or a list of them, each a
                folder (a package, e.g. utils/) or a .py file (a module,
                e.g. tsne.py)
    reference   folder of the instructor's solution, used by hidden tests
                (may be absent where only public tests run)
    standins    stand-in files (run in the worker), each defining a STANDINS
                dict {name: factory}
    limits      overrides of the sandbox limits (see sandbox/limits.py)
    visibility  {"public": "visible", "hidden": "after_due_date"}: defaults
                for tests that set none
    components  {"softmax": ["softmax.py:softmax"], ...}: named groups of
                function ids (optional)
    assignments {"name": {"title": ..., "components": [component or function
                id, ...], "weights": {component or function id: factor}}}:
                the selections that can be graded (optional); only the
                selected functions' tests run, each test's points multiplied
                by its function's factor (default 1)
    default_assignment  the selection graded when none is named
    written     function ids (of functions) that answer written questions;
                reports show their points apart from the code's
    other_assignments  {"title": ["file.py", ...]}: the files of assignments
                that are not in this manifest (a package holds one selection),
                so a submission of one of them is told where it belongs

rubric.json: {"tests": {"public/test_softmax.py::test_rows": {"weight": 2,
"visibility": "hidden", "hide_errors": "text shown instead of the message"}},
"late_policy": {...}, "cooldown": {...}} (both optional, off by default: see
report/policy.py)
"""
import json
import os
import re

from autograder.faults import ConfigurationError
from autograder.report import policy

TIERS = ("public", "hidden")
RUBRIC_FIELDS = ("weight", "visibility", "hide_errors")
POLICIES = ("late_policy", "cooldown")


class AssignmentError(ConfigurationError):
    """The assignment folder (manifest, rubric, selection) is not what the engine expects. str() says how to fix it."""


class Assignment:
    """An assignment folder, with one selection of its functions to grade.

    selection: the name of one of the manifest's assignments (None: its
    default_assignment, else every function). `all_functions` holds every
    function the suites may tag; `functions` only the selected ones.
    """

    def __init__(self, folder: str, selection: str | None = None):
        self.folder = os.path.abspath(folder)
        manifest = self._read_json("manifest.json", required=True)
        self.manifest = manifest
        self.title = manifest.get("title", os.path.basename(self.folder))
        if not isinstance(manifest.get("functions"), dict) or not manifest["functions"]:
            raise AssignmentError(f"{self.folder}/manifest.json needs \"functions\": "
                                  "{\"file.py:function\": [aliases], ...}")
        self.all_functions = {canonical: [canonical] + list(aliases)
                              for canonical, aliases in manifest["functions"].items()}
        self.components = manifest.get("components", {})
        self.selections = manifest.get("assignments", {})
        self.selection = selection or manifest.get("default_assignment")
        self.functions, self.weights = self._select()
        # A selection may name its own support modules (its course's handout provided those only).
        spec = self.selections.get(self.selection) or {}
        self.support_paths = self._support_paths(spec.get("support", manifest.get("support")))
        self.reference_dir = self._optional_path(manifest.get("reference"))
        self.standin_paths = [self._path(name) for name in manifest.get("standins", [])]
        self.limits = manifest.get("limits", {})
        self.visibility = dict({"public": "visible", "hidden": "after_due_date"}, **manifest.get("visibility", {}))
        self.written = self._written(manifest.get("written", []))
        self.policies = {}  # "late_policy", "cooldown": rubric.json's settings, when set
        self.rubric = self._read_rubric()

    def _select(self):
        """The selected {function id: ids to try} and {function id: points factor}."""
        if self.selection is None:
            return dict(self.all_functions), {}
        if self.selection not in self.selections:
            known = ", ".join(sorted(self.selections)) or "none"
            raise AssignmentError(f"there is no assignment {self.selection!r} in {self.folder}/manifest.json; "
                                  f"choose one of: {known}")
        spec = self.selections[self.selection]
        self.title = spec.get("title", self.title)
        chosen = [function for part in spec.get("components", []) for function in self.expand(part)]
        if not chosen:
            raise AssignmentError(f"the assignment {self.selection!r} in {self.folder}/manifest.json selects no "
                                  "function; list its components")
        weights = {function: float(factor) for part, factor in spec.get("weights", {}).items()
                   for function in self.expand(part)}
        return {function: self.all_functions[function] for function in chosen}, weights

    def expand(self, part: str) -> list:
        """The function ids of a component name or of a single function id."""
        functions = self.components.get(part, [part])
        unknown = [f for f in functions if f not in self.all_functions]
        if unknown:
            raise AssignmentError(f"{unknown[0]!r} in the assignment {self.selection!r} is neither a component "
                                  f"nor a function of {self.folder}/manifest.json; use one of: "
                                  f"{', '.join(sorted(self.components) + sorted(self.all_functions))}")
        return functions

    def other_assignments(self) -> dict:
        """{title: [files]} of the other assignments (those that do not grade every function of this
        one), each with every file their functions are looked for in, aliases included."""
        others = {}
        for name, spec in self.selections.items():
            try:
                chosen = {f for part in spec.get("components", []) for f in self.expand(part)}
            except AssignmentError:  # that selection's own grading says what is wrong with it
                continue
            if name != self.selection and not set(self.functions) <= chosen:
                others[spec.get("title", name)] = sorted({c.split(":")[0] for f in chosen
                                                          for c in self.all_functions[f]})
        others.update(self.manifest.get("other_assignments", {}))
        return others

    def weight(self, function_id: str) -> float:
        """The factor of the selection's weights for this function's tests (1 if none is set)."""
        return self.weights.get(function_id, 1.0)

    def tier_dir(self, tier: str) -> str:
        return os.path.join(self.folder, tier)

    def example_test(self) -> str:
        """One test id of this assignment, for messages that show the form of one."""
        for tier in TIERS:
            folder = self.tier_dir(tier)
            suites = sorted(n for n in os.listdir(folder) if n.startswith("test_")) if os.path.isdir(folder) else []
            for suite in suites:
                with open(os.path.join(folder, suite), encoding="utf-8") as source:
                    name = re.search(r"^def (test_\w+)", source.read(), re.M)
                if name:
                    return f"{tier}/{suite}::{name.group(1)}"
        return "public/test_file.py::test_name"

    def _written(self, function_ids):
        where = f"{self.folder}/manifest.json: \"written\""
        if not isinstance(function_ids, list):
            raise AssignmentError(f"{where} must be a list of function ids (\"file.py:function\")")
        unknown = [f for f in function_ids if f not in self.all_functions]
        if unknown:
            raise AssignmentError(f"{where} names {unknown[0]!r}, which is not one of the manifest's \"functions\"")
        return frozenset(f for f in function_ids if f in self.functions)  # those the selection grades

    def _read_rubric(self):
        rubric = self._read_json("rubric.json", required=False)
        unknown = sorted(set(rubric) - {"tests", *POLICIES})
        if unknown:
            raise AssignmentError(f"rubric.json has an unknown key {unknown[0]!r}; it holds only \"tests\", "
                                  + ", ".join(f'"{name}"' for name in POLICIES))
        for name in POLICIES:
            if name in rubric:
                try:
                    policy.check(name, rubric[name])
                except policy.PolicyError as error:
                    raise AssignmentError(f"{error}; fix {os.path.join(self.folder, 'rubric.json')}") from None
                self.policies[name] = rubric[name]
        tests = rubric.get("tests", {})
        for test, fields in tests.items():
            wrong = sorted(set(fields) - set(RUBRIC_FIELDS))
            if wrong:
                raise AssignmentError(f"rubric.json sets an unknown field {wrong[0]!r} of {test}; "
                                      f"the fields are {', '.join(RUBRIC_FIELDS)}")
        return tests

    def _path(self, relative):
        path = os.path.normpath(os.path.join(self.folder, relative))
        if not os.path.exists(path):
            raise AssignmentError(f"{path} is missing; the manifest of {self.folder} names it")
        return path

    def _support_paths(self, support):
        """The support modules' absolute paths, of those that exist: support is a path or a list of them."""
        entries = [support] if isinstance(support, str) else list(support or [])
        paths = [os.path.normpath(os.path.join(self.folder, entry)) for entry in entries]
        return [path for path in paths if os.path.isdir(path) or (os.path.isfile(path) and path.endswith(".py"))]

    def _optional_path(self, relative):
        if relative is None:
            return None
        path = os.path.normpath(os.path.join(self.folder, relative))
        return path if os.path.isdir(path) else None

    def _read_json(self, name, required):
        path = os.path.join(self.folder, name)
        if not os.path.exists(path):
            if required:
                raise AssignmentError(f"{path} is missing; an assignment folder needs a manifest.json")
            return {}
        with open(path, encoding="utf-8") as handle:
            try:
                return json.load(handle)
            except ValueError as error:
                raise AssignmentError(f"{path} is not valid JSON ({error}); fix it and run again") from None
