# q4_softmaxreg.py of the CS224d 2016 handout, filled in: it keeps the handout's
# `from cs224d.data_utils import *` (the course shipped cs224d/data_utils.py beside it) and
# imports its sibling files in this folder; the sanity check runs only as a script.
import numpy as np
import random

from cs224d.data_utils import *

from q1_softmax import softmax
from q2_gradcheck import gradcheck_naive
from q3_sgd import load_saved_params


def getSentenceFeature(tokens, wordVectors, sentence):
    """ Obtain the sentence feature for sentiment analysis by averaging its word vectors """
    sentVector = np.zeros((wordVectors.shape[1],))

    ### YOUR CODE HERE
    for word in sentence:
        sentVector += wordVectors[tokens[word], :]
    sentVector /= len(sentence)
    ### END YOUR CODE

    return sentVector


def softmaxRegression(features, labels, weights, regularization = 0.0, nopredictions = False):
    """ Softmax Regression """
    prob = softmax(features.dot(weights))
    if len(features.shape) > 1:
        N = features.shape[0]
    else:
        N = 1
    # A vectorized implementation of    1/N * sum(cross_entropy(x_i, y_i)) + 1/2*|w|^2
    cost = np.sum(-np.log(prob[range(N), labels])) / N
    cost += 0.5 * regularization * np.sum(weights ** 2)

    ### YOUR CODE HERE: compute the gradients and predictions
    delta = prob.copy()
    delta[range(N), labels] -= 1
    grad = features.T.dot(delta) / N + regularization * weights
    pred = np.argmax(prob, axis=1)
    ### END YOUR CODE

    if nopredictions:
        return cost, grad
    else:
        return cost, grad, pred


def accuracy(y, yhat):
    """ Precision for classifier """
    assert(y.shape == yhat.shape)
    return np.sum(y == yhat) * 100.0 / y.size


def sanity_check():
    random.seed(314159)
    np.random.seed(265)
    dataset = StanfordSentiment()
    tokens = dataset.tokens()
    _, wordVectors0, _ = load_saved_params()
    wordVectors = wordVectors0[:len(tokens), :] + wordVectors0[len(tokens):, :]
    weights = 0.1 * np.random.randn(wordVectors.shape[1], 5)
    features = np.zeros((10, wordVectors.shape[1]))
    labels = np.zeros((10,), dtype=np.int32)
    for i in range(10):
        words, labels[i] = dataset.getRandomTrainSentence()
        features[i, :] = getSentenceFeature(tokens, wordVectors, words)
    gradcheck_naive(lambda w: softmaxRegression(features, labels, w, 1.0, nopredictions=True), weights)


if __name__ == "__main__":
    sanity_check()
