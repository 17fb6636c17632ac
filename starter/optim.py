"""Optimisers and dropout: the problem set on Adam and dropout.

You will implement, with explicit state (no classes):

- ``sgd_step``: plain gradient descent.
- ``momentum_step``: momentum as an exponential moving average of gradients.
- ``adam_step``: Adam with bias correction (t counts updates from 1).
- ``adamw_step``: Adam with decoupled weight decay (AdamW).
- ``minimize``: the loop that runs any of these on a function until the gradient is small
  ("converged"), the parameters blow up ("diverged"), or the iteration budget runs out
  ("max_iters").
- ``dropout``: inverted dropout, which scales the kept units at training time so that the expected
  output equals the input and nothing changes at test time.

Provided (do not change): the ill-conditioned quadratic f(theta) = 0.5 * (1000 * theta_1**2 +
theta_2**2) and its gradient, the small adapters ``make_sgd``, ``make_momentum``, ``make_adam``,
``make_adamw`` and ``make_step_fn`` that turn the step functions into the ``step_fn`` that
``minimize`` expects, and ``EXPERIMENT``, the table of optimiser configurations the experiment runs
(the autograder runs the same table on your code and compares outcomes and iteration counts with the
instructor's).

Only numpy is used.
"""
import numpy as np

# Parameters with any entry larger than this in absolute value count as diverged.
DIVERGENCE_BOUND = 1e6


# ---------------------------------------------------------------------------
# The ill-conditioned quadratic (provided)
# ---------------------------------------------------------------------------

def ill_conditioned_f(theta):
    """The ill-conditioned quadratic f(theta) = 0.5 * (1000 * theta_1**2 + theta_2**2).

    Its Hessian is diag(1000, 1): the condition number is 1000, so a step size small enough for
    theta_1 is far too small for theta_2. The minimum is 0, at theta = (0, 0).

    Inputs:
    - theta: array-like of shape (2,), the point (theta_1, theta_2).

    Returns:
    - f: float, the value of f at theta.
    """
    theta = np.asarray(theta, dtype=float)
    return float(0.5 * (1000.0 * theta[0] ** 2 + theta[1] ** 2))


def ill_conditioned_grad(theta):
    """The gradient of ``ill_conditioned_f``: (1000 * theta_1, theta_2).

    Inputs:
    - theta: array-like of shape (2,), the point (theta_1, theta_2).

    Returns:
    - grad: numpy array of shape (2,), dtype float64, the gradient at theta.
    """
    theta = np.asarray(theta, dtype=float)
    return np.array([1000.0 * theta[0], theta[1]])


# ---------------------------------------------------------------------------
# Update rules
# ---------------------------------------------------------------------------

def sgd_step(theta, grad, lr):
    """One step of plain (stochastic) gradient descent: theta <- theta - lr * grad.

    Inputs:
    - theta: numpy array of any shape, the current parameters. Not modified.
    - grad: numpy array of the same shape as theta, the gradient at theta.
    - lr: float, the learning rate (step size).

    Returns:
    - theta_new: numpy array of the same shape as theta, the updated parameters (a new array).
    """
    # YOUR CODE HERE (hint: one line: move against the gradient, scaled by lr)
    raise NotImplementedError("sgd_step: one line: move against the gradient, scaled by lr")
    # END YOUR CODE
    return theta_new


def momentum_step(theta, grad, m, lr, beta1=0.9):
    """One step of gradient descent with momentum, written as an exponential average:

        m     <- beta1 * m + (1 - beta1) * grad
        theta <- theta - lr * m        (using the new m)

    Inputs:
    - theta: numpy array of any shape, the current parameters. Not modified.
    - grad: numpy array of the same shape as theta, the gradient at theta.
    - m: numpy array of the same shape as theta, the first moment (running average of gradients)
      before this step; zeros before the first step. Not modified.
    - lr: float, the learning rate.
    - beta1: float in [0, 1), the decay rate of the running average.

    Returns a tuple of:
    - theta_new: numpy array of the same shape as theta, the updated parameters.
    - m_new: numpy array of the same shape as theta, the updated first moment.
    """
    # YOUR CODE HERE (hint: update the moving average m first, then step theta against the new m)
    raise NotImplementedError("momentum_step: update the moving average m first, then step theta against the new m")
    # END YOUR CODE
    return theta_new, m_new


def _check_step_number(t):
    """Raise ValueError for a step number t below 1 (Adam's bias correction divides by 1 - beta**t)."""
    if t < 1:
        raise ValueError(f"the step number t counts from 1, got t={t!r}")


def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of Adam with bias correction:

        m     <- beta1 * m + (1 - beta1) * grad
        v     <- beta2 * v + (1 - beta2) * grad * grad      (elementwise square)
        m_hat  = m / (1 - beta1**t)
        v_hat  = v / (1 - beta2**t)
        theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)

    Inputs:
    - theta: numpy array of any shape, the current parameters. Not modified.
    - grad: numpy array of the same shape as theta, the gradient at theta.
    - m: numpy array of the same shape as theta, the first moment before this step (zeros before the
      first step). Not modified.
    - v: numpy array of the same shape as theta, the second moment before this step (zeros before
      the first step). Not modified.
    - t: int >= 1, the number of this update: 1 for the first update, 2 for the second, and so on.
    - lr: float, the learning rate.
    - beta1: float in [0, 1), the decay rate of the first moment.
    - beta2: float in [0, 1), the decay rate of the second moment.
    - eps: float, added to sqrt(v_hat) to avoid dividing by zero.

    Returns a tuple of:
    - theta_new: numpy array of the same shape as theta, the updated parameters.
    - m_new: numpy array of the same shape as theta, the updated first moment (without bias
      correction).
    - v_new: numpy array of the same shape as theta, the updated second moment (without bias
      correction).
    """
    _check_step_number(t)
    # YOUR CODE HERE (hint: update m and v, correct both for their bias (t counts from 1), then step; eps keeps the denominator away from 0)
    raise NotImplementedError("adam_step: update m and v, correct both for their bias (t counts from 1), then step; eps keeps the denominator away from 0")
    # END YOUR CODE
    return theta_new, m_new, v_new


def adamw_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    """One step of AdamW: Adam with decoupled weight decay.

    The moments are updated from grad exactly as in Adam (the decay is NOT
    added to the gradient); the decay acts directly on the parameters:

        theta <- theta - lr * (m_hat / (sqrt(v_hat) + eps) + weight_decay * theta)

    where theta on the right-hand side is the parameters before this step.

    Inputs:
    - theta: numpy array of any shape, the current parameters. Not modified.
    - grad: numpy array of the same shape as theta, the gradient of the loss (without any decay
      term) at theta.
    - m: numpy array of the same shape as theta, the first moment before this step (zeros before the
      first step). Not modified.
    - v: numpy array of the same shape as theta, the second moment before this step (zeros before
      the first step). Not modified.
    - t: int >= 1, the number of this update, counted from 1.
    - lr: float, the learning rate.
    - beta1: float in [0, 1), the decay rate of the first moment.
    - beta2: float in [0, 1), the decay rate of the second moment.
    - eps: float, added to sqrt(v_hat) to avoid dividing by zero.
    - weight_decay: float >= 0, the decoupled weight-decay coefficient (lambda).

    Returns a tuple of:
    - theta_new: numpy array of the same shape as theta, the updated parameters.
    - m_new: numpy array of the same shape as theta, the updated first moment.
    - v_new: numpy array of the same shape as theta, the updated second moment.
    """
    _check_step_number(t)
    # YOUR CODE HERE (hint: the Adam step from the raw gradient, with weight decay applied to theta directly rather than added to the gradient)
    raise NotImplementedError("adamw_step: the Adam step from the raw gradient, with weight decay applied to theta directly rather than added to the gradient")
    # END YOUR CODE
    return theta_new, m_new, v_new


# ---------------------------------------------------------------------------
# The optimisation loop
# ---------------------------------------------------------------------------

def minimize(grad_fn, theta0, step_fn, tol=1e-3, max_iters=1000):
    """Run an optimiser from theta0 until convergence, divergence or max_iters.

    The loop does at most max_iters iterations. Iteration t (t = 1, 2, ...):

    1. g = grad_fn(theta).
    2. If the Euclidean norm of g is < tol: stop with status "converged";
       iterations = t - 1, the number of updates done so far (0 if theta0
       already satisfies the tolerance).
    3. Otherwise update: theta, state = step_fn(theta, g, state, t).
    4. If the new theta has a non-finite entry (nan or inf) or
       max(abs(theta)) > DIVERGENCE_BOUND (1e6): stop with status "diverged";
       iterations = t, the number of updates done.

    If max_iters updates are done without stopping, the status is "max_iters" and iterations =
    max_iters (the gradient at the final theta is not checked). The state starts as None; each
    step_fn creates its own initial state (zeros) when it receives None.

    Inputs:
    - grad_fn: callable, grad_fn(theta) -> numpy array of shape (D,), the gradient at theta (theta
      is a float64 array of shape (D,)).
    - theta0: array-like of shape (D,), the starting point. Never modified; the loop works on a
      float64 copy.
    - step_fn: callable, step_fn(theta, g, state, t) -> (theta_new, state_new) where theta and g
      have shape (D,), state is the optimiser state (None before the first update) and t is the
      number of this update, counted from 1. See make_sgd, make_momentum, make_adam, make_adamw.
    - tol: float, the gradient-norm tolerance for convergence.
    - max_iters: int >= 0, the maximum number of updates.

    Returns a tuple of:
    - theta: numpy array of shape (D,), float64, the final parameters.
    - iterations: int, the number of updates done (see above).
    - status: str, one of "converged", "diverged", "max_iters".
    """
    theta = np.array(theta0, dtype=np.float64)  # a copy: theta0 is never modified
    state = None
    for t in range(1, max_iters + 1):
        # YOUR CODE HERE (hint: each iteration: compute the gradient; converged (after t - 1 updates) when its norm is below tol, otherwise step, and diverged (after t updates) when theta is non-finite or too large)
        raise NotImplementedError("minimize: each iteration: compute the gradient; converged (after t - 1 updates) when its norm is below tol, otherwise step, and diverged (after t updates) when theta is non-finite or too large")
        # END YOUR CODE
    return theta, max_iters, "max_iters"


# ---------------------------------------------------------------------------
# Adapters from the step functions to minimize's step_fn (provided)
# ---------------------------------------------------------------------------

def make_sgd(lr):
    """Build a step_fn for minimize that does plain gradient descent.

    Inputs:
    - lr: float, the learning rate.

    Returns:
    - step_fn: callable (theta, g, state, t) -> (theta_new, None); the state is unused and stays
      None.
    """
    def step_fn(theta, g, state, t):
        return sgd_step(theta, g, lr), None
    return step_fn


def make_momentum(lr, beta1=0.9):
    """Build a step_fn for minimize that does gradient descent with momentum.

    Inputs:
    - lr: float, the learning rate.
    - beta1: float in [0, 1), the decay rate of the running average.

    Returns:
    - step_fn: callable (theta, g, state, t) -> (theta_new, m_new); the state is the first moment m,
      of the same shape as theta (zeros when state is None).
    """
    def step_fn(theta, g, state, t):
        m = np.zeros_like(theta) if state is None else state
        return momentum_step(theta, g, m, lr, beta1)
    return step_fn


def make_adam(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Build a step_fn for minimize that does Adam.

    Inputs:
    - lr, beta1, beta2, eps: floats, as in adam_step.

    Returns:
    - step_fn: callable (theta, g, state, t) -> (theta_new, (m_new, v_new)); the state is the pair
      of moments (m, v), each of the same shape as theta (zeros when state is None).
    """
    def step_fn(theta, g, state, t):
        m, v = (np.zeros_like(theta), np.zeros_like(theta)) if state is None else state
        theta_new, m_new, v_new = adam_step(theta, g, m, v, t, lr, beta1, beta2, eps)
        return theta_new, (m_new, v_new)
    return step_fn


def make_adamw(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    """Build a step_fn for minimize that does AdamW.

    Inputs:
    - lr, beta1, beta2, eps, weight_decay: floats, as in adamw_step.

    Returns:
    - step_fn: callable (theta, g, state, t) -> (theta_new, (m_new, v_new)); the state is the pair
      of moments (m, v), each of the same shape as theta (zeros when state is None).
    """
    def step_fn(theta, g, state, t):
        m, v = (np.zeros_like(theta), np.zeros_like(theta)) if state is None else state
        theta_new, m_new, v_new = adamw_step(theta, g, m, v, t, lr, beta1, beta2, eps, weight_decay)
        return theta_new, (m_new, v_new)
    return step_fn


STEP_FACTORIES = {"sgd": make_sgd, "momentum": make_momentum, "adam": make_adam, "adamw": make_adamw}


def make_step_fn(kind, **hparams):
    """Build a step_fn for minimize from an optimiser kind and its hyper-parameters.

    Inputs:
    - kind: str, one of "sgd", "momentum", "adam", "adamw".
    - hparams: keyword arguments of the matching factory (make_sgd, ...), e.g. lr=0.1, beta1=0.9.

    Returns:
    - step_fn: callable (theta, g, state, t) -> (theta_new, state_new).
    """
    if kind not in STEP_FACTORIES:
        raise ValueError(f"unknown optimiser kind {kind!r}; expected one of {sorted(STEP_FACTORIES)}")
    return STEP_FACTORIES[kind](**hparams)


# ---------------------------------------------------------------------------
# The experiment on the ill-conditioned quadratic (provided)
# ---------------------------------------------------------------------------

# Every configuration starts at EXPERIMENT_THETA0 and runs
#     minimize(ill_conditioned_grad, EXPERIMENT_THETA0,
#              make_step_fn(kind, **hparams),
#              tol=EXPERIMENT_TOL, max_iters=EXPERIMENT_MAX_ITERS).
EXPERIMENT_THETA0 = (1.0, 1.0)
EXPERIMENT_TOL = 1e-3
EXPERIMENT_MAX_ITERS = 1000

# Rows of (name, kind, hyper-parameters).
EXPERIMENT = (
    ("SGD lr=0.1", "sgd", {"lr": 0.1}),
    ("SGD lr=0.005", "sgd", {"lr": 0.005}),
    ("momentum lr=0.1 beta1=0.9", "momentum", {"lr": 0.1, "beta1": 0.9}),
    ("Adam lr=0.1", "adam", {"lr": 0.1}),
    ("AdamW lr=0.1 wd=0.01", "adamw", {"lr": 0.1, "weight_decay": 1e-2}),
)


# ---------------------------------------------------------------------------
# Dropout
# ---------------------------------------------------------------------------

def dropout(h, p_drop, train=True, rng=None):
    """Inverted dropout.

    At training time each unit is kept independently with probability 1 - p_drop (mask d_i ~
    Bernoulli(1 - p_drop)) and the kept units are scaled
    by 1 / (1 - p_drop), so that E[output] = h:

        output = h * d / (1 - p_drop)

    The mask is drawn with exactly one call, rng.random(h.shape) >= p_drop, so a given seed gives a
    given mask. At test time (train=False) nothing is dropped or scaled and h is returned unchanged
    (as a copy); p_drop = 0 also returns an unchanged copy of h.

    Inputs:
    - h: numpy float array of any shape, the activations.
    - p_drop: float in [0, 1), the probability of dropping each unit.
    - train: bool, True at training time, False at test time.
    - rng: numpy.random.Generator used to draw the mask; when None, a fresh np.random.default_rng()
      is used.

    Returns:
    - out: numpy array of the same shape and dtype as h.

    Raises ValueError if p_drop is not in [0, 1).
    """
    h = np.asarray(h)
    if not 0 <= p_drop < 1:
        raise ValueError(f"p_drop must be in [0, 1), got {p_drop!r}")
    p_drop = float(p_drop)  # a Python float keeps h's dtype (a np.float64 would upcast float32)
    if not train or p_drop == 0:
        return h.copy()
    if rng is None:
        rng = np.random.default_rng()
    # YOUR CODE HERE (hint: keep each unit with probability 1 - p_drop, drawing from rng, and scale the kept ones so that the expectation is h)
    raise NotImplementedError("dropout: keep each unit with probability 1 - p_drop, drawing from rng, and scale the kept ones so that the expectation is h")
    # END YOUR CODE
    return out
