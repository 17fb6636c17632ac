"""Public checks of word2vec.py: normalizeRows, the two losses, skipgram and cbow.

Reference-free: expected values come from the known answers of
fixtures/word2vec_known_answers.json (the handout's sanity check, and stored
losses and gradients of the problems below), from properties, or from centred
differences of the student's own loss. Negative samples come from a scripted dataset (a stand-in
in the worker) whose record shows which negatives the student drew; the scripts
never offer the target word except in the test of the draw count, so the CS224d
2016 handout's own sampling (K draws, the target allowed) and getNegativeSamples
(the target redrawn) draw the same negatives. A loss that is infinite only where
Graded tests keep every score where each form of the loss that students write is
finite and accurate (hints.word2vec's limits, assignment/POLICY.md); beyond that
range, robustness is advice (tests of weight 0), never a deduction.
skipgram and cbow get a recording stand-in as their loss function, so they are
graded apart from the student's losses.
"""
import numpy as np

from autograder.checks import (
    CENTRED_DIFFERENCE,
    centred_differences,
    counts_with,
    diagnose,
    expect_array,
    expect_close,
    expect_true,
    expect_tuple,
    graded,
    standin,
)

from hints import word2vec as HINTS

NORMALIZE = "word2vec.py:normalizeRows"
NAIVE = "word2vec.py:naiveSoftmaxLossAndGradient"
NEG = "word2vec.py:negSamplingLossAndGradient"
SKIPGRAM = "word2vec.py:skipgram"
CBOW = "word2vec.py:cbow"


KNOWN = "word2vec_known_answers.json"


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


def scalar(value):
    return float(np.sum(np.asarray(value, dtype=float)))


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
    known = fixture("word2vec_known_answers.json")
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
    summed = (sum(scalar(v[0]) for v in values), sum(np.asarray(v[1], dtype=float) for v in values),
              sum(np.asarray(v[2], dtype=float) for v in values))
    wanted = (expected["loss"], np.array(expected["gradCenterVecs"])[c], expected["gradOutsideVectors"])
    for what, got, value, hint in zip(("the summed loss", "the summed centre gradient",
                                       "the summed outside gradient"), summed, wanted, hints):
        expect_close(got, value, call, what=what, hint=hint)


def numerical_gradients(loss_fn, args):
    """Centred differences of the student's own loss in centerWordVec and outsideVectors
    at args, in one batch: [(d,) array, (V, d) array]."""
    return centred_differences(loss_fn, args, wrt=(0, 2),
                               scalar_of=lambda value: scalar(returned(value, loss_fn.last)[0]))


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
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal(d), int(rng.integers(V)), scale * rng.standard_normal((V, d))


def known_problems(fixture):
    """The stored problems of the public checks (see make_word2vec_known_answers.py)."""
    return fixture(KNOWN)["problems"]


def dataset(draws, slot="dataset"):
    return standin("scripted_dataset", slot=slot, draws=[int(d) for d in draws])


def without_target(draws, o):
    """A script of draws that never offers the target o: every sampling convention draws the same negatives."""
    return [int(d) for d in draws if d != o]


def older_handout(reply):
    """Whether the function was found under the CS224d 2016 / CS224n 2017 file name (q3_word2vec.py)."""
    return (reply.resolved or "").startswith("q3_word2vec.py:")


# -- normalizeRows ----------------------------------------------------------

@graded(2, "4.1", NORMALIZE)
def test_normalize_rows(student, fixture):
    """scales each row to unit length: [[3, 4], [1, 2]] and a random matrix"""
    normalize = student.function(NORMALIZE)
    expect_close(normalize(np.array([[3.0, 4.0], [1.0, 2.0]])),
                 [[0.6, 0.8], [0.4472135954999579, 0.8944271909999159]], normalize.last, hint=HINTS.NORMALIZE)
    known = known_problems(fixture)["normalizeRows"]
    expect_close(normalize(np.array(known["x"])), known["expected"], normalize.last, hint=HINTS.NORMALIZE)


@graded(0, "4.2", NORMALIZE)
def test_normalize_rows_leaves_input(student):
    """advice: does not change its argument (the CS224d answer key divides x in place; 0 points)"""
    normalize = student.function(NORMALIZE)
    x = np.array([[3.0, 4.0], [1.0, 2.0], [0.5, -0.5]])
    reply = normalize.run(standin("watched_array", slot="x", values=x))
    expect_close(reply.records["x"]["values"], x, normalize.last, what="the argument after the call",
                 hint=HINTS.NORMALIZE_IN_PLACE)


# -- naiveSoftmaxLossAndGradient -----------------------------------------------

@graded(2, "4.3", NAIVE)
def test_naive_known_answers(student, fixture):
    """summed over the outside words, matches the handout's three naive-softmax cases"""
    loss_fn = student.function(NAIVE)
    for case, v, c, outside, U in known_cases(fixture, "naive"):
        values = loss_fn.batch([(v.copy(), o, U, None) for o in outside])
        call = f"{loss_fn.last}\n(one call per outside word of the handout's case {case['name']!r}, summed)"
        expect_summed(values, case["expected"], c, call,
                      (HINTS.NAIVE_LOSS, HINTS.NAIVE_GRAD_CENTER, HINTS.NAIVE_GRAD_OUTSIDE))


@graded(1, "4.4", NAIVE)
def test_naive_loss_is_cross_entropy(student, fixture):
    """the loss is -log softmax(U v_c)[o], with gradients of the right shapes"""
    loss_fn = student.function(NAIVE)
    for case in known_problems(fixture)["naive"]:
        v, o, U = np.array(case["v"]), case["o"], np.array(case["U"])
        got = returned(loss_fn(v, o, U, None), loss_fn.last)
        expect_gradient_shapes(got, *U.shape, loss_fn.last)
        expect_close(got[0], case["loss"], loss_fn.last, what="the loss", hint=HINTS.NAIVE_LOSS)


@graded(2, "4.5", NAIVE)
@counts_with("public/test_word2vec.py::test_naive_loss_is_cross_entropy")
def test_naive_gradients_match_the_loss(student):
    """both gradients equal centred differences of the student's own loss"""
    loss_fn = student.function(NAIVE)
    for seed, V, d in ((5, 4, 3), (6, 2, 5)):
        v, o, U = problem(seed, V, d)
        got = returned(loss_fn(v, o, U, None), loss_fn.last)
        call = loss_fn.last
        expect_gradient_shapes(got, V, d, call)
        numerical = numerical_gradients(loss_fn, (v, o, U, None))
        sign = "; " + HINTS.FLIPPED_SIGN if np.allclose(got[1], -numerical[0]) else ""
        expect_gradients(got, numerical, call, (HINTS.NAIVE_GRAD_CENTER + sign, HINTS.NAIVE_GRAD_OUTSIDE))


@graded(1, "4.6", NAIVE)
def test_naive_large_scores_are_stable(student, fixture):
    """scores near 1000 (within 700 of each other) give a finite, right loss and finite gradients"""
    loss_fn = student.function(NAIVE)
    large = known_problems(fixture)["naive_large"]  # scores 1000, 999 and 400
    v, U = np.array(large["v"]), np.array(large["U"])
    for case in large["cases"]:
        got = returned(loss_fn(v, case["o"], U, None), loss_fn.last)
        expect_close(got[0], case["loss"], loss_fn.last, what="the loss", hint=HINTS.NAIVE_STABLE)
        expect_true(np.all(np.isfinite(np.asarray(got[1], dtype=float))) and
                    np.all(np.isfinite(np.asarray(got[2], dtype=float))), loss_fn.last,
                    "returned gradients with NaN or infinite entries",
                    hint="subtract the largest score before exp(); the provided softmax does")


@graded(1, "4.7", NAIVE)
@counts_with("public/test_word2vec.py::test_naive_loss_is_cross_entropy")
def test_naive_leaves_inputs(student):
    """does not change centerWordVec or outsideVectors"""
    v, o, U = problem(7, 4, 3)
    expect_inputs_unchanged(student.function(NAIVE), v, o, U, (None,), HINTS.NAIVE_SOFTMAX_IN_PLACE)


@graded(0, "4.18", NAIVE)
def test_naive_loss_finite_beyond_the_handout(student, fixture):
    """advice: the loss stays finite where -log of the provided softmax underflows (scores near +-1000)"""
    loss_fn = student.function(NAIVE)
    beyond = known_problems(fixture)["naive_beyond"]  # scores 1000, 999 and -1000
    got = returned(loss_fn(np.array(beyond["v"]), beyond["o"], np.array(beyond["U"]), None), loss_fn.last)
    expect_close(got[0], beyond["loss"], loss_fn.last, what="the loss", hint=HINTS.NAIVE_FINITE)


# -- negSamplingLossAndGradient ---------------------------------------------------

def neg_hint(got_outside, case):
    """The named mistake whose outside gradient got_outside is, among those stored with the case, or None."""
    for variant, text in (("overwrite", HINTS.OVERWRITE), ("dedup", HINTS.DEDUP), ("sigma_neg", HINTS.SIGMA_NEG)):
        wrong = np.array(case["mistakes"][variant])
        if np.shape(got_outside) == wrong.shape and np.allclose(np.asarray(got_outside, dtype=float), wrong):
            return diagnose.mistake_hint(text)
    return None


def draws_of(reply, function):
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


@graded(2, "4.8", NEG)
def test_neg_known_answers(student, fixture):
    """summed over the outside words, matches the handout's three negative-sampling cases"""
    loss_fn = student.function(NEG)
    for case, v, c, outside, U in known_cases(fixture, "neg"):
        draws, calls = case["sampleTokenIdx_draws"], []
        for o in outside:
            _, used = accepted(draws, o, case["K"])
            calls.append((v.copy(), o, U, dataset(without_target(draws[:used], o)), case["K"]))
            draws = draws[used:]
        values = loss_fn.batch(calls)
        call = (f"{loss_fn.last}\n(one call per outside word of the handout's case {case['name']!r}, summed, "
                "each with the negatives drawn in the original run)")
        expect_summed(values, case["expected"], c, call, (HINTS.NEG,) * 3)


@graded(1, "4.9", NEG)
def test_neg_draws_through_dataset(student):
    """draws exactly its K negatives through dataset.sampleTokenIdx, once"""
    loss_fn = student.function(NEG)
    v, o, U = problem(8, 5, 3)
    script = [o, 1, 3, o, 0, 4, 2, 2, 1, 0, 3, 4, 1, 2, 0]
    reply = loss_fn.run(v, o, U, dataset(script), 6)
    _, count = draws_of(reply, loss_fn)
    _, used = accepted(script, o, 6)
    older = older_handout(reply)  # the 2016 handout only said "use dataset.sampleTokenIdx()"
    expect_true(count == used or (older and count == 6), loss_fn.last,
                "drew a wrong number of samples from the dataset",
                expected=f"{used} draws (K = 6 accepted, draws equal to outsideWordIdx redrawn)"
                         + (f", or 6 ({HINTS.SAMPLES_WITH_TARGET})" if older else ""),
                got=f"{count} draws", hint=HINTS.NEG_DRAW_COUNT)


@graded(1, "4.10", NEG)
def test_neg_loss_formula(student, fixture):
    """the loss is -log s(u_o.v_c) - sum_k log s(-u_k.v_c) over the drawn negatives"""
    loss_fn = student.function(NEG)
    for name in ("formula 1", "formula 2", "formula 3"):
        case = known_problems(fixture)["neg"][name]
        _, U, got = run_known_neg(loss_fn, case)
        expect_gradient_shapes(got, *U.shape, loss_fn.last)
        expect_close(got[0], case["loss"], loss_fn.last, what="the loss",
                     hint=f"with the negatives drawn, {case['negatives']}: {HINTS.NEG}")


@graded(2, "4.11", NEG)
@counts_with("public/test_word2vec.py::test_neg_loss_formula")
def test_neg_gradients_match_the_loss(student, fixture):
    """both gradients equal centred differences of the student's own loss (same draws)"""
    loss_fn = student.function(NEG)
    for name in ("gradients 1", "gradients 2"):
        case = known_problems(fixture)["neg"][name]
        v, o, U, script, K = np.array(case["v"]), case["o"], np.array(case["U"]), case["script"], case["K"]
        got, _ = run_neg(loss_fn, v, o, U, script, K)
        call = loss_fn.last
        expect_gradient_shapes(got, *U.shape, call)
        hint = neg_hint(got[2], case)
        expect_gradients(got, numerical_gradients(loss_fn, (v, o, U, dataset(script), K)), call,
                         (hint or HINTS.NEG_GRAD_CENTER, hint or HINTS.NEG_GRAD_OUTSIDE))


@graded(2, "4.12", NEG)
def test_neg_repeated_negatives_accumulate(student, fixture):
    """a negative drawn several times counts once per draw (K larger than V)"""
    loss_fn = student.function(NEG)
    case = known_problems(fixture)["neg"]["repeated"]
    _, _, got = run_known_neg(loss_fn, case)
    expect_returned(got, loss_fn.last, stored_neg(case),
                    hint=neg_hint(got[2], case)
                    or f"the negatives were {case['negatives']}: every draw is one term, repeats included")


def stored_neg(case):
    """The stored (loss, gradCenterVec, gradOutsideVecs) of a case."""
    return case["loss"], np.array(case["gradCenterVec"]), np.array(case["gradOutsideVecs"])


@graded(1, "4.13", NEG)
def test_neg_scores_at_the_graded_limit(student, fixture):
    """scores of +-20, where the sigmoid is within 2e-9 of 0 or 1, give the right loss and gradients"""
    loss_fn = student.function(NEG)
    for name in ("limit 1", "limit 2"):
        case = known_problems(fixture)["neg"][name]
        _, _, got = run_known_neg(loss_fn, case)
        expect_returned(got, loss_fn.last, stored_neg(case), hint=HINTS.NEG_RANGE)


@graded(0, "4.19", NEG)
def test_neg_loss_finite_beyond_the_handout(student, fixture):
    """advice: the loss and gradients stay finite and right for scores near +-1000"""
    loss_fn = student.function(NEG)
    for name in ("beyond 1", "beyond 2"):
        case = known_problems(fixture)["neg"][name]
        _, _, got = run_known_neg(loss_fn, case)
        expect_returned(got, loss_fn.last, stored_neg(case), hint=HINTS.NEG_FINITE)


@graded(1, "4.14", NEG)
@counts_with("public/test_word2vec.py::test_neg_loss_formula")
def test_neg_leaves_inputs(student):
    """does not change centerWordVec or outsideVectors"""
    v, o, U = problem(15, 4, 3)
    expect_inputs_unchanged(student.function(NEG), v, o, U, (dataset([1, 2, 3, 0, 1]), 5), HINTS.LEAVE_INPUTS)


# -- skipgram and cbow, with a recording loss function -----------------------------

WORDS = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}


def model_problem(seed):
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
@graded(2, "4.15", SKIPGRAM)
def test_skipgram_sums_over_outside_words(student):
    """loss and gradients are sums over the outside words; only the centre row of gradCenterVecs is set"""
    skipgram = student.function(SKIPGRAM)
    C, U, base, g_center, g_outside, loss = model_problem(16)
    outside = ["a", "b", "e", "d", "b", "c"]
    reply, _ = run_model(skipgram, "c", 3, outside, C, U, loss, len(outside))
    got = returned(reply.value, skipgram.last)
    scales = sum(WORDS[w] + 1.0 for w in outside)
    expected_center = np.zeros((5, 3))
    expected_center[2] = scales * g_center
    expected_loss = sum(base + WORDS[w] for w in outside)
    averaged = np.allclose(scalar(got[0]), expected_loss / len(outside))
    expect_array(got[1], (5, 3), skipgram.last, what="gradCenterVecs", hint="both gradients have shape (V, d)")
    expect_returned(got, skipgram.last, (expected_loss, expected_center, scales * g_outside),
                    hint=HINTS.SKIPGRAM_AVERAGED if averaged else HINTS.SKIPGRAM)


@graded(1, "4.16", SKIPGRAM)
def test_skipgram_calls_the_loss_right(student):
    """calls the given loss once per outside word with v_c, the word's index, outsideVectors and the dataset"""
    skipgram = student.function(SKIPGRAM)
    C, U, _, _, _, loss = model_problem(17)
    outside = ["d", "a", "a", "e"]
    _, calls = run_model(skipgram, "b", 2, outside, C, U, loss, len(outside))
    expect_true([c[1] for c in calls] == [WORDS[w] for w in outside], skipgram.last,
                "called the loss function with wrong outside word indices",
                expected=str([WORDS[w] for w in outside]), got=str([c[1] for c in calls]),
                hint="outsideWordIdx is word2Ind[word] for each outside word, in order")
    for centre, _, checksum, kind in calls:
        expect_close(np.array(centre), C[1], skipgram.last, what="the centre vector passed to the loss",
                     hint="pass centerWordVectors[word2Ind[currentCenterWord]] (a row of centerWordVectors)")
        expect_close(checksum, np.sum(U), skipgram.last, what="the sum of the outsideVectors passed to the loss",
                     hint="pass outsideVectors unchanged as the loss function's third argument")
        expect_true(kind == "ScriptedDataset", skipgram.last, "did not pass the dataset on to the loss function",
                    expected="dataset as the fourth argument", got=f"an object of type {kind}")


@graded(2, "4.17", CBOW)
def test_cbow_predicts_centre_from_summed_context(student):
    """one loss call: the summed context vectors predict the centre word; the gradient goes to every context row"""
    cbow = student.function(CBOW)
    C, U, base, g_center, g_outside, loss = model_problem(18)
    outside = ["a", "b", "a", "e"]
    reply, calls = run_model(cbow, "c", 2, outside, C, U, loss, 1)
    got = returned(reply.value, cbow.last)
    predicted = sum(C[WORDS[w]] for w in outside)
    hint = "the predicted vector is the SUM of the context words' rows of centerWordVectors, repeats counted"
    if np.allclose(calls[0][0], predicted / len(outside)):
        hint = HINTS.CBOW_AVERAGED
    expect_close(np.array(calls[0][0]), predicted, cbow.last, what="the vector passed to the loss", hint=hint)
    expect_true(calls[0][1] == WORDS["c"], cbow.last, "predicted the wrong word",
                expected=f"outsideWordIdx {WORDS['c']} (the centre word)", got=str(calls[0][1]),
                hint="the target of cbow's single loss call is word2Ind[currentCenterWord]")
    _, _, checksum, kind = calls[0]
    expect_close(checksum, np.sum(U), cbow.last, what="the sum of the outsideVectors passed to the loss",
                 hint="pass outsideVectors unchanged as the loss function's third argument")
    expect_true(kind == "ScriptedDataset", cbow.last, "did not pass the dataset on to the loss function",
                expected="dataset as the fourth argument", got=f"an object of type {kind}")
    expected_center = np.zeros((5, 3))
    for w in outside:
        expected_center[WORDS[w]] += 3.0 * g_center
    expect_returned(got, cbow.last, (base + 2, expected_center, 3.0 * g_outside), hint=HINTS.CBOW)
