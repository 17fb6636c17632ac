"""Hints and named-mistake texts for neural.py, and the layout of its flat parameter
vector, so that a wrong gradient is reported by block and entry (W1[i, j], b2[k])
rather than by its index into the flat vector."""
import numpy as np
from hypothesis import strategies as st

from autograder.checks import expect_array, failure, show, strategies

FUNCTION = "neural.py:forward_backward_prop"
RETURNS = ("cost", "grad")

CALLEES = ("forward_backward_prop computes with a softmax and a sigmoid: if your neural.py imports them from your "
           "softmax.py or sigmoid.py (sigmoid, sigmoid_grad), a mistake there shows up here too, so make those "
           "files' tests pass first")
COST = ("the cost is the cross-entropy between labels and the softmax output of the network (a sigmoid hidden "
        "layer, then an affine output layer), summed over all N rows, not averaged")
GRADIENT = ("backpropagate: the output layer's delta is the derivative of softmax with cross-entropy; carry it back "
            "through W2 and through the sigmoid's derivative (taken at its output); each weight's gradient pairs "
            "its layer's input with the delta above it, and each bias's gradient is that delta summed over the rows")
LAYOUT = ("grad is np.concatenate((gradW1.flatten(), gradb1.flatten(), gradW2.flatten(), gradb2.flatten())): the "
          "order in which params is unpacked, each block row-major")
UNPACK = ("unpack params as the provided code does: W1 (Dx, H), b1 (1, H), W2 (H, Dy), b2 (1, Dy), in this "
          "order, with dimensions = [Dx, H, Dy]")
# Named mistakes (see the hidden suite's mistakes()).
MEAN = "the cost (and gradient) were divided by N: the original SUMS the cross-entropy over the batch"
SIGMOID_GRAD_OF_INPUT = ("the sigmoid's derivative was taken of the pre-activation z1 = data @ W1 + b1; written with "
                         "the sigmoid's OUTPUT h, it takes h (sigmoid_grad takes h, not z1)")
NO_B1_GRADIENT = "gradb1 is missing (zero): it is the hidden layer's delta summed over the rows (axis=0)"
NO_B2_GRADIENT = "gradb2 is missing (zero): it is the output layer's delta summed over the rows (axis=0)"
FLIPPED = "the sign is flipped: the output delta is the predicted probabilities minus the labels, not the reverse"
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


def one_hot(classes, Dy):
    """(N, Dy) one-hot rows of the class indices `classes` (N,)."""
    labels = np.zeros((len(classes), Dy))
    labels[np.arange(len(classes)), classes] = 1.0
    return labels


@st.composite
def networks(draw, max_side, max_batch, magnitude):
    """(data (N, Dx), labels (N, Dy) one-hot, params (Dx*H + H + H*Dy + Dy,), dimensions [Dx, H, Dy]) of a
    generated network: Dx and H of 1 to max_side, Dy of 2 to max_side, N of 1 to max_batch, data entries
    within +-magnitude, parameters within +-1 times a scale of 0.1, 1 or 3."""
    dimensions = [draw(st.integers(1, max_side)), draw(st.integers(1, max_side)), draw(st.integers(2, max_side))]
    N = draw(st.integers(1, max_batch))
    scale = draw(st.sampled_from([1.0, 0.1, 3.0]))
    data = draw(strategies.float_arrays(shape=(N, dimensions[0]), magnitude=magnitude, dtypes=(np.float64,)))
    params = draw(strategies.float_arrays(shape=(size(dimensions),), magnitude=1.0, dtypes=(np.float64,)))
    classes = draw(st.lists(st.integers(0, dimensions[2] - 1), min_size=N, max_size=N))
    return np.array(data), one_hot(classes, dimensions[2]), scale * np.array(params), dimensions
