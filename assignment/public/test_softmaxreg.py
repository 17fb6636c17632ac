"""Public checks of softmaxreg.py: getSentenceFeature, softmaxRegression and accuracy.

Reference-free: the sentence feature, the cost and the predictions are compared
with the known answers of fixtures/softmaxreg_known_answers.json, the accuracy with
numbers written here, and the gradient with centred differences of the student's
own cost.
"""
import numpy as np

from autograder.checks import (
    CENTRED_DIFFERENCE,
    DEFAULT,
    EXACT,
    centred_differences,
    counts_with,
    diagnose,
    expect_array,
    expect_close,
    expect_tuple,
    graded,
)

from hints import softmaxreg as HINTS

FEATURE, REGRESSION, ACCURACY = HINTS.FEATURE_ID, HINTS.REGRESSION_ID, HINTS.ACCURACY_ID
KNOWN = "softmaxreg_known_answers.json"


def regression_problem(seed, N, D, C, scale=1.0):
    """(features (N, D), labels (N,) class indices, weights (D, C))."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.integers(0, C, size=N), scale * rng.standard_normal((D, C))


# -- getSentenceFeature ----------------------------------------------------

@graded(1, "4.50", FEATURE)
def test_sentence_feature_is_the_mean(student, fixture):
    """the feature is the mean of the sentence's word vectors, repeated words counted each time"""
    feature = student.function(FEATURE)
    known = fixture(KNOWN)["features"]
    vectors = np.array(known["wordVectors"])
    for case in known["cases"]:
        got = feature(dict(known["tokens"]), vectors, list(case["sentence"]))
        expected = np.array(case["expected"])
        hint = diagnose.hint(got, {HINTS.FEATURE_SUM: np.array(case["summed"]),
                                   HINTS.FEATURE_DISTINCT: np.array(case["distinct"])},
                             default=HINTS.FEATURE, expected=expected)
        expect_array(got, expected.shape, feature.last, what="the feature", hint=HINTS.FEATURE_SHAPE)
        expect_close(got, expected, feature.last, DEFAULT, what="the feature", hint=hint)


# -- softmaxRegression -----------------------------------------------------

def returned(value, call, N, D, C, names=HINTS.RETURNS):
    """value as the tuple of names, after checking its parts' shapes."""
    parts = expect_tuple(value, names, call, hint=HINTS.NOPREDICTIONS)
    expect_array(parts[0], (), call, what="the cost", hint="return the cost as a scalar")
    expect_array(parts[1], (D, C), call, what="grad", hint="grad has the shape of weights, (D, C)")
    if len(names) == 3:
        expect_array(parts[2], (N,), call, what="pred", hint=HINTS.PREDICTIONS)
    return parts


@graded(2, "4.51", REGRESSION)
def test_cost_and_predictions(student, fixture):
    """the cost is the regularised mean cross-entropy, and pred the argmax of each row's probabilities"""
    regression = student.function(REGRESSION)
    for case in fixture(KNOWN)["regression"]:
        features, labels, weights = (np.array(case[name]) for name in ("features", "labels", "weights"))
        regularization, (N, D), C = case["regularization"], features.shape, weights.shape[1]
        cost, _, pred = returned(regression(features, labels, weights, regularization, False), regression.last,
                                 N, D, C)
        expect_close(cost, case["cost"], regression.last, DEFAULT, what="the cost", hint=HINTS.COST)
        expect_close(pred, case["pred"], regression.last, EXACT, what="pred", hint=HINTS.PREDICTIONS)
        short = regression(features, labels, weights, regularization, True)
        returned(short, regression.last, N, D, C, names=HINTS.RETURNS[:2])


@graded(2, "4.52", REGRESSION)
@counts_with("public/test_softmaxreg.py::test_cost_and_predictions")
def test_gradient_matches_own_cost(student):
    """grad equals centred differences of the student's own cost, with and without regularisation"""
    regression = student.function(REGRESSION)
    for seed, N, D, C, regularization in ((54, 8, 4, 5, 0.0), (55, 5, 3, 3, 0.7), (56, 1, 2, 4, 2.0)):
        features, labels, weights = regression_problem(seed, N, D, C)
        _, grad = returned(regression(features, labels, weights, regularization, True), regression.last,
                           N, D, C, names=HINTS.RETURNS[:2])
        call = regression.last
        numerical, = centred_differences(
            regression, (features, labels, weights, regularization, True), wrt=(2,),
            scalar_of=lambda value, shape=(N, D, C): float(
                returned(value, regression.last, *shape, names=HINTS.RETURNS[:2])[0]))
        data_part = numerical - regularization * weights
        hint = diagnose.hint(grad, {HINTS.REG_HALVED: data_part + 0.5 * regularization * weights,
                                    HINTS.REG_DOUBLED: data_part + 2.0 * regularization * weights,
                                    HINTS.NO_REG: data_part, HINTS.SUMMED: N * data_part + regularization * weights,
                                    HINTS.FLIPPED: -data_part + regularization * weights},
                             default=HINTS.GRADIENT, expected=numerical, tolerance=CENTRED_DIFFERENCE)
        expect_close(grad, numerical, call, CENTRED_DIFFERENCE, what="grad (vs centred differences of your cost)",
                     hint=hint)


# -- accuracy --------------------------------------------------------------

@graded(1, "4.53", ACCURACY)
def test_accuracy_is_a_percentage(student):
    """accuracy is the percentage of predictions equal to the labels"""
    accuracy = student.function(ACCURACY)
    # (labels, predictions, the number of equal positions, the percentage)
    for y, yhat, matches, expected in (([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], 5, 100.0),
                                       ([1, 2, 3, 4], [1, 0, 3, 0], 2, 50.0),
                                       ([2, 2, 1], [2, 1, 1], 2, 66.66666666666667),
                                       ([4, 0, 3, 3, 1, 2, 0, 4], [4, 1, 3, 3, 1, 2, 2, 4], 6, 75.0)):
        y, yhat = np.array(y), np.array(yhat)
        got = accuracy(y, yhat)
        hint = diagnose.hint(got, {HINTS.ACCURACY_FRACTION: matches / y.size,
                                                 HINTS.ACCURACY_COUNT: float(matches),
                                                 HINTS.ACCURACY_ERROR: 100.0 - expected},
                             default=HINTS.ACCURACY, expected=expected)
        expect_close(got, expected, accuracy.last, DEFAULT, what="the accuracy", hint=hint)
