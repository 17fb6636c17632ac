"""The grader end to end: scores of the reference and the starter, the
results.json contract, the CLI, determinism."""
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from autograder.batch.grade_class import grade_all, grade_one
from tests.conftest import QUICK, grading_jobs
from tests.mutants import REFERENCE, all_mutants

pytestmark = pytest.mark.slow
# The tests of the `graded` fixture run on one xdist worker, so it grades once.
USES_GRADED = pytest.mark.xdist_group("test_grading.graded")

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((PROJECT / "tests" / "data" / "results.schema.json").read_text())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The reference and the starter, on the full profile (what students get)."""
    out = tmp_path_factory.mktemp("graded")
    return grade_all({"reference": str(REFERENCE), "starter": str(PROJECT / "starter")}, str(out),
                     jobs=grading_jobs())


@USES_GRADED
def test_reference_gets_full_marks(graded):
    results = graded["reference"]
    failed = [f"{t['name']}: {t['output']}" for t in results["tests"] if t["status"] != "passed"]
    assert not failed, "\n".join(failed)
    assert results["score"] > 0
    assert results["score"] == pytest.approx(sum(t["max_score"] for t in results["tests"]))


@USES_GRADED
def test_starter_gets_zero_with_not_implemented_messages(graded):
    results = graded["starter"]
    assert results["score"] == 0 and results["tests"]
    # Every graded test says so; a 0-point advice test a stub happens to pass (nothing to advise) says nothing.
    unclear = [f"{t['name']}: {t['output']}" for t in results["tests"]
               if "not implemented" not in t["output"] and (t["max_score"] > 0 or t["status"] == "failed")]
    assert not unclear, "\n".join(unclear)


@USES_GRADED
@pytest.mark.parametrize("which", ["reference", "starter"])
def test_results_match_gradescope_schema(graded, which):
    jsonschema.validate(graded[which], SCHEMA)


@USES_GRADED
def test_every_test_is_tagged_with_its_canonical_function(graded):
    manifest = json.loads((PROJECT / "assignment" / "manifest.json").read_text())
    assert {t["tags"][0] for t in graded["reference"]["tests"]} <= set(manifest["functions"])


@USES_GRADED
def test_public_only_runs_only_visible_tests(tmp_path, graded):
    files = ("softmax.py", "word2vec.py")
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"),
                        {"public_only": True, "only": list(files)})
    public = [t["name"] for t in graded["reference"]["tests"]
              if t["visibility"] == "visible" and t["tags"][0].split(":")[0] in files]
    assert public and [t["name"] for t in results["tests"]] == public
    assert len(public) < len([t for t in graded["reference"]["tests"] if t["tags"][0].split(":")[0] in files])


def test_same_submission_same_results(tmp_path):
    mutant = next(m for m in all_mutants() if m.name == "softmax_no_max_subtraction")
    mutant.build(tmp_path / "sub", REFERENCE)
    runs = [grade_one(str(tmp_path / "sub"), str(tmp_path / f"{i}.json"), QUICK) for i in range(2)]
    for run in runs:
        run.pop("execution_time")
        run["extra_data"].pop("phases")
        run["extra_data"].pop("test_seconds")
    assert runs[0] == runs[1]


def run_cli(*arguments):
    return subprocess.run([str(PROJECT / "run_autograder"), *arguments], capture_output=True, text=True,
                          timeout=600)


def test_cli_writes_results_and_exits_zero_whatever_the_score(tmp_path):
    completed = run_cli("--submission", str(PROJECT / "starter"), "--results", str(tmp_path / "r.json"),
                        "--public-only")
    assert completed.returncode == 0, completed.stderr
    assert json.loads((tmp_path / "r.json").read_text())["score"] == 0
    assert "Total: 0.00" in completed.stdout


def test_cli_reports_a_missing_submission_in_results(tmp_path):
    completed = run_cli("--submission", str(tmp_path / "nowhere"), "--results", str(tmp_path / "r.json"))
    assert completed.returncode == 2  # nothing was graded; results.json says what to fix
    results = json.loads((tmp_path / "r.json").read_text())
    assert results["tests"] == [] and "does not exist" in results["output"]
    jsonschema.validate(results, SCHEMA)


def test_missing_functions_fail_only_their_tests(tmp_path):
    submission = tmp_path / "only_sigmoid"
    submission.mkdir()
    (submission / "q2_sigmoid.py").write_text((REFERENCE / "sigmoid.py").read_text())
    results = grade_one(str(submission), str(tmp_path / "r.json"),
                        {"public_only": True, "only": ["sigmoid.py", "softmax.py"]})
    sigmoid = [t for t in results["tests"] if t["tags"][0] in ("sigmoid.py:sigmoid", "sigmoid.py:sigmoid_grad")]
    assert sigmoid and all(t["status"] == "passed" for t in sigmoid)
    softmax = [t for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert all("looked for q1_softmax.py, softmax.py, utils/utils.py" in t["output"] for t in softmax)


def test_provided_support_copy_earns_nothing(tmp_path):
    submission = tmp_path / "cs224n_utils_only"
    (submission / "utils").mkdir(parents=True)
    (submission / "utils" / "utils.py").write_text((REFERENCE / "utils" / "utils.py").read_text())
    results = grade_one(str(submission), str(tmp_path / "r.json"), {"public_only": True, "only": ["softmax.py"]})
    softmax = [t for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert softmax and all(t["score"] == 0 and "copy the handout provides" in t["output"] for t in softmax)


def test_reexported_support_function_earns_nothing(tmp_path):
    submission = tmp_path / "reexport"
    submission.mkdir()
    (submission / "softmax.py").write_text("from utils.utils import softmax  # the handout's copy\n")
    results = grade_one(str(submission), str(tmp_path / "r.json"), {"public_only": True, "only": ["softmax.py"]})
    assert results["tests"] and all(t["score"] == 0 and "only re-exports the handout's provided softmax" in t["output"]
                                    for t in results["tests"])
