"""Public checks of word2vec.py: normalizeRows, the two losses, skipgram and cbow.

Reference-free: expected values come from the handout's known answers (fixture),
from the loss formulas evaluated here, or from centred differences of the
student's own loss. Negative samples come from a scripted dataset (a harness
object in the worker) whose record shows which negatives the student drew.
skipgram and cbow get a recording stand-in as their loss function, so they are
graded apart from the student's losses.
"""
import numpy as np
from gradescope_utils.autograder_utils.decorators import number, tags, weight

from autograder.checks import expect_array, expect_close, expect_true, failure
from autograder.sandbox.wire import StandInRef

NORMALIZE = "word2vec.py:normalizeRows"
NAIVE = "word2vec.py:naiveSoftmaxLossAndGradient"
NEG = "word2vec.py:negSamplingLossAndGradient"
SKIPGRAM = "word2vec.py:skipgram"
CBOW = "word2vec.py:cbow"
H = 1e-5
SHAPE_HINT = "gradCenterVec has the shape of centerWordVec, (d,), not (1, d) or (d, 1); gradOutsideVecs is (V, d)"


# -- trusted formulas -------------------------------------------------------

def sig(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def naive_loss(v, o, U):
    scores = U @ v
    top = np.max(scores)
    return float(top + np.log(np.sum(np.exp(scores - top))) - scores[o])


def neg_expected(v, o, U, negatives, variant=None):
    """Loss and gradients of negative sampling for these negatives. Variants are named
    mistakes: "overwrite" (a repeated negative's row is set, not added), "dedup" (repeats
    dropped), "sigma_neg" (s(-u_k.v_c) where 1 - s(-u_k.v_c) belongs)."""
    if variant == "dedup":
        negatives = list(dict.fromkeys(negatives))
    loss = float(np.logaddexp(0.0, -U[o] @ v))
    g_center = -(1.0 - sig(U[o] @ v)) * U[o]
    g_outside = np.zeros(U.shape)
    g_outside[o] += -(1.0 - sig(U[o] @ v)) * v
    for k in negatives:
        loss += float(np.logaddexp(0.0, U[k] @ v))
        coeff = sig(-U[k] @ v) if variant == "sigma_neg" else sig(U[k] @ v)
        g_center = g_center + coeff * U[k]
        if variant == "overwrite":
            g_outside[k] = coeff * v
        else:
            g_outside[k] += coeff * v
    return loss, g_center, g_outside


def accepted(draws, o, K):
    """What getNegativeSamples makes of these draws: (the K negatives, draws used)."""
    negatives, used = [], 0
    while len(negatives) < K and used < len(draws):
        if draws[used] != o:
            negatives.append(draws[used])
        used += 1
    return negatives, used


def triple(value, call):
    if not (isinstance(value, tuple) and len(value) == 3):
        raise failure(call, "did not return three values",
                      expected="(loss, gradCenterVec, gradOutsideVecs)", got=repr(value)[:200])
    return value


def scalar(value):
    return float(np.sum(np.asarray(value, dtype=float)))


def check_triple(value, call, loss, g_center, g_outside, hint=None, rtol=1e-5, atol=1e-7):
    got_loss, got_center, got_outside = triple(value, call)
    expect_array(got_loss, (), call, what="the loss", hint="return the loss as a scalar (a float)")
    expect_array(got_center, np.shape(g_center), call, what="the centre gradient", hint=SHAPE_HINT)
    expect_array(got_outside, np.shape(g_outside), call, what="the outside gradient", hint=SHAPE_HINT)
    expect_close(got_loss, loss, call, rtol, atol, what="the loss", hint=hint)
    expect_close(got_center, g_center, call, rtol, atol, what="the centre gradient", hint=hint)
    expect_close(got_outside, g_outside, call, rtol, atol, what="the outside gradient", hint=hint)


def numeric_gradients(function, v, o, U, rest=lambda: (None,)):
    """Centred differences of the student's own loss in v and U, one batch;
    rest() gives the arguments after outsideVectors (a fresh dataset per call)."""
    calls = []
    for array_index, shape in ((0, v.shape), (1, U.shape)):
        for index in np.ndindex(*shape):
            for sign in (1.0, -1.0):
                vv, UU = v.copy(), U.copy()
                (vv if array_index == 0 else UU)[index] += sign * H
                calls.append((vv, o, UU, *rest()))
    losses = [scalar(triple(value, function.last)[0]) for value in function.batch(calls)]
    differences = (np.array(losses[0::2]) - np.array(losses[1::2])) / (2 * H)
    return differences[:v.size].reshape(v.shape), differences[v.size:].reshape(U.shape)


def problem(seed, V=5, d=3, scale=1.0):
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal(d), int(rng.integers(V)), scale * rng.standard_normal((V, d))


def dataset(draws, slot="dataset"):
    return StandInRef("scripted_dataset", slot=slot, draws=[int(d) for d in draws])


# -- normalizeRows ----------------------------------------------------------

@weight(1)
@number("4.1")
@tags(NORMALIZE)
def test_normalize_rows(student):
    """scales each row to unit length: [[3, 4], [1, 2]] and a random matrix"""
    normalize = student.function(NORMALIZE)
    expect_close(normalize(np.array([[3.0, 4.0], [1.0, 2.0]])),
                 [[0.6, 0.8], [1 / np.sqrt(5), 2 / np.sqrt(5)]], normalize.last,
                 hint="divide each row by its own L2 norm sqrt(sum(x**2)), kept as an (N, 1) column")
    x = np.random.default_rng(1).standard_normal((4, 3)) * 5
    expect_close(normalize(x), x / np.linalg.norm(x, axis=1, keepdims=True), normalize.last,
                 hint="divide each row by its own L2 norm sqrt(sum(x**2)), kept as an (N, 1) column")


@weight(1)
@number("4.2")
@tags(NORMALIZE)
def test_normalize_rows_leaves_input(student):
    """does not change its argument"""
    normalize = student.function(NORMALIZE)
    x = np.array([[3.0, 4.0], [1.0, 2.0], [0.5, -0.5]])
    reply = normalize.run(StandInRef("watched_array", slot="x", values=x))
    expect_close(reply.records["x"]["values"], x, normalize.last, what="the argument after the call",
                 hint="build a new array (x / norms), do not divide x in place (x /= ...)")


# -- naiveSoftmaxLossAndGradient -----------------------------------------------

@weight(2)
@number("4.3")
@tags(NAIVE)
def test_naive_known_answers(student, fixture):
    """summed over the outside words, matches the handout's three naive-softmax cases"""
    loss_fn = student.function(NAIVE)
    known = fixture("word2vec_known_answers.json")
    for case in (c for c in known["cases"] if c["kind"] == "naive"):
        C, U = np.array(case["centerWordVectors"]), np.array(case["outsideVectors"])
        c = known["dummy_tokens"][case["currentCenterWord"]]
        values = loss_fn.batch([(C[c].copy(), known["dummy_tokens"][w], U, None) for w in case["outsideWords"]])
        values = [triple(v, loss_fn.last) for v in values]
        total_center = sum(np.asarray(v[1], dtype=float) for v in values)
        total_outside = sum(np.asarray(v[2], dtype=float) for v in values)
        call = f"{loss_fn.last}\n(one call per outside word of the handout's case {case['name']!r}, summed)"
        expected = case["expected"]
        expect_close(sum(scalar(v[0]) for v in values), expected["loss"], call, what="the summed loss",
                     hint="loss = -log softmax(outsideVectors @ centerWordVec)[outsideWordIdx]")
        expect_close(total_center, np.array(expected["gradCenterVecs"])[c], call,
                     what="the summed centre gradient", hint="gradCenterVec = outsideVectors.T @ (y_hat - y)")
        expect_close(total_outside, expected["gradOutsideVectors"], call, what="the summed outside gradient",
                     hint="gradOutsideVecs = outer(y_hat - y, centerWordVec)")


@weight(1)
@number("4.4")
@tags(NAIVE)
def test_naive_loss_is_cross_entropy(student):
    """the loss is -log softmax(U v_c)[o], with gradients of the right shapes"""
    loss_fn = student.function(NAIVE)
    for seed, V, d in ((1, 5, 3), (2, 7, 2), (3, 1, 4), (4, 3, 6)):
        v, o, U = problem(seed, V, d)
        got = triple(loss_fn(v, o, U, None), loss_fn.last)
        expect_array(got[1], (d,), loss_fn.last, what="gradCenterVec", hint=SHAPE_HINT)
        expect_array(got[2], (V, d), loss_fn.last, what="gradOutsideVecs", hint=SHAPE_HINT)
        expect_close(got[0], naive_loss(v, o, U), loss_fn.last, what="the loss",
                     hint="loss = -log(y_hat[o]) with y_hat = softmax(outsideVectors @ centerWordVec)")


@weight(2)
@number("4.5")
@tags(NAIVE)
def test_naive_gradients_match_the_loss(student):
    """both gradients equal centred differences of the student's own loss"""
    loss_fn = student.function(NAIVE)
    for seed, V, d in ((5, 4, 3), (6, 2, 5)):
        v, o, U = problem(seed, V, d)
        got = triple(loss_fn(v, o, U, None), loss_fn.last)
        call = loss_fn.last
        expect_array(got[1], (d,), call, what="gradCenterVec", hint=SHAPE_HINT)
        expect_array(got[2], (V, d), call, what="gradOutsideVecs", hint=SHAPE_HINT)
        num_center, num_outside = numeric_gradients(loss_fn, v, o, U)
        sign = "; the sign is flipped: it is y_hat - y, not y - y_hat" if np.allclose(got[1], -num_center) else ""
        expect_close(got[1], num_center, call, 1e-4, 1e-5, what="gradCenterVec (vs centred differences)",
                     hint="gradCenterVec = outsideVectors.T @ (y_hat - y), y the one-hot vector of o" + sign)
        expect_close(got[2], num_outside, call, 1e-4, 1e-5, what="gradOutsideVecs (vs centred differences)",
                     hint="gradOutsideVecs = outer(y_hat - y, centerWordVec): row w is (y_hat[w] - y[w]) v_c")


@weight(1)
@number("4.6")
@tags(NAIVE)
def test_naive_large_scores_are_stable(student):
    """scores near +-1000 give a finite, right loss and gradients"""
    loss_fn = student.function(NAIVE)
    v = np.array([1000.0, 0.0])
    U = np.array([[1.0, 0.0], [0.999, 0.0], [-1.0, 0.0]])
    for o in (0, 2):
        got = triple(loss_fn(v, o, U, None), loss_fn.last)
        expect_close(got[0], naive_loss(v, o, U), loss_fn.last, what="the loss",
                     hint="use the provided (max-subtracted) softmax, or subtract the largest score before exp()")
        expect_true(np.all(np.isfinite(np.asarray(got[1], dtype=float))) and
                    np.all(np.isfinite(np.asarray(got[2], dtype=float))), loss_fn.last,
                    "returned gradients with NaN or infinite entries",
                    hint="subtract the largest score before exp(); the provided softmax does")


@weight(1)
@number("4.7")
@tags(NAIVE)
def test_naive_leaves_inputs(student):
    """does not change centerWordVec or outsideVectors"""
    loss_fn = student.function(NAIVE)
    v, o, U = problem(7, 4, 3)
    reply = loss_fn.run(StandInRef("watched_array", slot="v", values=v), o,
                        StandInRef("watched_array", slot="U", values=U), None)
    expect_close(reply.records["v"]["values"], v, loss_fn.last, what="centerWordVec after the call",
                 hint="build new arrays; the provided softmax changes its argument in place, so pass it a copy")
    expect_close(reply.records["U"]["values"], U, loss_fn.last, what="outsideVectors after the call",
                 hint="build new arrays instead of changing outsideVectors in place")


# -- negSamplingLossAndGradient ---------------------------------------------------

def neg_hint(got_outside, v, o, U, negatives):
    for variant, text in (("overwrite", "a word sampled twice must count twice: add its gradient (np.add.at or a "
                                        "loop with +=); fancy-index assignment keeps only one"),
                          ("dedup", "do not remove repeated negatives: each draw is one term"),
                          ("sigma_neg", "for a negative the coefficient is 1 - s(-u_k.v_c) = s(u_k.v_c), "
                                        "not s(-u_k.v_c)")):
        if np.shape(got_outside) == U.shape and np.allclose(got_outside, neg_expected(v, o, U, negatives, variant)[2]):
            return "this matches a known mistake: " + text
    return None


def draws_of(reply, function):
    record = reply.records.get("dataset", {})
    expect_true(record.get("count", 0) > 0, function.last,
                "never drew a negative sample from the dataset",
                expected="K calls of dataset.sampleTokenIdx() (through getNegativeSamples)",
                got="no calls", hint="negatives must be drawn through the dataset: keep the provided "
                                     "getNegativeSamples(outsideWordIdx, dataset, K) call")
    return record["draws"], record["count"]


@weight(2)
@number("4.8")
@tags(NEG)
def test_neg_known_answers(student, fixture):
    """summed over the outside words, matches the handout's three negative-sampling cases"""
    loss_fn = student.function(NEG)
    known = fixture("word2vec_known_answers.json")
    for case in (c for c in known["cases"] if c["kind"] == "neg"):
        C, U = np.array(case["centerWordVectors"]), np.array(case["outsideVectors"])
        c = known["dummy_tokens"][case["currentCenterWord"]]
        draws, calls = case["sampleTokenIdx_draws"], []
        for word in case["outsideWords"]:
            o = known["dummy_tokens"][word]
            _, used = accepted(draws, o, case["K"])
            calls.append((C[c].copy(), o, U, dataset(draws[:used]), case["K"]))
            draws = draws[used:]
        values = [triple(v, loss_fn.last) for v in loss_fn.batch(calls)]
        call = (f"{loss_fn.last}\n(one call per outside word of the handout's case {case['name']!r}, summed, "
                "each with the dataset draws of the original run)")
        expected = case["expected"]
        hint = ("loss = -log s(u_o.v_c) - sum_k log s(-u_k.v_c); draw the negatives with exactly one "
                "getNegativeSamples call and count repeated negatives once per draw")
        expect_close(sum(scalar(v[0]) for v in values), expected["loss"], call, what="the summed loss", hint=hint)
        expect_close(sum(np.asarray(v[1], dtype=float) for v in values), np.array(expected["gradCenterVecs"])[c],
                     call, what="the summed centre gradient", hint=hint)
        expect_close(sum(np.asarray(v[2], dtype=float) for v in values), expected["gradOutsideVectors"], call,
                     what="the summed outside gradient", hint=hint)


@weight(1)
@number("4.9")
@tags(NEG)
def test_neg_draws_through_dataset(student):
    """draws exactly its K negatives through dataset.sampleTokenIdx, once"""
    loss_fn = student.function(NEG)
    v, o, U = problem(8, 5, 3)
    script = [o, 1, 3, o, 0, 4, 2, 2, 1, 0, 3, 4, 1, 2, 0]
    reply = loss_fn.run(v, o, U, dataset(script), 6)
    _, count = draws_of(reply, loss_fn)
    _, used = accepted(script, o, 6)
    expect_true(count == used, loss_fn.last, "drew a wrong number of samples from the dataset",
                expected=f"{used} draws (K = 6 accepted, draws equal to outsideWordIdx redrawn)",
                got=f"{count} draws", hint="call the provided getNegativeSamples exactly once and draw nothing "
                                            "else; extra draws change the random sequence the autograder replays")


@weight(1)
@number("4.10")
@tags(NEG)
def test_neg_loss_formula(student):
    """the loss is -log s(u_o.v_c) - sum_k log s(-u_k.v_c) over the drawn negatives"""
    loss_fn = student.function(NEG)
    for seed, V, d, K in ((9, 5, 3, 4), (10, 8, 2, 10), (11, 2, 4, 3)):
        v, o, U = problem(seed, V, d)
        script = list(np.random.default_rng(seed).integers(0, V, size=40))
        reply = loss_fn.run(v, o, U, dataset(script), K)
        got = triple(reply.value, loss_fn.last)
        draws, _ = draws_of(reply, loss_fn)
        negatives, _ = accepted(draws, o, K)
        expect_array(got[1], (d,), loss_fn.last, what="gradCenterVec", hint=SHAPE_HINT)
        expect_array(got[2], (V, d), loss_fn.last, what="gradOutsideVecs", hint=SHAPE_HINT)
        expect_close(got[0], neg_expected(v, o, U, negatives)[0], loss_fn.last, what="the loss",
                     hint=f"with the negatives drawn, {negatives}: loss = -log s(u_o.v_c) - sum_k log s(-u_k.v_c), "
                          "one term per draw")


@weight(2)
@number("4.11")
@tags(NEG)
def test_neg_gradients_match_the_loss(student):
    """both gradients equal centred differences of the student's own loss (same draws)"""
    loss_fn = student.function(NEG)
    for seed, V, d, K in ((12, 5, 3, 4), (13, 3, 2, 6)):
        v, o, U = problem(seed, V, d)
        script = list(np.random.default_rng(seed).integers(0, V, size=30))
        reply = loss_fn.run(v, o, U, dataset(script), K)
        got, call = triple(reply.value, loss_fn.last), loss_fn.last
        draws, _ = draws_of(reply, loss_fn)
        negatives, _ = accepted(draws, o, K)
        expect_array(got[1], (d,), call, what="gradCenterVec", hint=SHAPE_HINT)
        expect_array(got[2], (V, d), call, what="gradOutsideVecs", hint=SHAPE_HINT)
        num_center, num_outside = numeric_gradients(loss_fn, v, o, U, lambda: (dataset(script), K))
        hint = neg_hint(got[2], v, o, U, negatives)
        expect_close(got[1], num_center, call, 1e-4, 1e-5, what="gradCenterVec (vs centred differences)",
                     hint=hint or "gradCenterVec = -(1 - s(u_o.v_c)) u_o + sum_k (1 - s(-u_k.v_c)) u_k")
        expect_close(got[2], num_outside, call, 1e-4, 1e-5, what="gradOutsideVecs (vs centred differences)",
                     hint=hint or "row o is -(1 - s(u_o.v_c)) v_c; row k gets (1 - s(-u_k.v_c)) v_c per draw of k; "
                                  "other rows are zero")


@weight(2)
@number("4.12")
@tags(NEG)
def test_neg_repeated_negatives_accumulate(student):
    """a negative drawn several times counts once per draw (K larger than V)"""
    loss_fn = student.function(NEG)
    v, o, U = problem(14, 3, 2)
    o = 0
    script = [1, 2, 1, 1, 0, 2, 1, 2, 2, 1, 1, 0, 1, 2]
    reply = loss_fn.run(v, o, U, dataset(script), 12)
    got = triple(reply.value, loss_fn.last)
    draws, _ = draws_of(reply, loss_fn)
    negatives, _ = accepted(draws, o, 12)
    loss, g_center, g_outside = neg_expected(v, o, U, negatives)
    check_triple(got, loss_fn.last, loss, g_center, g_outside,
                 hint=neg_hint(got[2], v, o, U, negatives)
                 or f"the negatives were {negatives}: every draw is one term, repeats included")


@weight(1)
@number("4.13")
@tags(NEG)
def test_neg_large_scores_are_stable(student):
    """scores near +-1000 give a finite, right loss and gradients"""
    loss_fn = student.function(NEG)
    v = np.array([1000.0, 0.0])
    U = np.array([[1.0, 0.0], [-1.0, 0.0], [0.999, 0.0]])
    for o, script in ((0, [1, 2]), (2, [0, 1])):
        reply = loss_fn.run(v, o, U, dataset(script), 2)
        got = triple(reply.value, loss_fn.last)
        draws, _ = draws_of(reply, loss_fn)
        loss, g_center, g_outside = neg_expected(v, o, U, accepted(draws, o, 2)[0])
        check_triple(got, loss_fn.last, loss, g_center, g_outside, rtol=1e-5, atol=1e-6,
                     hint="-log s(z) = log(1 + exp(-z)) overflows for z = -1000: use np.logaddexp(0, -z) "
                          "or a sigmoid that never computes exp of a large positive number")


@weight(1)
@number("4.14")
@tags(NEG)
def test_neg_leaves_inputs(student):
    """does not change centerWordVec or outsideVectors"""
    loss_fn = student.function(NEG)
    v, o, U = problem(15, 4, 3)
    reply = loss_fn.run(StandInRef("watched_array", slot="v", values=v), o,
                        StandInRef("watched_array", slot="U", values=U), dataset([1, 2, 3, 0, 1]), 5)
    expect_close(reply.records["v"]["values"], v, loss_fn.last, what="centerWordVec after the call",
                 hint="build new arrays instead of changing the arguments in place")
    expect_close(reply.records["U"]["values"], U, loss_fn.last, what="outsideVectors after the call",
                 hint="build new arrays instead of changing the arguments in place")


# -- skipgram and cbow, with a recording loss function -----------------------------

WORDS = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}


def model_problem(seed):
    rng = np.random.default_rng(seed)
    C, U = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    base, g_center, g_outside = 0.5, np.array([1.0, -2.0, 0.25]), rng.standard_normal((5, 3))
    loss = StandInRef("recording_loss", slot="loss", loss_value=base, grad_center=g_center, grad_outside=g_outside)
    return C, U, base, g_center, g_outside, loss


def loss_calls(reply, function, how_many):
    calls = reply.records.get("loss", {}).get("calls", [])
    expect_true(len(calls) > 0, function.last, "never called the loss function it was given",
                expected="calls of word2vecLossAndGradient (the last argument)", got="no calls",
                hint="call the word2vecLossAndGradient argument, not naiveSoftmaxLossAndGradient by name")
    expect_true(len(calls) == how_many, function.last, "called the loss function a wrong number of times",
                expected=f"{how_many} calls", got=f"{len(calls)} calls",
                hint="skipgram: one call per outside word, repeats included; cbow: one call in all")
    return calls


@weight(2)
@number("4.15")
@tags(SKIPGRAM)
def test_skipgram_sums_over_outside_words(student):
    """loss and gradients are sums over the outside words; only the centre row of gradCenterVecs is set"""
    skipgram = student.function(SKIPGRAM)
    C, U, base, g_center, g_outside, loss = model_problem(16)
    outside = ["a", "b", "e", "d", "b", "c"]
    reply = skipgram.run("c", 3, outside, WORDS, C, U, StandInRef("scripted_dataset", draws=[0]), loss)
    got = triple(reply.value, skipgram.last)
    loss_calls(reply, skipgram, len(outside))
    scales = sum(WORDS[w] + 1.0 for w in outside)
    expected_center = np.zeros((5, 3))
    expected_center[2] = scales * g_center
    expected_loss = sum(base + WORDS[w] for w in outside)
    hint = ("loss and both gradients are SUMS of the loss function's results over the outside words; "
            "the centre gradient goes to row word2Ind[currentCenterWord] only")
    if np.allclose(scalar(got[0]), expected_loss / len(outside)):
        hint = "the loss was averaged over the outside words; it must be their sum"
    expect_array(got[1], (5, 3), skipgram.last, what="gradCenterVecs", hint="both gradients have shape (V, d)")
    check_triple(got, skipgram.last, expected_loss, expected_center, scales * g_outside, hint=hint)


@weight(1)
@number("4.16")
@tags(SKIPGRAM)
def test_skipgram_calls_the_loss_right(student):
    """calls the given loss once per outside word with v_c, the word's index, outsideVectors and the dataset"""
    skipgram = student.function(SKIPGRAM)
    C, U, _, _, _, loss = model_problem(17)
    outside = ["d", "a", "a", "e"]
    reply = skipgram.run("b", 2, outside, WORDS, C, U, StandInRef("scripted_dataset", draws=[0]), loss)
    calls = loss_calls(reply, skipgram, len(outside))
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


@weight(2)
@number("4.17")
@tags(CBOW)
def test_cbow_predicts_centre_from_summed_context(student):
    """one loss call: the summed context vectors predict the centre word; the gradient goes to every context row"""
    cbow = student.function(CBOW)
    C, U, base, g_center, g_outside, loss = model_problem(18)
    outside = ["a", "b", "a", "e"]
    reply = cbow.run("c", 2, outside, WORDS, C, U, StandInRef("scripted_dataset", draws=[0]), loss)
    got = triple(reply.value, cbow.last)
    calls = loss_calls(reply, cbow, 1)
    predicted = sum(C[WORDS[w]] for w in outside)
    hint = "the predicted vector is the SUM of the context words' rows of centerWordVectors, repeats counted"
    if np.allclose(calls[0][0], predicted / len(outside)):
        hint = "the context vectors were averaged; the predicted vector is their sum"
    expect_close(np.array(calls[0][0]), predicted, cbow.last, what="the vector passed to the loss", hint=hint)
    expect_true(calls[0][1] == WORDS["c"], cbow.last, "predicted the wrong word",
                expected=f"outsideWordIdx {WORDS['c']} (the centre word)", got=str(calls[0][1]),
                hint="the target of cbow's single loss call is word2Ind[currentCenterWord]")
    expected_center = np.zeros((5, 3))
    for w in outside:
        expected_center[WORDS[w]] += 3.0 * g_center
    check_triple(got, cbow.last, base + 2, expected_center, 3.0 * g_outside,
                 hint="add the loss's centre gradient to the row of every context word, once per occurrence")
