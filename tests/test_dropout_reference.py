"""Checks of the reference dropout (reference/optim.py)."""
import numpy as np
import pytest

from tests.reference_modules import optim


def test_dropout_eval_is_identity():
    h = np.random.default_rng(3).normal(size=(4, 7))
    out = optim.dropout(h, 0.5, train=False, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(out, h)


def test_dropout_p_zero_is_identity():
    h = np.random.default_rng(4).normal(size=(3, 5)).astype(np.float32)
    out = optim.dropout(h, 0.0, train=True, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(out, h)
    assert out.dtype == np.float32


@pytest.mark.parametrize("p_drop", [0.1, 0.5, 0.9])
def test_dropout_kept_units_scaled_exactly(p_drop):
    h = np.random.default_rng(5).normal(size=(50, 40)) + 3.0  # no zeros in h
    out = optim.dropout(h, p_drop, train=True, rng=np.random.default_rng(6))
    kept = out != 0
    np.testing.assert_array_equal(out[kept], h[kept] / (1 - p_drop))
    # the mask is rng.random(h.shape) >= p_drop with the same generator
    expected_mask = np.random.default_rng(6).random(h.shape) >= p_drop
    np.testing.assert_array_equal(kept, expected_mask)


def test_dropout_mean_over_draws_is_h():
    # N draws of each unit; each value lies in [0, h_i / (1 - p)], so by Hoeffding
    # P(|mean_i - h_i| > 0.02 |h_i|) <= 2 exp(-2 N (0.02 (1 - p))^2) = 2 exp(-39.2)
    # < 1e-16 per unit (< 1e-15 for all 6); the seed is fixed anyway.
    p_drop, n = 0.3, 100_000
    h = np.array([1.0, -2.0, 0.5, 3.0, -0.1, 10.0])
    out = optim.dropout(np.tile(h, (n, 1)), p_drop, rng=np.random.default_rng(7))
    np.testing.assert_allclose(out.mean(axis=0), h, rtol=0.02)
    np.testing.assert_allclose((out != 0).mean(), 1 - p_drop, atol=0.01)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("train", [True, False])
def test_dropout_preserves_dtype_and_shape(dtype, train):
    h = np.ones((2, 3, 4), dtype=dtype)
    for p in (0.25, np.float64(0.25)):
        out = optim.dropout(h, p, train=train, rng=np.random.default_rng(8))
        assert out.dtype == dtype
        assert out.shape == h.shape


@pytest.mark.parametrize("p_drop", [1.0, 1.5, -0.1, float("nan")])
def test_dropout_rejects_bad_p(p_drop):
    with pytest.raises(ValueError):
        optim.dropout(np.ones(3), p_drop, rng=np.random.default_rng(0))


def test_dropout_default_rng_and_input_untouched():
    h = np.arange(1.0, 101.0)
    h_copy = h.copy()
    out = optim.dropout(h, 0.5)
    np.testing.assert_array_equal(h, h_copy)
    kept = out != 0
    np.testing.assert_array_equal(out[kept], h[kept] * 2.0)
