"""Submissions written for the original courses grade unchanged: CS224n's
word2vec.py/sgd.py importing the handout's utils package, and CS224d's
q3_word2vec.py/q3_sgd.py with the older names and parameter names."""
import re

import pytest

from autograder.batch import grade_one
from tests.conftest import QUICK
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function

pytestmark = pytest.mark.slow

CS224N_IMPORTS = ("from utils.gradcheck import gradcheck_naive, grad_tests_softmax, grad_tests_negsamp\n"
                  "from utils.utils import normalizeRows, softmax\n"
                  "from utils.treebank import StanfordSentiment\n")
CS224D_NAMES = [("naiveSoftmaxLossAndGradient", "softmaxCostAndGradient"),
                ("negSamplingLossAndGradient", "negSamplingCostAndGradient"),
                ("centerWordVec", "predicted"), ("outsideWordIdx", "target"), ("outsideVectors", "outputVectors"),
                ("currentCenterWord", "currentWord"), ("windowSize", "C"), ("outsideWords", "contextWords"),
                ("word2Ind", "tokens"), ("centerWordVectors", "inputVectors"),
                ("word2vecLossAndGradient", "word2vecCostAndGradient")]
FUNCTIONS = {"word2vec.py:normalizeRows", "word2vec.py:naiveSoftmaxLossAndGradient",
             "word2vec.py:negSamplingLossAndGradient", "word2vec.py:skipgram", "word2vec.py:cbow", "sgd.py:sgd"}


def graded_functions(tmp_path, files):
    submission = tmp_path / "submission"
    submission.mkdir()
    for name, text in files.items():
        (submission / name).write_text(text)
    # Only the files these submissions have: every other function fails as missing.
    only = ["--only", "word2vec.py", "--only", "sgd.py"]
    return points_by_function(grade_one(str(submission), str(tmp_path / "results.json"), [*QUICK, *only]))


def assert_full_marks(table):
    missing = FUNCTIONS - set(table)
    lost = {f: table[f] for f in FUNCTIONS & set(table) if table[f][0] < table[f][1]}
    assert not missing and not lost, (missing, lost)


def test_cs224n_files_importing_the_handout_utils(tmp_path):
    word2vec = (REFERENCE / "word2vec.py").read_text().replace("from utils.utils import softmax\n", CS224N_IMPORTS)
    assert CS224N_IMPORTS in word2vec
    files = {"word2vec.py": word2vec, "sgd.py": (REFERENCE / "sgd.py").read_text()}
    assert_full_marks(graded_functions(tmp_path, files))


@pytest.mark.parametrize("keep_default_loss", [True, False])
def test_cs224d_names_grade_as_the_canonical_functions(tmp_path, keep_default_loss):
    source = (REFERENCE / "word2vec.py").read_text()
    for new, old in CS224D_NAMES:
        source = re.sub(rf"\b{new}\b", old, source)
    if not keep_default_loss:  # the XCS224N variant: negative sampling is skipgram's default
        source = source.replace("word2vecCostAndGradient=softmaxCostAndGradient",
                                "word2vecCostAndGradient=negSamplingCostAndGradient")
    assert "def softmaxCostAndGradient(" in source and "def skipgram(currentWord, C, contextWords" in source
    table = graded_functions(tmp_path, {"q3_word2vec.py": source, "q3_sgd.py": (REFERENCE / "sgd.py").read_text()})
    assert_full_marks(table)
