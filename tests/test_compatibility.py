"""Submissions written for the original courses grade unchanged: CS224n's
word2vec.py/sgd.py importing the handout's utils package, and CS224d's
q3_word2vec.py/q3_sgd.py with the older names and parameter names; and correct
files written the way the original courses' own code is (tests/compat/) get full
marks, robustness beyond the handout being advice of 0 points."""
import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.assignment import Assignment
from autograder.batch.grade_class import grade_one
from autograder.grading.test_result import ADVICE
from autograder.sandbox.resolve import Resolver
from tests.conftest import QUICK
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function
from tests.toy_grading import forgetting_imports

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


COMPAT = Path(__file__).resolve().parent / "compat"
ASSIGNMENT = REFERENCE.parent / "assignment"


def graded_functions(tmp_path, files, only=("word2vec.py", "sgd.py"), results=None):
    """Grade a submission of these files ({name: text}) on the functions of `only`: {function: [score, max]};
    results (a dict), when given, receives results.json."""
    submission = tmp_path / "submission"
    submission.mkdir()
    for name, text in files.items():
        (submission / name).write_text(text)
    # Only the files these submissions have: every other function fails as missing.
    document = grade_one(str(submission), str(tmp_path / "results.json"), {**QUICK, "only": list(only)})
    if results is not None:
        results.update(document)
    return points_by_function(document)


def assert_full_marks(table, functions=FUNCTIONS):
    missing = functions - set(table)
    lost = {f: table[f] for f in functions & set(table) if table[f][0] < table[f][1]}
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


# -- correct files in the style of the original courses' own code (tests/compat/) ------------

ADVICE_TESTS = {"public/test_word2vec.py::test_naive_loss_finite_beyond_the_handout",
                "public/test_word2vec.py::test_neg_loss_finite_beyond_the_handout",
                "public/test_sgd.py::test_leaves_x0"}


@pytest.mark.parametrize("style", ["cs224n_answer_key", "cs224d_2016"])
def test_the_original_courses_own_style_gets_full_marks(tmp_path, style):
    """-log of the provided softmax, -log(sigmoid) in a loop, += h; -= 2h; += h, sgd's x = x0 and x -= ...,
    normalizeRows without an epsilon; for 2016 also costs as 1-element arrays, keyword calls of the cost,
    K draws with the target allowed and one-pickle checkpoints: full marks, the rest as advice."""
    files = {path.name: path.read_text() for path in (COMPAT / style).glob("*.py")}
    results = {}
    table = graded_functions(tmp_path, files, ("word2vec.py", "sgd.py", "gradcheck.py"), results)
    assert_full_marks(table, FUNCTIONS | {"gradcheck.py:gradcheck_naive"})
    failed = {t["name"]: t for t in results["tests"] if t["status"] == "failed"}
    assert all(t["max_score"] == 0 and t["output"].startswith(ADVICE) for t in failed.values()), failed
    assert len(failed) == len(ADVICE_TESTS), sorted(failed)  # the handout's own formulas and x = x0


# -- real submissions' forms, each under its own course's selection --------------------------

# Advice tests by number: 2.10 sigmoid(+-1000); 4.18 and 4.19 the losses at scores near +-1000; 4.24 sgd's
# x0 left as it was; 4.27 the checkpoint opened in binary mode.
COURSE_SETS = {  # a folder of tests/compat/: (its course's selection, the numbers of the advice tests it fails)
    "cs224n_one_minus_sigmoid": ("cs224n-a2", {"4.18", "4.19"}),
    "cs224n_exp_ratio_sigmoid": ("cs224n-a2", {"2.10", "4.18", "4.19"}),
    "cs224n_tanh_sigmoid": ("cs224n-a2", {"4.18", "4.19"}),
    "xcs224n_sanity_checks": ("cs224n-a2", {"4.18", "4.19"}),
    "cs224d_2016_text_mode": ("cs224d-pset1", {"4.24", "4.27"}),
    "cs224d_2016_one_row_vector": ("cs224d-pset1", set()),
    "cs224d_2016": ("cs224d-pset1", {"4.18", "4.19", "4.24"}),
    "cs224d_2016_vector_as_row": ("cs224d-pset1", set()),
    "csc421_language_model": ("csc421-pa1", set()),
}


@pytest.mark.parametrize("folder", sorted(COURSE_SETS))
def test_real_forms_get_full_marks_under_their_course(tmp_path, folder):
    """Each form real submissions take (-log(1 - sigmoid), the exp(x) / (1 + exp(x)) and tanh sigmoids,
    XCS224N's utils.sanity_checks, the 2016 text-mode checkpoint helper and one-row softmax as a vector,
    the 2016 file set with q4_softmaxreg.py's `from cs224d.data_utils import *`, a vector's softmax as one row,
    CSC421's tsne and pylab imports),
    graded under its course's selection: full marks on every selected function its files define, and
    only the advice tests named fail."""
    selection, advice = COURSE_SETS[folder]
    files = {path.name: path.read_text() for path in (COMPAT / folder).glob("*.py")}
    functions = {canonical for canonical, ids in Assignment(str(ASSIGNMENT), selection).functions.items()
                 if any(i.split(":")[0] in files for i in ids)}
    submission = tmp_path / "submission"
    submission.mkdir()
    for name, text in files.items():
        (submission / name).write_text(text)
    only = sorted({f.split(":")[0] for f in functions})
    document = grade_one(str(submission), str(tmp_path / "results.json"),
                         {**QUICK, "assignment": selection, "only": only})
    table = points_by_function(document)
    assert functions and set(table) == functions, (sorted(functions), sorted(table))
    assert_full_marks(table, functions)
    failed = {t["number"]: t for t in document["tests"] if t["status"] == "failed"}
    assert set(failed) == advice and all(t["max_score"] == 0 for t in failed.values()), failed


def test_a_syntax_error_is_reported_in_the_file_that_has_it(tmp_path, monkeypatch):
    """q3_word2vec.py imports q2_gradcheck.py, which has the error: the message names q2_gradcheck.py."""
    (tmp_path / "q3_word2vec.py").write_text("from q2_gradcheck import gradcheck_naive\n\n\ndef skipgram():\n"
                                             "    pass\n")
    (tmp_path / "q2_gradcheck.py").write_text("def gradcheck_naive(f, x):\n    print 'passed'\n")
    monkeypatch.chdir(tmp_path)
    with forgetting_imports(tmp_path):
        monkeypatch.syspath_prepend(str(tmp_path))
        found = Resolver({"word2vec.py:skipgram": ["word2vec.py:skipgram", "q3_word2vec.py:skipgram"]},
                         str(tmp_path), str(tmp_path / "support")).resolve("word2vec.py:skipgram")
    assert (found["ok"], found["kind"], found["file"]) == (False, "import", "q2_gradcheck.py")
    assert found["message"].startswith("q2_gradcheck.py has a syntax error at line 2"), found
    assert "(imported by q3_word2vec.py)" in found["message"]


def load_suite(relative):
    """An assignment suite as a module (the grader puts the assignment folder on sys.path)."""
    sys.path.insert(0, str(ASSIGNMENT))
    spec = importlib.util.spec_from_file_location("suite_" + Path(relative).stem, ASSIGNMENT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Direct:
    """A `student` fixture whose functions are plain local functions: for suites' checks on chosen inputs."""

    def __init__(self, function):
        self.last, self._function = "the function", function

    def function(self, _):
        return self

    def __call__(self, *args):
        return self._function(*args)


def answer_key_normalize(x):
    return x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))


def test_normalize_rows_of_tiny_norms_and_zero_rows(tmp_path):
    """Hidden 4.30 on rows of 1e-145 (and 1e-200, and 0): the unit vector or the handout's +1e-30 value where
    that epsilon matters; rows whose squared norm underflows (zero rows too) are not graded."""
    x = np.array([[1e-145, -1e-145], [3.0, 4.0], [0.0, 0.0], [1e-200, 1e-200]])
    with forgetting_imports(ASSIGNMENT), forgetting_imports(REFERENCE):
        suite = load_suite("hidden/test_word2vec_reference.py")
        check = suite.test_normalize_rows_matches_reference.hypothesis.inner_test
        sys.path.insert(0, str(REFERENCE))
        reference = importlib.import_module("word2vec")
        with np.errstate(all="ignore"):
            for correct in (answer_key_normalize, reference.normalizeRows):
                check(Direct(correct), lambda _: reference, x=x)
            with pytest.raises(AssertionError, match="rows \\[0, 1\\] of the result"):
                check(Direct(lambda a: a / np.sum(a * a, axis=1, keepdims=True)), lambda _: reference, x=x)


def test_the_older_checkpoint_layout_is_written_only_when_asked(tmp_path, monkeypatch):
    """The resume stand-in writes the 2019 layout (np.save + a state pickle) by default and, for q3_sgd.py,
    the 2016/2017 one: one file of two pickles, as that handout's load_saved_params reads it (in the worker)."""
    monkeypatch.chdir(tmp_path)
    spec = importlib.util.spec_from_file_location("sgd_standins", ASSIGNMENT / "standins" / "sgd.py")
    standins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standins)
    standins.ResumeObjective(20000, [2.0, -4.0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved_params_20000.npy", "saved_state_20000.pickle"]
    assert np.load(tmp_path / "saved_params_20000.npy").tolist() == [2.0, -4.0]
    standins.ResumeObjective(20000, [2.0, -4.0], layout="pickle")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved_params_20000.npy"]
    with pytest.raises(ValueError, match="pickled"):
        np.load(tmp_path / "saved_params_20000.npy")


def test_the_recording_loss_takes_the_2016_keyword_names():
    spec = importlib.util.spec_from_file_location("w2v_standins", ASSIGNMENT / "standins" / "word2vec.py")
    standins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standins)
    loss = standins.RecordingLoss(0.5, [1.0, 2.0], np.ones((3, 2)))
    v, U = np.array([1.0, 0.0]), np.ones((3, 2))
    assert loss(v, 1, U, None)[0] == loss(predicted=v, target=1, outputVectors=U, dataset=None)[0] == 1.5
    assert loss(v, target=2, outputVectors=U, dataset=None, K=10)[0] == 2.5
    assert [c[1] for c in loss.calls] == [1, 1, 2]
    with pytest.raises(TypeError, match="outsideWordIdx or target"):
        loss(v)
