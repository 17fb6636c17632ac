"""Harness objects that graded tests pass to student functions.

This file runs inside the worker, next to student code: the grader asks for an
object by name (wire.StandInRef) and the worker builds it here. Objects with a
report() method send back what they saw, so a test can check how the student
used them. Nothing here knows an expected answer.
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


def make_rng(seed):
    return np.random.default_rng(seed)


# -- optim.py: minimize gets a harness gradient and harness step functions ----

class QuadraticGradient:
    """grad_fn(theta) = scales * theta, the gradient of f = 0.5 * sum(scales * theta**2);
    scales (1000, 1) is the problem set's ill-conditioned quadratic. Counts evaluations."""

    def __init__(self, scales=(1000.0, 1.0)):
        self.scales = np.asarray(scales, dtype=float)
        self.evaluations = 0

    def __call__(self, theta):
        self.evaluations += 1
        return self.scales * np.asarray(theta, dtype=float)

    def report(self):
        return {"evaluations": self.evaluations}


class StepFunction:
    """step_fn(theta, g, state, t) -> (theta_new, state_new) for minimize, written from
    the problem set's update rules (so a test of minimize does not run the student's
    step functions). Records the step numbers t and the states it was given.

    kind: "sgd" (state stays None), "momentum" (state m), "adam" and "adamw" (state
    (m, v); t counts from 1), or "counter" (an SGD step whose state is the number of
    steps done, to check that minimize passes the state back). inplace=True updates
    theta in place, as a step function may, to check that minimize works on a copy.
    """

    def __init__(self, kind="sgd", lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0,
                 inplace=False):
        if kind not in ("sgd", "momentum", "adam", "adamw", "counter"):
            raise ValueError(f"unknown step kind {kind!r}")
        self.kind, self.lr, self.beta1, self.beta2, self.eps = kind, lr, beta1, beta2, eps
        self.weight_decay, self.inplace = weight_decay, inplace
        self.steps, self.states = [], []

    def __call__(self, theta, g, state, t):
        if len(self.steps) < 200:
            self.steps.append(t if isinstance(t, (int, np.integer)) else repr(t))
            self.states.append(state if state is None or isinstance(state, int) else "array state")
        theta = np.asarray(theta)
        if self.kind in ("sgd", "counter"):
            delta, state = self.lr * g, (state or 0) + 1 if self.kind == "counter" else None
        elif self.kind == "momentum":
            m = np.zeros_like(theta) if state is None else state
            m = self.beta1 * m + (1 - self.beta1) * g
            delta, state = self.lr * m, m
        else:
            if t < 1:
                raise ValueError(f"the step number t counts from 1 (Adam's bias correction divides by "
                                 f"1 - beta**t), got t={t!r}")
            m, v = (np.zeros_like(theta), np.zeros_like(theta)) if state is None else state
            m = self.beta1 * m + (1 - self.beta1) * g
            v = self.beta2 * v + (1 - self.beta2) * g * g
            m_hat, v_hat = m / (1 - self.beta1 ** t), v / (1 - self.beta2 ** t)
            delta = self.lr * (m_hat / (np.sqrt(v_hat) + self.eps)
                               + (self.weight_decay * theta if self.kind == "adamw" else 0.0))
            state = (m, v)
        if self.inplace:
            theta -= delta
            return theta, state
        return theta - delta, state

    def report(self):
        return {"steps": self.steps, "states": self.states}


class ScriptedStep:
    """step_fn whose update t returns points[t - 1] (the last point after that), whatever
    the gradient: scripted blow-ups (1e6 exactly, nan, inf) for minimize's divergence test."""

    def __init__(self, points):
        self.points = np.asarray(points, dtype=float)
        self.steps = []

    def __call__(self, theta, g, state, t):
        self.steps.append(t if isinstance(t, (int, np.integer)) else repr(t))
        return self.points[min(max(int(t), 1), len(self.points)) - 1].copy(), state

    def report(self):
        return {"steps": self.steps[:200]}


class WatchedArray(np.ndarray):
    """A float array that reports its contents when the call returns, to show whether
    the student's function changed an input in place."""

    def report(self):
        return {"values": np.array(self)}


def watched_array(values):
    return np.array(values, dtype=float).view(WatchedArray)


STANDINS = {
    "quadratic": Quadratic,
    "cubic": Cubic,
    "wrong_gradient": WrongGradient,
    "noisy_quadratic": NoisyQuadratic,
    "rng": make_rng,
    "quadratic_gradient": QuadraticGradient,
    "step": StepFunction,
    "scripted_step": ScriptedStep,
    "watched_array": watched_array,
}
