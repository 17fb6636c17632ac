"""Checks of the reference minimize and its experiment table (reference/optim.py), and of the
optimiser demo (demos/optim_experiment.py)."""
import os
import re
import struct
import subprocess
import sys

import numpy as np
import pytest

from tests.reference_modules import REPO, load, optim

DEMO_PATH = os.path.join(REPO, "demos", "optim_experiment.py")

# The reference outcomes of the experiment table: (name, status, iterations).
EXPECTED_EXPERIMENT = [
    ("SGD lr=0.1", "diverged", 4),
    ("SGD lr=0.005", "diverged", 10),
    ("momentum lr=0.1 beta1=0.9", "diverged", 7),
    ("Adam lr=0.1", "converged", 189),
    ("AdamW lr=0.1 wd=0.01", "converged", 224),
]


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
# The demo
# ---------------------------------------------------------------------------

def test_demo_experiment_function_matches_expected():
    demo = load("_optim_experiment_demo_under_test", DEMO_PATH)
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
    demo = load("_optim_experiment_demo_under_test", DEMO_PATH)
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
