"""Hidden checks of word2vec.py against the instructor's solution, on generated inputs.

Vocabularies of 1 to 20 words, vectors of length 1 to 10, magnitudes up to 100, with
outsideVectors scaled down where needed to keep the scores in the range where every
form of the loss that students write is finite and accurate (hints/word2vec.py: within
700 of each other for the naive softmax, within +-20 for negative sampling).
Negative sampling: the student's function (in the worker) and the reference (here)
each get a scripted dataset stand-in with the same draws, built from the same file,
standins/word2vec.py; the draws never offer the target, so every sampling convention
of the original handouts draws the same negatives. skipgram and cbow: both get the
same recording loss stand-in. A loss that is infinite only where the handout's own
formula is infinite is never graded here (the public tier's advice tests report it).
normalizeRows is compared with the true unit vectors; rows so small that the
handout's own +1e-30 changes them may also be that convention's value, and rows whose
squared norm underflows (zero rows included: the handout never fixed a convention)
are not graded.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import DEFAULT, FLOAT64, StandIns, Tolerance, expect_array, expect_close, expect_tuple, graded

from hints import word2vec as HINTS
from shared import word2vec as SHARED

NORMALIZE, NAIVE, NEG, SKIPGRAM, CBOW = SHARED.FUNCTION_IDS
STANDINS = StandIns(__file__)


@st.composite
def problems(draw, width, limit, min_vocabulary=1):
    """(v (d,), o, U (V, d), scale): entries within +-scale, U scaled down where width(U @ v) (a
    non-negative measure of the scores, proportional to U) exceeds limit, so that it is limit then."""
    V = draw(st.integers(min_vocabulary, 20))
    d = draw(st.integers(1, 10))
    scale = draw(st.sampled_from([0.1, 1.0, 10.0, 100.0]))
    unit = st.floats(-1, 1, allow_nan=False, allow_infinity=False)
    v = draw(hnp.arrays(np.float64, (d,), elements=unit)) * scale
    U = draw(hnp.arrays(np.float64, (V, d), elements=unit)) * scale
    o = draw(st.integers(0, V - 1))
    scores = U @ v
    if width(scores) > limit:
        U = U * (limit / width(scores))
    return v, o, U, scale


def compare(got, expected, call, scale, hint):
    """got must be the reference's (loss, gradCenterVec, gradOutsideVecs) for inputs of magnitude scale."""
    got = expect_tuple(got, HINTS.RETURNS, call)
    # the loss and gradients are sums of products of two inputs: rounding errors grow with scale**2
    tolerance = Tolerance(FLOAT64.rtol, DEFAULT.atol * max(1.0, scale) ** 2)
    for got_part, expected_part, name in zip(got, expected, HINTS.RETURNS):
        expected_part = np.asarray(expected_part, dtype=float)
        expect_array(got_part, expected_part.shape, call, what=name)
        expect_close(got_part, expected_part, call, tolerance, what=name, hint=hint)


TINY_NORM = 1e-150  # below it the squared norm underflows: the handout's formula is not defined there
EPSILON_MATTERS = 1e-20  # below it the handout's +1e-30 changes a row by more than FLOAT64 allows


def unit_rows(x):
    """(x's rows scaled to unit length, computed without underflow; the norms)."""
    scale = np.max(np.abs(x), axis=1, keepdims=True)
    safe = np.where(scale > 0, scale, 1.0)
    norms = safe * np.sqrt(np.sum((x / safe) ** 2, axis=1, keepdims=True))
    return x / np.where(norms > 0, norms, 1.0), norms[:, 0]


@graded(1, "4.30", NORMALIZE)
@given(x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=10),
                    elements=st.floats(-100, 100, allow_nan=False, allow_infinity=False)))
def test_normalize_rows_matches_reference(student, reference, x):
    """matches the unit rows on generated matrices (rows whose squared norm underflows are not graded)"""
    normalize = student.function(NORMALIZE)
    got = expect_array(normalize(x), x.shape, normalize.last, hint=HINTS.NORMALIZE)
    expected, norms = unit_rows(x)
    with_epsilon = reference("word2vec.py").normalizeRows(x.copy())  # the handout's x / (norm + 1e-30)
    graded_rows = norms >= TINY_NORM
    either = (norms < EPSILON_MATTERS) & np.all(np.isclose(got, with_epsilon, rtol=FLOAT64.rtol,
                                                            atol=FLOAT64.atol), axis=1)
    expected = np.where(either[:, None], with_epsilon, expected)
    what = "the result" if graded_rows.all() else (
        f"rows {np.flatnonzero(graded_rows).tolist()} of the result (the other rows' squared norms underflow "
        "to 0 and are not graded)")
    expect_close(got[graded_rows], expected[graded_rows], normalize.last, FLOAT64, what=what, hint=HINTS.NORMALIZE)


@graded(2, "4.31", NAIVE)
@given(problem=problems(np.ptp, HINTS.NAIVE_SCORE_SPREAD))
def test_naive_matches_reference(student, reference, problem):
    """loss and both gradients match the reference on generated vocabularies"""
    v, o, U, scale = problem
    loss_fn = student.function(NAIVE)
    expected = reference("word2vec.py").naiveSoftmaxLossAndGradient(v.copy(), o, U.copy(), None)
    compare(loss_fn(v, o, U, None), expected, loss_fn.last, scale, HINTS.NAIVE)


@graded(2, "4.32", NEG)
@given(problem=problems(lambda scores: np.max(np.abs(scores)), HINTS.NEG_SCORE_LIMIT, min_vocabulary=2),
       K=st.integers(1, 15), data=st.data())
def test_neg_matches_reference(student, reference, problem, K, data):
    """loss and both gradients match the reference with the same scripted negative draws"""
    v, o, U, scale = problem
    V = U.shape[0]
    draws = [d for d in data.draw(st.lists(st.integers(0, V - 1), min_size=1, max_size=30)) if d != o]
    draws.append((o + 1) % V)
    loss_fn = student.function(NEG)
    remote, local = STANDINS.pair("scripted_dataset", "dataset", draws=draws)
    expected = reference("word2vec.py").negSamplingLossAndGradient(v.copy(), o, U.copy(), local, K)
    compare(loss_fn(v, o, U, remote, K), expected, loss_fn.last, scale, HINTS.NEG)


@st.composite
def windows(draw):
    V = draw(st.integers(1, 12))
    d = draw(st.integers(1, 6))
    words = [f"w{i}" for i in range(V)]
    unit = st.floats(-1, 1, allow_nan=False, allow_infinity=False)
    C = draw(hnp.arrays(np.float64, (V, d), elements=unit)) * 10
    U = draw(hnp.arrays(np.float64, (V, d), elements=unit)) * 10
    centre = draw(st.sampled_from(words))
    outside = draw(st.lists(st.sampled_from(words), min_size=1, max_size=10))
    loss = (draw(st.floats(-5, 5)), draw(hnp.arrays(np.float64, (d,), elements=unit)),
            draw(hnp.arrays(np.float64, (V, d), elements=unit)))
    return centre, outside, {w: i for i, w in enumerate(words)}, C, U, loss


def compare_model(student, reference, function_id, window, hint):
    """skipgram or cbow must return the reference's value on a generated window, both
    given the same recording loss stand-in."""
    centre, outside, word2Ind, C, U, (base, gc, go) = window
    model = student.function(function_id)
    dataset_remote, dataset_local = STANDINS.pair("scripted_dataset", draws=[0])
    loss_remote, loss_local = STANDINS.pair("recording_loss", "loss", loss_value=base, grad_center=gc,
                                            grad_outside=go)
    expected = getattr(reference("word2vec.py"), function_id.split(":")[1])(
        centre, 5, list(outside), dict(word2Ind), C.copy(), U.copy(), dataset_local, loss_local)
    compare(model(centre, 5, outside, word2Ind, C, U, dataset_remote, loss_remote), expected, model.last, 1.0, hint)


@graded(2, "4.33", SKIPGRAM)
@given(window=windows())
def test_skipgram_matches_reference(student, reference, window):
    """matches the reference on generated windows, with a stand-in loss function"""
    compare_model(student, reference, SKIPGRAM, window, HINTS.SKIPGRAM)


@graded(2, "4.34", CBOW)
@given(window=windows())
def test_cbow_matches_reference(student, reference, window):
    """matches the reference on generated windows, with a stand-in loss function"""
    compare_model(student, reference, CBOW, window, HINTS.CBOW)
