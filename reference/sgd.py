#!/usr/bin/env python
"""Stochastic gradient descent with checkpoints (CS224n assignment 2, `sgd.py`).

``sgd`` minimises a function f that returns ``(loss, gradient)``. With
``useSaved=True`` it saves its parameters (``saved_params_<iter>.npy``) and
Python's ``random`` state (``saved_state_<iter>.pickle``) in the current
directory every SAVE_PARAMS_EVERY iterations and resumes from the newest saved
pair when started again. The step size is halved every ANNEAL_EVERY iterations.

Run ``python sgd.py`` for the official sanity checks.
"""

import glob
import os.path as op
import pickle
import random

import numpy as np

# Save parameters every few SGD iterations as a fail-safe
SAVE_PARAMS_EVERY = 5000
# Halve the step size every ANNEAL_EVERY iterations
ANNEAL_EVERY = 20000


def load_saved_params():
    """Find the newest saved parameters in the current directory.

    Looks for files saved_params_<iter>.npy with a matching
    saved_state_<iter>.pickle and picks the largest <iter>.

    Return:
    start_iter -- int: the iteration the parameters were saved at, or 0 when
                  nothing was saved.
    params -- numpy array: the saved parameters, or None.
    state -- the saved Python random state (for random.setstate), or None.
    """
    start_iter = 0
    for fname in glob.glob("saved_params_*.npy"):
        stem = op.splitext(op.basename(fname))[0]
        suffix = stem[len("saved_params_"):]
        if not suffix.isdigit():
            continue
        it = int(suffix)
        if it > start_iter and op.isfile("saved_state_%d.pickle" % it):
            start_iter = it

    if start_iter > 0:
        params = np.load("saved_params_%d.npy" % start_iter)
        with open("saved_state_%d.pickle" % start_iter, "rb") as f:
            state = pickle.load(f)
        return start_iter, params, state
    return start_iter, None, None


def save_params(iter, params):
    """Save parameters and Python's random state in the current directory.

    Arguments:
    iter -- int: the current iteration, used in the file names.
    params -- numpy array: the parameters, saved as saved_params_<iter>.npy.
              The random state goes to saved_state_<iter>.pickle.
    """
    np.save("saved_params_%d.npy" % iter, params)
    with open("saved_state_%d.pickle" % iter, "wb") as f:
        pickle.dump(random.getstate(), f)


def sgd(f, x0, step, iterations, postprocessing=None, useSaved=False, PRINT_EVERY=10):
    """Stochastic gradient descent.

    Arguments:
    f -- the function to optimise: takes one argument of the shape of x0 and returns
         (loss, gradient), loss a scalar and gradient of x0's shape.
    x0 -- numpy array (or scalar): the starting point; not modified.
    step -- float: the step size.
    iterations -- int: the total number of iterations to run (when resuming from saved
                  parameters, the count includes the iterations already done).
    postprocessing -- a function applied to x after every update (for example a
                      normalisation), or None for the identity.
    useSaved -- bool: resume from the newest saved parameters in the current directory
                and save parameters every SAVE_PARAMS_EVERY iterations.
    PRINT_EVERY -- int: print an exponential average of the loss every PRINT_EVERY iterations.

    Return:
    x -- numpy array of x0's shape: the parameter value after the last iteration.
    """
    if useSaved:
        start_iter, oldx, state = load_saved_params()
        if start_iter > 0:
            x0 = oldx
            step *= 0.5 ** (start_iter // ANNEAL_EVERY)
        if state:
            random.setstate(state)
    else:
        start_iter = 0

    x = np.array(x0, copy=True)

    if not postprocessing:
        postprocessing = lambda x: x

    exploss = None

    for iter in range(start_iter + 1, iterations + 1):
        # You might want to print the progress every few iterations.

        loss = None
        # BEGIN SOLUTION (hint: two lines: evaluate f at x, then take one step of size `step` against the gradient, building a new array)
        loss, grad = f(x)
        x = x - step * grad
        # END SOLUTION

        x = postprocessing(x)
        if iter % PRINT_EVERY == 0:
            if exploss is None:
                exploss = loss
            else:
                exploss = .95 * exploss + .05 * loss
            print("iter %d: %f" % (iter, exploss))

        if iter % SAVE_PARAMS_EVERY == 0 and useSaved:
            save_params(iter, x)

        if iter % ANNEAL_EVERY == 0:
            step *= 0.5

    return x


def sanity_check():
    """Run the official sanity check: minimise sum(x^2) from three starts."""
    quad = lambda x: (np.sum(x ** 2), x * 2)

    print("Running sanity checks...")
    t1 = sgd(quad, 0.5, 0.01, 1000, PRINT_EVERY=100)
    print("test 1 result:", t1)
    assert abs(t1) <= 1e-6

    t2 = sgd(quad, 0.0, 0.01, 1000, PRINT_EVERY=100)
    print("test 2 result:", t2)
    assert abs(t2) <= 1e-6

    t3 = sgd(quad, -1.5, 0.01, 1000, PRINT_EVERY=100)
    print("test 3 result:", t3)
    assert abs(t3) <= 1e-6

    print("-" * 40)
    print("ALL TESTS PASSED")
    print("-" * 40)


if __name__ == "__main__":
    sanity_check()
