"""Checks of the reference neural.py and softmaxreg.py: their gradients against centred
differences, their conventions (a cost summed over the batch, a mean feature, a
percentage), and the original sanity checks' output."""
import contextlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REFERENCE = Path(__file__).resolve().parents[1] / "reference"


@contextlib.contextmanager
def reference_utils_first():
    """`import utils...` finds reference/utils while the block runs; other `utils` modules are restored."""
    def is_utils(name):
        return name == "utils" or name.startswith("utils.")
    saved = {n: m for n, m in sys.modules.items() if is_utils(n)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(REFERENCE))
    try:
        yield
    finally:
        sys.path.remove(str(REFERENCE))
        for name in [n for n in sys.modules if is_utils(n)]:
            del sys.modules[name]
        sys.modules.update(saved)


def load(name):
    """The reference file name.py, under a private module name."""
    with reference_utils_first():
        spec = importlib.util.spec_from_file_location(f"_reference_{name}_under_test", REFERENCE / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


neural = load("neural")
softmaxreg = load("softmaxreg")


def centred(f, x, h=1e-6):
    """Centred differences of the scalar f at the float array x."""
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        moved = x.copy()
        moved[index] += h
        plus = f(moved)
        moved[index] -= 2 * h
        grad[index] = (plus - f(moved)) / (2 * h)
    return grad


def network(seed, N, dimensions):
    rng = np.random.default_rng(seed)
    Dx, H, Dy = dimensions
    labels = np.zeros((N, Dy))
    labels[np.arange(N), rng.integers(0, Dy, size=N)] = 1.0
    return rng.standard_normal((N, Dx)), labels, rng.standard_normal(Dx * H + H + H * Dy + Dy)


@pytest.mark.parametrize("seed, N, dimensions", [(1, 20, [10, 5, 10]), (2, 1, [1, 1, 2]), (3, 7, [3, 4, 2]),
                                                 (4, 3, [2, 6, 5])])
def test_network_gradient_is_centred_differences_of_its_cost(seed, N, dimensions):
    data, labels, params = network(seed, N, dimensions)
    cost, grad = neural.forward_backward_prop(data, labels, params, dimensions)
    numerical = centred(lambda p: neural.forward_backward_prop(data, labels, p, dimensions)[0], params)
    assert grad.shape == params.shape
    np.testing.assert_allclose(grad, numerical, rtol=1e-6, atol=1e-8)


def test_network_cost_is_summed_over_the_batch():
    data, labels, params = network(5, 6, [3, 4, 3])
    total = sum(neural.forward_backward_prop(data[n:n + 1], labels[n:n + 1], params, [3, 4, 3])[0] for n in range(6))
    cost, grad = neural.forward_backward_prop(data, labels, params, [3, 4, 3])
    assert cost == pytest.approx(total, rel=1e-12)
    stacked = sum(neural.forward_backward_prop(data[n:n + 1], labels[n:n + 1], params, [3, 4, 3])[1] for n in range(6))
    np.testing.assert_allclose(grad, stacked, rtol=1e-12, atol=1e-14)


def test_network_cost_is_stable_for_saturated_units():
    data, labels, params = network(6, 4, [2, 3, 2])
    cost, grad = neural.forward_backward_prop(1000.0 * data, labels, 100.0 * params, [2, 3, 2])
    assert np.isfinite(cost) and np.all(np.isfinite(grad))


@pytest.mark.parametrize("seed, N, D, C, regularization", [(1, 10, 10, 5, 1.0), (2, 1, 3, 2, 0.0),
                                                           (3, 6, 2, 4, 0.3)])
def test_regression_gradient_is_centred_differences_of_its_cost(seed, N, D, C, regularization):
    rng = np.random.default_rng(seed)
    features, labels, weights = rng.standard_normal((N, D)), rng.integers(0, C, size=N), rng.standard_normal((D, C))
    cost, grad, pred = softmaxreg.softmaxRegression(features, labels, weights, regularization)
    numerical = centred(lambda w: softmaxreg.softmaxRegression(features, labels, w, regularization, True)[0], weights)
    np.testing.assert_allclose(grad, numerical, rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(pred, np.argmax(features @ weights, axis=1))
    assert len(softmaxreg.softmaxRegression(features, labels, weights, regularization, True)) == 2


def test_feature_is_the_mean_with_repeats_and_accuracy_a_percentage():
    vectors = np.arange(12.0).reshape(4, 3)
    tokens = {"a": 0, "b": 1, "c": 2, "d": 3}
    np.testing.assert_allclose(softmaxreg.getSentenceFeature(tokens, vectors, ["a", "c", "c"]),
                               (vectors[0] + 2 * vectors[2]) / 3)
    assert softmaxreg.accuracy(np.array([1, 2, 3]), np.array([1, 0, 3])) == pytest.approx(200.0 / 3)


@pytest.mark.parametrize("name", ["neural", "softmaxreg"])
def test_sanity_check_passes(name):
    run = subprocess.run([sys.executable, f"{name}.py"], cwd=REFERENCE, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Gradient check passed!" in run.stdout
