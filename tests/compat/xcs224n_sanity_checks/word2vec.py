#!/usr/bin/env python
# The XCS224N edition of word2vec.py as a student hands it in: its test functions read the sanity-check
# data of the handout's utils/sanity_checks.py (imported with *), and negative sampling is skipgram's default.

import random

import numpy as np

from utils.gradcheck import gradcheck_naive
from utils.sanity_checks import *
from utils.utils import normalizeRows, softmax


def sigmoid(x):
    """
    Compute the sigmoid function for the input here.
    Arguments:
    x -- A scalar or numpy array.
    Return:
    s -- sigmoid(x)
    """

    ### YOUR CODE HERE (~1 Line)
    s = np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))
    ### END YOUR CODE

    return s


def naiveSoftmaxLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    """ Naive Softmax loss & gradient function for word2vec models """

    ### YOUR CODE HERE (~6-8 Lines)
    probabilities = softmax(np.dot(outsideVectors, centerWordVec))
    loss = -np.log(probabilities[outsideWordIdx])
    error = probabilities.copy()
    error[outsideWordIdx] -= 1.0
    gradCenterVec = np.dot(outsideVectors.T, error)
    gradOutsideVecs = np.outer(error, centerWordVec)
    ### END YOUR CODE

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
    """ Negative sampling loss function for word2vec models """

    # Negative sampling of words is done for you. Do not modify this if you
    # wish to match the autograder and receive points!
    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)
    indices = [outsideWordIdx] + negSampleWordIndices

    ### YOUR CODE HERE (~10 Lines)
    gradCenterVec = np.zeros(centerWordVec.shape)
    gradOutsideVecs = np.zeros(outsideVectors.shape)
    signs = np.array([1] + [-1 for k in range(K)])
    vecs = outsideVectors[indices, :]
    t = sigmoid(vecs.dot(centerWordVec) * signs)
    loss = -np.sum(np.log(t))
    delta = signs * (t - 1)
    gradCenterVec = delta.dot(vecs)
    for k in range(K + 1):
        gradOutsideVecs[indices[k]] += delta[k] * centerWordVec
    ### END YOUR CODE

    return loss, gradCenterVec, gradOutsideVecs


def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind,
             centerWordVectors, outsideVectors, dataset,
             word2vecLossAndGradient=negSamplingLossAndGradient):
    """ Skip-gram model in word2vec """

    loss = 0.0
    gradCenterVecs = np.zeros(centerWordVectors.shape)
    gradOutsideVectors = np.zeros(outsideVectors.shape)

    ### YOUR CODE HERE (~8 Lines)
    c = word2Ind[currentCenterWord]
    for word in outsideWords:
        pair_loss, pair_center, pair_outside = word2vecLossAndGradient(
            centerWordVectors[c], word2Ind[word], outsideVectors, dataset)
        loss += pair_loss
        gradCenterVecs[c] += pair_center
        gradOutsideVectors += pair_outside
    ### END YOUR CODE

    return loss, gradCenterVecs, gradOutsideVectors


#############################################
# Testing functions below. DO NOT MODIFY!   #
#############################################

def word2vec_sgd_wrapper(word2vecModel, word2Ind, wordVectors, dataset,
                         windowSize,
                         word2vecLossAndGradient=negSamplingLossAndGradient):
    batchsize = 50
    loss = 0.0
    grad = np.zeros(wordVectors.shape)
    N = wordVectors.shape[0]
    centerWordVectors = wordVectors[:int(N / 2), :]
    outsideVectors = wordVectors[int(N / 2):, :]
    for i in range(batchsize):
        windowSize1 = random.randint(1, windowSize)
        centerWord, context = dataset.getRandomContext(windowSize1)

        c, gin, gout = word2vecModel(
            centerWord, windowSize1, context, word2Ind, centerWordVectors,
            outsideVectors, dataset, word2vecLossAndGradient
        )
        loss += c / batchsize
        grad[:int(N / 2), :] += gin / batchsize
        grad[int(N / 2):, :] += gout / batchsize

    return loss, grad


def test_naiveSoftmaxLossAndGradient():
    print("\n\t\t\tNaiveSoftmaxLossAndGradient\t\t\t")
    dataset, dummy_vectors, dummy_tokens = dummy()
    loss, dj_dv, dj_du = naiveSoftmaxLossAndGradient(
        inputs['test_naivesoftmax']['centerWordVec'],
        inputs['test_naivesoftmax']['outsideWordIdx'],
        inputs['test_naivesoftmax']['outsideVectors'],
        dataset
    )
    print("Your Result:\nLoss: {}\nGradient wrt Center Vector (dJ/dV):\n {}\nGradient wrt Outside Vectors (dJ/dU):\n {}\n"
          .format(loss, dj_dv, dj_du))
    print("Expected Result: Value should approximate these:")
    print("Loss: {}\nGradient wrt Center Vectors(dJ/dV):\n {}\nGradient wrt Outside Vectors (dJ/dU):\n {}\n".format(
        outputs['test_naivesoftmax']['loss'], outputs['test_naivesoftmax']['dj_dvc'],
        outputs['test_naivesoftmax']['dj_du']))


def test_sigmoid():
    print("\n\t\t\ttest sigmoid\t\t\t")
    s = sigmoid(inputs['test_sigmoid']['x'])
    print("Your Result:\n{}\nExpected Result: Value should approximate these:\n{}".format(
        s, outputs['test_sigmoid']['s']))


def test_word2vec():
    """ Test the two word2vec implementations, before running on Stanford Sentiment Treebank """
    dataset, dummy_vectors, dummy_tokens = dummy()

    print("==== Gradient check for skip-gram with negSamplingLossAndGradient ====")
    gradcheck_naive(lambda vec: word2vec_sgd_wrapper(
        skipgram, dummy_tokens, vec, dataset, 5, negSamplingLossAndGradient),
        dummy_vectors, "negSamplingLossAndGradient Gradient")

    loss, dj_dv, dj_du = skipgram(inputs['test_word2vec']['currentCenterWord'], inputs['test_word2vec']['windowSize'],
                                  inputs['test_word2vec']['outsideWords'], dummy_tokens, dummy_vectors[:5, :],
                                  dummy_vectors[5:, :], dataset, naiveSoftmaxLossAndGradient)
    print("Your Result:\nLoss: {}\nExpected Result: Value should approximate these:\nLoss: {}".format(
        loss, outputs['test_word2vec']['loss']))


if __name__ == "__main__":
    test_word2vec()
    test_naiveSoftmaxLossAndGradient()
    test_sigmoid()
