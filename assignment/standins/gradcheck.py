"""Stand-ins for gradcheck.py: objectives f(x) -> (cost, gradient) for gradcheck_naive.

Built in the worker, by name, when a test asks for one (autograder.checks.standin);
report() sends back what each saw. Nothing here knows the checker's expected verdict.
"""
import random

import numpy as np


class Objective:
    """f(x) -> (cost, gradient) for gradcheck_naive and sgd; counts evaluations."""

    def __init__(self):
        self.evaluations = 0
        self.points = []

    def __call__(self, x):
        self.evaluations += 1
        if len(self.points) < 50:
            self.points.append(np.array(x, dtype=float))
        return self.cost(np.asarray(x, dtype=float)), self.gradient(np.asarray(x, dtype=float))

    def report(self):
        return {"evaluations": self.evaluations, "points": self.points}


class Quadratic(Objective):
    """sum(scale * x**2) with its exact gradient."""

    def __init__(self, scale=1.0):
        super().__init__()
        self.scale = scale

    def cost(self, x):
        return float(self.scale * np.sum(x ** 2))

    def gradient(self, x):
        return 2 * self.scale * x


class Cubic(Objective):
    """sum(x**3): curved enough that a one-sided difference misses by ~h*3x."""

    def cost(self, x):
        return float(np.sum(x ** 3))

    def gradient(self, x):
        return 3 * x ** 2


class WrongGradient(Quadratic):
    """A quadratic whose gradient is off by `delta` at one index."""

    def __init__(self, index, delta=1.0):
        super().__init__()
        self.index, self.delta = tuple(index), delta

    def gradient(self, x):
        gradient = super().gradient(x)
        gradient[self.index] += self.delta
        return gradient


class NoisyQuadratic(Quadratic):
    """A quadratic plus noise drawn from Python's random module: its numerical
    gradient is right only if the checker restores random's state before every
    evaluation, as the original checker does."""

    def __init__(self, noise=1.0):
        super().__init__()
        self.noise = noise

    def cost(self, x):
        return super().cost(x) + self.noise * random.random()


STANDINS = {
    "quadratic": Quadratic,
    "cubic": Cubic,
    "wrong_gradient": WrongGradient,
    "noisy_quadratic": NoisyQuadratic,
}
