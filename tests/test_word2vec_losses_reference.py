"""Checks of the reference word2vec losses (reference/word2vec.py): centred-difference gradient
checks on small random inputs, the naive-softmax formula, stability for large scores, and how
negative sampling draws, redraws and accumulates repeated negatives."""
import numpy as np
import pytest

from tests.reference_modules import w2v
from tests.word2vec_stand_ins import (
    ReplayDataset,
    ScriptedDataset,
    assert_close_grad,
    numerical_gradient,
    random_inputs,
)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("kind", ["naive", "neg", "neg_K3"])
def test_loss_gradients_match_centred_differences(seed, kind):
    v, U, _ = random_inputs(seed)
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
    v, U, _ = random_inputs(7)
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



# --------------------------------------------------------------------------
# Negative samples: redraws and repeats
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
