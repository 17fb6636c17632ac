"""Public checks of word2vec.py: normalizeRows, the two losses, skipgram and cbow.

Reference-free: expected values come from the known answers of
fixtures/word2vec_known_answers.json (the handout's sanity check, and stored
losses and gradients of the problems below), from properties, or from centred
differences of the student's own loss. Negative samples come from a scripted dataset (a stand-in
in the worker) whose record shows which negatives the student drew; the scripts
never offer the target word except in the test of the draw count, so the CS224d
2016 handout's own sampling (K draws, the target allowed) and getNegativeSamples
(the target redrawn) draw the same negatives (the calls and checks are in
shared/word2vec.py). Graded tests keep every score where each form of the loss that students write is
finite and accurate (hints/word2vec.py's limits, assignment/POLICY.md); beyond that
range, robustness is advice (tests of weight 0), never a deduction.
skipgram and cbow get a recording stand-in as their loss function, so they are
graded apart from the student's losses.
"""
import numpy as np

from autograder.checks import (
    counts_with,
    expect_array,
    expect_close,
    expect_true,
    graded,
    standin,
)

from hints import word2vec as HINTS
from shared.word2vec import (
    CBOW,
    NAIVE,
    NEG,
    NORMALIZE,
    SKIPGRAM,
    WORDS,
    accepted,
    dataset,
    draws_of,
    expect_gradient_shapes,
    expect_gradients,
    expect_inputs_unchanged,
    expect_returned,
    expect_summed,
    known_cases,
    known_problems,
    model_problem,
    neg_hint,
    numerical_gradients,
    older_handout,
    problem,
    returned,
    run_known_neg,
    run_model,
    run_neg,
    scalar,
    stored_neg,
    without_target,
)

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
    averaged = np.allclose(scalar(got[0], skipgram.last), expected_loss / len(outside))
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
