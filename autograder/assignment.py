"""An assignment is data the engine loads: a folder with manifest.json, the
stand-ins the worker builds (standins*.py), graded test modules in public/ and
hidden/, fixtures, and an optional rubric.json.

manifest.json:
    title       shown in reports
    functions   {"softmax.py:softmax": ["q1_softmax.py:softmax", ...], ...}:
                every graded function id, with the aliases tried after it
    support     folder (relative to the manifest) of modules the handout
                provides, importable by submissions (e.g. utils/)
    reference   folder of the instructor's solution, used by hidden tests
    standins    modules (run in the worker) whose STANDINS dicts name the
                harness objects tests may pass; default ["standins.py"]
    limits      overrides of the sandbox limits (see sandbox.client)
    visibility  {"public": "visible", "hidden": "after_due_date"}: defaults
                for tests that set none
"""
import json
import os

TIERS = ("public", "hidden")


class AssignmentError(Exception):
    """The assignment folder is not what the engine expects. str() says how to fix it."""


class Assignment:
    def __init__(self, folder):
        self.folder = os.path.abspath(folder)
        manifest = self._read_json("manifest.json", required=True)
        self.title = manifest.get("title", os.path.basename(self.folder))
        self.functions = {canonical: [canonical] + list(aliases)
                          for canonical, aliases in manifest["functions"].items()}
        self.support_dir = self._path(manifest["support"])
        self.reference_dir = self._path(manifest["reference"])
        self.standin_paths = [self._path(name) for name in manifest.get("standins", ["standins.py"])]
        self.limits = manifest.get("limits", {})
        self.visibility = dict({"public": "visible", "hidden": "after_due_date"},
                               **manifest.get("visibility", {}))
        self.rubric = self._read_json("rubric.json", required=False).get("tests", {})

    def tier_dir(self, tier):
        return os.path.join(self.folder, tier)

    def _path(self, relative):
        path = os.path.normpath(os.path.join(self.folder, relative))
        if not os.path.exists(path):
            raise AssignmentError(f"{path} is missing; the manifest of {self.folder} names it")
        return path

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
