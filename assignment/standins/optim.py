"""Stand-ins for optim.py: minimize's gradient and step functions, dropout's rng.

Built in the worker, by name, when a test asks for one (autograder.checks.standin),
and in the grader for the reference (autograder.checks.StandIns); report() sends
back what each saw. The step functions follow the problem set's update rules, so a
test of minimize does not run the student's step functions.
"""
import numpy as np


def make_rng(seed):
    """dropout's rng: a numpy Generator, seeded so a test's masks are the same wherever it runs."""
    return np.random.default_rng(seed)


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


STANDINS = {
    "rng": make_rng,
    "quadratic_gradient": QuadraticGradient,
    "step": StepFunction,
    "scripted_step": ScriptedStep,
}
