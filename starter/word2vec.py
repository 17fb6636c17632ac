#!/usr/bin/env python
"""Word2vec: losses, gradients and models (CS224n assignment 2, `word2vec.py`).

Conventions used throughout this file (V = vocabulary size, d = word-vector length):

- A word's *centre* vector v_w is a row of ``centerWordVectors`` (V, d) and its *outside* vector u_w
  is a row of ``outsideVectors`` (V, d). (The handout writes the outside vectors as the columns of a
  matrix U; the code's ``outsideVectors`` is U transposed: one u_w per row.)
- Losses are returned as scalars (a Python float or a numpy float scalar).
- No function modifies its arguments in place.
- ``dataset`` objects provide ``sampleTokenIdx()`` (an int word index drawn from the noise
  distribution), ``getRandomContext(C)`` (a centre word and a list of up to 2C context words) and
  ``tokens()`` (the word -> index dict). They draw from Python's ``random`` module, so a gradient
  checker can replay them with ``random.getstate()`` / ``random.setstate()``.

Run ``python word2vec.py`` (from the directory holding this file and ``utils/``) for the official
sanity checks.
"""

import random

import numpy as np

from utils.utils import softmax


def sigmoid(x):
    """Compute the logistic sigmoid 1 / (1 + exp(-x)) elementwise.

    Arguments:
    x -- a scalar or a numpy array of any shape.

    Return:
    s -- sigmoid(x), of the same shape as x (a numpy scalar for scalar input).
         Must be finite and accurate for large |x| (e.g. x = -1000 or 1000).
    """
    # YOUR CODE HERE (hint: avoid overflow: never exponentiate a large positive number; pick the formula by the sign of x)
    raise NotImplementedError("sigmoid: avoid overflow: never exponentiate a large positive number; pick the formula by the sign of x")
    # END YOUR CODE
    return s


def normalizeRows(x):
    """Scale every row of a matrix to unit L2 length.

    Arguments:
    x -- numpy array of shape (N, D): N row vectors.

    Return:
    y -- numpy array of shape (N, D): row i is x[i] / (||x[i]||_2 + 1e-30).
         The input is left unchanged.
    """
    # YOUR CODE HERE (hint: divide each row by its L2 norm; mind the shape the norms need for broadcasting, and rows of zeros)
    raise NotImplementedError("normalizeRows: divide each row by its L2 norm; mind the shape the norms need for broadcasting, and rows of zeros")
    # END YOUR CODE
    return y


def naiveSoftmaxLossAndGradient(
    centerWordVec,
    outsideWordIdx,
    outsideVectors,
    dataset
):
    """Naive-softmax loss and gradients for one (centre, outside) word pair.

    The model predicts P(O = o | C = c) = softmax(outsideVectors @ v_c)[o], and the loss is the
    cross-entropy -log P(O = outsideWordIdx | C = c).

    Arguments:
    centerWordVec -- numpy array of shape (d,): the centre word's vector v_c.
    outsideWordIdx -- int: index o of the outside word.
    outsideVectors -- numpy array of shape (V, d): row w is the outside vector
                      u_w of word w.
    dataset -- the dataset object; not needed by this loss.

    Return:
    loss -- scalar: the naive-softmax loss.
    gradCenterVec -- numpy array of shape (d,): d loss / d v_c.
    gradOutsideVecs -- numpy array of shape (V, d): d loss / d outsideVectors
                       (row w is d loss / d u_w).

    Use the provided softmax function (imported above).
    """
    # YOUR CODE HERE (hint: use the provided softmax; both gradients follow from your written answers)
    raise NotImplementedError("naiveSoftmaxLossAndGradient: use the provided softmax; both gradients follow from your written answers")
    # END YOUR CODE

    return loss, gradCenterVec, gradOutsideVecs


def getNegativeSamples(outsideWordIdx, dataset, K):
    """Draw K negative-sample word indices, none equal to the outside word.

    Provided code: do not modify.

    Arguments:
    outsideWordIdx -- int: index of the true outside word, which is never
                      returned (a draw equal to it is discarded and redrawn).
    dataset -- the dataset object; indices come from dataset.sampleTokenIdx().
    K -- int: number of negative samples.

    Return:
    negSampleWordIndices -- list of K ints. The same index may appear more
                            than once.
    """
    negSampleWordIndices = []
    while len(negSampleWordIndices) < K:
        idx = dataset.sampleTokenIdx()
        if idx != outsideWordIdx:
            negSampleWordIndices.append(idx)
    return negSampleWordIndices


def negSamplingLossAndGradient(
    centerWordVec,
    outsideWordIdx,
    outsideVectors,
    dataset,
    K=10
):
    """Negative-sampling loss and gradients for one (centre, outside) word pair.

    With sigma the sigmoid, o = outsideWordIdx and w_1..w_K the negative samples, the loss is
        -log sigma(u_o . v_c) - sum_k log sigma(-u_{w_k} . v_c).

    A word sampled more than once is counted once per draw, both in the loss and in the gradient
    with respect to its outside vector.

    Arguments:
    centerWordVec -- numpy array of shape (d,): the centre word's vector v_c.
    outsideWordIdx -- int: index o of the outside word.
    outsideVectors -- numpy array of shape (V, d): row w is the outside vector
                      u_w of word w.
    dataset -- the dataset object, used (only) through getNegativeSamples.
    K -- int: number of negative samples.

    Return:
    loss -- scalar: the negative-sampling loss.
    gradCenterVec -- numpy array of shape (d,): d loss / d v_c.
    gradOutsideVecs -- numpy array of shape (V, d): d loss / d outsideVectors;
                       rows of words that are neither o nor a negative sample
                       are zero.
    """
    # Negative sampling of words is done for you. Do not modify this if you
    # wish to match the autograder and receive points!
    negSampleWordIndices = getNegativeSamples(outsideWordIdx, dataset, K)
    indices = [outsideWordIdx] + negSampleWordIndices

    # YOUR CODE HERE (hint: treat every entry of `indices` as one term: a negative drawn twice counts twice in the loss and the gradients)
    raise NotImplementedError("negSamplingLossAndGradient: treat every entry of `indices` as one term: a negative drawn twice counts twice in the loss and the gradients")
    # END YOUR CODE

    return loss, gradCenterVec, gradOutsideVecs


def skipgram(currentCenterWord, windowSize, outsideWords, word2Ind,
             centerWordVectors, outsideVectors, dataset,
             word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    """Skip-gram loss and gradients for one centre word and its context.

    The loss is the sum, over the outside words (repeats included), of word2vecLossAndGradient(v_c,
    index of the outside word, outsideVectors, dataset); the gradients are the corresponding sums.

    Arguments:
    currentCenterWord -- str: the centre word.
    windowSize -- int: context window size (not needed by the computation).
    outsideWords -- list of at most 2 * windowSize str: the outside words.
                    May contain repeats and the centre word itself.
    word2Ind -- dict: word (str) -> index (int) into the vector matrices.
    centerWordVectors -- numpy array of shape (V, d): row w is v_w.
    outsideVectors -- numpy array of shape (V, d): row w is u_w.
    dataset -- the dataset object, passed on to the loss function.
    word2vecLossAndGradient -- the loss function for one (centre, outside)
                               pair, with the signature of
                               naiveSoftmaxLossAndGradient.

    Return:
    loss -- scalar: the skip-gram loss.
    gradCenterVecs -- numpy array of shape (V, d): d loss / d centerWordVectors
                      (only the centre word's row is non-zero).
    gradOutsideVectors -- numpy array of shape (V, d):
                          d loss / d outsideVectors.
    """
    loss = 0.0
    gradCenterVecs = np.zeros(centerWordVectors.shape)
    gradOutsideVectors = np.zeros(outsideVectors.shape)

    # YOUR CODE HERE (hint: look up v_c once, call word2vecLossAndGradient once per outside word and add up the three results)
    raise NotImplementedError("skipgram: look up v_c once, call word2vecLossAndGradient once per outside word and add up the three results")
    # END YOUR CODE

    return loss, gradCenterVecs, gradOutsideVectors


def cbow(currentCenterWord, windowSize, outsideWords, word2Ind,
         centerWordVectors, outsideVectors, dataset,
         word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    """CBOW (continuous bag of words) loss and gradients for one window.

    The predicted vector is the SUM of the input vectors (rows of centerWordVectors) of the context
    words, repeats counted; the model predicts the centre word from it with one call
    word2vecLossAndGradient(predicted, index of the centre word, outsideVectors, dataset).

    Arguments:
    currentCenterWord -- str: the centre word (the prediction target).
    windowSize -- int: context window size (not needed by the computation).
    outsideWords -- list of at most 2 * windowSize str: the context words.
                    May contain repeats and the centre word itself.
    word2Ind -- dict: word (str) -> index (int) into the vector matrices.
    centerWordVectors -- numpy array of shape (V, d): the input vectors; the
                         context words' rows are summed.
    outsideVectors -- numpy array of shape (V, d): row w is u_w.
    dataset -- the dataset object, passed on to the loss function.
    word2vecLossAndGradient -- the loss function, with the signature of
                               naiveSoftmaxLossAndGradient.

    Return:
    loss -- scalar: the CBOW loss.
    gradCenterVecs -- numpy array of shape (V, d): d loss / d
                      centerWordVectors; the gradient with respect to the
                      predicted vector is added to the row of every context
                      word, once per occurrence.
    gradOutsideVectors -- numpy array of shape (V, d):
                          d loss / d outsideVectors.
    """
    loss = 0.0
    gradCenterVecs = np.zeros(centerWordVectors.shape)
    gradOutsideVectors = np.zeros(outsideVectors.shape)

    # YOUR CODE HERE (hint: predict the centre word from the sum of the context words' vectors, with one loss call; think about where its gradient goes)
    raise NotImplementedError("cbow: predict the centre word from the sum of the context words' vectors, with one loss call; think about where its gradient goes")
    # END YOUR CODE

    return loss, gradCenterVecs, gradOutsideVectors


def word2vec_sgd_wrapper(word2vecModel, word2Ind, wordVectors, dataset,
                         windowSize,
                         word2vecLossAndGradient=naiveSoftmaxLossAndGradient):
    """Average a word2vec model's loss and gradient over a batch of 50 windows.

    Provided code: do not modify.

    For each of 50 windows: draw windowSize1 = random.randint(1, windowSize), then (centre word,
    context) = dataset.getRandomContext(windowSize1), call the model, and add 1/50 of its loss and
    gradients.

    Arguments:
    word2vecModel -- skipgram or cbow.
    word2Ind -- dict: word (str) -> index (int).
    wordVectors -- numpy array of shape (2V, d): the centre vectors in rows
                   0..V-1 on top of the outside vectors in rows V..2V-1.
    dataset -- the dataset object.
    windowSize -- int: the largest context window size.
    word2vecLossAndGradient -- the loss function passed on to the model.

    Return:
    loss -- scalar: the batch-average loss.
    grad -- numpy array of shape (2V, d): the batch-average gradient with
            respect to wordVectors.
    """
    batchsize = 50
    loss = 0.0
    grad = np.zeros(wordVectors.shape)
    N = wordVectors.shape[0]
    half = N // 2
    centerWordVectors = wordVectors[:half, :]
    outsideVectors = wordVectors[half:, :]
    for _ in range(batchsize):
        windowSize1 = random.randint(1, windowSize)
        centerWord, context = dataset.getRandomContext(windowSize1)

        c, gin, gout = word2vecModel(
            centerWord, windowSize1, context, word2Ind, centerWordVectors,
            outsideVectors, dataset, word2vecLossAndGradient
        )
        loss += c / batchsize
        grad[:half, :] += gin / batchsize
        grad[half:, :] += gout / batchsize

    return loss, grad


#############################################
# Testing functions below. DO NOT MODIFY!   #
#############################################

def make_dummy_dataset():
    """Return the dummy dataset of the sanity check.

    Return:
    dataset -- an object with sampleTokenIdx() -> random.randint(0, 4) and
               getRandomContext(C) -> (a random word of "a".."e", a list of
               2C random words of "a".."e"), both drawing from Python's random.
    dummy_tokens -- dict: "a".."e" -> 0..4.
    """
    words = ["a", "b", "c", "d", "e"]

    class DummyDataset:
        def sampleTokenIdx(self):
            return random.randint(0, 4)

        def getRandomContext(self, C):
            centre = words[random.randint(0, 4)]
            context = [words[random.randint(0, 4)] for _ in range(2 * C)]
            return centre, context

        def tokens(self):
            return {w: i for i, w in enumerate(words)}

    dataset = DummyDataset()
    return dataset, dataset.tokens()


def test_sigmoid():
    """Check sigmoid on the values of the official sanity check."""
    print("==== Sanity check for sigmoid ====")
    assert sigmoid(0) == 0.5
    assert np.allclose(sigmoid(np.array([1, 2, 3])), [0.73105858, 0.88079708, 0.95257413])
    assert np.allclose(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])
    print("sigmoid passed!")


def test_word2vec():
    """Run the official word2vec sanity check in the original (2020) order.

    Seeds, dummy vectors; gradient check of the wrapper with naive softmax; the three naive-softmax
    known answers; gradient check of the wrapper with negative sampling; the three negative-sampling
    known answers (which hold only after exactly this sequence of random draws).
    """
    from utils.gradcheck import grad_tests_negsamp, grad_tests_softmax, gradcheck_naive

    dataset, dummy_tokens = make_dummy_dataset()
    random.seed(31415)
    np.random.seed(9265)
    dummy_vectors = normalizeRows(np.random.randn(10, 3))

    print("==== Gradient check for skip-gram with naiveSoftmaxLossAndGradient ====")
    gradcheck_naive(lambda vec: word2vec_sgd_wrapper(
        skipgram, dummy_tokens, vec, dataset, 5,
        naiveSoftmaxLossAndGradient),
        dummy_vectors, "naiveSoftmaxLossAndGradient Gradient")
    grad_tests_softmax(skipgram, dummy_tokens, dummy_vectors, dataset,
                       naiveSoftmaxLossAndGradient)

    print("==== Gradient check for skip-gram with negSamplingLossAndGradient ====")
    gradcheck_naive(lambda vec: word2vec_sgd_wrapper(
        skipgram, dummy_tokens, vec, dataset, 5,
        negSamplingLossAndGradient),
        dummy_vectors, "negSamplingLossAndGradient Gradient")
    grad_tests_negsamp(skipgram, dummy_tokens, dummy_vectors, dataset,
                       negSamplingLossAndGradient)


if __name__ == "__main__":
    test_sigmoid()
    test_word2vec()
