"""Mistakes students make in neural.py (forward_backward_prop) and softmaxreg.py."""
from tests.mutants import mutant

NEURAL = "neural.py:forward_backward_prop"
FEATURE, REGRESSION = "softmaxreg.py:getSentenceFeature", "softmaxreg.py:softmaxRegression"
ACCURACY = "softmaxreg.py:accuracy"
N, S = "neural.py", "softmaxreg.py"
STACKED = ("grad = np.concatenate((gradW1.flatten(), gradb1.flatten(),\n"
           "                           gradW2.flatten(), gradb2.flatten()))")

MUTANTS = [
    # forward_backward_prop
    mutant("neural_sigmoid_grad_of_preactivation", N, "delta1 = (delta2 @ W2.T) * h * (1.0 - h)",
           "delta1 = (delta2 @ W2.T) * z1 * (1.0 - z1)", NEURAL, told="pre-activation"),
    mutant("neural_no_sigmoid_derivative", N, "delta1 = (delta2 @ W2.T) * h * (1.0 - h)",
           "delta1 = delta2 @ W2.T", NEURAL),
    mutant("neural_no_b1_gradient", N, "gradb1 = np.sum(delta1, axis=0, keepdims=True)",
           "gradb1 = np.zeros((1, H))", NEURAL, told="at b1["),
    mutant("neural_no_b2_gradient", N, "gradb2 = np.sum(delta2, axis=0, keepdims=True)",
           "gradb2 = np.zeros((1, Dy))", NEURAL, told="at b2["),
    mutant("neural_mean_over_batch", N, "    cost = -np.sum(labels * log_y_hat)\n\n    delta2 = y_hat - labels ",
           "    cost = -np.sum(labels * log_y_hat) / data.shape[0]\n\n    delta2 = (y_hat - labels) / data.shape[0] ",
           NEURAL, told="SUMS the cross-entropy over the batch"),
    mutant("neural_delta_sign_flipped", N, "delta2 = y_hat - labels ", "delta2 = labels - y_hat ", NEURAL),
    mutant("neural_bias_gradient_averaged", N, "gradb2 = np.sum(delta2, axis=0, keepdims=True)",
           "gradb2 = np.mean(delta2, axis=0, keepdims=True)", NEURAL),
    mutant("neural_bias_gradient_wrong_axis", N, "gradb1 = np.sum(delta1, axis=0, keepdims=True)",
           "gradb1 = np.sum(delta1, axis=1, keepdims=True)", NEURAL),
    mutant("neural_weights_flattened_transposed", N, "gradW1.flatten(), gradb1.flatten(),",
           "gradW1.T.flatten(), gradb1.flatten(),", NEURAL, told="at W1["),
    mutant("neural_biases_stacked_last", N, STACKED,
           "grad = np.concatenate((gradW1.flatten(), gradW2.flatten(),\n"
           "                           gradb1.flatten(), gradb2.flatten()))", NEURAL),
    # getSentenceFeature
    mutant("feature_sum_not_mean", S, "    sentVector /= len(sentence)\n", "", FEATURE, told="summed"),
    mutant("feature_distinct_words", S, "    for word in sentence:\n        sentVector += wordVectors[tokens[word]]\n"
           "    sentVector /= len(sentence)\n",
           "    for word in set(sentence):\n        sentVector += wordVectors[tokens[word]]\n"
           "    sentVector /= len(set(sentence))\n", FEATURE),
    mutant("feature_row_vector", S, "    sentVector /= len(sentence)\n",
           "    sentVector = (sentVector / len(sentence)).reshape(1, -1)\n", FEATURE),
    # softmaxRegression
    mutant("regression_reg_gradient_halved", S, "grad = features.T @ delta / N + regularization * weights",
           "grad = features.T @ delta / N + 0.5 * regularization * weights", REGRESSION, told="halved"),
    mutant("regression_reg_gradient_doubled", S, "grad = features.T @ delta / N + regularization * weights",
           "grad = features.T @ delta / N + 2 * regularization * weights", REGRESSION, told="doubled"),
    mutant("regression_gradient_summed", S, "grad = features.T @ delta / N + regularization * weights",
           "grad = features.T @ delta + regularization * weights", REGRESSION),
    mutant("regression_labels_as_one_hot", S, "    delta = prob.copy()\n    delta[np.arange(N), labels] -= 1.0\n",
           "    delta = prob - labels\n", REGRESSION),
    mutant("regression_argmax_wrong_axis", S, "pred = np.argmax(prob, axis=1)", "pred = np.argmax(prob, axis=0)",
           REGRESSION),
    mutant("regression_max_not_argmax", S, "pred = np.argmax(prob, axis=1)", "pred = np.max(prob, axis=1)",
           REGRESSION),
    mutant("regression_always_predictions", S, "    if nopredictions:\n        return cost, grad\n    else:\n"
           "        return cost, grad, pred\n", "    return cost, grad, pred\n", REGRESSION),
    # accuracy
    mutant("accuracy_fraction", S, "acc = np.sum(y == yhat) * 100.0 / y.size", "acc = np.sum(y == yhat) / y.size",
           ACCURACY, told="fraction"),
    mutant("accuracy_count", S, "acc = np.sum(y == yhat) * 100.0 / y.size", "acc = np.sum(y == yhat)", ACCURACY),
    mutant("accuracy_floor_division", S, "acc = np.sum(y == yhat) * 100.0 / y.size",
           "acc = np.sum(y == yhat) * 100 // y.size", ACCURACY),
]
