"""Public checks of language_model.py: compute_loss_derivative and back_propagate.

The student's Model is built in the worker from arrays (standins/language_model.py).
Reference-free: the loss derivative against y - t computed here; each gradient of
back_propagate against centred differences of the student's own loss, with the
activations and the loss derivative computed here from trusted formulas, so
back_propagate is graded apart from compute_loss_derivative.
"""
import numpy as np

from autograder.checks import (
    CENTRED_DIFFERENCE,
    centred_differences,
    counts_with,
    expect_close,
    expect_entries,
    expect_true,
    graded,
    show,
)
from autograder.checks import standin as make_standin

from hints import language_model as HINTS

DERIVATIVE = "language_model.py:Model.compute_loss_derivative"
BACKPROP = "language_model.py:Model.back_propagate"
LOSS = "language_model.py:Model.compute_loss"
PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


def model_params(seed, V, D, H, scale=0.5):
    rng = np.random.default_rng(seed)
    shapes = {"word_embedding_weights": (V, D), "embed_to_hid_weights": (H, 3 * D),
              "hid_to_output_weights": (V, H), "hid_bias": (H,), "output_bias": (V,)}
    return {name: scale * rng.standard_normal(shapes[name]) for name in PARAM_NAMES}


def model(params):
    return make_standin("student_model", slot="model", params=params,
                        vocab_size=params["word_embedding_weights"].shape[0])


def forward(params, inputs):
    """(embedding_layer, hidden_layer, output_layer) of the model for inputs (B x 3)."""
    embedding = np.concatenate([params["word_embedding_weights"][inputs[:, i]] for i in range(3)], axis=1)
    hidden = 1.0 / (1.0 + np.exp(-(embedding @ params["embed_to_hid_weights"].T + params["hid_bias"])))
    scores = hidden @ params["hid_to_output_weights"].T + params["output_bias"]
    output = np.exp(scores - scores.max(axis=1, keepdims=True))
    return embedding, hidden, output / output.sum(axis=1, keepdims=True)


def describe(params, inputs, targets):
    V, D = params["word_embedding_weights"].shape
    return (f"a model with V={V}, D={D}, N_H={params['hid_bias'].shape[0]} (weights drawn at random), "
            f"input_batch={show(inputs)}, target_batch={show(targets)}")


def gradient_fields(reply_value, call):
    """The {parameter name: gradient} of what back_propagate returned, after checking its fields."""
    fields = reply_value.get("fields", {}) if isinstance(reply_value, dict) else {}
    missing = [name for name in PARAM_NAMES if name not in fields]
    expect_true(not missing, call, "returned an object without some of the gradients",
                expected=f"a Params with fields {', '.join(PARAM_NAMES)}",
                got=f"a {reply_value.get('type') if isinstance(reply_value, dict) else '?'} without {missing}",
                hint=HINTS.RETURNS_PARAMS)
    return fields


def check_gradient(student, name, seed, V, D, H, inputs, targets):
    """back_propagate's gradient for `name` against centred differences of the student's own loss."""
    params = model_params(seed, V, D, H)
    embedding, hidden, output = forward(params, inputs)
    loss_derivative = output - np.eye(V)[targets]
    backprop = student.function(BACKPROP)
    value = backprop(model(params), inputs, {"embedding_layer": embedding, "hidden_layer": hidden,
                                             "output_layer": output}, loss_derivative)
    call = (f"model.back_propagate(input_batch, activations, loss_derivative) for {describe(params, inputs, targets)},"
            " activations and loss_derivative = y - t of that batch")
    got = gradient_fields(value, call)[name]
    loss = student.function(LOSS)
    numerical = centred_differences(loss, (model(params), name, params[name], inputs, targets), wrt=(2,))[0]
    expect_entries(got, numerical, name, call + f"\n(compared with centred differences of your own loss in {name})",
                   CENTRED_DIFFERENCE, HINTS.GRADIENTS[name])


CONTEXTS = np.array([[0, 1, 2], [3, 3, 4], [5, 0, 5], [2, 2, 2]])
TARGETS = np.array([4, 0, 1, 5])


@graded(2, "7.1", DERIVATIVE)
def test_loss_derivative_is_y_minus_t(student):
    """compute_loss_derivative returns y - t, summed over the batch (not averaged)"""
    derivative = student.function(DERIVATIVE)
    rng = np.random.default_rng(71)
    for B, V in ((1, 4), (5, 7), (8, 3)):
        params = model_params(1, V, 2, 3)
        z = rng.standard_normal((B, V))
        y = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        t = np.eye(V)[rng.integers(V, size=B)]
        got = derivative(model(params), y, t)
        call = f"model.compute_loss_derivative(output_activations={show(y)}, expanded_target_batch={show(t)})"
        hint = HINTS.LOSS_DERIVATIVE
        if isinstance(got, np.ndarray) and got.shape == y.shape and B > 1 and np.allclose(got, (y - t) / B):
            hint = HINTS.MEAN_OVER_BATCH
        elif isinstance(got, np.ndarray) and got.shape == y.shape and np.allclose(got, t - y):
            hint = HINTS.FLIPPED_SIGN
        expect_close(got, y - t, call, what="the loss derivative", hint=hint)


@graded(1, "7.2", BACKPROP)
def test_hid_to_output_weights_grad(student):
    """hid_to_output_weights_grad agrees with centred differences of the loss"""
    check_gradient(student, "hid_to_output_weights", 72, 6, 2, 3, CONTEXTS, TARGETS)


@graded(1, "7.3", BACKPROP)
def test_output_bias_grad(student):
    """output_bias_grad agrees with centred differences of the loss"""
    check_gradient(student, "output_bias", 73, 6, 2, 3, CONTEXTS, TARGETS)


@graded(1, "7.4", BACKPROP)
def test_embed_to_hid_weights_grad(student):
    """embed_to_hid_weights_grad agrees with centred differences of the loss"""
    check_gradient(student, "embed_to_hid_weights", 74, 6, 2, 3, CONTEXTS, TARGETS)


@graded(1, "7.5", BACKPROP)
def test_hid_bias_grad(student):
    """hid_bias_grad agrees with centred differences of the loss"""
    check_gradient(student, "hid_bias", 75, 6, 2, 3, CONTEXTS, TARGETS)


@graded(1, "7.6", BACKPROP)
@counts_with("public/test_language_model.py::test_embed_to_hid_weights_grad")
def test_embedding_grad_with_repeated_words(student):
    """word_embedding_weights_grad accumulates a word repeated in a context (sizes D=3, N_H=5)"""
    # The embedding gradient is the handout's code: it counts with a gradient the student writes.
    check_gradient(student, "word_embedding_weights", 76, 6, 3, 5, CONTEXTS, TARGETS)
