"""Checks of the reference optimisers and dropout (reference/optim.py) and of the
optimiser demo (demos/optim_experiment.py)."""
import importlib.util
import math
import os
import re
import struct
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPTIM_PATH = os.path.join(REPO, "reference", "optim.py")
DEMO_PATH = os.path.join(REPO, "demos", "optim_experiment.py")


def _load(name, path):
    """Import a file under a private module name (no clash with a student's `optim`)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


optim = _load("_reference_optim_under_test", OPTIM_PATH)

# The reference outcomes of the experiment table: (name, status, iterations).
EXPECTED_EXPERIMENT = [
    ("SGD lr=0.1", "diverged", 4),
    ("SGD lr=0.005", "diverged", 10),
    ("momentum lr=0.1 beta1=0.9", "diverged", 7),
    ("Adam lr=0.1", "converged", 189),
    ("AdamW lr=0.1 wd=0.01", "converged", 224),
]


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
# minimize
# ---------------------------------------------------------------------------

def _run(kind, hparams, theta0=None):
    return optim.minimize(optim.ill_conditioned_grad,
                          optim.EXPERIMENT_THETA0 if theta0 is None else theta0,
                          optim.make_step_fn(kind, **hparams),
                          tol=optim.EXPERIMENT_TOL, max_iters=optim.EXPERIMENT_MAX_ITERS)


def test_experiment_table_shape():
    assert optim.EXPERIMENT_THETA0 == (1.0, 1.0)
    assert optim.EXPERIMENT_TOL == 1e-3
    assert optim.EXPERIMENT_MAX_ITERS == 1000
    names = [name for name, _, _ in optim.EXPERIMENT]
    assert names == [name for name, _, _ in EXPECTED_EXPERIMENT]
    for _, kind, hparams in optim.EXPERIMENT:
        assert kind in optim.STEP_FACTORIES
        assert isinstance(hparams, dict)
        assert callable(optim.make_step_fn(kind, **hparams))


@pytest.mark.parametrize("row", EXPECTED_EXPERIMENT, ids=lambda r: r[0])
def test_experiment_outcomes(row):
    name, status, iterations = row
    (kind, hparams), = [(k, h) for n, k, h in optim.EXPERIMENT if n == name]
    theta, got_iterations, got_status = _run(kind, hparams)
    assert (got_status, got_iterations) == (status, iterations)
    if status == "converged":
        assert np.linalg.norm(optim.ill_conditioned_grad(theta)) < optim.EXPERIMENT_TOL
    else:
        assert np.max(np.abs(theta)) > optim.DIVERGENCE_BOUND


def test_sgd_divergence_counts_follow_the_contraction_factor():
    # theta_1 is multiplied by (1 - 1000 lr) per step: -99 and -4; theta_2 stays in [0, 1].
    for lr, factor in ((0.1, 99), (0.005, 4)):
        k = 1
        while factor ** k <= optim.DIVERGENCE_BOUND:
            k += 1
        theta, iterations, status = _run("sgd", {"lr": lr})
        assert (status, iterations) == ("diverged", k)
        assert theta[0] == pytest.approx((1 - 1000 * lr) ** k, rel=1e-12)


def test_sgd_below_the_stability_limit_does_not_diverge():
    _, iterations, status = _run("sgd", {"lr": 0.0019})
    assert (status, iterations) == ("max_iters", 1000)


def test_minimize_converged_at_start_counts_zero():
    theta, iterations, status = optim.minimize(optim.ill_conditioned_grad, [0.0, 0.0],
                                               optim.make_sgd(0.1))
    assert (iterations, status) == (0, "converged")
    np.testing.assert_array_equal(theta, [0.0, 0.0])


def test_minimize_counts_updates_and_passes_t():
    seen = []
    calls = []

    def grad_fn(theta):
        calls.append(theta.copy())
        return theta.copy()  # f = 0.5 |theta|^2

    sgd = optim.make_sgd(1.0)

    def step_fn(theta, g, state, t):
        seen.append((t, state))
        return sgd(theta, g, state, t)[0], t

    # one step of size 1 lands on the minimum; the next gradient is 0
    theta, iterations, status = optim.minimize(grad_fn, [1.0, -1.0], step_fn, tol=1e-3)
    assert (iterations, status) == (1, "converged")
    assert seen == [(1, None)]
    assert len(calls) == 2


def test_minimize_state_is_threaded_and_t_counts_from_one():
    seen = []

    def step_fn(theta, g, state, t):
        seen.append((t, state))
        return theta - 0.1 * g, t * 10

    _, iterations, status = optim.minimize(lambda th: th.copy(), [1.0], step_fn,
                                           tol=1e-12, max_iters=3)
    assert (iterations, status) == (3, "max_iters")
    assert seen == [(1, None), (2, 10), (3, 20)]


def test_minimize_max_iters_zero():
    theta, iterations, status = optim.minimize(optim.ill_conditioned_grad, [0.0, 0.0],
                                               optim.make_sgd(0.1), max_iters=0)
    assert (iterations, status) == (0, "max_iters")


def test_minimize_diverges_on_nan():
    def grad_fn(theta):
        return np.array([np.nan, 1.0])

    theta, iterations, status = optim.minimize(grad_fn, [1.0, 1.0], optim.make_sgd(0.1))
    assert (iterations, status) == (1, "diverged")


def test_minimize_bound_is_strict():
    # one update to exactly 1e6 is not divergence; the next, past it, is
    def step_fn(theta, g, state, t):
        return np.array([1e6 if t == 1 else 2e6]), None

    _, iterations, status = optim.minimize(lambda th: np.ones(1), [0.0], step_fn)
    assert (iterations, status) == (2, "diverged")


def test_minimize_does_not_modify_theta0():
    theta0 = np.array([1.0, 1.0])
    theta, _, _ = optim.minimize(optim.ill_conditioned_grad, theta0, optim.make_adam(0.1))
    np.testing.assert_array_equal(theta0, [1.0, 1.0])
    assert theta is not theta0


# ---------------------------------------------------------------------------
# dropout
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# The demo
# ---------------------------------------------------------------------------

def test_demo_experiment_function_matches_expected():
    demo = _load("_optim_experiment_demo_under_test", DEMO_PATH)
    rows = demo.experiment(optim)
    assert [(n, s, i) for n, s, i, _ in rows] == EXPECTED_EXPERIMENT
    for _, status, _, final_f in rows:
        if status == "converged":
            assert final_f < 1e-6
        else:
            assert final_f > 1e11


def test_demo_converging_runs_converge_and_sgd_zigzags():
    # The plot's point: SGD just under its stable step converges by flipping theta_1's sign at
    # every step, next to momentum and Adam; the diverging runs of the table get their own panel.
    demo = _load("_optim_experiment_demo_under_test", DEMO_PATH)
    rows, paths = demo.experiment(optim, record=True, configs=demo.CONVERGING_RUNS,
                                  max_iters=demo.CONVERGING_MAX_ITERS)
    assert [status for _, status, _, _ in rows] == ["converged"] * len(rows), rows
    (sgd_path,) = [p for (_, kind, _), p in zip(demo.CONVERGING_RUNS, paths) if kind == "sgd"]
    first = sgd_path[:demo.ZIGZAG_STEPS + 1, 0]
    assert np.all(first[1:] * first[:-1] < 0), first
    lo, hi, y_lo, y_hi = demo.ZIGZAG_BOX
    assert np.all((first >= lo) & (first <= hi))
    assert np.all((sgd_path[:demo.ZIGZAG_STEPS + 1, 1] >= y_lo) & (sgd_path[:demo.ZIGZAG_STEPS + 1, 1] <= y_hi))
    assert os.path.dirname(demo.DEFAULT_OUT) == os.path.join(REPO, "out")


def _png_size(path):
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert data[-8:-4] == b"IEND"
    return width, height


@pytest.mark.slow
def test_demo_script_writes_table_and_png(tmp_path):
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, DEMO_PATH, "--out", str(out_dir)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stderr
    width, height = _png_size(out_dir / "trajectories.png")
    assert width > 300 and height > 200
    table = (out_dir / "optim_experiment.txt").read_text()
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["optimizer", "outcome"]
    assert len(lines) == 2 + len(EXPECTED_EXPERIMENT)
    for (name, status, iterations), line in zip(EXPECTED_EXPERIMENT, lines[2:]):
        assert line.startswith(name)
        assert line[len(name):].split()[:2] == [status, str(iterations)]
    assert table in proc.stdout
    assert re.search(r"^SGD lr=0\.0019 +converged +\d+ ", proc.stdout, re.MULTILINE), proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing written outside --out
