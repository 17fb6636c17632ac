"""Stand-ins for gradcheck.py: objectives f(x) -> (cost, gradient) for gradcheck_naive.

Built in the worker, by name, when a test asks for one (autograder.checks.standin);
report() sends back what each saw. Nothing here knows the checker's expected verdict.
"""
import random

import numpy as np


class Objective:
    """f(x) -> (cost, gradient) for gradcheck_naive; counts its evaluations.

    Every stand-in of this file is an Objective with the same attributes: what it
    computes lives in closures, so a checker cannot tell a right gradient from a
    wrong one by the stand-in's type or attributes, only by checking it.
    """

    def __init__(self, cost, gradient):
        self._cost, self._gradient = cost, gradient
        self.evaluations = 0
        self.points = []

    def __call__(self, x):
        self.evaluations += 1
        if len(self.points) < 50:
            self.points.append(np.array(x, dtype=float))
        x = np.asarray(x, dtype=float)
        return self._cost(x), self._gradient(x)

    def report(self):
        return {"evaluations": self.evaluations, "points": self.points}


def quadratic(scale=1.0):
    """sum(scale * x**2) with its exact gradient."""
    return Objective(lambda x: float(scale * np.sum(x ** 2)), lambda x: 2 * scale * x)


def cubic():
    """sum(x**3): curved enough that a one-sided difference misses by ~h*3x."""
    return Objective(lambda x: float(np.sum(x ** 3)), lambda x: 3 * x ** 2)


def wrong_gradient(index, delta=1.0):
    """sum(x**2) with a gradient off by `delta` at one index."""
    index = tuple(index)

    def gradient(x):
        value = 2 * x
        value[index] += delta
        return value
    return Objective(lambda x: float(np.sum(x ** 2)), gradient)


def noisy_quadratic(noise=1.0):
    """sum(x**2) plus noise drawn from Python's random module: its numerical gradient is
    right only if the checker restores random's state before every evaluation, as the
    original checker does."""
    return Objective(lambda x: float(np.sum(x ** 2)) + noise * random.random(), lambda x: 2 * x)


STANDINS = {
    "quadratic": quadratic,
    "cubic": cubic,
    "wrong_gradient": wrong_gradient,
    "noisy_quadratic": noisy_quadratic,
}
