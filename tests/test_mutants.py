"""Buggy submissions lose points on their own function and nowhere else.

A mutant changes one student file, and no reference file imports another
student file (test_student_files_are_independent), so the other files grade
exactly as the reference does, which test_grading shows is full marks. A
mutant's verdicts are therefore those of its own file's tests: every function
of that file must keep full marks except the one the mutant breaks.

For the same reason one grading serves several mutants of different files: the
corpus is graded in bundles (at most one mutant per file, `--only` their files,
the quick profile), and each mutant is judged on the tests of its own file.

`make test` judges the first bundle here, a mutant of every student file; `make
audit`, which CI runs after it, judges every bundle of the corpus by the same rules
(autograder/audit/grade_versions.py), so the corpus is not graded twice in CI.
"""
import ast
import collections

import pytest

from autograder.batch.grade_class import grade_all
from tests.conftest import QUICK, grading_jobs, under_xdist
from tests.mutants import REFERENCE, all_mutants, build_bundle, bundles

pytestmark = pytest.mark.slow

MUTANTS = all_mutants()
BUNDLES = bundles(MUTANTS)
BUNDLE_OF = {m.name: i for i, bundle in enumerate(BUNDLES) for m in bundle}
JUDGED_HERE = BUNDLES[:1]  # the rest: make audit


def points_by_function(results):
    table = collections.defaultdict(lambda: [0.0, 0.0])
    for test in results["tests"]:
        table[test["tags"][0]][0] += test["score"]
        table[test["tags"][0]][1] += test["max_score"]
    return table


class Corpus:
    """Results of the mutants, each bundle graded once per test process.

    Alone, the first request grades every bundle, on all cores; on an xdist
    worker, a bundle is graded when one of its tests asks for it (the tests of a
    bundle share an xdist_group, so they run on the same worker)."""

    def __init__(self, root):
        self.root, self.graded = root, {}

    def results(self, m):
        """m's results: those of its bundle, restricted to the tests of m's file."""
        index = BUNDLE_OF[m.name]
        if index not in self.graded:
            self._grade([index] if under_xdist() else range(len(JUDGED_HERE)))
        results = self.graded[index]
        return {**results, "tests": [t for t in results["tests"] if t["tags"][0].split(":")[0] == m.file]}

    def _grade(self, indices):
        folders, files = {}, {}
        for i in indices:
            folders[i] = self.root / f"bundle{i:02d}"
            build_bundle(BUNDLES[i], folders[i])
            files[str(i)] = {"only": [m.file for m in BUNDLES[i]]}
        graded = grade_all({str(i): str(folder) for i, folder in folders.items()}, str(self.root / "results"),
                           jobs=grading_jobs(), options=QUICK, options_for=files.get)
        self.graded.update({int(i): results for i, results in graded.items()})


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return Corpus(tmp_path_factory.mktemp("mutants"))


def test_corpus_is_large_enough():
    assert len(MUTANTS) >= 12
    assert any("did not finish within" in m.told for m in MUTANTS), "no mutant hangs"


def test_bundles_hold_every_mutant_once_and_one_per_file():
    assert sorted(m.name for bundle in BUNDLES for m in bundle) == sorted(m.name for m in MUTANTS)
    assert all(len({m.file for m in bundle}) == len(bundle) for bundle in BUNDLES)


def test_the_bundle_judged_here_has_a_mutant_of_every_student_file():
    assert {m.file for bundle in JUDGED_HERE for m in bundle} == {m.file for m in MUTANTS}


@pytest.mark.parametrize("m", [pytest.param(m, marks=pytest.mark.xdist_group(f"mutant-bundle-{BUNDLE_OF[m.name]}"))
                               for bundle in JUDGED_HERE for m in bundle], ids=lambda m: m.name)
def test_mutant_loses_points_on_its_function_only(corpus, m):
    results = corpus.results(m)
    assert results["tests"], results["output"]
    table = points_by_function(results)
    for function_id in m.loses:
        assert function_id in table, f"no graded test covers {function_id}"
        score, maximum = table[function_id]
        assert score < maximum, f"{m.name} kept full marks on {function_id}"
    collateral = [t for t in results["tests"] if t["tags"][0] not in m.loses and t["status"] == "failed"]
    assert not collateral, f"{m.name} also lost points on: " + "\n".join(
        f"{t['name']}: {t['output']}" for t in collateral)
    outputs = [t["output"] for t in results["tests"] if t["status"] == "failed"]
    if m.told:
        assert any(m.told in output for output in outputs), f"{m.name} is not told {m.told!r}: {outputs}"
    if m.mistake:
        named = f"matches a known mistake: {m.mistake}"
        assert any(named in output for output in outputs), f"{m.name} is not named {m.mistake!r}: {outputs}"


def test_student_files_are_independent():
    student_modules = {path.stem for path in REFERENCE.glob("*.py")}
    for path in REFERENCE.glob("*.py"):
        imported = set()
        # Module-level imports only: checking.py imports language_model inside the function that
        # builds its default model, which grading never calls (it passes stand-in models).
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        assert not (imported & student_modules) - {path.stem}, f"{path.name} imports another student file"
