"""Stand-ins for optim.py: minimize's gradient and step functions, dropout's rng.

Built in the worker, by name, when a test asks for one (autograder.checks.standin),
and in the grader for the reference (autograder.checks.StandIns); report() sends
back what each saw. Nothing here computes an update: minimize's step function
replays a path that the grader computed, so a test of minimize runs none of the
student's step functions, and a student's step function finds no update rule here.
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


class ReplayedStep:
    """step_fn(theta, g, state, t) -> (theta_new, state_new) for minimize that replays a path the
    grader computed: call k (k = 1, 2, ...) expects theta = path[k - 1], g = gradients[k - 1], t = k
    and the state call k - 1 returned (None at first), and returns (path[k], states[k - 1]). It
    computes no update: the path is data, so a test of minimize runs neither the student's step
    functions nor any other. A call with other inputs, or beyond the path, is recorded as a
    mismatch and returns (theta, state) unchanged.

    The path runs for all of minimize's max_iters updates, past where minimize should stop: nothing
    here tells where that is. The grader decides it from the calls recorded.

    path: K + 1 rows of theta (theta0 first); gradients: K rows, what grad_fn gives at path[:-1];
    states: K opaque tokens for minimize to pass back. inplace=True writes the new theta into
    the theta it was given, as a step function may, to check that minimize works on a copy.
    report(): "calls", how many calls; "steps" and "states", the t and state of the first 200;
    "mismatches", [call number, what was wrong] for the first 5 calls off the path.
    """

    def __init__(self, path, gradients, states, inplace=False):
        self.path = np.asarray(path, dtype=float)
        self.gradients = np.asarray(gradients, dtype=float)
        self.tokens = list(states)
        self.inplace = inplace
        self.calls = 0
        self.steps, self.states, self.mismatches = [], [], []

    def _same(self, got, expected):
        got = np.asarray(got, dtype=float)
        # Values minimize only passes on agree exactly; the tolerance admits a copy in another precision order.
        return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-12, atol=0.0, equal_nan=True))

    def __call__(self, theta, g, state, t):
        self.calls += 1
        k = self.calls
        if len(self.steps) < 200:
            self.steps.append(t if isinstance(t, (int, np.integer)) else repr(t))
            self.states.append(state if state is None or isinstance(state, (int, str)) else repr(state)[:80])
        expected_state = None if k == 1 else self.tokens[k - 2] if k - 2 < len(self.tokens) else "(none)"
        if k >= len(self.path):
            problem = f"call {k} of step_fn, past the {len(self.path) - 1} updates of the path it replays"
        elif not self._same(theta, self.path[k - 1]):
            problem = f"call {k} of step_fn got theta = {np.asarray(theta)!r}, not {self.path[k - 1]!r}"
        elif not self._same(g, self.gradients[k - 1]):
            problem = f"call {k} of step_fn got g = {np.asarray(g)!r}, not grad_fn(theta) = {self.gradients[k - 1]!r}"
        elif not (isinstance(t, (int, np.integer)) and t == k):
            problem = f"call {k} of step_fn got t = {t!r}, not {k}"
        elif not (type(state) is type(expected_state) and state == expected_state):
            problem = f"call {k} of step_fn got state = {state!r}, not {expected_state!r}"
        else:
            problem = None
        if problem is not None:
            if len(self.mismatches) < 5:
                self.mismatches.append([k, problem[:400]])
            return theta, state
        if self.inplace:
            theta[...] = self.path[k]
            return theta, self.tokens[k - 1]
        return self.path[k].copy(), self.tokens[k - 1]

    def report(self):
        return {"calls": self.calls, "steps": self.steps, "states": self.states, "mismatches": self.mismatches}


STANDINS = {
    "rng": make_rng,
    "quadratic_gradient": QuadraticGradient,
    "replayed_step": ReplayedStep,
}
# What each stand-in's report() holds (autograder/sandbox/replies.py:fits): the grader reads a record only in
# this shape, since the submission's code, in the same process, can change what a report shows.
RECORDS = {"quadratic_gradient": {"evaluations": int},
           "replayed_step": {"calls": int, "steps": [(int, np.integer, str)], "states": [(type(None), int, str)],
                             "mismatches": [[int, str]]}}
