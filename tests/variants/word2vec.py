"""Correct word2vec.py functions as students write them, the CS224n answer key's style
included (the provided softmax and sigmoid used as the handout says)."""
from tests.variants import variant

NAIVE_BODY = """    scores = outsideVectors @ centerWordVec            # (V,)
    y_hat = softmax(scores.copy())                     # (V,)
    # loss = -log softmax(scores)[o], computed stably as logsumexp - score_o
    shifted = scores - np.max(scores)
    loss = np.log(np.sum(np.exp(shifted))) - shifted[outsideWordIdx]

    delta = y_hat.copy()                               # y_hat - y
    delta[outsideWordIdx] -= 1.0
    gradCenterVec = outsideVectors.T @ delta           # (d,)
    gradOutsideVecs = np.outer(delta, centerWordVec)   # (V, d)
"""
NEG_BODY = """    signs = np.full(len(indices), -1.0)
    signs[0] = 1.0
    U = outsideVectors[indices]                        # (K + 1, d)
    z = signs * (U @ centerWordVec)                    # (K + 1,)
    # -log sigma(z) = log(1 + exp(-z)), computed without overflow
    loss = np.sum(np.logaddexp(0.0, -z))
    # d loss / d (U @ v_c) for each sampled row
    coeff = -signs * (1.0 - sigmoid(z))                # (K + 1,)
    gradCenterVec = coeff @ U                          # (d,)
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    np.add.at(gradOutsideVecs, indices, np.outer(coeff, centerWordVec))
"""
SKIPGRAM_BODY = """    centerIdx = word2Ind[currentCenterWord]
    centerWordVec = centerWordVectors[centerIdx]
    for word in outsideWords:
        pairLoss, gradCenter, gradOutside = word2vecLossAndGradient(
            centerWordVec, word2Ind[word], outsideVectors, dataset)
        loss += pairLoss
        gradCenterVecs[centerIdx] += gradCenter
        gradOutsideVectors += gradOutside
"""

VARIANTS = [
    variant("normalize_rows_answer_key", "word2vec.py", ("""    x = np.asarray(x)
    norms = np.sqrt(np.sum(x * x, axis=1, keepdims=True))
    y = x / (norms + 1e-30)
""", """    y = x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))
""")),
    variant("normalize_rows_loop", "word2vec.py", ("""    x = np.asarray(x)
    norms = np.sqrt(np.sum(x * x, axis=1, keepdims=True))
    y = x / (norms + 1e-30)
""", """    x = np.asarray(x)
    y = np.zeros(x.shape)
    for i in range(x.shape[0]):
        y[i] = x[i] / (np.linalg.norm(x[i]) + 1e-30)
""")),
    variant("naive_softmax_answer_key", "word2vec.py", (NAIVE_BODY, """\
    y_hat = softmax(outsideVectors @ centerWordVec)
    loss = -np.log(y_hat[outsideWordIdx])
    delta = y_hat.copy()
    delta[outsideWordIdx] -= 1
    gradCenterVec = outsideVectors.T @ delta
    gradOutsideVecs = np.outer(delta, centerWordVec)
""")),
    variant("naive_softmax_loops", "word2vec.py", (NAIVE_BODY, """\
    V = outsideVectors.shape[0]
    scores = np.array([outsideVectors[w] @ centerWordVec for w in range(V)])
    y_hat = softmax(scores)
    loss = -(scores[outsideWordIdx] - np.max(scores)) + np.log(np.sum(np.exp(scores - np.max(scores))))
    gradCenterVec = -outsideVectors[outsideWordIdx].copy()
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    for w in range(V):
        gradCenterVec += y_hat[w] * outsideVectors[w]
        gradOutsideVecs[w] = y_hat[w] * centerWordVec
    gradOutsideVecs[outsideWordIdx] -= centerWordVec
""")),
    variant("neg_sampling_answer_key", "word2vec.py", (NEG_BODY, """\
    gradCenterVec = np.zeros(centerWordVec.shape)
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    u_o = outsideVectors[outsideWordIdx]
    z = sigmoid(u_o @ centerWordVec)
    loss = -np.log(z)
    gradCenterVec += (z - 1) * u_o
    gradOutsideVecs[outsideWordIdx] += (z - 1) * centerWordVec
    for k in negSampleWordIndices:
        u_k = outsideVectors[k]
        z_k = sigmoid(-u_k @ centerWordVec)
        loss -= np.log(z_k)
        gradCenterVec += (1 - z_k) * u_k
        gradOutsideVecs[k] += (1 - z_k) * centerWordVec
""")),
    variant("neg_sampling_stable_loop", "word2vec.py", (NEG_BODY, """\
    gradCenterVec = np.zeros(centerWordVec.shape)
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    loss = 0.0
    for i, w in enumerate(indices):
        sign = 1.0 if i == 0 else -1.0
        z = sign * (outsideVectors[w] @ centerWordVec)
        loss += np.logaddexp(0.0, -z)
        c = -sign * (1.0 - sigmoid(z))
        gradCenterVec += c * outsideVectors[w]
        gradOutsideVecs[w] += c * centerWordVec
""")),
    variant("neg_sampling_add_at_vectorised", "word2vec.py", (NEG_BODY, """\
    U = outsideVectors[indices]
    scores = U @ centerWordVec
    scores[1:] *= -1
    loss = np.sum(np.logaddexp(0.0, -scores))
    coeff = sigmoid(scores) - 1.0
    coeff[1:] *= -1
    gradCenterVec = U.T @ coeff
    gradOutsideVecs = np.zeros_like(outsideVectors)
    np.add.at(gradOutsideVecs, np.array(indices), coeff[:, None] * centerWordVec[None, :])
""")),
    variant("skipgram_answer_key", "word2vec.py", (SKIPGRAM_BODY, """\
    v_c = centerWordVectors[word2Ind[currentCenterWord]]
    for w in outsideWords:
        l, gc, go = word2vecLossAndGradient(v_c, word2Ind[w], outsideVectors, dataset)
        loss += l
        gradCenterVecs[word2Ind[currentCenterWord], :] += gc
        gradOutsideVectors += go
""")),
    variant("cbow_loop_accumulates", "word2vec.py", ("""    contextIdx = [word2Ind[word] for word in outsideWords]
    predicted = np.zeros(centerWordVectors.shape[1])
    for idx in contextIdx:
        predicted = predicted + centerWordVectors[idx]
""", """    contextIdx = [word2Ind[word] for word in outsideWords]
    predicted = np.sum(centerWordVectors[contextIdx], axis=0)
""")),
]
