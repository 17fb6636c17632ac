"""Degenerate stubs of neural.py and softmaxreg.py earn nothing on their function.

Each kind of stub replaces the solution region of every graded function of the
two files at once (their tests are per function, so one grading judges all):
returning None, zeros of the right shapes, the first argument, or keeping only
the provided code (placeholders where the region would compute).
"""
import re
import shutil

import pytest

from autograder.batch.grade_class import grade_all
from tests.conftest import QUICK, grading_jobs
from tests.mutants import REFERENCE

# One xdist group: the module's fixture grades every stub once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("test_neural_degenerate")]

REGION = re.compile(r"( *)# BEGIN SOLUTION[^\n]*\n.*?# END SOLUTION\n", re.DOTALL)
FILES = ("neural.py", "softmaxreg.py")
# Per kind, the stub bodies of the regions in file order: forward_backward_prop;
# getSentenceFeature, softmaxRegression, accuracy.
STUBS = {
    "none": (["return None"], ["return None", "return None", "return None"]),
    "zeros": (["return 0.0, np.zeros_like(params)"],
              ["return np.zeros(wordVectors.shape[1])",
               "return 0.0, np.zeros_like(weights), np.zeros(len(labels), dtype=int)", "return 0.0"]),
    "first_argument": (["return data"], ["return tokens", "return features", "return y"]),
    "provided_only": (["cost = 0.0\ngradW1, gradb1, gradW2, gradb2 = (np.zeros_like(p) for p in (W1, b1, W2, b2))"],
                      ["pass", "grad = np.zeros_like(weights)\npred = np.zeros(N, dtype=int)", "acc = 0.0"]),
}


def stubbed(source, bodies):
    """source with its solution regions replaced, in order, by bodies (kept at the region's indentation)."""
    regions = iter(bodies)

    def replace(match):
        indent = match.group(1)
        return "".join(f"{indent}{line}\n" for line in next(regions).splitlines())
    text = REGION.sub(replace, source)
    assert next(regions, None) is None, "a stub body was not used: the reference's regions changed"
    return text


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("degenerate")
    folders = {}
    for kind, bodies in STUBS.items():
        folder = root / kind
        shutil.copytree(REFERENCE, folder, ignore=shutil.ignore_patterns("__pycache__"))
        for name, file_bodies in zip(FILES, bodies):
            (folder / name).write_text(stubbed((REFERENCE / name).read_text(), file_bodies))
        folders[kind] = str(folder)
    return grade_all(folders, str(root / "results"), jobs=grading_jobs(), options={**QUICK, "only": list(FILES)})


@pytest.mark.parametrize("kind", STUBS)
def test_degenerate_stub_earns_nothing(graded, kind):
    results = graded[kind]
    assert results["tests"], results["output"]
    earned = [f"{t['name']}: {t['score']}" for t in results["tests"] if t["score"] > 0]
    assert not earned, "\n".join(earned)
