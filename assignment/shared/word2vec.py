"""What both tiers of word2vec.py's suites share (the graded functions' ids), and the public tier's
problems, calls and checks: known-answer cases read from fixtures/word2vec_known_answers.json,
scripted datasets and what getNegativeSamples makes of their draws, centred differences of the
student's own loss, and the recording loss skipgram and cbow are given. No loss formula: expected
values are stored known answers, properties, or (hidden tier) the reference's."""
import numpy as np

from autograder.checks import (
    CENTRED_DIFFERENCE,
    centred_differences,
    diagnose,
    expect_array,
    expect_close,
    expect_true,
    expect_tuple,
    show,
    standin,
)

from hints import word2vec as HINTS

# The graded functions of word2vec.py, as the manifest names them.
FUNCTION_IDS = ("word2vec.py:normalizeRows", "word2vec.py:naiveSoftmaxLossAndGradient",
                "word2vec.py:negSamplingLossAndGradient", "word2vec.py:skipgram", "word2vec.py:cbow")
NORMALIZE, NAIVE, NEG, SKIPGRAM, CBOW = FUNCTION_IDS
KNOWN = "word2vec_known_answers.json"


# ---------------------------------------------------------------------------
# The two losses
# ---------------------------------------------------------------------------

def accepted(draws, o, K):
    """What getNegativeSamples makes of these draws: (the K negatives, draws used)."""
    negatives, used = [], 0
    while len(negatives) < K and used < len(draws):
        if draws[used] != o:
            negatives.append(draws[used])
        used += 1
    return negatives, used


def returned(value, call):
    """value as the tuple (loss, gradCenterVec, gradOutsideVecs), after checking it is one."""
    return expect_tuple(value, HINTS.RETURNS, call)


def numbers(value, call, what):
    """value as a float array, after checking it holds real numbers (a value of another kind is the
    submission's mistake, said as such, not a failure of the grader's arithmetic)."""
    kind = np.asarray(value).dtype.kind if isinstance(value, (int, float, np.number, np.ndarray)) else None
    expect_true(kind is not None and kind in "biuf", call, f"returned {what} that is not made of real numbers",
                expected="a float or a numpy array of floats", got=f"{type(value).__name__}: {show(value)}",
                hint=HINTS.RETURNS)
    return np.asarray(value, dtype=float)


def scalar(value, call):
    """A returned loss as a float (a 1-element array, as many students return, counts as its entry)."""
    return float(np.sum(numbers(value, call, "a loss")))


def expect_gradient_shapes(got, V, d, call):
    """gradCenterVec must be (d,) and gradOutsideVecs (V, d)."""
    expect_array(got[1], (d,), call, what="gradCenterVec", hint=HINTS.SHAPES)
    expect_array(got[2], (V, d), call, what="gradOutsideVecs", hint=HINTS.SHAPES)


def expect_returned(got, call, expected, hint=None):
    """got, a returned (loss, centre gradient, outside gradient), must be expected, part by part."""
    expect_array(got[0], (), call, what="the loss", hint="return the loss as a scalar (a float)")
    for what, part, value in zip(("the centre gradient", "the outside gradient"), got[1:], expected[1:]):
        expect_array(part, np.shape(value), call, what=what, hint=HINTS.SHAPES)
    for what, part, value in zip(("the loss", "the centre gradient", "the outside gradient"), got, expected):
        expect_close(part, value, call, what=what, hint=hint)


def known_cases(fixture, kind):
    """The handout's known-answer cases of one loss, kind "naive" or "neg": for each,
    (the case, the centre word's vector (d,), its index, the outside words' indices,
    outsideVectors (V, d))."""
    known = fixture(KNOWN)
    for case in (c for c in known["cases"] if c["kind"] == kind):
        C, U = np.array(case["centerWordVectors"]), np.array(case["outsideVectors"])
        c = known["dummy_tokens"][case["currentCenterWord"]]
        yield case, C[c], c, [known["dummy_tokens"][w] for w in case["outsideWords"]], U


def expect_summed(values, expected, c, call, hints):
    """The sums over one known-answer case's calls must be its expected loss and gradients.

    values: the calls' returned tuples; expected: the case's "expected" record; c: the
    centre word's index; hints: (loss hint, centre gradient hint, outside gradient hint).
    """
    values = [returned(v, call) for v in values]
    summed = (sum(scalar(v[0], call) for v in values), sum(numbers(v[1], call, "a centre gradient") for v in values),
              sum(numbers(v[2], call, "an outside gradient") for v in values))
    wanted = (expected["loss"], np.array(expected["gradCenterVecs"])[c], expected["gradOutsideVectors"])
    for what, got, value, hint in zip(("the summed loss", "the summed centre gradient",
                                       "the summed outside gradient"), summed, wanted, hints):
        expect_close(got, value, call, what=what, hint=hint)


def numerical_gradients(loss_fn, args):
    """Centred differences of the student's own loss in centerWordVec and outsideVectors
    at args, in one batch: [(d,) array, (V, d) array]."""
    return centred_differences(loss_fn, args, wrt=(0, 2),
                               scalar_of=lambda value: scalar(returned(value, loss_fn.last)[0], loss_fn.last))


def expect_gradients(got, numerical, call, hints):
    """got's gradients must equal the numerical ones; hints: (centre hint, outside hint)."""
    for name, part, value, hint in zip(HINTS.RETURNS[1:], got[1:], numerical, hints):
        expect_close(part, value, call, CENTRED_DIFFERENCE, what=f"{name} (vs centred differences)", hint=hint)


def expect_inputs_unchanged(loss_fn, v, o, U, rest, hint_v):
    """Called with centerWordVec and outsideVectors watched, the loss leaves both as they were."""
    reply = loss_fn.run(standin("watched_array", slot="v", values=v), o,
                        standin("watched_array", slot="U", values=U), *rest)
    expect_close(reply.records["v"]["values"], v, loss_fn.last, what="centerWordVec after the call", hint=hint_v)
    expect_close(reply.records["U"]["values"], U, loss_fn.last, what="outsideVectors after the call",
                 hint=HINTS.LEAVE_INPUTS)


def problem(seed, V=5, d=3, scale=1.0):
    """(centerWordVec (d,), outsideWordIdx, outsideVectors (V, d)) drawn with a fixed seed."""
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal(d), int(rng.integers(V)), scale * rng.standard_normal((V, d))


def known_problems(fixture):
    """The stored problems of the public checks (see make_word2vec_known_answers.py)."""
    return fixture(KNOWN)["problems"]


def dataset(draws, slot="dataset"):
    """A request for the scripted dataset stand-in, which serves draws and records what was drawn."""
    return standin("scripted_dataset", slot=slot, draws=[int(d) for d in draws])


def without_target(draws, o):
    """A script of draws that never offers the target o: every sampling convention draws the same negatives."""
    return [int(d) for d in draws if d != o]


def older_handout(reply):
    """Whether the function was found under the CS224d 2016 / CS224n 2017 file name (q3_word2vec.py)."""
    return (reply.resolved or "").startswith("q3_word2vec.py:")


def stored_neg(case):
    """The stored (loss, gradCenterVec, gradOutsideVecs) of a case."""
    return case["loss"], np.array(case["gradCenterVec"]), np.array(case["gradOutsideVecs"])


# ---------------------------------------------------------------------------
# Negative sampling
# ---------------------------------------------------------------------------

def neg_hint(got_outside, case):
    """The named mistake whose outside gradient got_outside is, among those stored with the case, or None."""
    for variant, text in (("overwrite", HINTS.OVERWRITE), ("dedup", HINTS.DEDUP), ("sigma_neg", HINTS.SIGMA_NEG)):
        wrong = np.array(case["mistakes"][variant])
        if np.shape(got_outside) == wrong.shape and np.allclose(np.asarray(got_outside, dtype=float), wrong):
            return diagnose.mistake_hint(text)
    return None


def draws_of(reply, function):
    """(the draws, their count) the dataset stand-in recorded; at least one draw is required."""
    record = reply.records.get("dataset", {})
    expect_true(record.get("count", 0) > 0, function.last,
                "never drew a negative sample from the dataset",
                expected="K calls of dataset.sampleTokenIdx() (through getNegativeSamples)",
                got="no calls", hint=HINTS.NEG_DRAWS)
    return record["draws"], record["count"]


def run_neg(loss_fn, v, o, U, script, K):
    """Call the loss with a dataset that replays script: (its returned tuple, the K negatives drawn)."""
    reply = loss_fn.run(v, o, U, dataset(script), K)
    got = returned(reply.value, loss_fn.last)
    draws, _ = draws_of(reply, loss_fn)
    return got, accepted(draws, o, K)[0]


def run_known_neg(loss_fn, case):
    """Call the loss on a stored problem: (the case's v, U, the returned tuple), after checking that the
    negatives drawn are the stored ones (the first K draws of its script: it never offers the target)."""
    v, U = np.array(case["v"]), np.array(case["U"])
    got, negatives = run_neg(loss_fn, v, case["o"], U, case["script"], case["K"])
    expect_true(negatives == case["negatives"], loss_fn.last, "drew other negatives than the dataset served",
                expected=f"the negatives {case['negatives']} (the first K = {case['K']} draws of the dataset)",
                got=f"the negatives {negatives}", hint=HINTS.NEG_DRAW_COUNT)
    return v, U, got


# ---------------------------------------------------------------------------
# skipgram and cbow, with a recording loss function
# ---------------------------------------------------------------------------

WORDS = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}


def model_problem(seed):
    """(C (5, 3), U (5, 3), the stand-in loss's base value, its centre and outside gradients, the
    request for the recording loss stand-in) with a fixed seed."""
    rng = np.random.default_rng(seed)
    C, U = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    base, g_center, g_outside = 0.5, np.array([1.0, -2.0, 0.25]), rng.standard_normal((5, 3))
    loss = standin("recording_loss", slot="loss", loss_value=base, grad_center=g_center, grad_outside=g_outside)
    return C, U, base, g_center, g_outside, loss


def run_model(model, centre, window, outside, C, U, loss, how_many):
    """Call skipgram or cbow with the recording loss: (the reply, the loss calls
    recorded, which must be how_many)."""
    reply = model.run(centre, window, outside, WORDS, C, U, standin("scripted_dataset", draws=[0]), loss)
    calls = reply.records.get("loss", {}).get("calls", [])
    expect_true(len(calls) > 0, model.last, "never called the loss function it was given",
                expected="calls of word2vecLossAndGradient (the last argument)", got="no calls",
                hint=HINTS.LOSS_ARGUMENT)
    expect_true(len(calls) == how_many, model.last, "called the loss function a wrong number of times",
                expected=f"{how_many} calls", got=f"{len(calls)} calls",
                hint="skipgram: one call per outside word, repeats included; cbow: one call in all")
    return reply, calls
