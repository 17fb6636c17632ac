#!/usr/bin/env python
"""A one-hidden-layer neural network: forward and backward pass (CS224d pset 1, `q2_neural.py`).

The network maps a row x of `data` to class probabilities

    h = sigmoid(x W1 + b1),    y_hat = softmax(h W2 + b2)

and its cost on a batch is the cross-entropy SUMMED over the batch's rows:
cost = -sum_n sum_k labels[n, k] log y_hat[n, k] (the original's convention;
not the mean).

The softmax is the provided one (`utils.utils.softmax`). The sigmoid and its
derivative may be computed here or imported from your sigmoid.py (as the
original did with `from q2_sigmoid import sigmoid, sigmoid_grad`); if you
import them, a mistake in sigmoid.py shows up in this file's results too.

Run ``python neural.py`` (from the directory holding this file and ``utils/``)
for the original sanity check: a gradient check on a random network.
"""

import numpy as np

from utils.gradcheck import gradcheck_naive
from utils.utils import softmax


def forward_backward_prop(data, labels, params, dimensions):
    """Cost and gradient of a one-hidden-layer sigmoid network with a softmax output.

    Arguments:
    data -- numpy array of shape (N, Dx): one example per row. (A late-2017
            version of the handout calls this argument X.)
    labels -- numpy array of shape (N, Dy): one-hot rows, labels[n, k] = 1 when
              example n is of class k.
    params -- numpy array of shape (Dx*H + H + H*Dy + Dy,): the parameters, one
              flat vector holding, in this order, W1 (Dx, H), b1 (1, H),
              W2 (H, Dy) and b2 (1, Dy), each flattened in row-major order.
    dimensions -- sequence of three ints [Dx, H, Dy]: the input, hidden and
                  output sizes.

    Return:
    cost -- scalar: the cross-entropy summed over the N examples.
    grad -- numpy array of the shape of params: d cost / d params, laid out as
            params is (gradW1, gradb1, gradW2, gradb2, each flattened).
    """
    ofs = 0
    Dx, H, Dy = (dimensions[0], dimensions[1], dimensions[2])

    W1 = np.reshape(params[ofs:ofs + Dx * H], (Dx, H))
    ofs += Dx * H
    b1 = np.reshape(params[ofs:ofs + H], (1, H))
    ofs += H
    W2 = np.reshape(params[ofs:ofs + H * Dy], (H, Dy))
    ofs += H * Dy
    b2 = np.reshape(params[ofs:ofs + Dy], (1, Dy))

    # BEGIN SOLUTION (hint: a forward pass (sigmoid hidden layer, softmax output, cross-entropy summed over the batch), then a backward pass that starts from the output's error and uses the sigmoid's derivative written with its output) (full hint: forward: h = sigmoid(data @ W1 + b1), y_hat = softmax(h @ W2 + b2), cost = -sum(labels * log(y_hat)); backward: start from y_hat - labels, and the sigmoid's derivative is h * (1 - h), written with its OUTPUT h)
    z1 = data @ W1 + b1                                # (N, H)
    h = 0.5 * (1.0 + np.tanh(0.5 * z1))                # the sigmoid, without overflow for large |z1|
    scores = h @ W2 + b2                               # (N, Dy)
    y_hat = softmax(scores)
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_y_hat = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    cost = -np.sum(labels * log_y_hat)

    delta2 = y_hat - labels                            # d cost / d scores, (N, Dy)
    gradW2 = h.T @ delta2
    gradb2 = np.sum(delta2, axis=0, keepdims=True)
    delta1 = (delta2 @ W2.T) * h * (1.0 - h)           # d cost / d z1, (N, H)
    gradW1 = data.T @ delta1
    gradb1 = np.sum(delta1, axis=0, keepdims=True)
    # END SOLUTION

    # Provided: the gradient's layout must match params' (do not modify)
    grad = np.concatenate((gradW1.flatten(), gradb1.flatten(),
                           gradW2.flatten(), gradb2.flatten()))

    return cost, grad


def sanity_check():
    """Gradient check of forward_backward_prop on a random network (the original's check).

    20 examples, dimensions [10, 5, 10], random one-hot labels and random
    parameters; prints "Gradient check passed!" when the gradient is right.
    """
    print("Running sanity check...")

    N = 20
    dimensions = [10, 5, 10]
    data = np.random.randn(N, dimensions[0])   # each row will be a datum
    labels = np.zeros((N, dimensions[2]))
    for i in range(N):
        labels[i, np.random.randint(0, dimensions[2] - 1)] = 1

    params = np.random.randn((dimensions[0] + 1) * dimensions[1] + (
        dimensions[1] + 1) * dimensions[2], )

    gradcheck_naive(lambda params:
                    forward_backward_prop(data, labels, params, dimensions), params)


if __name__ == "__main__":
    sanity_check()
