"""What both tiers of neural.py's suites share: the graded function's id, the layout of its flat
parameter vector, so that a wrong gradient is reported by block and entry (W1[i, j], b2[k]) rather
than by its index into the flat vector, and the generated networks."""
import numpy as np
from hypothesis import strategies as st

from autograder.checks import expect_array, failure, show, strategies

from hints import neural as HINTS

FUNCTION_ID = "neural.py:forward_backward_prop"
# CS224d's own file. Its 2016 and early-2017 handouts never say whether the cost sums or averages over the
# batch; its late-2017 one (first argument X) and this course's neural.py say it sums.
ORIGINAL = "q2_neural.py:forward_backward_prop"


def mean_allowed(forward_backward) -> bool:
    """Whether a cost averaged over the batch (with its gradient) is right for the handout that the definition
    which ran forward_backward's last call was written for: q2_neural.py with a first parameter other than X.
    Read after a call that gave a value (the proxy then knows which definition ran)."""
    # The worker only names which definition ran; the names are the grader's own reading of a def that the
    # submission has, so a reply naming a file it lacks allows nothing.
    names = forward_backward.parameters()
    return forward_backward.resolved == ORIGINAL and names is not None and names[:1] != ("X",)


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
                       hint=f"grad has the shape of params, ({size(dimensions)},): {HINTS.LAYOUT}")
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
