"""The word2vec known answers: the official sanity-check sequence of the handout reproduces its six
published answers with the reference word2vec.py, and the fixture
assignment/fixtures/word2vec_known_answers.json holds them, replays from its recorded draws and is
what its generator makes."""
import json
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from tests.reference_modules import REFERENCE, REPO, gradcheck_mod, load, w2v
from tests.word2vec_stand_ins import TOKENS, DummyDataset, ScriptedDataset

FIXTURES = os.path.join(REPO, "assignment", "fixtures")
FIXTURE = os.path.join(FIXTURES, "word2vec_known_answers.json")
sys.path.insert(0, FIXTURES)  # the generator imports fixture_file, its neighbour
try:
    known_answers = load("_make_known_answers_under_test", os.path.join(FIXTURES, "make_word2vec_known_answers.py"))
finally:
    sys.path.remove(FIXTURES)

# In the order they are run: (kind, centre, window, outside words, loss,
# non-zero row of gradCenterVecs), from the original handout.
PUBLISHED = [
    ("naive", "c", 3, ["a", "b", "e", "d", "b", "c"], 11.16610900153398,
     [-1.26947339, -1.36873189, 2.45158957]),
    ("naive", "b", 3, ["a", "b", "e", "d", "b", "c"], 9.87714910003414,
     [-0.14586705, -1.34158321, -0.29291951]),
    ("naive", "a", 3, ["a", "b", "e", "d", "b", "c"], 10.810758628593335,
     [-1.1790274, -1.35861865, 1.53590492]),
    ("neg", "c", 1, ["a", "b"], 16.15119285363322,
     [-4.54650789, -1.85942252, 0.76397441]),
    ("neg", "c", 2, ["a", "b", "c", "a"], 28.653567707668795,
     [-6.42994865, -2.16396482, -1.89240934]),
    ("neg", "a", 3, ["a", "b", "e", "d", "b", "c"], 60.648705494891914,
     [-17.89425315, -7.36940626, -1.23364121]),
]


def replay_gradcheck(f, x, gradientText=""):
    """Stand-in for the handout's gradcheck_naive with the same effect on
    Python's random state and on x: the state is saved once, restored before
    each evaluation of f (the first included) and not restored at the end;
    x is perturbed in place as x[ix] += h; x[ix] -= 2h; x[ix] += h."""
    h = 1e-4
    rndstate = random.getstate()
    random.setstate(rndstate)
    _, grad = f(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        x[ix] += h
        random.setstate(rndstate)
        fxh, _ = f(x)
        x[ix] -= 2 * h
        random.setstate(rndstate)
        fxnh, _ = f(x)
        x[ix] += h
        numgrad = (fxh - fxnh) / 2 / h
        assert abs(numgrad - grad[ix]) / max(1, abs(numgrad),
                                             abs(grad[ix])) <= 1e-5, \
            "gradient check failed for %s at %s" % (gradientText, ix)
        it.iternext()


def run_official_sequence(gradcheck):
    """Run the 2020 sanity-check sequence; return the six skipgram results."""
    dataset = DummyDataset()
    random.seed(31415)
    np.random.seed(9265)
    dummy_vectors = w2v.normalizeRows(np.random.randn(10, 3))
    losses = {"naive": w2v.naiveSoftmaxLossAndGradient,
              "neg": w2v.negSamplingLossAndGradient}
    results = []
    for kind in ("naive", "neg"):
        lossfn = losses[kind]
        gradcheck(lambda vec, lossfn=lossfn: w2v.word2vec_sgd_wrapper(
            w2v.skipgram, TOKENS, vec, dataset, 5, lossfn),
            dummy_vectors, "%s Gradient" % lossfn.__name__)
        for (k, centre, window, outside, _, _) in PUBLISHED:
            if k == kind:
                results.append(w2v.skipgram(
                    centre, window, outside, TOKENS, dummy_vectors[:5, :],
                    dummy_vectors[5:, :], dataset, lossfn))
    return results


@pytest.fixture(scope="module")
def fixture_data():
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["replay", "utils.gradcheck"])
def test_official_sequence_reproduces_the_published_answers(
        which, fixture_data, capsys):
    gradcheck = (replay_gradcheck if which == "replay"
                 else gradcheck_mod.gradcheck_naive)
    results = run_official_sequence(gradcheck)
    if which == "utils.gradcheck":
        out = capsys.readouterr().out
        assert out.count("Gradient check passed!") == 2, out
    for (kind, centre, window, outside, loss, row), result, case in zip(
            PUBLISHED, results, fixture_data["cases"]):
        got_loss, got_center, got_outside = result
        name = "%s skipgram(%r, %d, %r)" % (kind, centre, window, outside)
        assert np.allclose(got_loss, loss), (name, got_loss, loss)
        expected_center = np.zeros((5, 3))
        expected_center[TOKENS[centre]] = row
        assert np.allclose(got_center, expected_center), (name, got_center)
        assert got_center.shape == got_outside.shape == (5, 3)
        # the full matrices agree with the stored fixture
        assert np.allclose(got_center,
                           case["expected"]["gradCenterVecs"]), name
        assert np.allclose(got_outside,
                           case["expected"]["gradOutsideVectors"]), name


@pytest.mark.slow
def test_reference_sanity_scripts_pass():
    for script, expected in (("word2vec.py", "Gradient check passed!"),
                             ("sgd.py", "ALL TESTS PASSED")):
        proc = subprocess.run([sys.executable, script], cwd=REFERENCE,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert expected in proc.stdout
        assert "failed" not in proc.stdout.lower()


def test_fixture_matches_published_numbers_and_sequence(fixture_data):
    cases = fixture_data["cases"]
    assert fixture_data["seeds"] == {"random.seed": 31415,
                                     "np.random.seed": 9265}
    assert fixture_data["dummy_tokens"] == TOKENS
    np.random.seed(9265)
    assert np.allclose(fixture_data["dummy_vectors"],
                       w2v.normalizeRows(np.random.randn(10, 3)),
                       rtol=0, atol=1e-15)
    assert [c["name"] for c in cases] == ["naive 1", "naive 2", "naive 3",
                                          "neg 1", "neg 2", "neg 3"]
    for (kind, centre, window, outside, loss, row), case in zip(PUBLISHED,
                                                                cases):
        assert case["kind"] == kind
        assert case["currentCenterWord"] == centre
        assert case["windowSize"] == window
        assert case["outsideWords"] == outside
        assert case["K"] == (10 if kind == "neg" else None)
        exp = case["expected"]
        assert np.allclose(exp["loss"], loss)
        center = np.array(exp["gradCenterVecs"])
        assert np.allclose(center[TOKENS[centre]], row)
        assert not np.any(np.delete(center, TOKENS[centre], axis=0))
        assert np.array(exp["gradOutsideVectors"]).shape == (5, 3)
        assert np.allclose(case["centerWordVectors"],
                           fixture_data["dummy_vectors"][:5], atol=1e-15)
        assert np.allclose(case["outsideVectors"],
                           fixture_data["dummy_vectors"][5:], atol=1e-15)
        draws = case["sampleTokenIdx_draws"]
        if kind == "naive":
            assert draws == [] and case["negative_samples"] == []
        else:
            # the draws are, per outside word, its 10 negatives plus the
            # discarded draws equal to that outside word
            negs, pos = [], 0
            for word in outside:
                picked = []
                while len(picked) < 10:
                    draw = draws[pos]
                    pos += 1
                    if draw != TOKENS[word]:
                        picked.append(draw)
                negs.append(picked)
            assert pos == len(draws)
            assert case["negative_samples"] == negs



def test_fixture_cases_replay_with_recorded_draws(fixture_data):
    """A harness can replay each case from its recorded inputs and draws."""
    losses = {"naive": w2v.naiveSoftmaxLossAndGradient,
              "neg": w2v.negSamplingLossAndGradient}
    for case in fixture_data["cases"]:
        dataset = ScriptedDataset(case["sampleTokenIdx_draws"])
        loss, g_center, g_outside = w2v.skipgram(
            case["currentCenterWord"], case["windowSize"],
            case["outsideWords"], fixture_data["dummy_tokens"],
            np.array(case["centerWordVectors"]),
            np.array(case["outsideVectors"]), dataset, losses[case["kind"]])
        assert dataset.pos == len(dataset.values), case["name"]
        exp = case["expected"]
        assert loss == pytest.approx(exp["loss"], rel=1e-12)
        assert np.allclose(g_center, exp["gradCenterVecs"], rtol=1e-12,
                           atol=1e-14)
        assert np.allclose(g_outside, exp["gradOutsideVectors"], rtol=1e-12,
                           atol=1e-14)


@pytest.mark.slow
def test_fixture_is_in_sync_with_the_reference(fixture_data):
    assert known_answers.fixture_file.same(fixture_data, json.loads(
        known_answers.dumps(known_answers.build()))), \
        ("stale fixture: run python "
         "assignment/fixtures/make_word2vec_known_answers.py")
