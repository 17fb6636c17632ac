import numpy as np

from utils.gradcheck import gradcheck_naive  # noqa: F401 (the handout's sanity checks use it)
from utils.utils import softmax


def sigmoid(x):
    s = 1 / (1 + np.exp(-x))
    return s


def normalizeRows(x):
    return x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))


def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    y_hat = softmax(outsideVectors @ centerWordVec)
    loss = -np.log(y_hat[outsideWordIdx])
    y_hat[outsideWordIdx] -= 1
    gradCenterVec = outsideVectors.T @ y_hat
    gradOutsideVecs = np.outer(y_hat, centerWordVec)
    return loss, gradCenterVec, gradOutsideVecs


def getNegativeSamples(outsideWordIdx, dataset, K):
    """ Samples K indexes which are not the outsideWordIdx """
    negSampleWordIndices = [None] * K
    for k in range(K):
        newidx = dataset.sampleTokenIdx()
        while newidx == outsideWordIdx:
            newidx = dataset.sampleTokenIdx()
        negSampleWordIndices[k] = newidx
    return negSampleWordIndices


def negSamplingLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset, K=10):
    # Negative sampling of words is done for you. Do not modify this if you
    # wish to match the autograder and receive points!
    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)
    indices = [outsideWordIdx] + negSampleWordIndices

    gradCenterVec = np.zeros(centerWordVec.shape)
    gradOutsideVecs = np.zeros(outsideVectors.shape)

    u_o = outsideVectors[outsideWordIdx]
    s = sigmoid(u_o @ centerWordVec)
    loss = -np.log(s)
    gradCenterVec += (s - 1) * u_o
    gradOutsideVecs[outsideWordIdx] += (s - 1) * centerWordVec
    for k in indices[1:]:
        s_k = sigmoid(-outsideVectors[k] @ centerWordVec)
        loss -= np.log(s_k)
        gradCenterVec += (1 - s_k) * outsideVectors[k]
        gradOutsideVecs[k] += (1 - s_k) * centerWordVec
    return loss, gradCenterVec, gradOutsideVecs


def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors, outsideVectors,
             dataset, word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    loss = 0.0
    gradCenterVecs = np.zeros(centerWordVectors.shape)
    gradOutsideVectors = np.zeros(outsideVectors.shape)
    c = word2Ind[currentCenterWord]
    for word in outsideWords:
        pair_loss, gc, go = word2vecLossAndGradient(centerWordVectors[c], word2Ind[word], outsideVectors, dataset)
        loss += pair_loss
        gradCenterVecs[c] += gc
        gradOutsideVectors += go
    return loss, gradCenterVecs, gradOutsideVectors


def cbow(currentCenterWord, windowSize, outsideWords, word2Ind, centerWordVectors, outsideVectors,
         dataset, word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    gradCenterVecs = np.zeros(centerWordVectors.shape)
    context = [word2Ind[w] for w in outsideWords]
    predicted = np.sum(centerWordVectors[context], axis=0)
    loss, gp, gradOutsideVectors = word2vecLossAndGradient(predicted, word2Ind[currentCenterWord],
                                                           outsideVectors, dataset)
    for i in context:
        gradCenterVecs[i] += gp
    return loss, gradCenterVecs, gradOutsideVectors
