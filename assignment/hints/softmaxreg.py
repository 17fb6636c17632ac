"""Hints and named-mistake texts for softmaxreg.py."""
FEATURE_ID = "softmaxreg.py:getSentenceFeature"
REGRESSION_ID = "softmaxreg.py:softmaxRegression"
ACCURACY_ID = "softmaxreg.py:accuracy"
RETURNS = ("cost", "grad", "pred")

FEATURE = ("the feature is the MEAN of the sentence's word vectors (rows of wordVectors), a word counted once per "
           "appearance; shape (D,)")
FEATURE_SUM = "the word vectors were summed: divide the sum by the number of words, len(sentence)"
FEATURE_DISTINCT = "repeated words were counted once: every appearance of a word counts"
FEATURE_SHAPE = "return a vector of shape (D,) (wordVectors.shape[1]), not (1, D)"

COST = "keep the provided cost, the mean cross-entropy over the N rows plus the L2 term"
GRADIENT = ("the gradient of the mean cross-entropy starts from the probabilities minus the one-hot labels, "
            "carried back to the weights through the features and averaged over the N rows; the L2 term adds "
            "its own derivative")
REG_HALVED = ("the regularisation gradient was halved: the derivative of 0.5 * regularization * sum(W**2) is "
              "regularization * W, not 0.5 * regularization * W")
REG_DOUBLED = ("the regularisation gradient was doubled: the derivative of 0.5 * regularization * sum(W**2) is "
               "regularization * W, not 2 * regularization * W")
NO_REG = "the regularisation gradient is missing: add regularization * weights"
SUMMED = "the data gradient was summed over the rows: the cost is a MEAN over the N rows, and so is its gradient"
FLIPPED = "the sign is flipped: the data gradient starts from the probabilities minus the labels, not the reverse"
PREDICTIONS = "pred[n] is the index of row n's largest probability: an int array of shape (N,)"
NOPREDICTIONS = "with nopredictions=True return only (cost, grad); otherwise (cost, grad, pred)"

ACCURACY = "accuracy is the PERCENTAGE of the positions where y equals yhat, in [0, 100]"
ACCURACY_FRACTION = "the accuracy was returned as a fraction in [0, 1]: the original returns a percentage, times 100"
ACCURACY_COUNT = "the number of matches was returned: accuracy is a percentage of the positions"
ACCURACY_ERROR = "the error rate was returned: count the positions where y == yhat, not where they differ"
