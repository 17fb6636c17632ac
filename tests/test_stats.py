"""The statistical bounds of autograder/checks/stats.py, checked against exact
arithmetic, and the error probabilities the optim suite states for its dropout tests."""
import importlib.util
import math
import os
import sys
from fractions import Fraction

import pytest

from autograder.checks import stats

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def exact_pmf(k, n, p):
    """P(X = k) for X ~ Binomial(n, p), exactly (p as the exact value of the float)."""
    p = Fraction(p)
    return math.comb(n, k) * p ** k * (1 - p) ** (n - k)


def exact_mass(n, p, lo, hi):
    return sum((exact_pmf(k, n, p) for k in range(max(lo, 0), min(hi, n) + 1)), Fraction(0))


# ---------------------------------------------------------------------------
# Hoeffding
# ---------------------------------------------------------------------------

def test_hoeffding_tail_formula():
    assert stats.hoeffding_tail(100, 0.1) == pytest.approx(2 * math.exp(-2.0))
    assert stats.hoeffding_tail(100, 0.1, two_sided=False) == pytest.approx(math.exp(-2.0))
    assert stats.hoeffding_tail(100, 0.2, value_range=2.0) == pytest.approx(2 * math.exp(-2.0))
    assert stats.hoeffding_tail(0, 0.1) == 1.0  # capped


@pytest.mark.parametrize("epsilon, delta, value_range, two_sided", [
    (0.1, 1e-9, 1.0, True), (0.07, 1.25e-10, 1.0, True), (0.5, 0.05, 3.0, False), (0.01, 1e-3, 1.0, True),
    (2.0, 0.5, 1.0, True)])
def test_hoeffding_sample_size_is_the_smallest(epsilon, delta, value_range, two_sided):
    n = stats.hoeffding_sample_size(epsilon, delta, value_range, two_sided)
    assert stats.hoeffding_tail(n, epsilon, value_range, two_sided) <= delta
    assert n == 1 or stats.hoeffding_tail(n - 1, epsilon, value_range, two_sided) > delta


@pytest.mark.parametrize("p", [0.5, 0.7, 0.1])
def test_hoeffding_sample_size_bounds_the_exact_binomial_tail(p):
    # the mean of n Bernoulli(p) draws strays by epsilon or more with probability at most delta
    epsilon, delta = 0.1, 1e-3
    n = stats.hoeffding_sample_size(epsilon, delta)
    outside = 1 - exact_mass(n, p, math.ceil(n * (p - epsilon) + 1e-9), math.floor(n * (p + epsilon) - 1e-9))
    assert outside <= delta


@pytest.mark.parametrize("bad", [dict(epsilon=0.0, delta=0.1), dict(epsilon=0.1, delta=0.0),
                                 dict(epsilon=0.1, delta=1.0), dict(epsilon=0.1, delta=0.1, value_range=0)])
def test_hoeffding_rejects_bad_arguments(bad):
    with pytest.raises(ValueError):
        stats.hoeffding_sample_size(**bad)


# ---------------------------------------------------------------------------
# Exact binomial tails
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("n, p", [(0, 0.3), (1, 0.5), (7, 0.3), (20, 0.01), (30, 0.999), (50, 0.5)])
def test_binomial_log_pmf_is_exact(n, p):
    for k in range(-1, n + 2):
        exact = exact_pmf(k, n, p) if 0 <= k <= n else 0
        got = stats.binomial_log_pmf(k, n, p)
        if exact == 0:
            assert got == -math.inf
        else:
            assert got == pytest.approx(math.log(exact), rel=1e-12, abs=1e-12)
    assert math.exp(stats.binomial_log_mass(n, p, 0, n)) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_binomial_degenerate_rates(p):
    n = 10
    assert stats.binomial_log_pmf(int(p * n), n, p) == 0.0
    assert stats.binomial_log_pmf(5, n, p) == -math.inf
    assert stats.binomial_acceptance_interval(n, p, 1e-9) == (int(p * n), int(p * n))


def test_binomial_mass_is_exact():
    for n, p, lo, hi in [(40, 0.3, 5, 17), (40, 0.3, 30, 40), (100, 0.9, 0, 70), (12, 0.5, 6, 6), (12, 0.5, 8, 3)]:
        assert stats.binomial_mass(n, p, lo, hi) == pytest.approx(float(exact_mass(n, p, lo, hi)), rel=1e-11,
                                                                  abs=1e-300)


def test_binomial_log_mass_far_tail_does_not_underflow():
    log_mass = stats.binomial_log_mass(2000, 0.7, 0, 100)
    assert -math.inf < log_mass < math.log(1e-300)


@pytest.mark.parametrize("delta", [0.3, 1e-3, 1e-9])
@pytest.mark.parametrize("n", [1, 2, 5, 13, 40, 97])
@pytest.mark.parametrize("p", [0.01, 0.2, 0.5, 0.7, 0.95])
def test_acceptance_interval_is_right_and_tight(n, p, delta):
    lo, hi = stats.binomial_acceptance_interval(n, p, delta)
    assert 0 <= lo <= n * p <= hi <= n  # it holds the mean
    below, above = exact_mass(n, p, 0, lo - 1), exact_mass(n, p, hi + 1, n)
    assert below <= Fraction(delta) / 2 and above <= Fraction(delta) / 2
    assert below + above <= delta  # a correct sampler lands outside with probability <= delta
    # and no narrower equal-tailed interval holding the mean has that property
    assert lo == math.floor(n * p) or exact_mass(n, p, 0, lo) > Fraction(delta) / 2
    assert hi == math.ceil(n * p) or exact_mass(n, p, hi, n) > Fraction(delta) / 2


def test_acceptance_interval_large_n_matches_the_normal_approximation():
    n, p = 100_000, 0.7
    lo, hi = stats.binomial_acceptance_interval(n, p, 1e-9)
    sd = math.sqrt(n * p * (1 - p))
    # two-sided 1e-9 is about 6.1 standard deviations on each side
    assert 5.8 * sd < n * p - lo < 6.4 * sd
    assert 5.8 * sd < hi - n * p < 6.4 * sd


def test_binomial_sample_size_separates_the_alternatives():
    p, alternatives, delta = 0.7, (0.3, 0.6, 0.8), 1e-9
    n = stats.binomial_sample_size(p, alternatives, delta)
    lo, hi = stats.binomial_acceptance_interval(n, p, delta)
    for q in alternatives:
        assert stats.binomial_mass(n, q, lo, hi) <= delta
    # a clearly smaller sample does not separate 0.7 from 0.6 and 0.8
    lo, hi = stats.binomial_acceptance_interval(n // 2, p, delta)
    assert max(stats.binomial_mass(n // 2, q, lo, hi) for q in alternatives) > delta


def test_binomial_sample_size_small_case_is_exact():
    n = stats.binomial_sample_size(0.8, (0.2,), 1e-3, start=1)
    lo, hi = stats.binomial_acceptance_interval(n, 0.8, 1e-3)
    assert exact_mass(n, 0.2, lo, hi) <= Fraction(1, 1000)
    assert 1 - exact_mass(n, 0.8, lo, hi) <= Fraction(1, 1000)


def test_binomial_sample_size_rejects_indistinguishable_rates():
    with pytest.raises(ValueError):
        stats.binomial_sample_size(0.5, (0.5,), 1e-9)


# ---------------------------------------------------------------------------
# The dropout tests of assignment/public/test_optim.py state what these bounds give (assignment/shared/optim.py)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def suite():
    folder = os.path.join(REPO, "assignment")
    spec = importlib.util.spec_from_file_location("_optim_designs_under_test",
                                                  os.path.join(folder, "shared", "optim.py"))
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, folder)  # the module imports the assignment's hints, as in the grader
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(folder)
    return module


def test_keep_rate_test_errors_are_below_the_stated_probability(suite):
    p_drop = suite.KEEP_P_DROP
    units, lo, hi = suite.keep_fraction_design(p_drop)
    keep = 1 - p_drop
    assert 1 - stats.binomial_mass(units, keep, lo, hi) <= suite.FALSE_FAILURE
    for wrong in (p_drop, keep - 0.1, keep + 0.1):  # swapped rates, or off by 0.1
        assert stats.binomial_mass(units, wrong, lo, hi) <= suite.FALSE_FAILURE


def test_mean_test_errors_are_below_the_stated_probability(suite):
    draws = suite.mean_design(suite.MEAN_P_DROP, suite.MEAN_UNITS, suite.MEAN_TOLERANCE)
    keep = 1 - suite.MEAN_P_DROP
    # false failure: a union bound over the units of Hoeffding's two-sided bound
    assert suite.MEAN_UNITS * stats.hoeffding_tail(draws, suite.MEAN_TOLERANCE * keep) <= suite.FALSE_FAILURE
    # power: each known-wrong scale or keep rate passes with probability at most 1e-9
    assert len(suite.MEAN_MISTAKES) >= 4
    for _, wrong_keep, scale in suite.MEAN_MISTAKES:
        assert suite.mean_power_bound(draws, wrong_keep, scale) <= suite.FALSE_FAILURE


def test_deterministic_dropout_tests_state_true_bounds():
    # 64 units kept at p_drop = 0.5; 600 units all kept or all dropped at p_drop in (0.2, 0.7, 0.9)
    assert 0.5 ** 64 < 1e-19
    assert all((1 - p) ** 600 + p ** 600 < 1e-27 for p in (0.2, 0.7, 0.9))
