"""Checks of the reference sgd.py: the official check, postprocessing, the printed exponential
average, annealing, and saving and resuming from checkpoints."""
import os
import pickle
import random

import numpy as np
import pytest

from tests.reference_modules import sgd_mod


def quad(x):
    return np.sum(x ** 2), x * 2


@pytest.mark.parametrize("x0", [0.5, 0.0, -1.5])
def test_sgd_official_check(x0, capsys):
    result = sgd_mod.sgd(quad, x0, 0.01, 1000, PRINT_EVERY=100)
    assert abs(result) <= 1e-6
    array_result = sgd_mod.sgd(quad, np.array([x0, 2 * x0]), 0.01, 1000,
                               PRINT_EVERY=100)
    assert np.all(np.abs(array_result) <= 1e-6)
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("iter ") for line in lines) == 20


def test_sgd_applies_postprocessing_after_every_step():
    seen = []
    post_calls = []

    def f(x):
        seen.append(np.array(x))
        return quad(x)

    def post(x):
        post_calls.append(np.array(x))
        return x / np.linalg.norm(x) * 2.0

    x0 = np.array([1.0, 3.0])
    result = sgd_mod.sgd(f, x0, 0.1, 4, postprocessing=post, PRINT_EVERY=10)
    x = x0.copy()
    expected_seen = []
    for _ in range(4):
        expected_seen.append(x.copy())
        x = x - 0.1 * 2 * x
        x = x / np.linalg.norm(x) * 2.0
    assert len(seen) == 4 and len(post_calls) == 4
    assert np.allclose(seen, expected_seen)
    assert np.allclose(result, x)


def test_sgd_prints_exponential_average(capsys):
    losses = iter(range(1, 31))

    def f(x):
        return float(next(losses)), np.zeros_like(x)

    sgd_mod.sgd(f, np.zeros(2), 0.1, 30, PRINT_EVERY=10)
    out = [line for line in capsys.readouterr().out.splitlines()
           if line.startswith("iter ")]
    first = 10.0
    second = 0.95 * first + 0.05 * 20
    third = 0.95 * second + 0.05 * 30
    assert out == ["iter 10: %f" % first, "iter 20: %f" % second,
                   "iter 30: %f" % third]


def test_sgd_anneals_every_anneal_every(monkeypatch):
    monkeypatch.setattr(sgd_mod, "ANNEAL_EVERY", 3)
    xs = []

    def f(x):
        xs.append(float(x))
        return 0.0, np.array(1.0)           # constant gradient 1

    result = sgd_mod.sgd(f, 0.0, 0.8, 7, PRINT_EVERY=100)
    xs.append(float(result))
    steps = -np.diff(xs)
    assert np.allclose(steps, [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2])


def test_sgd_saves_and_resumes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sgd_mod, "SAVE_PARAMS_EVERY", 5)
    monkeypatch.setattr(sgd_mod, "ANNEAL_EVERY", 4)

    def f(x):
        # a deterministic objective that also consumes Python random draws
        random.random()
        return quad(x)

    x0 = np.array([1.0, -2.0, 0.5])
    random.seed(99)
    uninterrupted = sgd_mod.sgd(f, x0, 0.1, 13, PRINT_EVERY=100)
    assert not os.listdir(tmp_path)                 # useSaved=False saves nothing
    state_after_13 = random.getstate()

    random.seed(99)
    partial = sgd_mod.sgd(f, x0, 0.1, 10, useSaved=True, PRINT_EVERY=100)
    assert sorted(os.listdir(tmp_path)) == [
        "saved_params_10.npy", "saved_params_5.npy",
        "saved_state_10.pickle", "saved_state_5.pickle"]
    start, params, state = sgd_mod.load_saved_params()
    assert start == 10 and np.array_equal(params, partial)
    with open("saved_state_10.pickle", "rb") as fh:
        assert pickle.load(fh) == state

    # files that do not follow the naming scheme are ignored
    np.save("saved_params_backup.npy", np.zeros(3))
    np.save("saved_params_20.npy", np.zeros(3))     # no matching state file

    calls = []

    def g(x):
        calls.append(np.array(x))
        return f(x)

    random.seed(12345)                              # overwritten by the resume
    resumed = sgd_mod.sgd(g, np.array([7.0, 7.0, 7.0]), 0.1, 13,
                          useSaved=True, PRINT_EVERY=100)
    assert len(calls) == 3                          # iterations 11, 12, 13
    assert np.array_equal(calls[0], partial)
    assert np.allclose(resumed, uninterrupted, rtol=0, atol=1e-15)
    assert random.getstate() == state_after_13

    # nothing to do when the saved iteration reaches `iterations`
    again = sgd_mod.sgd(g, np.zeros(3), 0.1, 10, useSaved=True)
    assert np.array_equal(again, partial) and len(calls) == 3


def test_sgd_without_saved_params_starts_from_x0(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sgd_mod.load_saved_params() == (0, None, None)
    result = sgd_mod.sgd(quad, np.array([0.5]), 0.01, 1000, useSaved=True,
                         PRINT_EVERY=1000)
    assert abs(result[0]) <= 1e-6
    assert not os.listdir(tmp_path)          # fewer than 5000 iterations
