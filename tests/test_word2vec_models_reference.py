"""Checks of the reference word2vec models (reference/word2vec.py): skipgram, cbow and
word2vec_sgd_wrapper against centred differences and stub losses, normalizeRows, and that no
function of word2vec.py or sgd.py modifies its inputs."""
import random

import numpy as np
import pytest

from tests.reference_modules import sgd_mod, w2v
from tests.word2vec_stand_ins import (
    TOKENS,
    DummyDataset,
    ReplayDataset,
    assert_close_grad,
    numerical_gradient,
    random_inputs,
)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("model", ["skipgram", "cbow"])
@pytest.mark.parametrize("kind", ["naive", "neg"])
def test_model_gradients_match_centred_differences(seed, model, kind):
    _, centre_vecs, outside_vecs = random_inputs(seed, V=5, d=3)
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
# Inputs are never modified
# --------------------------------------------------------------------------

def test_inputs_are_not_modified():
    v, U, C = random_inputs(5, V=5, d=3)
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
