"""Written answers, as formulas.

Each function answers one short written question of the four assignments this
homework draws on (CS224d problem set 1, CS224n assignment 2, the Toronto CSC421
programming assignment 1, and the problem set on Adam and dropout). Answer with a
formula in the function's arguments, not with the number for the handout's sizes:
the autograder calls every function on many generated arguments and compares what
it returns with the instructor's answer.

Counts are ints; the other answers are floats, or a numpy array where the
docstring says so. Plain Python arithmetic is enough; numpy is imported for the
one vector answer.
"""
import numpy as np


def neural_net_param_count(Dx, H, Dy):
    """How many parameters does the one-hidden-layer network of CS224d problem set 1 have?

    The network (neural.py) maps an input of Dx features to a hidden layer of H
    sigmoid units by an affine map (weights and a bias), and the hidden layer to
    Dy softmax outputs by another affine map. Count every trainable number.

    Inputs:
    - Dx: int >= 1, the number of input features.
    - H: int >= 1, the number of hidden units.
    - Dy: int >= 1, the number of output classes.

    Returns:
    - count: int, the number of parameters, as a formula in Dx, H and Dy.
    """
    # BEGIN SOLUTION (hint: an affine layer from n_in to n_out units has a weight per (input, output) pair and a bias per output unit)
    return (Dx + 1) * H + (H + 1) * Dy
    # END SOLUTION


def language_model_param_count(V, D, H, context_size):
    """How many trainable parameters does the CSC421 neural language model have?

    The model (language_model.py) reads context_size words (three in the
    handout), looks each one up in a single embedding table that all context
    positions share (D numbers per word of the V-word vocabulary), concatenates
    the embeddings, feeds them through a logistic hidden layer of H units (an
    affine map with a bias) and predicts the next word with a softmax over the V
    words (another affine map with a bias).

    Inputs:
    - V: int >= 1, the vocabulary size.
    - D: int >= 1, the embedding dimension.
    - H: int >= 1, the number of hidden units.
    - context_size: int >= 1, the number of context words the model reads.

    Returns:
    - count: int, the number of trainable parameters, as a formula in V, D, H
      and context_size.
    """
    # BEGIN SOLUTION (hint: add the embedding table, the hidden layer's weights (their input is the concatenation of context_size embeddings) and bias, and the output layer's weights and bias)
    return V * D + H * (context_size * D + 1) + V * (H + 1)
    # END SOLUTION


def ngram_table_entries(V, n):
    """How many entries does a table of n-gram counts over a V-word vocabulary have?

    The table holds one count for every sequence of n words, whether or not the
    sequence occurs in the training text (a dense table, as in the CSC421
    handout's question about n-gram models).

    Inputs:
    - V: int >= 1, the vocabulary size.
    - n: int >= 1, the length of the word sequences counted.

    Returns:
    - entries: int, the number of entries, as a formula in V and n.
    """
    # BEGIN SOLUTION (hint: each of the n positions can hold any of the V words, independently)
    return V ** n
    # END SOLUTION


def dropout_scale(p_drop):
    """Which scale gamma makes inverted dropout leave every unit's expected value unchanged?

    Inverted dropout computes h_drop = gamma * d * h, where each entry of the
    mask d is 0 with probability p_drop and 1 otherwise, independently. The
    question: the gamma for which E[h_drop] = h for every h.

    Inputs:
    - p_drop: float in [0, 1), the probability of dropping a unit.

    Returns:
    - gamma: float, as a formula in p_drop.
    """
    # BEGIN SOLUTION (hint: E[d_i] is the probability of keeping a unit; gamma must cancel it)
    return 1 / (1 - p_drop)
    # END SOLUTION


def sgd_step_limit(c1, c2):
    """What is the largest step size for which gradient descent does not diverge on an axis-aligned quadratic?

    Gradient descent theta <- theta - a * grad f(theta) runs on
    f(theta) = 0.5 * (c1 * theta_1**2 + c2 * theta_2**2), with c1, c2 > 0, from
    a start where both coordinates are non-zero (the problem set's case is
    c1 = 1000, c2 = 1). The answer is the boundary step a* itself: every step
    0 < a < a* converges to the minimum; at a = a* the iterates stay bounded but
    never converge (the stiffer coordinate flips sign at every step without
    shrinking, which is why the problem set counts a = a* among the steps that
    fail); every a > a* diverges. Either argument may be the larger.

    Inputs:
    - c1: float > 0, the curvature along theta_1.
    - c2: float > 0, the curvature along theta_2.

    Returns:
    - a_star: float, the boundary step, as a formula in c1 and c2.
    """
    # BEGIN SOLUTION (hint: each coordinate is multiplied by (1 - a * c_i) at every step; find where the larger factor in absolute value reaches 1)
    return 2 / max(c1, c2)
    # END SOLUTION


def sigmoid_derivative(s):
    """What is the derivative of the sigmoid, written in terms of the sigmoid's output?

    With sigma(x) = 1 / (1 + exp(-x)) and s = sigma(x), write d sigma(x) / dx
    using s only (CS224n assignment 2's written part; CS224d problem set 1's
    sigmoid_grad takes s for the same reason).

    Inputs:
    - s: float in (0, 1), the sigmoid's OUTPUT (not its input x).

    Returns:
    - ds: float, d sigma(x) / dx at the x where sigma(x) = s, as a formula in s.
    """
    # BEGIN SOLUTION (hint: differentiate 1 / (1 + exp(-x)), then write exp(-x) with s)
    return s * (1 - s)
    # END SOLUTION


def neg_sampling_outside_grad(v_c, u_k, k, negative_indices):
    """What is the gradient of the negative-sampling loss with respect to one negative sample's outside vector?

    CS224n assignment 2's loss for a centre word c, an outside word o and the
    negative samples w_1, ..., w_K (drawn with replacement, so a word may occur
    several times, and never equal to o) is
        J = -log sigma(u_o . v_c) - sum_{s=1..K} log sigma(-u_{w_s} . v_c).
    The question: dJ / du_k for a word k that is among the negative samples,
    once or several times.

    Inputs:
    - v_c: numpy array of shape (d,), the centre word's vector.
    - u_k: numpy array of shape (d,), the outside vector of word k.
    - k: int, the index of word k.
    - negative_indices: list of K ints, the word indices w_1, ..., w_K of the
      negative samples, in the order drawn; k occurs in it at least once.

    Returns:
    - grad: numpy array of shape (d,), dJ / du_k, as a formula in v_c, u_k and
      the negative samples.
    """
    # BEGIN SOLUTION (hint: each occurrence of k among the samples contributes the gradient of one -log sigma(-u_k . v_c) term)
    repeats = negative_indices.count(k)
    return repeats / (1 + np.exp(-(u_k @ v_c))) * v_c
    # END SOLUTION
