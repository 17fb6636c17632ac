"""Hints and named-mistake texts for neural.py, and the layout of its flat parameter
vector, so that a wrong gradient is reported by block and entry (W1[i, j], b2[k])
rather than by its index into the flat vector."""
import numpy as np

from autograder.checks import expect_array, failure, show

FUNCTION = "neural.py:forward_backward_prop"
RETURNS = ("cost", "grad")

CALLEES = ("forward_backward_prop computes with a softmax and a sigmoid: if your neural.py imports them from your "
           "softmax.py or sigmoid.py (sigmoid, sigmoid_grad), a mistake there shows up here too, so make those "
           "files' tests pass first")
COST = ("cost = -sum(labels * log(y_hat)) with h = sigmoid(data @ W1 + b1) and y_hat = softmax(h @ W2 + b2): "
        "summed over all N rows, not averaged")
GRADIENT = ("start from delta2 = y_hat - labels (N, Dy): gradW2 = h.T @ delta2, gradb2 = delta2 summed over the "
            "rows; delta1 = (delta2 @ W2.T) * h * (1 - h): gradW1 = data.T @ delta1, gradb1 = delta1 summed over "
            "the rows")
LAYOUT = ("grad is np.concatenate((gradW1.flatten(), gradb1.flatten(), gradW2.flatten(), gradb2.flatten())): the "
          "order in which params is unpacked, each block row-major")
UNPACK = ("unpack params as the provided code does: W1 (Dx, H), b1 (1, H), W2 (H, Dy), b2 (1, Dy), in this "
          "order, with dimensions = [Dx, H, Dy]")
# Named mistakes (see the hidden suite's mistakes()).
MEAN = "the cost (and gradient) were divided by N: the original SUMS the cross-entropy over the batch"
SIGMOID_GRAD_OF_INPUT = ("the sigmoid's derivative was taken of the pre-activation z1 = data @ W1 + b1; written with "
                         "the sigmoid's OUTPUT h it is h * (1 - h) (sigmoid_grad takes h, not z1)")
NO_B1_GRADIENT = "gradb1 is missing (zero): it is delta1, the hidden layer's delta, summed over the rows (axis=0)"
NO_B2_GRADIENT = "gradb2 is missing (zero): it is delta2 = y_hat - labels summed over the rows (axis=0)"
FLIPPED = "the sign is flipped: the output delta is y_hat - labels, not labels - y_hat"
TRANSPOSED_W = "a weight gradient was flattened transposed: gradW1 is (Dx, H) and gradW2 is (H, Dy), row-major"
BLOCK_ORDER = "the blocks are in the wrong order: gradW1, gradb1, gradW2, gradb2, as params is unpacked"


def blocks(dimensions):
    """The blocks of the flat params vector, in order: [(name, start, shape)], with the
    biases as 1-D (H,) and (Dy,) so that their entries are named b1[k], b2[k].

    dimensions: [Dx, H, Dy]."""
    Dx, H, Dy = (int(d) for d in dimensions)
    found, start = [], 0
    for name, shape in (("W1", (Dx, H)), ("b1", (H,)), ("W2", (H, Dy)), ("b2", (Dy,))):
        found.append((name, start, shape))
        start += int(np.prod(shape))
    return found


def size(dimensions):
    """The length of params for dimensions [Dx, H, Dy]."""
    _, start, shape = blocks(dimensions)[-1]
    return start + int(np.prod(shape))


def entry(name, index):
    """'W1[1, 2]' or 'b2[0]'."""
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def expect_gradient(got, expected, dimensions, call, tolerance, what="grad", hint=None):
    """got, a flat gradient, must equal expected (same layout) within tolerance; a failure
    names the first wrong block and its worst entry, e.g. gradient of W1, at W1[1, 2].

    got: the student's value; expected: float array of shape (size(dimensions),);
    what: what the values are, for the message (e.g. "grad (vs centred differences)")."""
    expected = np.asarray(expected, dtype=float)
    got = expect_array(got, expected.shape, call, what=what,
                       hint=f"grad has the shape of params, ({size(dimensions)},): {LAYOUT}")
    got = np.asarray(got, dtype=float)
    rtol, atol = tolerance
    for name, start, shape in blocks(dimensions):
        stop = start + int(np.prod(shape))
        mine, right = got[start:stop].reshape(shape), expected[start:stop].reshape(shape)
        close = np.isclose(mine, right, rtol=rtol, atol=atol)
        if np.all(close):
            continue
        difference = np.where(close, 0.0, np.abs(mine - right))
        difference[~np.isfinite(difference)] = np.inf
        worst = np.unravel_index(np.argmax(difference), shape)
        raise failure(call, f"returned a wrong {what} for {name} (grad[{start}:{stop}] as a {shape} array; "
                            f"tolerance rtol={rtol:g}, atol={atol:g})",
                      expected=show(right), got=show(mine), hint=hint,
                      detail=f"largest difference {difference[worst]:.3g} at {entry(name, worst)} "
                             f"(expected {right[worst]:.8g}, got {mine[worst]:.8g}); "
                             f"{int(np.sum(~close))} of {close.size} entries of {name} differ")
