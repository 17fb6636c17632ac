"""Provided gradient checks (no student code) for word2vec.py.

Student files import them with
`from utils.gradcheck import gradcheck_naive, grad_tests_softmax, grad_tests_negsamp`.

- gradcheck_naive: a complete centred-difference gradient checker. It is a
  self-contained copy (it does not import gradcheck.py, which is a student file
  and a stub in the handout).
- grad_tests_softmax, grad_tests_negsamp: the known-answer skip-gram tests of
  the original handout. They assert the loss and the centre word's row of
  gradCenterVecs against the published values; the negative-sampling values hold
  only after the exact sequence of `random` draws of word2vec.py's own tests.
"""
import random
import sys

import numpy as np


def gradcheck_naive(f, x, gradientText=""):
    """Check the gradient that a function returns against centred differences.

    Every entry of x is perturbed in place by +h and -h (h = 1e-4) and restored.
    Python's `random` state is saved once and restored before every evaluation
    of f. An entry fails when |numerical - analytic| / max(1, |numerical|,
    |analytic|) > 1e-5. Prints "Gradient check passed!" or, at the first failing
    entry, three lines naming gradientText, the index and both values.

    Inputs:
    - f: A function of one array argument returning (cost, grad), grad of x's shape.
    - x: A numpy float array of any shape (0-d allowed); modified, then restored.
    - gradientText: A string naming the gradient in the failure message.

    Returns:
    - None.
    """
    rndstate = random.getstate()
    random.setstate(rndstate)
    fx, grad = f(x)
    h = 1e-4

    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        random.setstate(rndstate)
        f_plus = f(x)[0]
        x[ix] = old - h
        random.setstate(rndstate)
        f_minus = f(x)[0]
        x[ix] = old
        numgrad = (f_plus - f_minus) / (2 * h)

        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            if gradientText:
                print(f"Gradient check failed for {gradientText}.")
            else:
                print("Gradient check failed.")
            print(f"First gradient error found at index {str(ix)}")
            print(f"Your gradient: {grad[ix]:f} \t Numerical gradient: {numgrad:f}")
            return

        it.iternext()

    print("Gradient check passed!")


# (centre word, window size, outside words, loss, centre word's row of gradCenterVecs)
NAIVE_SOFTMAX_CASES = [
    ("c", 3, ["a", "b", "e", "d", "b", "c"], 11.16610900153398,
     [-1.26947339, -1.36873189, 2.45158957]),
    ("b", 3, ["a", "b", "e", "d", "b", "c"], 9.87714910003414,
     [-0.14586705, -1.34158321, -0.29291951]),
    ("a", 3, ["a", "b", "e", "d", "b", "c"], 10.810758628593335,
     [-1.1790274, -1.35861865, 1.53590492]),
]

NEG_SAMPLING_CASES = [
    ("c", 1, ["a", "b"], 16.15119285363322,
     [-4.54650789, -1.85942252, 0.76397441]),
    ("c", 2, ["a", "b", "c", "a"], 28.653567707668795,
     [-6.42994865, -2.16396482, -1.89240934]),
    ("a", 3, ["a", "b", "e", "d", "b", "c"], 60.648705494891914,
     [-17.89425315, -7.36940626, -1.23364121]),
]


def _run_skipgram_cases(name, cases, skipgram, dummy_tokens, dummy_vectors, dataset, loss_fn):
    """Call skipgram on each case and assert its loss and centre-row gradient.

    Inputs:
    - name: The loss function's name, for the messages.
    - cases: A list of (centre word, window size, outside words, loss, row) tuples.
    - skipgram: The skip-gram function under test.
    - dummy_tokens: A dict mapping the words "a".."e" to the indices 0..4.
    - dummy_vectors: A numpy array of shape (10, 3): centre vectors in rows 0-4,
      outside vectors in rows 5-9.
    - dataset: The dummy dataset, passed on to skipgram.
    - loss_fn: The loss-and-gradient function passed to skipgram, or None to use
      skipgram's default.

    Returns:
    - None. Raises AssertionError at the first mismatch; prints a line when all pass.
    """
    for number, (centre, window, outside, loss, row) in enumerate(cases, 1):
        args = (centre, window, outside, dummy_tokens,
                dummy_vectors[:5, :], dummy_vectors[5:, :], dataset)
        if loss_fn is None:
            result = skipgram(*args)
        else:
            result = skipgram(*args, loss_fn)
        got_loss, grad_center_vecs, _ = result
        call = f"skipgram({centre!r}, {window:d}, {outside!r}, ...) with {name}"
        assert np.allclose(got_loss, loss), (
            f"Test {number:d}: {call}: loss is {got_loss!r}, expected {loss!r}")
        got_row = np.asarray(grad_center_vecs)[dummy_tokens[centre]]
        assert np.allclose(got_row, row), (
            f"Test {number:d}: {call}: row {centre!r} of gradCenterVecs is {got_row}, expected {np.array(row)}")
    print(f"All Skip-Gram with {name} Tests Passed")


def grad_tests_softmax(skipgram, dummy_tokens, dummy_vectors, dataset,
                       naiveSoftmaxLossAndGradient=None):
    """Run the three known-answer skip-gram tests with the naive-softmax loss.

    Inputs:
    - skipgram: The skip-gram function under test.
    - dummy_tokens: A dict mapping the words "a".."e" to the indices 0..4.
    - dummy_vectors: A numpy array of shape (10, 3): normalizeRows(np.random.randn(10, 3))
      after np.random.seed(9265); rows 0-4 are centre vectors, rows 5-9 outside vectors.
    - dataset: The dummy dataset (unused by the naive-softmax loss).
    - naiveSoftmaxLossAndGradient: The loss function to pass to skipgram. When
      None, the one defined in skipgram's module is used, or else skipgram's default.

    Returns:
    - None. Raises AssertionError on a mismatch.
    """
    loss_fn = naiveSoftmaxLossAndGradient
    if loss_fn is None:
        module = sys.modules.get(getattr(skipgram, "__module__", None) or "")
        loss_fn = getattr(module, "naiveSoftmaxLossAndGradient", None)
    _run_skipgram_cases("naiveSoftmaxLossAndGradient", NAIVE_SOFTMAX_CASES,
                        skipgram, dummy_tokens, dummy_vectors, dataset, loss_fn)


def grad_tests_negsamp(skipgram, dummy_tokens, dummy_vectors, dataset, negSamplingLossAndGradient):
    """Run the three known-answer skip-gram tests with the negative-sampling loss.

    The expected values assume Python's `random` module is in the state that the
    original word2vec.py test sequence leaves it in (seeds, then the two wrapper
    gradient checks and the naive-softmax tests, which draw nothing).

    Inputs:
    - skipgram: The skip-gram function under test.
    - dummy_tokens: A dict mapping the words "a".."e" to the indices 0..4.
    - dummy_vectors: A numpy array of shape (10, 3); rows 0-4 are centre vectors,
      rows 5-9 outside vectors.
    - dataset: The dummy dataset whose sampleTokenIdx() draws the negatives.
    - negSamplingLossAndGradient: The negative-sampling loss function.

    Returns:
    - None. Raises AssertionError on a mismatch.
    """
    _run_skipgram_cases("negSamplingLossAndGradient", NEG_SAMPLING_CASES,
                        skipgram, dummy_tokens, dummy_vectors, dataset,
                        negSamplingLossAndGradient)
