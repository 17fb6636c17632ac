"""Hidden checks of softmaxreg.py against the instructor's solution, on generated inputs.

Vocabularies of 1 to 12 words and vectors of length 1 to 8 for the sentence
feature; 1 to 10 examples of 1 to 6 features and 2 to 6 classes, weights up to
3 in magnitude and regularisation strengths from 0 to 10 for the regression;
label vectors of 1 to 30 entries for the accuracy. Predictions are compared on
the rows whose largest probability is clear (no near tie).
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import DEFAULT, EXACT, diagnose, expect_array, expect_close, expect_tuple, graded, strategies

from hints import softmaxreg as HINTS

FEATURE, REGRESSION, ACCURACY = HINTS.FEATURE_ID, HINTS.REGRESSION_ID, HINTS.ACCURACY_ID


@st.composite
def sentences(draw):
    """(tokens, wordVectors, sentence): words w0, w1, ...; a sentence of 1 to 12 of them."""
    V, D = draw(st.integers(1, 12)), draw(st.integers(1, 8))
    tokens = {f"w{i}": i for i in draw(st.permutations(range(V)))}
    vectors = draw(strategies.float_arrays(shape=(V, D), magnitude=10.0, dtypes=(np.float64,)))
    sentence = draw(st.lists(st.sampled_from(sorted(tokens)), min_size=1, max_size=12))
    return tokens, np.array(vectors), sentence


@graded(1, "4.60", FEATURE)
@given(problem=sentences())
def test_sentence_feature_matches_reference(student, reference, problem):
    """matches the reference on generated vocabularies and sentences"""
    tokens, vectors, sentence = problem
    feature = student.function(FEATURE)
    got = feature(tokens, vectors, sentence)
    expected = reference("softmaxreg.py").getSentenceFeature(dict(tokens), vectors.copy(), list(sentence))
    rows = vectors[[tokens[w] for w in sentence]]
    hint = diagnose.hint(got, {HINTS.FEATURE_SUM: rows.sum(axis=0)}, default=HINTS.FEATURE, expected=expected)
    expect_close(got, expected, feature.last, DEFAULT, what="the feature", hint=hint)


@st.composite
def regressions(draw):
    """(features (N, D), labels (N,), weights (D, C), regularization)."""
    N, D, C = draw(st.integers(1, 10)), draw(st.integers(1, 6)), draw(st.integers(2, 6))
    features = draw(strategies.float_arrays(shape=(N, D), magnitude=3.0, dtypes=(np.float64,)))
    weights = draw(strategies.float_arrays(shape=(D, C), magnitude=3.0, dtypes=(np.float64,)))
    labels = draw(st.lists(st.integers(0, C - 1), min_size=N, max_size=N))
    regularization = draw(st.sampled_from([0.0, 1.0, 1e-4, 0.3, 10.0]))
    return np.array(features), np.array(labels), np.array(weights), regularization


def regression_mistakes(features, labels, weights, regularization, cost, grad):
    """{explanation: (cost, grad) of that known mistake}, from the right (cost, grad)."""
    N = features.shape[0]
    data_part = grad - regularization * weights
    return {HINTS.REG_HALVED: (cost, data_part + 0.5 * regularization * weights),
            HINTS.REG_DOUBLED: (cost, data_part + 2.0 * regularization * weights),
            HINTS.NO_REG: (cost, data_part), HINTS.SUMMED: (cost, N * data_part + regularization * weights),
            HINTS.FLIPPED: (cost, -data_part + regularization * weights)}


@graded(2, "4.61", REGRESSION)
@given(problem=regressions(), nopredictions=st.booleans())
def test_regression_matches_reference(student, reference, problem, nopredictions):
    """cost, grad and pred match the reference on generated problems"""
    features, labels, weights, regularization = problem
    N, D = features.shape
    C = weights.shape[1]
    regression = student.function(REGRESSION)
    names = HINTS.RETURNS[:2] if nopredictions else HINTS.RETURNS
    got = expect_tuple(regression(features, labels, weights, regularization, nopredictions), names, regression.last,
                       hint=HINTS.NOPREDICTIONS)
    call = regression.last
    cost, grad, pred = reference("softmaxreg.py").softmaxRegression(features.copy(), labels.copy(), weights.copy(),
                                                                    regularization, False)
    named = diagnose.hint(got[:2], regression_mistakes(features, labels, weights, regularization, cost, grad),
                          expected=(cost, grad))
    expect_array(got[0], (), call, what="the cost", hint="return the cost as a scalar")
    expect_close(got[0], cost, call, DEFAULT, what="the cost", hint=named or HINTS.COST)
    expect_array(got[1], (D, C), call, what="grad", hint="grad has the shape of weights, (D, C)")
    expect_close(got[1], grad, call, DEFAULT, what="grad", hint=named or HINTS.GRADIENT)
    if not nopredictions:
        ranked = np.sort(features @ weights, axis=1)
        clear = ranked[:, -1] - ranked[:, -2] > 1e-9 * (1.0 + np.abs(ranked[:, -1]))
        expect_array(got[2], (N,), call, what="pred", hint=HINTS.PREDICTIONS)
        expect_close(np.asarray(got[2])[clear], pred[clear], call, EXACT, what="pred (rows without a tie)",
                     hint=HINTS.PREDICTIONS)


@st.composite
def label_pairs(draw):
    """(y, yhat): int label vectors of one length, with a generated share of agreement."""
    y = draw(st.lists(st.integers(0, 4), min_size=1, max_size=30))
    yhat = [label if keep else other for label, keep, other in
            zip(y, draw(st.lists(st.booleans(), min_size=len(y), max_size=len(y))),
                draw(st.lists(st.integers(0, 4), min_size=len(y), max_size=len(y))))]
    return np.array(y), np.array(yhat)


@graded(1, "4.62", ACCURACY)
@given(pair=label_pairs())
def test_accuracy_matches_reference(student, reference, pair):
    """matches the reference on generated label vectors"""
    y, yhat = pair
    accuracy = student.function(ACCURACY)
    got = accuracy(y, yhat)
    expected = reference("softmaxreg.py").accuracy(y.copy(), yhat.copy())
    matches = int(np.sum(y == yhat))
    hint = diagnose.hint(got, {HINTS.ACCURACY_FRACTION: matches / y.size, HINTS.ACCURACY_COUNT: float(matches)},
                         default=HINTS.ACCURACY, expected=expected)
    expect_close(got, expected, accuracy.last, DEFAULT, what="the accuracy", hint=hint)
