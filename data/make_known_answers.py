#!/usr/bin/env python
"""Regenerate assignment/fixtures/word2vec_known_answers.json from the reference.

The fixture holds the six skip-gram cases of the official CS224n word2vec
sanity check, computed by reference/word2vec.py in the official sequence:

    random.seed(31415); np.random.seed(9265)
    dummy_vectors = normalizeRows(np.random.randn(10, 3))
    gradient check of word2vec_sgd_wrapper(skipgram, ..., 5, naive softmax)
    naive cases 1-3                      (they draw no random numbers)
    gradient check of word2vec_sgd_wrapper(skipgram, ..., 5, negative sampling)
    negative-sampling cases 1-3

The negative-sampling answers depend on every draw from Python's ``random``
before them, so for each case the fixture also records the exact inputs
passed to skipgram and every value ``dataset.sampleTokenIdx()`` returned
during the call. A harness can replay a case with a scripted dataset that
serves those values, without re-running the gradient checks.

Before writing, the script asserts that the computed losses and non-zero
gradCenterVecs rows equal the published numbers (np.allclose).

    python data/make_known_answers.py           # (re)write the fixture
    python data/make_known_answers.py --check   # exit 1 if it is stale
"""

import argparse
import importlib.util
import json
import math
import os
import random
import re
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "reference")
OUT_PATH = os.path.join(ROOT, "assignment", "fixtures",
                        "word2vec_known_answers.json")

RANDOM_SEED = 31415
NUMPY_SEED = 9265
WRAPPER_WINDOW = 5
GRADCHECK_H = 1e-4
DUMMY_WORDS = ["a", "b", "c", "d", "e"]

# The published answers (CS224n 2020-2023): in the order the cases are run.
PUBLISHED = [
    dict(name="naive 1", kind="naive", centre="c", window=3,
         outside=["a", "b", "e", "d", "b", "c"], loss=11.16610900153398,
         row=[-1.26947339, -1.36873189, 2.45158957]),
    dict(name="naive 2", kind="naive", centre="b", window=3,
         outside=["a", "b", "e", "d", "b", "c"], loss=9.87714910003414,
         row=[-0.14586705, -1.34158321, -0.29291951]),
    dict(name="naive 3", kind="naive", centre="a", window=3,
         outside=["a", "b", "e", "d", "b", "c"], loss=10.810758628593335,
         row=[-1.1790274, -1.35861865, 1.53590492]),
    dict(name="neg 1", kind="neg", centre="c", window=1,
         outside=["a", "b"], loss=16.15119285363322,
         row=[-4.54650789, -1.85942252, 0.76397441]),
    dict(name="neg 2", kind="neg", centre="c", window=2,
         outside=["a", "b", "c", "a"], loss=28.653567707668795,
         row=[-6.42994865, -2.16396482, -1.89240934]),
    dict(name="neg 3", kind="neg", centre="a", window=3,
         outside=["a", "b", "e", "d", "b", "c"], loss=60.648705494891914,
         row=[-17.89425315, -7.36940626, -1.23364121]),
]


def _is_utils(name):
    return name == "utils" or name.startswith("utils.")


def _import_reference():
    """Import reference/word2vec.py under a private module name, with
    reference/ first on sys.path while it imports utils.utils (any other
    `utils` or `word2vec` already imported is left alone)."""
    saved = {n: m for n, m in sys.modules.items() if _is_utils(n)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, REFERENCE)
    try:
        spec = importlib.util.spec_from_file_location(
            "_known_answers_reference_word2vec",
            os.path.join(REFERENCE, "word2vec.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(REFERENCE)
        for name in [n for n in sys.modules if _is_utils(n)]:
            del sys.modules[name]
        sys.modules.update(saved)
    return module


class DummyDataset:
    """The dummy dataset of the sanity check; records sampleTokenIdx draws."""

    def __init__(self):
        self.draws = None            # a list while recording, else None

    def sampleTokenIdx(self):
        idx = random.randint(0, 4)
        if self.draws is not None:
            self.draws.append(idx)
        return idx

    def getRandomContext(self, C):
        centre = DUMMY_WORDS[random.randint(0, 4)]
        context = [DUMMY_WORDS[random.randint(0, 4)] for _ in range(2 * C)]
        return centre, context


def official_gradcheck(f, x):
    """Replay the random-state and in-place behaviour of the handout's
    gradcheck_naive (utils/gradcheck.py) without printing.

    The random state is saved once and restored before every evaluation of
    f (including the first); x is perturbed in place (x[ix] += h, evaluate,
    x[ix] -= 2h, evaluate, x[ix] += h), which can change x by rounding; the
    state is NOT restored at the end, so afterwards random has advanced by
    exactly one evaluation of f. Returns True when the check passes.
    """
    rndstate = random.getstate()
    random.setstate(rndstate)
    _, grad = f(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    passed = True
    while not it.finished:
        ix = it.multi_index
        x[ix] += GRADCHECK_H
        random.setstate(rndstate)
        fxh, _ = f(x)
        x[ix] -= 2 * GRADCHECK_H
        random.setstate(rndstate)
        fxnh, _ = f(x)
        x[ix] += GRADCHECK_H
        numgrad = (fxh - fxnh) / 2 / GRADCHECK_H
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad),
                                                abs(grad[ix]))
        if reldiff > 1e-5:
            passed = False
            break
        it.iternext()
    return passed


def _negatives_from_draws(draws, outside_idx, K):
    """Split the recorded sampleTokenIdx draws into the K negatives of each
    outside word (draws equal to the outside word are redrawn)."""
    result = []
    pos = 0
    for o in outside_idx:
        negs = []
        while len(negs) < K:
            d = draws[pos]
            pos += 1
            if d != o:
                negs.append(d)
        result.append(negs)
    assert pos == len(draws), "unexpected extra sampleTokenIdx draws"
    return result


def _floats(a):
    return np.asarray(a, dtype=np.float64).tolist()


def build():
    """Run the official sequence with the reference; return the fixture dict.

    Raises AssertionError if a computed loss or gradCenterVecs row does not
    match the published value.
    """
    w2v = _import_reference()
    losses = {"naive": w2v.naiveSoftmaxLossAndGradient,
              "neg": w2v.negSamplingLossAndGradient}
    dataset = DummyDataset()
    dummy_tokens = {w: i for i, w in enumerate(DUMMY_WORDS)}

    random.seed(RANDOM_SEED)
    np.random.seed(NUMPY_SEED)
    dummy_vectors = w2v.normalizeRows(np.random.randn(10, 3))
    initial_vectors = dummy_vectors.copy()

    cases = []
    for kind in ("naive", "neg"):
        lossfn = losses[kind]
        passed = official_gradcheck(
            lambda vec: w2v.word2vec_sgd_wrapper(
                w2v.skipgram, dummy_tokens, vec, dataset, WRAPPER_WINDOW,
                lossfn),
            dummy_vectors)
        assert passed, "reference fails the %s wrapper gradient check" % kind
        for pub in PUBLISHED:
            if pub["kind"] != kind:
                continue
            center = dummy_vectors[:5, :].copy()
            outside = dummy_vectors[5:, :].copy()
            dataset.draws = []
            loss, g_center, g_outside = w2v.skipgram(
                pub["centre"], pub["window"], pub["outside"], dummy_tokens,
                dummy_vectors[:5, :], dummy_vectors[5:, :], dataset, lossfn)
            draws, dataset.draws = dataset.draws, None

            c = dummy_tokens[pub["centre"]]
            assert np.allclose(loss, pub["loss"]), \
                "%s: loss %r != published %r" % (pub["name"], loss,
                                                 pub["loss"])
            assert np.allclose(g_center[c], pub["row"]), \
                "%s: gradCenterVecs row %s != published %s" % (
                    pub["name"], g_center[c], pub["row"])
            others = np.delete(g_center, c, axis=0)
            assert not np.any(others), "%s: other rows non-zero" % pub["name"]

            outside_idx = [dummy_tokens[w] for w in pub["outside"]]
            case = {
                "name": pub["name"],
                "kind": kind,
                "lossFunction": lossfn.__name__,
                "K": 10 if kind == "neg" else None,
                "call": ("skipgram(%r, %d, %r, dummy_tokens, "
                         "dummy_vectors[:5, :], dummy_vectors[5:, :], "
                         "dataset, %s)" % (pub["centre"], pub["window"],
                                           pub["outside"], lossfn.__name__)),
                "currentCenterWord": pub["centre"],
                "windowSize": pub["window"],
                "outsideWords": list(pub["outside"]),
                "centerWordVectors": _floats(center),
                "outsideVectors": _floats(outside),
                "sampleTokenIdx_draws": [int(d) for d in draws],
                "negative_samples": (
                    _negatives_from_draws(draws, outside_idx, 10)
                    if kind == "neg" else []),
                "expected": {
                    "loss": float(loss),
                    "gradCenterVecs": _floats(g_center),
                    "gradOutsideVectors": _floats(g_outside),
                },
                "published": {
                    "loss": pub["loss"],
                    "gradCenterVecs_row": list(pub["row"]),
                    "gradCenterVecs_row_index": c,
                },
            }
            if kind == "naive":
                assert not draws, "naive softmax drew from the dataset"
            cases.append(case)

    return {
        "description": (
            "The six skip-gram known answers of the official CS224n "
            "assignment 2 word2vec sanity check (2020-2023 order), computed "
            "by reference/word2vec.py. Regenerate with "
            "`python data/make_known_answers.py`."),
        "tolerance": {"rtol": 1e-05, "atol": 1e-08,
                      "note": "np.allclose defaults, as the original asserts"},
        "seeds": {"random.seed": RANDOM_SEED, "np.random.seed": NUMPY_SEED},
        "dummy_tokens": dummy_tokens,
        "dummy_vectors": _floats(initial_vectors),
        "dummy_vectors_note": (
            "normalizeRows(np.random.randn(10, 3)) right after seeding. The "
            "gradient checks perturb dummy_vectors in place and restore it, "
            "which can change entries by rounding (~1e-17); each case "
            "records the exact centerWordVectors / outsideVectors it was "
            "called with (rows 0-4 and 5-9 of dummy_vectors at that time)."),
        "dummy_dataset": {
            "sampleTokenIdx()": "random.randint(0, 4)",
            "getRandomContext(C)": (
                "(tokens[random.randint(0, 4)], "
                "[tokens[random.randint(0, 4)] for _ in range(2 * C)]) "
                "with tokens = ['a', 'b', 'c', 'd', 'e']"),
        },
        "gradcheck": {
            "h": GRADCHECK_H,
            "behaviour": (
                "gradcheck_naive(f, x): rndstate = random.getstate(); "
                "random.setstate(rndstate) before every evaluation of f, "
                "the first included; for every index: x[ix] += h, f(x), "
                "x[ix] -= 2h, f(x), x[ix] += h; the random state is not "
                "restored at the end, so random advances by exactly one "
                "evaluation of f per gradient check"),
        },
        "getNegativeSamples": (
            "K draws of dataset.sampleTokenIdx(), a draw equal to "
            "outsideWordIdx being discarded and redrawn; called once per "
            "(centre, outside) pair by negSamplingLossAndGradient, before "
            "any other computation"),
        "sequence": [
            "random.seed(31415)",
            "np.random.seed(9265)",
            "dummy_vectors = normalizeRows(np.random.randn(10, 3))",
            ("gradcheck_naive(lambda vec: word2vec_sgd_wrapper(skipgram, "
             "dummy_tokens, vec, dataset, 5, naiveSoftmaxLossAndGradient), "
             "dummy_vectors, 'naiveSoftmaxLossAndGradient Gradient')"),
            "case naive 1", "case naive 2", "case naive 3",
            ("gradcheck_naive(lambda vec: word2vec_sgd_wrapper(skipgram, "
             "dummy_tokens, vec, dataset, 5, negSamplingLossAndGradient), "
             "dummy_vectors, 'negSamplingLossAndGradient Gradient')"),
            "case neg 1", "case neg 2", "case neg 3",
        ],
        "cases": cases,
    }


def dumps(data):
    """Serialise the fixture the way it is stored (stable, round-trip
    exact floats)."""
    text = json.dumps(data, indent=2)

    # put every innermost list of numbers on one line
    def collapse(match):
        items = [item.strip() for item in match.group(1).split(",")]
        return "[" + ", ".join(items) + "]"

    return re.sub(r"\[\s*([-+0-9.eE,\s]+?)\s*\]", collapse, text) + "\n"


def same(a, b, rel=1e-12, abs_=1e-14):
    """True when two decoded fixtures agree: the same structure, equal
    strings and ints, and floats equal up to rounding (rel / abs_)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], rel, abs_)
                                            for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y, rel, abs_)
                                        for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, bool) or isinstance(b, bool):
            return False
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return False
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    return type(a) is type(b) and a == b


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT_PATH)
    parser.add_argument("--check", action="store_true",
                        help="only check that the fixture is up to date")
    args = parser.parse_args(argv)

    data = build()
    text = dumps(data)
    for case in data["cases"]:
        print("%-8s loss %-20r published %r" % (
            case["name"], case["expected"]["loss"],
            case["published"]["loss"]))
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                current = json.load(f)
        except (OSError, ValueError):
            current = None
        if current is None or not same(current, json.loads(text)):
            print("%s is missing or stale; run python "
                  "data/make_known_answers.py" % args.out)
            return 1
        print("%s is up to date" % args.out)
        return 0
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
