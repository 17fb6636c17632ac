"""What both tiers of checking.py's suites share: the data of the stand-in language models
(standins/checking.py) they give the checker, and the check that the checker used them on the
batch it was given."""
import numpy as np

from autograder.checks import expect_true

from hints import checking as HINTS

PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")
COMPLEX_STEP = 1e-30


def _log_output(params, inputs):
    """The log of the language model's output probabilities, B x V; complex parameters allowed."""
    embedding = params["word_embedding_weights"][inputs].reshape(len(inputs), -1)
    hidden = 1.0 / (1.0 + np.exp(-(embedding @ params["embed_to_hid_weights"].T + params["hid_bias"])))
    scores = hidden @ params["hid_to_output_weights"].T + params["output_bias"]
    scores = scores - scores.real.max(axis=1, keepdims=True)
    return scores - np.log(np.sum(np.exp(scores), axis=1, keepdims=True))


def _weighted_loss(params, class_weights, inputs, targets):
    """The stand-in model's loss on the batch: cross-entropy of the output, case b weighed by
    class_weights[targets[b]]. Analytic in the parameters, so complex-step derivatives are exact."""
    return -np.sum(class_weights[targets] * _log_output(params, inputs)[np.arange(len(targets)), targets])


def model_data(seed, vocab_size, embedding_dim, num_hid, inputs, targets, errors=(), scale=0.5, weight=1.0,
               gradients="exact"):
    """The arguments of the stand-in model (standins/checking.py:language_model) for a batch: parameters
    drawn from N(0, scale^2) and class weights from weight * U(0.5, 2) by np.random.default_rng(seed), the loss
    derivative at the batch's output, w * (output - t), and the gradients of the weighted loss, by the
    complex step (exact to rounding) or, with gradients="random", arrays of the right shapes drawn at
    random (for print_gradients, which prints what the model gives), or with gradients="none", zeros.

    inputs: B x 3 word indices; targets: (B,) word indices. errors: [what, kind, argument] triples
    changing one derivative ("loss_derivative" or a parameter's name): kind "entry" adds argument[1]
    at index argument[0]; kind "scale" multiplies the whole derivative by argument; kind "transpose"
    returns its transpose (argument unused)."""
    rng = np.random.default_rng(seed)
    shapes = {"word_embedding_weights": (vocab_size, embedding_dim),
              "embed_to_hid_weights": (num_hid, 3 * embedding_dim),
              "hid_to_output_weights": (vocab_size, num_hid), "hid_bias": (num_hid,), "output_bias": (vocab_size,)}
    params = {name: scale * rng.standard_normal(shapes[name]) for name in PARAM_NAMES}
    class_weights = weight * rng.uniform(0.5, 2.0, vocab_size)
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    derivatives = {"loss_derivative": class_weights[targets][:, None]
                   * (np.exp(_log_output(params, inputs)) - np.eye(vocab_size)[targets])}
    for name in PARAM_NAMES:
        if gradients == "random":
            derivatives[name] = rng.standard_normal(shapes[name])
            continue
        derivatives[name] = np.zeros(shapes[name])
        for index in np.ndindex(shapes[name]) if gradients == "exact" else ():
            moved = dict(params, **{name: params[name].astype(complex)})
            moved[name][index] += COMPLEX_STEP * 1j
            derivatives[name][index] = _weighted_loss(moved, class_weights, inputs, targets).imag / COMPLEX_STEP
    for what, kind, argument in errors:
        value = derivatives[what]
        if kind == "entry":
            value[tuple(argument[0])] += argument[1]
        elif kind == "scale":
            derivatives[what] = value * argument
        else:
            derivatives[what] = value.T.copy()
    return {"params": params, "vocab_size": vocab_size, "class_weights": class_weights, "inputs": inputs,
            "targets": targets, "loss_derivative": derivatives.pop("loss_derivative"), "gradients": derivatives}


def expect_mismatches(function, reply):
    """Every call that `function` made of the stand-in model's methods (slot "model") must have been
    on the batch it was given: the model's derivatives are the grader's values for that batch."""
    mismatches = reply.records.get("model", {}).get("mismatches")
    expect_true(mismatches == [], function.last, "called the model's methods on another batch than the one given",
                expected="compute_loss_derivative and back_propagate on the given batch and its activations",
                got="; ".join(mismatches or ["no record of the calls"]), hint=HINTS.PRINT)
