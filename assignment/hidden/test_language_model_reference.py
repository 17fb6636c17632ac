"""Hidden checks of language_model.py against the instructor's solution, on generated models.

Vocabularies of 2 to 8 words, D of 1 to 4, N_H of 1 to 6, batches of 1 to 6 contexts of
words drawn from the vocabulary (so words repeat, within a context and across the batch),
weights of scale 0.1 to 2. The student's Model is built in the worker from the arrays
(standins/language_model.py), the reference's here from the same arrays. back_propagate
gets the activations and the loss derivative y - t that the reference computes, so it is
graded apart from compute_loss_derivative.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import FLOAT64, counts_with, expect_close, expect_entries, expect_true, graded, show
from autograder.checks import standin as make_standin

from hints import language_model as HINTS

DERIVATIVE = "language_model.py:Model.compute_loss_derivative"
BACKPROP = "language_model.py:Model.back_propagate"
PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


def shapes(V, D, H):
    return {"word_embedding_weights": (V, D), "embed_to_hid_weights": (H, 3 * D), "hid_to_output_weights": (V, H),
            "hid_bias": (H,), "output_bias": (V,)}


@st.composite
def problems(draw, repeated=False):
    """(params {name: array}, input_batch B x 3, target_batch (B,)). repeated: the first context
    repeats a word, and, when B > 1, the second context shares a word with the first at the same position."""
    V, D, H, B = draw(st.integers(2, 8)), draw(st.integers(1, 4)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    scale = draw(st.sampled_from([0.1, 0.5, 2.0]))
    params = {name: scale * rng.standard_normal(shape) for name, shape in shapes(V, D, H).items()}
    words = st.integers(0, V - 1)
    inputs = draw(hnp.arrays(np.int64, (B, 3), elements=words))
    if repeated:
        first, second = draw(st.sampled_from([(0, 1), (0, 2), (1, 2)]))
        inputs[0, second] = inputs[0, first]
        if B > 1:
            position = draw(st.integers(0, 2))
            inputs[1, position] = inputs[0, position]
    return params, inputs, draw(hnp.arrays(np.int64, (B,), elements=words))


def student_model(params):
    """The request for the student's Model built in the worker from params."""
    return make_standin("student_model", slot="model", params=params,
                        vocab_size=params["word_embedding_weights"].shape[0])


def reference_model(reference, params):
    """The reference's Model of params (copies), with a vocabulary of V made-up words."""
    module = reference("language_model.py")
    V = params["word_embedding_weights"].shape[0]
    return module.Model(module.Params(*(params[name].copy() for name in PARAM_NAMES)), [f"word{i}" for i in range(V)])


def describe(params, inputs, targets):
    V, D = params["word_embedding_weights"].shape
    return (f"a model with V={V}, D={D}, N_H={params['hid_bias'].shape[0]} (weights {show(params)}), "
            f"input_batch={show(inputs)}, target_batch={show(targets)}")


@st.composite
def softmax_outputs(draw):
    """(y, t): B x V softmax outputs of generated scores and the one-hot rows of generated targets."""
    B, V = draw(st.integers(1, 8)), draw(st.integers(2, 10))
    z = draw(hnp.arrays(np.float64, (B, V), elements=st.floats(-10, 10, allow_nan=False, allow_infinity=False)))
    y = np.exp(z - z.max(axis=1, keepdims=True))
    targets = draw(hnp.arrays(np.int64, (B,), elements=st.integers(0, V - 1)))
    return y / y.sum(axis=1, keepdims=True), np.eye(V)[targets]


@graded(2, "7.20", DERIVATIVE)
@given(case=softmax_outputs())
def test_loss_derivative_matches_reference(student, reference, case):
    """matches the reference on generated batches of softmax outputs and targets"""
    y, t = case
    B, V = y.shape
    params = {name: np.zeros(shape) for name, shape in shapes(V, 1, 1).items()}
    derivative = student.function(DERIVATIVE)
    got = derivative(student_model(params), y, t)
    expected = reference_model(reference, params).compute_loss_derivative(y.copy(), t.copy())
    hint = HINTS.LOSS_DERIVATIVE
    if isinstance(got, np.ndarray) and got.shape == y.shape:
        if B > 1 and np.allclose(got, expected / B):
            hint = HINTS.MEAN_OVER_BATCH
        elif np.allclose(got, -expected):
            hint = HINTS.FLIPPED_SIGN
    expect_close(got, expected, derivative.last, FLOAT64, what="the loss derivative", hint=hint)


def embedding_without_accumulation(params, activations, loss_derivative, inputs):
    """The embedding gradients of two ways of counting a repeated word once: each position's blocks
    assigned to their words' rows (grad[words] = blocks), and added by fancy indexing (grad[words] += blocks)."""
    hidden = activations.hidden_layer
    embed_deriv = (loss_derivative @ params["hid_to_output_weights"] * hidden * (1 - hidden)) \
        @ params["embed_to_hid_weights"]
    D = params["word_embedding_weights"].shape[1]
    assigned, added = np.zeros_like(params["word_embedding_weights"]), np.zeros_like(params["word_embedding_weights"])
    for position in range(3):
        assigned[inputs[:, position]] = embed_deriv[:, position * D:(position + 1) * D]
        added[inputs[:, position]] += embed_deriv[:, position * D:(position + 1) * D]
    return assigned, added


def gradient(student, reference, name, problem):
    """The student's back_propagate gradient for `name` against the reference's on problem."""
    params, inputs, targets = problem
    model = reference_model(reference, params)
    activations = model.compute_activations(inputs.copy())
    loss_derivative = model.compute_loss_derivative(activations.output_layer, model.indicator_matrix(targets))
    expected = getattr(model.back_propagate(inputs.copy(), activations, loss_derivative), name)
    backprop = student.function(BACKPROP)
    value = backprop(student_model(params), inputs,
                     {"embedding_layer": activations.embedding_layer, "hidden_layer": activations.hidden_layer,
                      "output_layer": activations.output_layer}, loss_derivative)
    call = (f"model.back_propagate(input_batch, activations, loss_derivative) for {describe(params, inputs, targets)}"
            ", with the activations and loss_derivative = y - t of that batch as the reference computes them")
    fields = value.get("fields", {}) if isinstance(value, dict) else {}
    expect_true(name in fields, call, f"returned an object without the gradient {name}",
                expected=f"a Params with fields {', '.join(PARAM_NAMES)}",
                got=f"a {value.get('type') if isinstance(value, dict) else '?'} with fields {sorted(fields)}",
                hint=HINTS.RETURNS_PARAMS)
    got, hint = fields[name], HINTS.GRADIENTS[name]
    right_shape = isinstance(got, np.ndarray) and got.shape == expected.shape
    if isinstance(got, np.ndarray) and expected.ndim == 2 and got.shape == expected.T.shape != expected.shape:
        hint = HINTS.TRANSPOSED
    elif right_shape and name.endswith("bias") and inputs.shape[0] > 1 and np.allclose(got * inputs.shape[0], expected):
        hint = HINTS.NOT_SUMMED
    elif right_shape and name == "word_embedding_weights" and any(
            np.allclose(got, mistake) and not np.allclose(mistake, expected)
            for mistake in embedding_without_accumulation(params, activations, loss_derivative, inputs)):
        hint = HINTS.REPEATED_WORD
    expect_entries(got, expected, name, call, FLOAT64, hint)


@graded(1, "7.21", BACKPROP)
@given(problem=problems())
def test_hid_to_output_weights_grad_matches_reference(student, reference, problem):
    """hid_to_output_weights_grad (V x N_H) matches the reference on generated models and batches"""
    gradient(student, reference, "hid_to_output_weights", problem)


@graded(1, "7.22", BACKPROP)
@given(problem=problems())
def test_output_bias_grad_matches_reference(student, reference, problem):
    """output_bias_grad (V,) matches the reference on generated models and batches"""
    gradient(student, reference, "output_bias", problem)


@graded(1, "7.23", BACKPROP)
@given(problem=problems())
def test_embed_to_hid_weights_grad_matches_reference(student, reference, problem):
    """embed_to_hid_weights_grad (N_H x 3D) matches the reference on generated models and batches"""
    gradient(student, reference, "embed_to_hid_weights", problem)


@graded(1, "7.24", BACKPROP)
@given(problem=problems())
def test_hid_bias_grad_matches_reference(student, reference, problem):
    """hid_bias_grad (N_H,) matches the reference on generated models and batches"""
    gradient(student, reference, "hid_bias", problem)


@graded(1, "7.25", BACKPROP)
@counts_with("hidden/test_language_model_reference.py::test_embed_to_hid_weights_grad_matches_reference")
@given(problem=problems(repeated=True))
def test_embedding_grad_accumulates_repeated_words(student, reference, problem):
    """word_embedding_weights_grad matches the reference when a context repeats a word and contexts share words"""
    # The embedding gradient is the handout's code: it counts with a gradient the student writes.
    gradient(student, reference, "word_embedding_weights", problem)
