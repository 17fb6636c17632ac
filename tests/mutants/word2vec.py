"""Mistakes students make in word2vec.py: normalizeRows, the two losses, skipgram and cbow."""
from tests.mutants import mutant

NORMALIZE, NAIVE = "word2vec.py:normalizeRows", "word2vec.py:naiveSoftmaxLossAndGradient"
NEG, SKIPGRAM, CBOW = "word2vec.py:negSamplingLossAndGradient", "word2vec.py:skipgram", "word2vec.py:cbow"
F = "word2vec.py"

MUTANTS = [
    # normalizeRows
    mutant("normalize_columns", F, "np.sum(x * x, axis=1, keepdims=True)", "np.sum(x * x, axis=0, keepdims=True)",
           NORMALIZE),
    mutant("normalize_no_sqrt", F, "norms = np.sqrt(np.sum(x * x, axis=1, keepdims=True))",
           "norms = np.sum(x * x, axis=1, keepdims=True)", NORMALIZE),
    mutant("normalize_whole_matrix", F, "norms = np.sqrt(np.sum(x * x, axis=1, keepdims=True))",
           "norms = np.sqrt(np.sum(x * x))", NORMALIZE),
    # naiveSoftmaxLossAndGradient
    mutant("naive_plus_y", F, "delta[outsideWordIdx] -= 1.0", "delta[outsideWordIdx] += 1.0", NAIVE),
    mutant("naive_missing_minus_y", F, "    delta[outsideWordIdx] -= 1.0\n", "", NAIVE),
    mutant("naive_gradients_flipped", F, "    delta = y_hat.copy()                               # y_hat - y\n",
           "    delta = -y_hat.copy()\n", NAIVE),
    mutant("naive_outside_grad_transposed", F, "np.outer(delta, centerWordVec)", "np.outer(centerWordVec, delta)",
           NAIVE),
    mutant("naive_center_grad_row", F, "gradCenterVec = outsideVectors.T @ delta           # (d,)",
           "gradCenterVec = (outsideVectors.T @ delta).reshape(1, -1)", NAIVE),
    mutant("naive_no_max_subtraction", F, "shifted = scores - np.max(scores)", "shifted = scores", NAIVE),
    mutant("naive_loss_sign", F, "loss = np.log(np.sum(np.exp(shifted))) - shifted[outsideWordIdx]",
           "loss = shifted[outsideWordIdx] - np.log(np.sum(np.exp(shifted)))", NAIVE),
    mutant("naive_loss_is_probability", F, "loss = np.log(np.sum(np.exp(shifted))) - shifted[outsideWordIdx]",
           "loss = -y_hat[outsideWordIdx]", NAIVE),
    mutant("naive_softmax_in_place", F, "y_hat = softmax(scores.copy())",
           "outsideVectors *= 1.0 + 0 * outsideVectors\n    outsideVectors[0] += 0.5\n    "
           "scores = outsideVectors @ centerWordVec\n    y_hat = softmax(scores.copy())", NAIVE),
    # negSamplingLossAndGradient
    mutant("neg_all_signs_positive", F, "signs = np.full(len(indices), -1.0)", "signs = np.full(len(indices), 1.0)",
           NEG),
    mutant("neg_repeats_overwrite", F, "np.add.at(gradOutsideVecs, indices, np.outer(coeff, centerWordVec))",
           "gradOutsideVecs[indices] = np.outer(coeff, centerWordVec)", NEG),
    mutant("neg_deduplicated", F, "    signs = np.full(len(indices), -1.0)\n",
           "    indices = [outsideWordIdx] + sorted(set(negSampleWordIndices))\n"
           "    signs = np.full(len(indices), -1.0)\n", NEG),
    mutant("neg_extra_sampling_call", F, "    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)\n",
           "    getNegativeSamples(outsideWordIdx, dataset, 1)\n"
           "    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)\n", NEG),
    mutant("neg_own_sampling", F, "    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)\n",
           "    negSampleWordIndices = [random.randint(0, outsideVectors.shape[0] - 1) for _ in range(K)]\n", NEG),
    mutant("neg_sigma_of_negative_score", F, "coeff = -signs * (1.0 - sigmoid(z))",
           "coeff = np.where(signs > 0, -(1.0 - sigmoid(z)), sigmoid(z))", NEG),
    mutant("neg_loss_ignores_negatives", F, "loss = np.sum(np.logaddexp(0.0, -z))",
           "loss = np.sum(np.logaddexp(0.0, -z[:1]))", NEG),
    mutant("neg_center_grad_row", F, "gradCenterVec = coeff @ U                          # (d,)",
           "gradCenterVec = (coeff @ U)[None, :]", NEG),
    # skipgram
    mutant("skipgram_averages", F, "        gradOutsideVectors += gradOutside\n",
           "        gradOutsideVectors += gradOutside\n    loss /= len(outsideWords)\n"
           "    gradCenterVecs /= len(outsideWords)\n    gradOutsideVectors /= len(outsideWords)\n", SKIPGRAM),
    mutant("skipgram_ignores_loss_argument", F,
           "pairLoss, gradCenter, gradOutside = word2vecLossAndGradient(",
           "pairLoss, gradCenter, gradOutside = naiveSoftmaxLossAndGradient(", SKIPGRAM),
    mutant("skipgram_center_grad_to_outside_row", F, "gradCenterVecs[centerIdx] += gradCenter",
           "gradCenterVecs[word2Ind[word]] += gradCenter", SKIPGRAM),
    mutant("skipgram_center_from_outside_vectors", F, "centerWordVec = centerWordVectors[centerIdx]",
           "centerWordVec = outsideVectors[centerIdx]", SKIPGRAM),
    mutant("skipgram_overwrites_outside_grad", F, "        gradOutsideVectors += gradOutside\n",
           "        gradOutsideVectors = gradOutside\n", SKIPGRAM),
    mutant("skipgram_skips_centre_word", F, "    for word in outsideWords:\n        pairLoss",
           "    for word in outsideWords:\n        if word == currentCenterWord:\n            continue\n        pairLoss",
           SKIPGRAM),
    mutant("skipgram_dedups_outside_words", F, "    for word in outsideWords:\n        pairLoss",
           "    for word in dict.fromkeys(outsideWords):\n        pairLoss", SKIPGRAM),
    # cbow
    mutant("cbow_mean_of_context", F, "    loss, gradPredicted, gradOutsideVectors = word2vecLossAndGradient(\n",
           "    predicted = predicted / len(contextIdx)\n"
           "    loss, gradPredicted, gradOutsideVectors = word2vecLossAndGradient(\n", CBOW),
    mutant("cbow_grad_once_per_distinct_word", F, "    for idx in contextIdx:\n        gradCenterVecs[idx] += gradPredicted",
           "    for idx in set(contextIdx):\n        gradCenterVecs[idx] += gradPredicted", CBOW),
    mutant("cbow_ignores_loss_argument", F, "loss, gradPredicted, gradOutsideVectors = word2vecLossAndGradient(",
           "loss, gradPredicted, gradOutsideVectors = naiveSoftmaxLossAndGradient(", CBOW),
    mutant("cbow_predicts_first_context_word", F, "predicted, word2Ind[currentCenterWord], outsideVectors, dataset)",
           "predicted, contextIdx[0], outsideVectors, dataset)", CBOW),
]

# A student who insists on K distinct negatives loops forever once K >= V - 1:
# the grader must time the calls out, say so, and grade the rest.
MUTANTS.append(mutant(
    "neg_distinct_negatives_hang", F,
    "    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)\n",
    "    negSampleWordIndices = []\n"
    "    while len(negSampleWordIndices) < K:\n"
    "        idx = dataset.sampleTokenIdx()\n"
    "        if idx != outsideWordIdx and idx not in negSampleWordIndices:\n"
    "            negSampleWordIndices.append(idx)\n",
    NEG, told="did not finish within"))
