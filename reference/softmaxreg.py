#!/usr/bin/env python
"""Softmax regression for sentiment classification (CS224d pset 1, `q4_softmaxreg.py`).

A sentence's feature is the mean of its words' vectors; a softmax regression
(one weight matrix, no bias) maps features to the probabilities of the five
sentiment classes (0 very negative ... 4 very positive).

Run ``python softmaxreg.py`` (from the directory holding this file and
``utils/``) for the original sanity check: a gradient check of
softmaxRegression on random features.
"""

import random

import numpy as np

from utils.gradcheck import gradcheck_naive
from utils.utils import softmax


def getSentenceFeature(tokens, wordVectors, sentence):
    """The feature of a sentence: the mean of its words' vectors.

    Arguments:
    tokens -- dict: word (str) -> index (int) of the word's row in wordVectors.
    wordVectors -- numpy array of shape (V, D): one word vector per row.
    sentence -- list of str: the sentence's words, at least one, every one a
                key of tokens. A word that appears several times counts once
                per appearance.

    Return:
    sentVector -- numpy array of shape (D,): the mean of the sentence's word
                  vectors.
    """
    sentVector = np.zeros((wordVectors.shape[1],))

    # BEGIN SOLUTION (hint: the mean of the vectors of the sentence's words, a repeated word counted each time) (full hint: add up wordVectors[tokens[word]] for every word of the sentence, repeats included, then divide by the number of words)
    for word in sentence:
        sentVector += wordVectors[tokens[word]]
    sentVector /= len(sentence)
    # END SOLUTION

    return sentVector


def softmaxRegression(features, labels, weights, regularization=0.0, nopredictions=False):
    """Cost, gradient and predictions of softmax regression.

    The cost is the MEAN cross-entropy over the N examples plus
    0.5 * regularization * sum(weights ** 2) (provided below).

    Arguments:
    features -- numpy array of shape (N, D): one feature vector per row.
    labels -- numpy array of shape (N,): integer class indices in [0, C).
    weights -- numpy array of shape (D, C): the weights.
    regularization -- float: the L2 regularisation strength.
    nopredictions -- bool: when True, return only (cost, grad).

    Return:
    cost -- scalar: the regularised mean cross-entropy.
    grad -- numpy array of shape (D, C): d cost / d weights.
    pred -- numpy array of shape (N,) of ints: the predicted class of each row,
            the index of its largest probability (only when nopredictions is
            False).
    """
    prob = softmax(features.dot(weights))
    if len(features.shape) > 1:
        N = features.shape[0]
    else:
        N = 1
    # A vectorized implementation of 1/N * sum(cross_entropy(x_i, y_i)) + 1/2 * regularization * |w|^2
    cost = np.sum(-np.log(prob[range(N), labels])) / N
    cost += 0.5 * regularization * np.sum(weights ** 2)

    # BEGIN SOLUTION (hint: the gradient of the mean cross-entropy starts from prob minus the one-hot labels; the L2 term adds regularization times the weights; predictions are each row's most probable class) (full hint: with Y the one-hot rows of labels, grad = features.T @ (prob - Y) / N + regularization * weights; pred is the argmax of each row of prob)
    delta = prob.copy()
    delta[np.arange(N), labels] -= 1.0
    grad = features.T @ delta / N + regularization * weights
    pred = np.argmax(prob, axis=1)
    # END SOLUTION

    if nopredictions:
        return cost, grad
    else:
        return cost, grad, pred


def accuracy(y, yhat):
    """The percentage of predictions that equal the labels.

    Arguments:
    y -- numpy array of shape (N,): the true labels.
    yhat -- numpy array of shape (N,): the predicted labels.

    Return:
    acc -- float: 100 * (number of n with y[n] == yhat[n]) / N, a percentage
           in [0, 100] (not a fraction).
    """
    assert y.shape == yhat.shape
    # BEGIN SOLUTION (hint: count the positions where y == yhat and divide by y.size; the result is a percentage)
    acc = np.sum(y == yhat) * 100.0 / y.size
    # END SOLUTION
    return acc


def sanity_check():
    """Gradient check of softmaxRegression on random features (the original's check).

    10 examples of 10 features, 5 classes, regularisation 1.0; prints
    "Gradient check passed!" when the gradient is right.
    """
    random.seed(314)
    np.random.seed(265)
    dummy_weights = 0.1 * np.random.randn(10, 5)
    dummy_features = np.random.randn(10, 10)
    dummy_labels = np.random.randint(0, 5, size=10)

    print("==== Gradient check for softmax regression ====")
    gradcheck_naive(lambda weights: softmaxRegression(dummy_features, dummy_labels, weights, 1.0,
                                                      nopredictions=True), dummy_weights)

    print("\n=== Results ===")
    print(softmaxRegression(dummy_features, dummy_labels, dummy_weights, 1.0))


if __name__ == "__main__":
    sanity_check()
