"""Public checks of language_model.py: compute_loss_derivative and back_propagate.

The student's Model is built in the worker from arrays (standins/language_model.py).
Reference-free: the loss derivative against the known answers of
fixtures/language_model_known_answers.json; each gradient of back_propagate against
centred differences of the student's own loss, with the activations and the loss
derivative stored in the same fixture, so back_propagate is graded apart from
compute_loss_derivative.
"""
import numpy as np

from autograder.checks import (
    CENTRED_DIFFERENCE,
    centred_differences,
    counts_with,
    diagnose,
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
KNOWN = "language_model_known_answers.json"
PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


def model(params):
    return make_standin("student_model", slot="model", params=params,
                        vocab_size=params["word_embedding_weights"].shape[0])


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


def check_gradient(student, fixture, name):
    """back_propagate's gradient for `name` against centred differences of the student's own loss, on the
    fixture's model, batch, activations and loss derivative (y - t) for that gradient."""
    case = fixture(KNOWN)["back_propagate"][name]
    params = {p: np.array(value) for p, value in case["params"].items()}
    inputs, targets, loss_derivative = np.array(case["inputs"]), np.array(case["targets"]), \
        np.array(case["loss_derivative"])
    backprop = student.function(BACKPROP)
    value = backprop(model(params), inputs, {layer: np.array(case[layer]) for layer in
                                             ("embedding_layer", "hidden_layer", "output_layer")}, loss_derivative)
    call = (f"model.back_propagate(input_batch, activations, loss_derivative) for {describe(params, inputs, targets)},"
            " activations and loss_derivative = y - t of that batch")
    got = gradient_fields(value, call)[name]
    loss = student.function(LOSS)
    numerical = centred_differences(loss, (model(params), name, params[name], inputs, targets), wrt=(2,))[0]
    expect_entries(got, numerical, name, call + f"\n(compared with centred differences of your own loss in {name})",
                   CENTRED_DIFFERENCE, HINTS.GRADIENTS[name])


@graded(2, "7.1", DERIVATIVE)
def test_loss_derivative_is_y_minus_t(student, fixture):
    """compute_loss_derivative returns y - t, summed over the batch (not averaged)"""
    derivative = student.function(DERIVATIVE)
    for case in fixture(KNOWN)["loss_derivative"]:
        y, t, expected = (np.array(case[name]) for name in ("output_activations", "expanded_target_batch", "expected"))
        (B, V), D, H = y.shape, 2, 3  # the model's weights play no part: zeros
        shapes = {"word_embedding_weights": (V, D), "embed_to_hid_weights": (H, 3 * D),
                  "hid_to_output_weights": (V, H), "hid_bias": (H,), "output_bias": (V,)}
        got = derivative(model({name: np.zeros(shape) for name, shape in shapes.items()}), y, t)
        call = f"model.compute_loss_derivative(output_activations={show(y)}, expanded_target_batch={show(t)})"
        hint = diagnose.hint(got, {HINTS.MEAN_OVER_BATCH: expected / B, HINTS.FLIPPED_SIGN: -expected} if B > 1
                             else {HINTS.FLIPPED_SIGN: -expected}, default=HINTS.LOSS_DERIVATIVE, expected=expected)
        expect_close(got, expected, call, what="the loss derivative", hint=hint)


@graded(1, "7.2", BACKPROP)
def test_hid_to_output_weights_grad(student, fixture):
    """hid_to_output_weights_grad agrees with centred differences of the loss"""
    check_gradient(student, fixture, "hid_to_output_weights")


@graded(1, "7.3", BACKPROP)
def test_output_bias_grad(student, fixture):
    """output_bias_grad agrees with centred differences of the loss"""
    check_gradient(student, fixture, "output_bias")


@graded(1, "7.4", BACKPROP)
def test_embed_to_hid_weights_grad(student, fixture):
    """embed_to_hid_weights_grad agrees with centred differences of the loss"""
    check_gradient(student, fixture, "embed_to_hid_weights")


@graded(1, "7.5", BACKPROP)
def test_hid_bias_grad(student, fixture):
    """hid_bias_grad agrees with centred differences of the loss"""
    check_gradient(student, fixture, "hid_bias")


@graded(1, "7.6", BACKPROP)
@counts_with("public/test_language_model.py::test_embed_to_hid_weights_grad")
def test_embedding_grad_with_repeated_words(student, fixture):
    """word_embedding_weights_grad accumulates a word repeated in a context (sizes D=3, N_H=5)"""
    # The embedding gradient is the handout's code: it counts with a gradient the student writes.
    check_gradient(student, fixture, "word_embedding_weights")
