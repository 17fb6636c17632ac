"""Stand-ins for gradcheck.py: objectives f(x) -> (cost, gradient) for gradcheck_naive.

Built in the worker, by name, when a test asks for one (autograder.checks.standin);
report() sends back what each saw. Nothing here knows the checker's expected verdict.
"""
import random

import numpy as np


class Objective:
    """f(x) = sum(quadratic * x**2 + cubic * x**3) + noise * random.random(), returning with
    its cost the array `gradient` that the grader computed for the point it checks.

    Right and wrong objectives are the same code on data of the same kinds: the grader
    passes a right gradient, or one it changed in some entry, and per-entry coefficients
    drawn at random, so nothing but checking the gradient against the cost (by differences,
    or by differentiating the cost) tells them apart. Counts its evaluations and keeps the
    first 50 points.

    quadratic, cubic: arrays of the checked point's shape (or scalars); gradient: an array
    of that shape; noise: how much of Python's random.random() the cost adds (its numerical
    gradient is right only if the checker restores random's state before every evaluation,
    as the original checker does).
    """

    def __init__(self, quadratic, cubic, gradient, noise=0.0):
        self.quadratic = np.asarray(quadratic, dtype=float)
        self.cubic = np.asarray(cubic, dtype=float)
        self.gradient = np.array(gradient, dtype=float)
        self.noise = float(noise)
        self.evaluations = 0
        self.points = []

    def __call__(self, x):
        self.evaluations += 1
        if len(self.points) < 50:
            self.points.append(np.array(x, dtype=float))
        x = np.asarray(x, dtype=float)
        cost = float(np.sum(self.quadratic * x ** 2 + self.cubic * x ** 3)) + self.noise * random.random()
        return cost, self.gradient.copy()

    def report(self):
        return {"evaluations": self.evaluations, "points": self.points}


STANDINS = {
    "objective": Objective,
}
# What each stand-in's report() holds (autograder/sandbox/replies.py:fits): the grader reads a record only in
# this shape, since the submission's code, in the same process, can change what a report shows.
RECORDS = {"objective": {"evaluations": int, "points": [np.ndarray]}}
