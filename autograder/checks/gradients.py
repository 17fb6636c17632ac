"""Numerical gradients of a student's function, by centred differences."""
import numpy as np

STEP = 1e-5


def centred_differences(function, args, wrt, scalar_of=float, h=STEP):
    """Gradients of scalar_of(function(*args)) in the arguments args[i], i in wrt.

    Every perturbed call goes to the worker in one batch (one round trip):
    for each chosen argument and each of its entries j, args with that entry
    moved by +h and by -h.

    Inputs:
    - function: a student function (the suite's student.function(...) proxy).
    - args: tuple of positional arguments; each args[i], i in wrt, a float array.
    - wrt: indices of the arguments to differentiate in.
    - scalar_of: maps a return value to the number differentiated, e.g. the loss
      of a returned (loss, gradient) tuple.
    - h: the step.

    Returns:
    - gradients: list of arrays, one per index in wrt, gradients[k] of shape
      args[wrt[k]].shape: (f(x + h e_j) - f(x - h e_j)) / (2 h) for each entry j.
    """
    calls = []
    for i in wrt:
        for index in np.ndindex(*np.shape(args[i])):
            for sign in (1.0, -1.0):
                moved = np.array(args[i], dtype=float)
                moved[index] += sign * h
                calls.append(tuple(args[:i]) + (moved,) + tuple(args[i + 1:]))
    values = np.array([scalar_of(value) for value in function.batch(calls)])
    differences = (values[0::2] - values[1::2]) / (2 * h)
    sizes = np.cumsum([np.size(args[i]) for i in wrt])[:-1]
    return [part.reshape(np.shape(args[i])) for part, i in zip(np.split(differences, sizes), wrt)]
