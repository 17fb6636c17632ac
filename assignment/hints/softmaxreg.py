"""Hints and named-mistake texts for softmaxreg.py."""
FEATURE_ID = "softmaxreg.py:getSentenceFeature"
REGRESSION_ID = "softmaxreg.py:softmaxRegression"
ACCURACY_ID = "softmaxreg.py:accuracy"
RETURNS = ("cost", "grad", "pred")

FEATURE = ("the feature is the MEAN of wordVectors[tokens[word]] over the sentence's words, a word counted once per "
           "appearance; shape (D,)")
FEATURE_SUM = "the word vectors were summed: divide the sum by the number of words, len(sentence)"
FEATURE_DISTINCT = "repeated words were counted once: every appearance of a word counts"
FEATURE_SHAPE = "return a vector of shape (D,) (wordVectors.shape[1]), not (1, D)"

COST = ("keep the provided cost: the mean cross-entropy over the N rows plus 0.5 * regularization * sum(weights**2)")
GRADIENT = "grad = features.T @ (prob - Y) / N + regularization * weights, with Y the one-hot rows of labels"
REG_HALVED = ("the regularisation gradient was halved: the derivative of 0.5 * regularization * sum(W**2) is "
              "regularization * W, not 0.5 * regularization * W")
REG_DOUBLED = ("the regularisation gradient was doubled: the derivative of 0.5 * regularization * sum(W**2) is "
               "regularization * W, not 2 * regularization * W")
NO_REG = "the regularisation gradient is missing: add regularization * weights"
SUMMED = "the data gradient was summed over the rows: the cost is a MEAN, so divide features.T @ (prob - Y) by N"
FLIPPED = "the sign is flipped: the data gradient is features.T @ (prob - Y) / N, not (Y - prob)"
PREDICTIONS = "pred[n] is the index of the largest probability of row n: np.argmax(prob, axis=1), shape (N,)"
NOPREDICTIONS = "with nopredictions=True return only (cost, grad); otherwise (cost, grad, pred)"

ACCURACY = "accuracy is a PERCENTAGE: 100 * (number of positions where y == yhat) / y.size"
ACCURACY_FRACTION = "the accuracy was returned as a fraction in [0, 1]: the original returns a percentage, times 100"
ACCURACY_COUNT = "the number of matches was returned: divide by y.size and multiply by 100"
ACCURACY_ERROR = "the error rate was returned: count the positions where y == yhat, not where they differ"
