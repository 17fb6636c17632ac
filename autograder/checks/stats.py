"""Sample sizes and acceptance regions for statistical graded tests.

A statistical test must not fail a correct submission by bad luck: every test
states its false-failure probability (below 1e-9 in this project) and takes its
sample size from an explicit bound, here Hoeffding's inequality or an exact
binomial tail. The same bounds also give the test's power: the probability that
a known-wrong implementation (a different mean, a different success rate) is
accepted, which a test should keep below its false-failure probability too.

All binomial probabilities are exact sums computed in log space (math.lgamma),
so tails far below 1e-300 do not underflow. The sums are O(n) in Python: fine for
the sample sizes graded tests use (up to about 10**6 draws).
"""
import functools
import math

# ---------------------------------------------------------------------------
# Hoeffding's inequality: means of bounded independent draws
# ---------------------------------------------------------------------------

def hoeffding_tail(n, epsilon, value_range=1.0, two_sided=True):
    """Hoeffding's bound on the probability that the mean of n draws strays from its expectation.

    For n independent draws with values in an interval of length value_range,

        P(mean - E[mean] >= epsilon)   <= exp(-2 n epsilon**2 / value_range**2)
        P(|mean - E[mean]| >= epsilon) <= 2 exp(-2 n epsilon**2 / value_range**2)

    Inputs:
    - n: int >= 0, the number of draws.
    - epsilon: float > 0, the deviation of the mean.
    - value_range: float > 0, the length of an interval holding every draw.
    - two_sided: bool, bound |deviation| (True) or one direction only (False).

    Returns:
    - bound: float in [0, 1] (capped at 1), the bound on the probability.
    """
    _check_positive(epsilon=epsilon, value_range=value_range)
    bound = math.exp(-2.0 * n * (epsilon / value_range) ** 2) * (2.0 if two_sided else 1.0)
    return min(bound, 1.0)


def hoeffding_sample_size(epsilon, delta, value_range=1.0, two_sided=True):
    """The fewest draws for which Hoeffding's bound keeps a deviation of the mean below delta.

    Returns the smallest n with hoeffding_tail(n, epsilon, value_range, two_sided) <= delta,
    i.e. n = ceil(value_range**2 * ln(k / delta) / (2 epsilon**2)) with k = 2 (two-sided) or
    1 (one-sided): with n draws, the mean lands farther than epsilon from its expectation
    with probability at most delta.

    Inputs:
    - epsilon: float > 0, the largest deviation of the mean to tolerate.
    - delta: float in (0, 1), the probability allowed for a larger deviation.
    - value_range: float > 0, the length of an interval holding every draw.
    - two_sided: bool, as in hoeffding_tail.

    Returns:
    - n: int >= 1, the sample size.
    """
    _check_probability(delta)
    _check_positive(epsilon=epsilon, value_range=value_range)
    k = 2.0 if two_sided else 1.0
    n = max(1, math.ceil(value_range ** 2 * math.log(k / delta) / (2.0 * epsilon ** 2)))
    while n > 1 and hoeffding_tail(n - 1, epsilon, value_range, two_sided) <= delta:  # rounding
        n -= 1
    while hoeffding_tail(n, epsilon, value_range, two_sided) > delta:
        n += 1
    return n


# ---------------------------------------------------------------------------
# Exact binomial tails
# ---------------------------------------------------------------------------

def binomial_log_pmf(k, n, p):
    """log P(X = k) for X ~ Binomial(n, p), from math.lgamma (no overflow, no underflow).

    Inputs:
    - k: int, the number of successes (any int; outside [0, n] the probability is 0).
    - n: int >= 0, the number of trials.
    - p: float in [0, 1], the success probability.

    Returns:
    - log_probability: float, -inf when the probability is 0.
    """
    _check_trials(n, p)
    if k < 0 or k > n:
        return -math.inf
    if p == 0.0:
        return 0.0 if k == 0 else -math.inf
    if p == 1.0:
        return 0.0 if k == n else -math.inf
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
            + k * math.log(p) + (n - k) * math.log1p(-p))


def _log_add(a, b):
    """log(exp(a) + exp(b)) without overflow or underflow."""
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = (a, b) if a >= b else (b, a)
    return high + math.log1p(math.exp(low - high))


def binomial_log_mass(n, p, lo, hi):
    """log P(lo <= X <= hi) for X ~ Binomial(n, p), summed exactly in log space.

    Inputs:
    - n: int >= 0, the number of trials.
    - p: float in [0, 1], the success probability.
    - lo, hi: ints, the bounds of the interval (inclusive; clipped to [0, n]).

    Returns:
    - log_probability: float (-inf for an empty interval).
    """
    _check_trials(n, p)
    total = -math.inf
    for k in range(max(lo, 0), min(hi, n) + 1):
        total = _log_add(total, binomial_log_pmf(k, n, p))
    return min(total, 0.0)


def binomial_mass(n, p, lo, hi):
    """P(lo <= X <= hi) for X ~ Binomial(n, p) (see binomial_log_mass)."""
    return math.exp(binomial_log_mass(n, p, lo, hi))


@functools.cache  # pure, and asked again for every example of a test: computed once per process
def binomial_acceptance_interval(n, p, delta):
    """The narrowest equal-tailed interval [lo, hi] that holds Binomial(n, p) but with probability <= delta.

    lo is the largest integer with P(X < lo) <= delta / 2 and hi the smallest with
    P(X > hi) <= delta / 2, so a correct sampler's count falls outside [lo, hi] with
    probability at most delta. When the distribution is so concentrated that this
    interval would miss the mean n p (e.g. n = 2, p = 0.95, delta = 0.3 gives [2, 2]), it
    is widened to floor(n p) or ceil(n p), which only lowers that probability. The
    tails are summed exactly in log space from the mode outward; the mass beyond the
    point where the probabilities fall below delta * 1e-18 and shrink at least
    geometrically (ratio <= 1/2) is bounded by a geometric series and counted in full,
    which can only widen the interval (by less than one part in 1e17 of delta).

    Inputs:
    - n: int >= 0, the number of trials.
    - p: float in [0, 1], the success probability of a correct sampler.
    - delta: float in (0, 1), the false-failure probability allowed.

    Returns:
    - (lo, hi): ints with 0 <= lo <= n p <= hi <= n.
    """
    _check_trials(n, p)
    _check_probability(delta)
    budget = math.log(delta / 2.0)
    lo = min(_tail_edge(n, p, budget, -1), math.floor(n * p))
    hi = max(_tail_edge(n, p, budget, +1), math.ceil(n * p))
    return lo, hi


def _tail_edge(n, p, log_budget, direction):
    """The first k, walking from the far end of [0, n] towards the mode (direction -1:
    the lower tail, +1: the upper tail), whose probability pushes the tail's total
    above exp(log_budget); the lower tail's edge is lo, the upper tail's is hi."""
    mode = min(max(math.floor((n + 1) * p), 0), n)
    end = 0 if direction < 0 else n
    negligible = log_budget - math.log(1e18)
    # From the mode outward, find where the rest of the tail is negligible.
    ks, logs = [], []
    k = mode
    while True:
        ks.append(k)
        logs.append(binomial_log_pmf(k, n, p))
        if k == end:
            beyond = -math.inf  # nothing left beyond the end of [0, n]
            break
        next_log = binomial_log_pmf(k + direction, n, p)
        if logs[-1] < negligible and next_log - logs[-1] <= -math.log(2.0):
            # ratios keep shrinking outward, so the rest is at most pmf(k) * sum 2**-j = pmf(k)
            beyond = logs[-1]
            break
        k += direction
    # Accumulate from the far end back towards the mode.
    tail = beyond
    for k, log_pmf in zip(reversed(ks), reversed(logs)):
        tail = _log_add(tail, log_pmf)
        if tail > log_budget:
            return k
    raise AssertionError("a binomial distribution's mass around its mode exceeds delta / 2")  # pragma: no cover


def binomial_sample_size(p, alternatives, delta, start=16, limit=10 ** 7):
    """The fewest trials that tell success rate p from every alternative rate, both ways, with error <= delta.

    Returns the smallest n (found by doubling, then bisection) such that, with
    (lo, hi) = binomial_acceptance_interval(n, p, delta): a correct sampler falls
    outside [lo, hi] with probability <= delta (true for every n, by construction),
    and a sampler with any alternative rate q falls inside with probability <= delta.
    The power condition is not monotone in n for tiny n (the counts are discrete), so
    the result is checked, and the smallest n passing it in the bisection is returned.

    Inputs:
    - p: float in (0, 1), the success rate of a correct implementation.
    - alternatives: iterable of floats in [0, 1], each different from p: the rates of
      known-wrong implementations.
    - delta: float in (0, 1), the largest error probability allowed either way.
    - start: int >= 1, the first n tried.
    - limit: int, give up (ValueError) beyond this many trials.

    Returns:
    - n: int, the sample size.
    """
    return _sample_size(p, tuple(float(q) for q in alternatives), delta, start, limit)


@functools.cache  # pure, and asked again for every example of a test: computed once per process
def _sample_size(p, alternatives, delta, start, limit):
    if any(q == p for q in alternatives):
        raise ValueError("an alternative rate equal to p cannot be told apart from it")

    def enough(n):
        lo, hi = binomial_acceptance_interval(n, p, delta)
        return all(binomial_log_mass(n, q, lo, hi) <= math.log(delta) for q in alternatives)

    high = start
    while not enough(high):
        high *= 2
        if high > limit:
            raise ValueError(f"more than {limit} trials would be needed to tell {p} from {alternatives}")
    low = high // 2  # high // 2 failed (or is below start)
    while high - low > 1:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high


# ---------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------

def _check_probability(delta):
    if not 0.0 < delta < 1.0:
        raise ValueError(f"a probability bound must be in (0, 1), got {delta!r}")


def _check_positive(**values):
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")


def _check_trials(n, p):
    if not (isinstance(n, int) and n >= 0):
        raise ValueError(f"the number of trials must be an int >= 0, got {n!r}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a success probability must be in [0, 1], got {p!r}")
