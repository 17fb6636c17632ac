"""Correct code in each algebraically equivalent form of the handout's formulas that real
submissions use (assignment/POLICY.md, "one numerical range rule"): the graded tests stay
where every form is finite and accurate, so each of these keeps full marks."""
from tests.variants import variant
from tests.variants.word2vec import NAIVE_BODY, NEG_BODY

SIGMOID_BODY = """    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
"""
WORD2VEC_SIGMOID_BODY = """    z = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
"""
NEURAL_SIGMOID = ("    h = 0.5 * (1.0 + np.tanh(0.5 * z1))                "
                  "# the sigmoid, without overflow for large |z1|\n")
NEURAL_COST = """    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_y_hat = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    cost = -np.sum(labels * log_y_hat)
"""

VARIANTS = [
    variant("sigmoid_exp_ratio", "sigmoid.py", (SIGMOID_BODY, "    s = np.exp(x) / (1 + np.exp(x))\n")),
    variant("sigmoid_through_tanh", "sigmoid.py", (SIGMOID_BODY, "    s = 0.5 * (1 + np.tanh(x / 2))\n")),
    variant("word2vec_sigmoid_exp_ratio", "word2vec.py",
            (WORD2VEC_SIGMOID_BODY, "    s = np.exp(x) / (1.0 + np.exp(x))\n")),
    variant("word2vec_sigmoid_through_tanh", "word2vec.py",
            (WORD2VEC_SIGMOID_BODY, "    s = 0.5 * (1.0 + np.tanh(0.5 * x))\n")),
    variant("neg_sampling_one_minus_sigmoid", "word2vec.py", (NEG_BODY, """\
    u_o = outsideVectors[outsideWordIdx]
    s_o = sigmoid(np.dot(u_o, centerWordVec))
    loss = -np.log(s_o)
    gradCenterVec = (s_o - 1.0) * u_o
    gradOutsideVecs = np.zeros_like(outsideVectors)
    gradOutsideVecs[outsideWordIdx] = (s_o - 1.0) * centerWordVec
    for k in negSampleWordIndices:
        s_k = sigmoid(np.dot(outsideVectors[k], centerWordVec))
        loss += -np.log(1.0 - s_k)
        gradCenterVec += s_k * outsideVectors[k]
        gradOutsideVecs[k] += s_k * centerWordVec
""")),
    variant("naive_softmax_cross_entropy_sum", "word2vec.py", (NAIVE_BODY, """\
    y_hat = softmax(outsideVectors.dot(centerWordVec))
    y = np.zeros(outsideVectors.shape[0])
    y[outsideWordIdx] = 1
    loss = -np.sum(y * np.log(y_hat))
    gradCenterVec = outsideVectors.T.dot(y_hat - y)
    gradOutsideVecs = np.outer(y_hat - y, centerWordVec)
""")),
    variant("neural_exp_ratio_sigmoid_and_cross_entropy_sum", "neural.py",
            (NEURAL_SIGMOID, "    h = np.exp(z1) / (1 + np.exp(z1))\n"),
            (NEURAL_COST, "    cost = -np.sum(labels * np.log(y_hat))\n")),
    variant("neural_answer_key_sigmoid", "neural.py", (NEURAL_SIGMOID, "    h = 1 / (1 + np.exp(-z1))\n")),
    variant("normalize_rows_in_place", "word2vec.py",  # the CS224d answer key: x /= ..., then return x
            ("    y = x / (norms + 1e-30)\n", "    x /= (norms + 1e-30)\n    y = x\n")),
    variant("gradcheck_unravel_iterindex", "gradcheck.py",
            ("        ix = it.multi_index\n", "        ix = np.unravel_index(it.iterindex, x.shape)\n")),
]
