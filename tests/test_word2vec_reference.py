"""Checks of the reference word2vec.py, sgd.py and utils/treebank.py, and of the
word2vec known-answer fixture (assignment/fixtures/word2vec_known_answers.json).

(a) the official sanity-check sequence reproduces the six published answers;
(b) centred-difference gradient checks of every loss and model;
(c) repeated negative samples accumulate;
(d) no function modifies its inputs;
(e) sgd: convergence, postprocessing, printing, annealing, checkpoints.
"""
import contextlib
import importlib.util
import json
import os
import pickle
import random
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(REPO, "reference")
FIXTURE = os.path.join(REPO, "assignment", "fixtures",
                       "word2vec_known_answers.json")


def _is_utils(name):
    return name == "utils" or name.startswith("utils.")


@contextlib.contextmanager
def _reference_utils_first():
    """Let `import utils...` find reference/utils while the block runs; restore
    sys.path and any other `utils` modules afterwards."""
    saved = {n: m for n, m in sys.modules.items() if _is_utils(n)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, REFERENCE)
    try:
        yield
    finally:
        sys.path.remove(REFERENCE)
        for name in [n for n in sys.modules if _is_utils(n)]:
            del sys.modules[name]
        sys.modules.update(saved)


def _load(name, path):
    """Import a file under a private module name (no clash with student or
    starter modules of the same name)."""
    with _reference_utils_first():
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


w2v = _load("_reference_word2vec_under_test",
            os.path.join(REFERENCE, "word2vec.py"))
sgd_mod = _load("_reference_sgd_under_test", os.path.join(REFERENCE, "sgd.py"))
treebank = _load("_reference_treebank_under_test",
                 os.path.join(REFERENCE, "utils", "treebank.py"))
gradcheck_mod = _load("_reference_utils_gradcheck_under_test",
                      os.path.join(REFERENCE, "utils", "gradcheck.py"))
FIXTURES = os.path.join(REPO, "assignment", "fixtures")
sys.path.insert(0, FIXTURES)  # the generator imports fixture_file, its neighbour
try:
    known_answers = _load("_make_known_answers_under_test", os.path.join(FIXTURES, "make_word2vec_known_answers.py"))
finally:
    sys.path.remove(FIXTURES)
make_corpus = _load("_make_corpus_under_test",
                    os.path.join(REPO, "data", "make_corpus.py"))


# --------------------------------------------------------------------------
# (a) The official sanity-check sequence and the six published answers
# --------------------------------------------------------------------------

# In the order they are run: (kind, centre, window, outside words, loss,
# non-zero row of gradCenterVecs), from the original handout.
PUBLISHED = [
    ("naive", "c", 3, ["a", "b", "e", "d", "b", "c"], 11.16610900153398,
     [-1.26947339, -1.36873189, 2.45158957]),
    ("naive", "b", 3, ["a", "b", "e", "d", "b", "c"], 9.87714910003414,
     [-0.14586705, -1.34158321, -0.29291951]),
    ("naive", "a", 3, ["a", "b", "e", "d", "b", "c"], 10.810758628593335,
     [-1.1790274, -1.35861865, 1.53590492]),
    ("neg", "c", 1, ["a", "b"], 16.15119285363322,
     [-4.54650789, -1.85942252, 0.76397441]),
    ("neg", "c", 2, ["a", "b", "c", "a"], 28.653567707668795,
     [-6.42994865, -2.16396482, -1.89240934]),
    ("neg", "a", 3, ["a", "b", "e", "d", "b", "c"], 60.648705494891914,
     [-17.89425315, -7.36940626, -1.23364121]),
]
WORDS = ["a", "b", "c", "d", "e"]
TOKENS = {w: i for i, w in enumerate(WORDS)}


class DummyDataset:
    """The sanity check's dummy dataset (Python's random only)."""

    def sampleTokenIdx(self):
        return random.randint(0, 4)

    def getRandomContext(self, C):
        return (WORDS[random.randint(0, 4)],
                [WORDS[random.randint(0, 4)] for _ in range(2 * C)])


def replay_gradcheck(f, x, gradientText=""):
    """Stand-in for the handout's gradcheck_naive with the same effect on
    Python's random state and on x: the state is saved once, restored before
    each evaluation of f (the first included) and not restored at the end;
    x is perturbed in place as x[ix] += h; x[ix] -= 2h; x[ix] += h."""
    h = 1e-4
    rndstate = random.getstate()
    random.setstate(rndstate)
    _, grad = f(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        x[ix] += h
        random.setstate(rndstate)
        fxh, _ = f(x)
        x[ix] -= 2 * h
        random.setstate(rndstate)
        fxnh, _ = f(x)
        x[ix] += h
        numgrad = (fxh - fxnh) / 2 / h
        assert abs(numgrad - grad[ix]) / max(1, abs(numgrad),
                                             abs(grad[ix])) <= 1e-5, \
            "gradient check failed for %s at %s" % (gradientText, ix)
        it.iternext()


def run_official_sequence(gradcheck):
    """Run the 2020 sanity-check sequence; return the six skipgram results."""
    dataset = DummyDataset()
    random.seed(31415)
    np.random.seed(9265)
    dummy_vectors = w2v.normalizeRows(np.random.randn(10, 3))
    losses = {"naive": w2v.naiveSoftmaxLossAndGradient,
              "neg": w2v.negSamplingLossAndGradient}
    results = []
    for kind in ("naive", "neg"):
        lossfn = losses[kind]
        gradcheck(lambda vec, lossfn=lossfn: w2v.word2vec_sgd_wrapper(
            w2v.skipgram, TOKENS, vec, dataset, 5, lossfn),
            dummy_vectors, "%s Gradient" % lossfn.__name__)
        for (k, centre, window, outside, _, _) in PUBLISHED:
            if k == kind:
                results.append(w2v.skipgram(
                    centre, window, outside, TOKENS, dummy_vectors[:5, :],
                    dummy_vectors[5:, :], dataset, lossfn))
    return results


@pytest.fixture(scope="module")
def fixture_data():
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["replay", "utils.gradcheck"])
def test_official_sequence_reproduces_the_published_answers(
        which, fixture_data, capsys):
    gradcheck = (replay_gradcheck if which == "replay"
                 else gradcheck_mod.gradcheck_naive)
    results = run_official_sequence(gradcheck)
    if which == "utils.gradcheck":
        out = capsys.readouterr().out
        assert out.count("Gradient check passed!") == 2, out
    for (kind, centre, window, outside, loss, row), result, case in zip(
            PUBLISHED, results, fixture_data["cases"]):
        got_loss, got_center, got_outside = result
        name = "%s skipgram(%r, %d, %r)" % (kind, centre, window, outside)
        assert np.allclose(got_loss, loss), (name, got_loss, loss)
        expected_center = np.zeros((5, 3))
        expected_center[TOKENS[centre]] = row
        assert np.allclose(got_center, expected_center), (name, got_center)
        assert got_center.shape == got_outside.shape == (5, 3)
        # the full matrices agree with the stored fixture
        assert np.allclose(got_center,
                           case["expected"]["gradCenterVecs"]), name
        assert np.allclose(got_outside,
                           case["expected"]["gradOutsideVectors"]), name


@pytest.mark.slow
def test_reference_sanity_scripts_pass():
    for script, expected in (("word2vec.py", "Gradient check passed!"),
                             ("sgd.py", "ALL TESTS PASSED")):
        proc = subprocess.run([sys.executable, script], cwd=REFERENCE,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert expected in proc.stdout
        assert "failed" not in proc.stdout.lower()


def test_fixture_matches_published_numbers_and_sequence(fixture_data):
    cases = fixture_data["cases"]
    assert fixture_data["seeds"] == {"random.seed": 31415,
                                     "np.random.seed": 9265}
    assert fixture_data["dummy_tokens"] == TOKENS
    np.random.seed(9265)
    assert np.allclose(fixture_data["dummy_vectors"],
                       w2v.normalizeRows(np.random.randn(10, 3)),
                       rtol=0, atol=1e-15)
    assert [c["name"] for c in cases] == ["naive 1", "naive 2", "naive 3",
                                          "neg 1", "neg 2", "neg 3"]
    for (kind, centre, window, outside, loss, row), case in zip(PUBLISHED,
                                                                cases):
        assert case["kind"] == kind
        assert case["currentCenterWord"] == centre
        assert case["windowSize"] == window
        assert case["outsideWords"] == outside
        assert case["K"] == (10 if kind == "neg" else None)
        exp = case["expected"]
        assert np.allclose(exp["loss"], loss)
        center = np.array(exp["gradCenterVecs"])
        assert np.allclose(center[TOKENS[centre]], row)
        assert not np.any(np.delete(center, TOKENS[centre], axis=0))
        assert np.array(exp["gradOutsideVectors"]).shape == (5, 3)
        assert np.allclose(case["centerWordVectors"],
                           fixture_data["dummy_vectors"][:5], atol=1e-15)
        assert np.allclose(case["outsideVectors"],
                           fixture_data["dummy_vectors"][5:], atol=1e-15)
        draws = case["sampleTokenIdx_draws"]
        if kind == "naive":
            assert draws == [] and case["negative_samples"] == []
        else:
            # the draws are, per outside word, its 10 negatives plus the
            # discarded draws equal to that outside word
            negs, pos = [], 0
            for word in outside:
                picked = []
                while len(picked) < 10:
                    draw = draws[pos]
                    pos += 1
                    if draw != TOKENS[word]:
                        picked.append(draw)
                negs.append(picked)
            assert pos == len(draws)
            assert case["negative_samples"] == negs


class ScriptedDataset:
    """Serves a fixed sequence of sampleTokenIdx values (and records them)."""

    def __init__(self, values):
        self.values = list(values)
        self.pos = 0

    def reset(self):
        self.pos = 0

    def sampleTokenIdx(self):
        if self.pos >= len(self.values):
            raise AssertionError("more sampleTokenIdx draws than scripted")
        value = self.values[self.pos]
        self.pos += 1
        return value


def test_fixture_cases_replay_with_recorded_draws(fixture_data):
    """A harness can replay each case from its recorded inputs and draws."""
    losses = {"naive": w2v.naiveSoftmaxLossAndGradient,
              "neg": w2v.negSamplingLossAndGradient}
    for case in fixture_data["cases"]:
        dataset = ScriptedDataset(case["sampleTokenIdx_draws"])
        loss, g_center, g_outside = w2v.skipgram(
            case["currentCenterWord"], case["windowSize"],
            case["outsideWords"], fixture_data["dummy_tokens"],
            np.array(case["centerWordVectors"]),
            np.array(case["outsideVectors"]), dataset, losses[case["kind"]])
        assert dataset.pos == len(dataset.values), case["name"]
        exp = case["expected"]
        assert loss == pytest.approx(exp["loss"], rel=1e-12)
        assert np.allclose(g_center, exp["gradCenterVecs"], rtol=1e-12,
                           atol=1e-14)
        assert np.allclose(g_outside, exp["gradOutsideVectors"], rtol=1e-12,
                           atol=1e-14)


@pytest.mark.slow
def test_fixture_is_in_sync_with_the_reference(fixture_data):
    assert known_answers.fixture_file.same(fixture_data, json.loads(
        known_answers.dumps(known_answers.build()))), \
        ("stale fixture: run python "
         "assignment/fixtures/make_word2vec_known_answers.py")


# --------------------------------------------------------------------------
# (b) Centred-difference gradient checks on small random inputs
# --------------------------------------------------------------------------

def numerical_gradient(f, x, h=1e-6):
    """Centred differences of the scalar function f at x (x not modified)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for ix in np.ndindex(*x.shape):
        old = x[ix]
        x[ix] = old + h
        fp = f(x.copy())
        x[ix] = old - h
        fm = f(x.copy())
        x[ix] = old
        grad[ix] = (fp - fm) / (2 * h)
    return grad


def assert_close_grad(analytic, numeric, what):
    assert analytic.shape == numeric.shape, what
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7,
                               err_msg=what)


class ReplayDataset:
    """A dataset whose draws (Python's random with a fixed seed) repeat after
    reset(), so every evaluation of a loss sees the same negatives."""

    def __init__(self, V, seed=0):
        self.V = V
        self.seed = seed
        self.reset()

    def reset(self):
        self.rng = random.Random(self.seed)

    def sampleTokenIdx(self):
        return self.rng.randint(0, self.V - 1)


def _inputs(seed, V=6, d=4):
    rng = np.random.RandomState(seed)
    return rng.randn(d), rng.randn(V, d), rng.randn(V, d)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("kind", ["naive", "neg", "neg_K3"])
def test_loss_gradients_match_centred_differences(seed, kind):
    v, U, _ = _inputs(seed)
    V = U.shape[0]
    o = seed % V
    dataset = ReplayDataset(V, seed)

    def call(vec, outside):
        dataset.reset()
        if kind == "naive":
            return w2v.naiveSoftmaxLossAndGradient(vec, o, outside, dataset)
        K = 3 if kind == "neg_K3" else 10
        return w2v.negSamplingLossAndGradient(vec, o, outside, dataset, K)

    loss, g_v, g_U = call(v, U)
    assert np.ndim(loss) == 0 and np.isfinite(loss)
    assert g_v.shape == v.shape and g_U.shape == U.shape
    assert_close_grad(g_v, numerical_gradient(lambda x: call(x, U)[0], v),
                      "%s gradCenterVec" % kind)
    assert_close_grad(g_U, numerical_gradient(lambda x: call(v, x)[0], U),
                      "%s gradOutsideVecs" % kind)


def test_naive_softmax_loss_formula():
    v, U, _ = _inputs(7)
    scores = U @ v
    for o in range(U.shape[0]):
        loss, _, _ = w2v.naiveSoftmaxLossAndGradient(v, o, U, None)
        expected = -(scores[o] - np.log(np.sum(np.exp(scores))))
        assert loss == pytest.approx(expected, rel=1e-12)


def test_losses_are_stable_for_large_scores():
    v = np.array([30.0, -20.0])
    U = np.array([[40.0, 10.0], [-40.0, 5.0], [1.0, 1.0]])   # scores ~ 1e3
    loss, g_v, g_U = w2v.naiveSoftmaxLossAndGradient(v, 1, U, None)
    assert np.isfinite(loss) and loss > 1000
    assert np.all(np.isfinite(g_v)) and np.all(np.isfinite(g_U))
    loss, g_v, g_U = w2v.negSamplingLossAndGradient(
        v, 1, U, ScriptedDataset([0, 0]), K=2)
    assert np.isfinite(loss) and loss > 1000
    assert np.all(np.isfinite(g_v)) and np.all(np.isfinite(g_U))
    assert w2v.sigmoid(-1000.0) == 0.0 and w2v.sigmoid(1000.0) == 1.0
    assert np.allclose(w2v.sigmoid(np.array([1, 2, 3])),
                       [0.73105858, 0.88079708, 0.95257413])


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("model", ["skipgram", "cbow"])
@pytest.mark.parametrize("kind", ["naive", "neg"])
def test_model_gradients_match_centred_differences(seed, model, kind):
    _, centre_vecs, outside_vecs = _inputs(seed, V=5, d=3)
    words = ["w%d" % i for i in range(5)]
    word2ind = {w: i for i, w in enumerate(words)}
    centre = words[seed % 5]
    outside = [words[1], words[3], centre, words[1], words[4]]  # repeats
    dataset = ReplayDataset(5, seed)
    lossfn = (w2v.naiveSoftmaxLossAndGradient if kind == "naive"
              else w2v.negSamplingLossAndGradient)
    fn = getattr(w2v, model)

    def call(C, U):
        dataset.reset()
        return fn(centre, 2, outside, word2ind, C, U, dataset, lossfn)

    loss, g_C, g_U = call(centre_vecs, outside_vecs)
    assert np.ndim(loss) == 0 and np.isfinite(loss)
    assert g_C.shape == centre_vecs.shape and g_U.shape == outside_vecs.shape
    assert_close_grad(
        g_C, numerical_gradient(lambda x: call(x, outside_vecs)[0],
                                centre_vecs), "%s/%s centre" % (model, kind))
    assert_close_grad(
        g_U, numerical_gradient(lambda x: call(centre_vecs, x)[0],
                                outside_vecs), "%s/%s outside" % (model, kind))


class RecordingLoss:
    """A stub loss: loss = sum(vec) * (idx + 1), gradient vec-shaped ones *
    (idx + 1), outside gradient with one marked row; records every call."""

    def __init__(self):
        self.calls = []

    def __call__(self, vec, idx, outside, dataset):
        self.calls.append((np.array(vec), idx, dataset))
        g_out = np.zeros(outside.shape)
        g_out[idx] = idx + 1.0
        return float(np.sum(vec) * (idx + 1)), np.ones_like(vec) * (idx + 1), \
            g_out


def test_skipgram_sums_one_call_per_outside_word():
    C = np.arange(15, dtype=float).reshape(5, 3)
    U = -np.arange(15, dtype=float).reshape(5, 3)
    tokens = {w: i for i, w in enumerate("vwxyz")}
    stub = RecordingLoss()
    dataset = object()
    outside = ["w", "x", "w", "v", "z"]
    loss, g_C, g_U = w2v.skipgram("y", 3, outside, tokens, C, U, dataset,
                                  stub)
    assert [idx for _, idx, _ in stub.calls] == [tokens[w] for w in outside]
    assert all(np.array_equal(vec, C[3]) and ds is dataset
               for vec, _, ds in stub.calls)
    weights = sum(tokens[w] + 1 for w in outside)
    assert loss == pytest.approx(np.sum(C[3]) * weights)
    expected_C = np.zeros((5, 3))
    expected_C[3] = weights
    assert np.array_equal(g_C, expected_C)
    expected_O = np.zeros((5, 3))
    for w in outside:
        expected_O[tokens[w]] += tokens[w] + 1
    assert np.array_equal(g_U, expected_O)


def test_cbow_sums_context_vectors_and_calls_loss_once():
    C = np.arange(15, dtype=float).reshape(5, 3)
    U = -np.arange(15, dtype=float).reshape(5, 3)
    tokens = {w: i for i, w in enumerate("vwxyz")}
    stub = RecordingLoss()
    outside = ["w", "x", "w", "y"]          # repeats and the centre word
    loss, g_C, g_U = w2v.cbow("y", 2, outside, tokens, C, U, None, stub)
    assert len(stub.calls) == 1
    vec, idx, _ = stub.calls[0]
    assert idx == tokens["y"]
    assert np.allclose(vec, C[1] + C[2] + C[1] + C[3])
    assert loss == pytest.approx(np.sum(vec) * 4)
    expected_C = np.zeros((5, 3))
    expected_C[1] = 2 * 4.0
    expected_C[2] = 4.0
    expected_C[3] = 4.0
    assert np.array_equal(g_C, expected_C)
    expected_O = np.zeros((5, 3))
    expected_O[3] = 4.0
    assert np.array_equal(g_U, expected_O)


@pytest.mark.parametrize("model", ["skipgram", "cbow"])
def test_wrapper_gradient_with_replayed_random_state(model):
    V, d = 5, 3
    rng = np.random.RandomState(3)
    vectors = rng.randn(2 * V, d) * 0.5
    dataset = DummyDataset()
    fn = getattr(w2v, model)
    random.seed(11)
    state = random.getstate()

    def f(x):
        random.setstate(state)
        return w2v.word2vec_sgd_wrapper(fn, TOKENS, x, dataset, 3,
                                        w2v.negSamplingLossAndGradient)

    loss, grad = f(vectors)
    assert grad.shape == vectors.shape and np.isfinite(loss)
    assert_close_grad(grad, numerical_gradient(lambda x: f(x)[0], vectors),
                      "wrapper(%s)" % model)


def test_wrapper_averages_fifty_windows():
    calls = []

    def model(centre, window, context, word2ind, C, U, dataset, lossfn):
        calls.append((centre, window, list(context), C.shape, U.shape,
                      lossfn))
        g_C = np.ones(C.shape)
        g_U = 2 * np.ones(U.shape)
        return 5.0, g_C, g_U

    dataset = DummyDataset()
    random.seed(5)
    loss, grad = w2v.word2vec_sgd_wrapper(model, TOKENS, np.zeros((10, 3)),
                                          dataset, 4, "LOSS")
    assert len(calls) == 50
    assert loss == pytest.approx(5.0)
    assert np.allclose(grad[:5], 1.0) and np.allclose(grad[5:], 2.0)
    assert all(1 <= w <= 4 and len(ctx) == 2 * w and cs == (5, 3)
               and os_ == (5, 3) and lf == "LOSS"
               for _, w, ctx, cs, os_, lf in calls)
    # the same draws as randint(1, 4) then getRandomContext, in that order
    random.seed(5)
    for centre, window, context, *_ in calls:
        assert random.randint(1, 4) == window
        assert dataset.getRandomContext(window) == (centre, context)


def test_normalize_rows():
    x = np.array([[3.0, 4.0], [1.0, 2.0]])
    assert np.allclose(w2v.normalizeRows(x),
                       [[0.6, 0.8], [0.4472136, 0.89442719]])
    y = w2v.normalizeRows(np.random.RandomState(0).randn(7, 5))
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0)
    assert np.all(np.isfinite(w2v.normalizeRows(np.zeros((2, 3)))))


# --------------------------------------------------------------------------
# (c) Negative samples: redraws and repeats
# --------------------------------------------------------------------------

def test_get_negative_samples_redraws_the_outside_word():
    dataset = ScriptedDataset([2, 1, 2, 2, 3, 1])
    assert w2v.getNegativeSamples(2, dataset, 3) == [1, 3, 1]
    assert dataset.pos == 6


def test_repeated_negatives_accumulate():
    rng = np.random.RandomState(1)
    v = rng.randn(3)
    U = rng.randn(5, 3)
    o = 0
    negs = [3, 3, 1, 3, 4]
    loss, g_v, g_U = w2v.negSamplingLossAndGradient(
        v, o, U, ScriptedDataset(negs), K=len(negs))

    def sig(z):
        return 1.0 / (1.0 + np.exp(-z))

    exp_loss = -np.log(sig(U[o] @ v)) - sum(np.log(sig(-U[k] @ v))
                                            for k in negs)
    exp_v = (sig(U[o] @ v) - 1) * U[o] + sum((1 - sig(-U[k] @ v)) * U[k]
                                             for k in negs)
    exp_U = np.zeros_like(U)
    exp_U[o] = (sig(U[o] @ v) - 1) * v
    for k in negs:
        exp_U[k] += (1 - sig(-U[k] @ v)) * v
    assert loss == pytest.approx(exp_loss, rel=1e-12)
    assert np.allclose(g_v, exp_v, rtol=1e-12, atol=1e-14)
    assert np.allclose(g_U, exp_U, rtol=1e-12, atol=1e-14)
    # word 3 was drawn three times: three times the gradient of one draw
    one = (1 - sig(-U[3] @ v)) * v
    assert np.allclose(g_U[3], 3 * one)
    assert not np.any(g_U[2])


def test_negative_sampling_draws_exactly_once_per_call():
    dataset = ScriptedDataset([1, 2, 0, 3, 4, 1, 2, 3, 4, 1, 2])
    w2v.negSamplingLossAndGradient(np.ones(2), 0, np.ones((5, 2)), dataset,
                                   K=10)
    assert dataset.pos == 11                # ten negatives + one redraw


# --------------------------------------------------------------------------
# (d) Inputs are never modified
# --------------------------------------------------------------------------

def test_inputs_are_not_modified():
    v, U, C = _inputs(5, V=5, d=3)
    words = list("abcde")
    word2ind = {w: i for i, w in enumerate(words)}
    outside = ["a", "b", "b", "e"]
    originals = [a.copy() for a in (v, U, C)]
    outside_copy = list(outside)

    w2v.sigmoid(v)
    w2v.normalizeRows(U)
    w2v.naiveSoftmaxLossAndGradient(v, 2, U, None)
    w2v.negSamplingLossAndGradient(v, 2, U, ReplayDataset(5), K=4)
    for model in (w2v.skipgram, w2v.cbow):
        for lossfn in (w2v.naiveSoftmaxLossAndGradient,
                       w2v.negSamplingLossAndGradient):
            model("c", 2, outside, word2ind, C, U, ReplayDataset(5), lossfn)
    vectors = np.concatenate([C, U])
    vectors_copy = vectors.copy()
    random.seed(0)
    w2v.word2vec_sgd_wrapper(w2v.skipgram, word2ind, vectors,
                             DummyDataset(), 3,
                             w2v.negSamplingLossAndGradient)
    for a, b in zip((v, U, C), originals):
        assert np.array_equal(a, b)
    assert np.array_equal(vectors, vectors_copy)
    assert outside == outside_copy

    x0 = np.array([1.0, -2.0])
    sgd_mod.sgd(lambda x: (np.sum(x ** 2), 2 * x), x0, 0.1, 5,
                PRINT_EVERY=100)
    assert np.array_equal(x0, [1.0, -2.0])


# --------------------------------------------------------------------------
# (e) sgd
# --------------------------------------------------------------------------

def quad(x):
    return np.sum(x ** 2), x * 2


@pytest.mark.parametrize("x0", [0.5, 0.0, -1.5])
def test_sgd_official_check(x0, capsys):
    result = sgd_mod.sgd(quad, x0, 0.01, 1000, PRINT_EVERY=100)
    assert abs(result) <= 1e-6
    array_result = sgd_mod.sgd(quad, np.array([x0, 2 * x0]), 0.01, 1000,
                               PRINT_EVERY=100)
    assert np.all(np.abs(array_result) <= 1e-6)
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("iter ") for line in lines) == 20


def test_sgd_applies_postprocessing_after_every_step():
    seen = []
    post_calls = []

    def f(x):
        seen.append(np.array(x))
        return quad(x)

    def post(x):
        post_calls.append(np.array(x))
        return x / np.linalg.norm(x) * 2.0

    x0 = np.array([1.0, 3.0])
    result = sgd_mod.sgd(f, x0, 0.1, 4, postprocessing=post, PRINT_EVERY=10)
    x = x0.copy()
    expected_seen = []
    for _ in range(4):
        expected_seen.append(x.copy())
        x = x - 0.1 * 2 * x
        x = x / np.linalg.norm(x) * 2.0
    assert len(seen) == 4 and len(post_calls) == 4
    assert np.allclose(seen, expected_seen)
    assert np.allclose(result, x)


def test_sgd_prints_exponential_average(capsys):
    losses = iter(range(1, 31))

    def f(x):
        return float(next(losses)), np.zeros_like(x)

    sgd_mod.sgd(f, np.zeros(2), 0.1, 30, PRINT_EVERY=10)
    out = [line for line in capsys.readouterr().out.splitlines()
           if line.startswith("iter ")]
    first = 10.0
    second = 0.95 * first + 0.05 * 20
    third = 0.95 * second + 0.05 * 30
    assert out == ["iter 10: %f" % first, "iter 20: %f" % second,
                   "iter 30: %f" % third]


def test_sgd_anneals_every_anneal_every(monkeypatch):
    monkeypatch.setattr(sgd_mod, "ANNEAL_EVERY", 3)
    xs = []

    def f(x):
        xs.append(float(x))
        return 0.0, np.array(1.0)           # constant gradient 1

    result = sgd_mod.sgd(f, 0.0, 0.8, 7, PRINT_EVERY=100)
    xs.append(float(result))
    steps = -np.diff(xs)
    assert np.allclose(steps, [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2])


def test_sgd_saves_and_resumes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sgd_mod, "SAVE_PARAMS_EVERY", 5)
    monkeypatch.setattr(sgd_mod, "ANNEAL_EVERY", 4)

    def f(x):
        # a deterministic objective that also consumes Python random draws
        random.random()
        return quad(x)

    x0 = np.array([1.0, -2.0, 0.5])
    random.seed(99)
    uninterrupted = sgd_mod.sgd(f, x0, 0.1, 13, PRINT_EVERY=100)
    assert not os.listdir(tmp_path)                 # useSaved=False saves nothing
    state_after_13 = random.getstate()

    random.seed(99)
    partial = sgd_mod.sgd(f, x0, 0.1, 10, useSaved=True, PRINT_EVERY=100)
    assert sorted(os.listdir(tmp_path)) == [
        "saved_params_10.npy", "saved_params_5.npy",
        "saved_state_10.pickle", "saved_state_5.pickle"]
    start, params, state = sgd_mod.load_saved_params()
    assert start == 10 and np.array_equal(params, partial)
    with open("saved_state_10.pickle", "rb") as fh:
        assert pickle.load(fh) == state

    # files that do not follow the naming scheme are ignored
    np.save("saved_params_backup.npy", np.zeros(3))
    np.save("saved_params_20.npy", np.zeros(3))     # no matching state file

    calls = []

    def g(x):
        calls.append(np.array(x))
        return f(x)

    random.seed(12345)                              # overwritten by the resume
    resumed = sgd_mod.sgd(g, np.array([7.0, 7.0, 7.0]), 0.1, 13,
                          useSaved=True, PRINT_EVERY=100)
    assert len(calls) == 3                          # iterations 11, 12, 13
    assert np.array_equal(calls[0], partial)
    assert np.allclose(resumed, uninterrupted, rtol=0, atol=1e-15)
    assert random.getstate() == state_after_13

    # nothing to do when the saved iteration reaches `iterations`
    again = sgd_mod.sgd(g, np.zeros(3), 0.1, 10, useSaved=True)
    assert np.array_equal(again, partial) and len(calls) == 3


def test_sgd_without_saved_params_starts_from_x0(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sgd_mod.load_saved_params() == (0, None, None)
    result = sgd_mod.sgd(quad, np.array([0.5]), 0.01, 1000, useSaved=True,
                         PRINT_EVERY=1000)
    assert abs(result[0]) <= 1e-6
    assert not os.listdir(tmp_path)          # fewer than 5000 iterations


# --------------------------------------------------------------------------
# The dataset (reference/utils/treebank.py) and the generated corpus
# --------------------------------------------------------------------------

def test_corpus_is_up_to_date():
    with open(make_corpus.OUT_PATH, encoding="utf-8") as f:
        text = f.read()
    assert text == make_corpus.corpus_text(), \
        "stale corpus: run python data/make_corpus.py"
    assert len(text.encode("utf-8")) < 300 * 1024


@pytest.fixture(scope="module")
def corpus():
    return treebank.StanfordSentiment()


def test_dataset_tokens_and_sentences(corpus):
    tokens = corpus.tokens()
    sentences = corpus.sentences()
    assert corpus.numSentences() == len(sentences) > 1000
    assert sorted(tokens.values()) == list(range(len(tokens)))
    for word in ["great", "cool", "brilliant", "wonderful", "well", "amazing",
                 "worth", "sweet", "enjoyable", "boring", "bad", "dumb",
                 "annoying", "female", "male", "queen", "king", "man",
                 "woman", "rain", "snow", "hail", "coffee", "tea"]:
        assert word in tokens
        assert corpus.tokenfreq()[word] >= 50, word
    assert all(w in tokens for s in sentences for w in s)


def test_dataset_sampling_uses_python_random_only(corpus):
    np_state = np.random.get_state()[1].copy()
    random.seed(1)
    first = ([corpus.sampleTokenIdx() for _ in range(50)],
             [corpus.getRandomContext(3) for _ in range(20)])
    random.seed(1)
    second = ([corpus.sampleTokenIdx() for _ in range(50)],
              [corpus.getRandomContext(3) for _ in range(20)])
    assert first == second
    assert np.array_equal(np.random.get_state()[1], np_state)


def test_dataset_sample_table_follows_unigram_three_quarters(corpus):
    table = corpus.sampleTable()
    revtokens = corpus.revtokens()
    freq = corpus.tokenfreq()
    weights = np.array([freq[w] for w in revtokens], dtype=float) ** 0.75
    expected = weights / weights.sum() * len(table)
    counts = np.bincount(table, minlength=len(revtokens))
    assert np.all(np.abs(counts - expected) <= 1.0)
    assert counts[corpus.tokens()["UNK"]] == 0
    idx = corpus.sampleTokenIdx()
    assert isinstance(idx, int) and 0 <= idx < len(revtokens)


def test_dataset_random_context(corpus):
    random.seed(3)
    for C in (1, 2, 5):
        for _ in range(200):
            centre, context = corpus.getRandomContext(C)
            assert isinstance(centre, str)
            assert 1 <= len(context) <= 2 * C
            assert centre not in context


def test_dataset_custom_path(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("The cat sat\n\nthe dog sat .\n", encoding="utf-8")
    ds = treebank.StanfordSentiment(path=str(path), tablesize=1000)
    assert ds.sentences() == [["the", "cat", "sat"],
                              ["the", "dog", "sat", "."]]
    assert ds.tokens() == {"the": 0, "cat": 1, "sat": 2, "dog": 3, ".": 4,
                           "UNK": 5}
    random.seed(0)
    centre, context = ds.getRandomContext(1)
    assert centre in ds.tokens() and context
