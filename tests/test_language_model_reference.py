"""Checks of the reference language_model.py and checking.py (CSC421 programming assignment 1),
and of the generated corpus data/language_model_data.npz.

(a) compute_loss_derivative and every gradient of back_propagate against centred differences of
    compute_loss, on models of several sizes (none of them the handout's), with contexts that
    repeat a word;
(b) check_gradients' verdicts and messages on right and wrong models, print_gradients' entries;
(c) the data file is what its generator makes.
"""
import contextlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(REPO, "reference")
DATA = os.path.join(REPO, "data", "language_model_data.npz")
PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


def _load(name, path):
    """Import a file under a private module name (no clash with student or starter modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lm = _load("_reference_language_model_under_test", os.path.join(REFERENCE, "language_model.py"))
checking = _load("_reference_checking_under_test", os.path.join(REFERENCE, "checking.py"))


def make_model(V, D, H, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    params = lm.Params(scale * rng.standard_normal((V, D)), scale * rng.standard_normal((H, 3 * D)),
                       scale * rng.standard_normal((V, H)), scale * rng.standard_normal(H),
                       scale * rng.standard_normal(V))
    return lm.Model(params, [f"w{i}" for i in range(V)])


def loss(model, inputs, targets):
    return model.compute_loss(model.compute_activations(inputs).output_layer, model.indicator_matrix(targets))


def gradients(model, inputs, targets):
    activations = model.compute_activations(inputs)
    derivative = model.compute_loss_derivative(activations.output_layer, model.indicator_matrix(targets))
    return model.back_propagate(inputs, activations, derivative)


def numerical_gradient(model, name, inputs, targets, eps=1e-5):
    """Centred differences of the total loss in every entry of parameter `name`."""
    value = getattr(model.params, name)
    result = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        plus, minus = model.copy(), model.copy()
        getattr(plus.params, name)[index] += eps
        getattr(minus.params, name)[index] -= eps
        result[index] = (loss(plus, inputs, targets) - loss(minus, inputs, targets)) / (2 * eps)
    return result


# (V, D, N_H, contexts, targets): contexts repeat a word within a context and across the batch
CASES = [
    (5, 2, 3, [[0, 1, 2], [3, 3, 4], [2, 0, 2], [1, 1, 1]], [4, 0, 1, 3]),
    (7, 3, 4, [[6, 5, 6], [0, 1, 2], [6, 6, 6], [3, 4, 5], [0, 0, 1], [2, 2, 5]], [0, 1, 2, 3, 4, 5]),
    (3, 1, 1, [[2, 2, 2]], [2]),
    (11, 8, 6, [[10, 0, 10], [4, 4, 9]], [10, 3]),
]


@pytest.mark.parametrize("V, D, H, contexts, targets", CASES, ids=[f"V{c[0]}-D{c[1]}-H{c[2]}" for c in CASES])
def test_every_gradient_agrees_with_centred_differences(V, D, H, contexts, targets):
    model = make_model(V, D, H, seed=V * 100 + D)
    inputs, targets = np.array(contexts), np.array(targets)
    grads = gradients(model, inputs, targets)
    for name in PARAM_NAMES:
        got = getattr(grads, name)
        assert got.shape == getattr(model.params, name).shape, name
        np.testing.assert_allclose(got, numerical_gradient(model, name, inputs, targets), rtol=1e-5, atol=1e-8,
                                   err_msg=name)


def test_the_loss_derivative_is_y_minus_t_and_agrees_with_centred_differences():
    model = make_model(6, 2, 3)
    rng = np.random.default_rng(1)
    z, targets = rng.standard_normal((4, 6)), np.array([0, 5, 5, 2])
    t = model.indicator_matrix(targets)
    y = checking.softmax(z)
    derivative = model.compute_loss_derivative(y, t)
    np.testing.assert_array_equal(derivative, y - t)  # summed over the batch, not averaged
    numerical = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[index] += 1e-5
        minus[index] -= 1e-5
        numerical[index] = (model.compute_loss(checking.softmax(plus), t)
                            - model.compute_loss(checking.softmax(minus), t)) / 2e-5
    np.testing.assert_allclose(derivative, numerical, rtol=1e-6, atol=1e-9)


def test_a_repeated_context_word_gets_the_sum_of_its_blocks():
    model = make_model(4, 2, 3)
    inputs, targets = np.array([[1, 1, 1]]), np.array([2])
    activations = model.compute_activations(inputs)
    derivative = model.compute_loss_derivative(activations.output_layer, model.indicator_matrix(targets))
    hidden = activations.hidden_layer
    embed_deriv = (derivative @ model.params.hid_to_output_weights * hidden * (1 - hidden)) \
        @ model.params.embed_to_hid_weights
    expected = embed_deriv[0, 0:2] + embed_deriv[0, 2:4] + embed_deriv[0, 4:6]
    grad = model.back_propagate(inputs, activations, derivative).word_embedding_weights
    np.testing.assert_allclose(grad[1], expected)
    assert not np.allclose(grad[1], embed_deriv[0, 4:6])  # the last block alone is not it
    assert np.all(grad[[0, 2, 3]] == 0)


class SpoiltModel(lm.Model):
    """The reference model with one derivative changed by `spoil(name, value)`."""

    def __init__(self, params, vocab, spoil):
        super().__init__(params, vocab)
        self.spoil = spoil

    def copy(self):
        return SpoiltModel(self.params.copy(), self.vocab[:], self.spoil)

    def compute_loss_derivative(self, output_activations, expanded_target_batch):
        return self.spoil("loss_derivative", super().compute_loss_derivative(output_activations,
                                                                             expanded_target_batch))

    def back_propagate(self, input_batch, activations, loss_derivative):
        grads = super().back_propagate(input_batch, activations, loss_derivative)
        for name in PARAM_NAMES:
            setattr(grads, name, self.spoil(name, getattr(grads, name)))
        return grads


def check(spoil, V=6, D=2, H=3):
    base = make_model(V, D, H, seed=7)
    model = SpoiltModel(base.params, base.vocab, spoil)
    inputs, targets = np.array([[0, 1, 2], [3, 3, 4], [5, 0, 5]]), np.array([4, 0, 1])
    printed = io.StringIO()
    # 300 sampled entries instead of 1000, for time: a miss of one of the at most 18 entries of a
    # parameter has probability (17/18)^300 < 1e-7, and the samples are seeded.
    with contextlib.redirect_stdout(printed), pytest.MonkeyPatch.context() as patch:
        patch.setattr(checking, "NUM_CHECKS", 300)
        checking.check_gradients(model, inputs, targets)
    return printed.getvalue().splitlines()


def moved(what, index, delta):
    def spoil(name, value):
        if name == what:
            value = value.copy()
            value[index] += delta
        return value
    return spoil


def test_check_gradients_calls_every_derivative_of_a_right_model_ok():
    assert check(lambda name, value: value) == ["The loss derivative looks OK."] + [
        f"The gradient for {name} looks OK." for name in PARAM_NAMES]


def test_check_gradients_names_the_wrong_entry():
    lines = check(moved("embed_to_hid_weights", (2, 4), 0.01))
    assert lines[:2] == ["The loss derivative looks OK.", "The gradient for word_embedding_weights looks OK."]
    assert lines[2].startswith("The gradient for embed_to_hid_weights has a relative error of ")
    assert lines[2].endswith(" at embed_to_hid_weights[2, 4], which is too large.")
    assert lines[3:] == [f"The gradient for {name} looks OK." for name in PARAM_NAMES[2:]]
    assert check(moved("hid_bias", (1,), -0.5))[4].endswith(" at hid_bias[1], which is too large.")


def test_check_gradients_names_the_expected_shape():
    lines = check(lambda name, value: value.T if name == "hid_to_output_weights" else value)
    assert "The gradient for hid_to_output_weights should be size (6, 3) but is actually (3, 6)." in lines
    assert "The gradient for hid_to_output_weights looks OK." not in lines


def test_check_gradients_stops_after_a_wrong_loss_derivative():
    lines = check(lambda name, value: value / 3 if name == "loss_derivative" else value)
    assert len(lines) == 1 and lines[0].startswith("The loss derivative has a relative error of ")


def test_print_gradients_prints_the_hand_ins_entries():
    model = make_model(125, 8, 40, seed=3)
    inputs = np.random.default_rng(4).integers(125, size=(8, 3))
    targets = np.random.default_rng(5).integers(125, size=8)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        checking.print_gradients(model, inputs, targets)
    lines = [line for line in printed.getvalue().splitlines() if line]
    activations = model.compute_activations(inputs)
    derivative = model.compute_loss_derivative(activations.output_layer, model.indicator_matrix(targets))
    grads = model.back_propagate(inputs, activations, derivative)
    assert len(lines) == 18
    assert lines[0] == f"loss_derivative[2, 5] {derivative[2, 5]}"
    assert lines[4] == f"param_gradient.word_embedding_weights[27, 2] {grads.word_embedding_weights[27, 2]}"
    assert lines[-1] == f"param_gradient.output_bias[3] {grads.output_bias[3]}"


def test_check_gradients_without_arguments_checks_the_partially_trained_model(tmp_path):
    """As the handout runs it: checking.check_gradients() in a folder with the data (D = 8, N_H = 64, B = 100),
    with 20 sampled entries per derivative instead of 1000 (about 10 s of CPU)."""
    shutil.copy(DATA, tmp_path / "language_model_data.npz")
    script = "import checking; checking.NUM_CHECKS = 20; checking.check_gradients()"
    proc = subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path),
                          env=dict(os.environ, PYTHONPATH=REFERENCE, OPENBLAS_NUM_THREADS="1"),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["The loss derivative looks OK."] + [
        f"The gradient for {name} looks OK." for name in PARAM_NAMES]


def test_the_data_file_is_what_its_generator_makes():
    proc = subprocess.run([sys.executable, os.path.join(REPO, "data", "make_language_model_data.py"), "--check"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout


def test_the_data_loads_without_pickle_in_the_originals_form():
    data = lm.load_data(DATA)
    V = len(data["vocab"])
    assert 200 <= V <= 400 and len(set(data["vocab"])) == V
    for split in ("train", "valid", "test"):
        inputs, targets = data[f"{split}_inputs"], data[f"{split}_targets"]
        assert inputs.shape == (targets.shape[0], 3) and targets.shape[0] % 100 == 0
        assert 0 <= inputs.min() and inputs.max() < V and 0 <= targets.min() and targets.max() < V
