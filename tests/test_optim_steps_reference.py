"""Checks of the reference optimiser steps (reference/optim.py): SGD, momentum, Adam and AdamW
steps, the ill-conditioned quadratic, and the solution regions of optim.py."""
import math
import os
import re

import numpy as np
import pytest

from tests.reference_modules import REFERENCE, optim

OPTIM_PATH = os.path.join(REFERENCE, "optim.py")


# ---------------------------------------------------------------------------
# Single steps
# ---------------------------------------------------------------------------

def test_sgd_step():
    theta = np.array([1.0, -2.0, 0.5])
    grad = np.array([10.0, 4.0, -1.0])
    out = optim.sgd_step(theta, grad, 0.1)
    np.testing.assert_allclose(out, [0.0, -2.4, 0.6], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(theta, [1.0, -2.0, 0.5])  # not modified


def test_momentum_step_by_hand():
    theta = np.array([1.0, -2.0])
    grad = np.array([10.0, 4.0])
    m = np.array([1.0, 1.0])
    theta_new, m_new = optim.momentum_step(theta, grad, m, lr=0.1, beta1=0.9)
    # m = 0.9 * 1 + 0.1 * g = (1.9, 1.3); theta = theta - 0.1 * m = (0.81, -2.13)
    np.testing.assert_allclose(m_new, [1.9, 1.3], rtol=1e-15)
    np.testing.assert_allclose(theta_new, [0.81, -2.13], rtol=1e-15)
    np.testing.assert_array_equal(m, [1.0, 1.0])
    np.testing.assert_array_equal(theta, [1.0, -2.0])


def test_momentum_first_step_from_zero_is_scaled_sgd():
    theta = np.array([0.3, -0.7])
    grad = np.array([2.0, -5.0])
    theta_new, m_new = optim.momentum_step(theta, grad, np.zeros(2), lr=0.5, beta1=0.9)
    np.testing.assert_allclose(m_new, 0.1 * grad, rtol=1e-12)
    np.testing.assert_allclose(theta_new, theta - 0.05 * grad, rtol=1e-15)


def test_adam_first_step_is_lr_times_sign():
    theta = np.array([1.0, -2.0, 3.0, 0.5])
    grad = np.array([1e3, -2e-3, 7.0, -0.25])
    lr = 0.01
    theta_new, m_new, v_new = optim.adam_step(theta, grad, np.zeros(4), np.zeros(4), t=1,
                                              lr=lr, eps=1e-12)
    np.testing.assert_allclose(theta_new, theta - lr * np.sign(grad), rtol=1e-9)
    np.testing.assert_allclose(m_new, 0.1 * grad, rtol=1e-12)
    np.testing.assert_allclose(v_new, 0.001 * grad ** 2, rtol=1e-12)


def test_adam_second_step_by_hand():
    theta = np.array([1.0])
    m = np.array([0.1])       # after one step with g = 1 from zeros
    v = np.array([0.001])
    g = np.array([3.0])
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    theta_new, m_new, v_new = optim.adam_step(theta, g, m, v, t=2, lr=lr)
    m2 = b1 * 0.1 + (1 - b1) * 3.0            # 0.39
    v2 = b2 * 0.001 + (1 - b2) * 9.0          # 0.009999
    m_hat = m2 / (1 - b1 ** 2)
    v_hat = v2 / (1 - b2 ** 2)
    expected = 1.0 - lr * m_hat / (math.sqrt(v_hat) + eps)
    np.testing.assert_allclose(m_new, [m2], rtol=1e-14)
    np.testing.assert_allclose(v_new, [v2], rtol=1e-14)
    np.testing.assert_allclose(theta_new, [expected], rtol=1e-14)


def test_adam_does_not_modify_inputs():
    rng = np.random.default_rng(0)
    theta, grad, m = rng.normal(size=(3, 5))
    v = rng.random(5)
    copies = [a.copy() for a in (theta, grad, m, v)]
    optim.adam_step(theta, grad, m, v, t=3, lr=0.1)
    optim.adamw_step(theta, grad, m, v, t=3, lr=0.1)
    for a, c in zip((theta, grad, m, v), copies):
        np.testing.assert_array_equal(a, c)


@pytest.mark.parametrize("step", ["adam_step", "adamw_step"])
def test_adam_rejects_step_zero(step):
    z = np.zeros(2)
    with pytest.raises(ValueError):
        getattr(optim, step)(np.ones(2), np.ones(2), z, z, t=0)


def test_adamw_decay_alone_shrinks_theta():
    theta = np.array([2.0, -3.0, 0.0])
    z = np.zeros(3)
    lr, wd = 0.1, 0.01
    theta_new, m_new, v_new = optim.adamw_step(theta, z, z, z, t=1, lr=lr, weight_decay=wd)
    np.testing.assert_allclose(theta_new, theta * (1 - lr * wd), rtol=1e-15, atol=0)
    np.testing.assert_array_equal(m_new, z)
    np.testing.assert_array_equal(v_new, z)


def test_adamw_is_decoupled():
    rng = np.random.default_rng(1)
    theta, grad, m = rng.normal(size=(3, 6))
    v = rng.random(6)
    lr, wd, t = 0.05, 0.3, 4
    th_w, m_w, v_w = optim.adamw_step(theta, grad, m, v, t, lr=lr, weight_decay=wd)
    th_a, m_a, v_a = optim.adam_step(theta, grad, m, v, t, lr=lr)
    # the moments see the raw gradient
    np.testing.assert_allclose(m_w, m_a, rtol=1e-15)
    np.testing.assert_allclose(v_w, v_a, rtol=1e-15)
    # and the decay is lr * wd * (old theta), outside the adaptive scaling
    np.testing.assert_allclose(th_w, th_a - lr * wd * theta, rtol=1e-12, atol=1e-15)
    # which is not the same as adding wd * theta to the gradient (L2 in Adam)
    th_l2, _, _ = optim.adam_step(theta, grad + wd * theta, m, v, t, lr=lr)
    assert not np.allclose(th_w, th_l2, rtol=1e-6, atol=0)


def test_adamw_without_decay_is_adam():
    rng = np.random.default_rng(2)
    theta, grad, m = rng.normal(size=(3, 4))
    v = rng.random(4)
    w = optim.adamw_step(theta, grad, m, v, 7, lr=0.2, weight_decay=0.0)
    a = optim.adam_step(theta, grad, m, v, 7, lr=0.2)
    for x, y in zip(w, a):
        np.testing.assert_allclose(x, y, rtol=1e-15)


def test_float32_steps_stay_float32():
    theta = np.ones(3, dtype=np.float32)
    grad = np.full(3, 0.5, dtype=np.float32)
    z = np.zeros(3, dtype=np.float32)
    assert optim.sgd_step(theta, grad, 0.1).dtype == np.float32
    assert all(a.dtype == np.float32 for a in optim.momentum_step(theta, grad, z, 0.1))
    assert all(a.dtype == np.float32 for a in optim.adam_step(theta, grad, z, z, 1, 0.1))
    assert all(a.dtype == np.float32 for a in optim.adamw_step(theta, grad, z, z, 1, 0.1))


# ---------------------------------------------------------------------------
# The ill-conditioned quadratic
# ---------------------------------------------------------------------------

def test_quadratic_and_its_gradient():
    assert optim.ill_conditioned_f([1.0, 1.0]) == 500.5
    np.testing.assert_array_equal(optim.ill_conditioned_grad([1.0, 2.0]), [1000.0, 2.0])
    theta = np.array([0.013, -0.4])
    h = 1e-6
    num = [(optim.ill_conditioned_f(theta + h * e) - optim.ill_conditioned_f(theta - h * e))
           / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(optim.ill_conditioned_grad(theta), num, rtol=1e-6)


# ---------------------------------------------------------------------------
# Solution regions
# ---------------------------------------------------------------------------

def test_solution_regions_are_well_formed():
    begin = re.compile(r"^(\s*)# BEGIN SOLUTION \(hint: (\S.*)\)$")
    end = re.compile(r"^(\s*)# END SOLUTION$")
    open_indent, regions = None, 0
    with open(OPTIM_PATH) as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if "SOLUTION" not in line:
                continue
            b, e = begin.match(line), end.match(line)
            assert b or e, f"line {lineno}: malformed marker {line!r}"
            if b:
                assert open_indent is None, f"line {lineno}: nested region"
                open_indent = b.group(1)
            else:
                assert open_indent == e.group(1), f"line {lineno}: unmatched END"
                open_indent = None
                regions += 1
    assert open_indent is None
    assert regions == 6
