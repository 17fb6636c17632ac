"""Public checks of answers.py, the written answers given as formulas.

Two checks per answer, neither of which uses an instructor solution: the known
answers of fixtures/answers_known_answers.json (derived from each question: array
shapes, enumeration, exact arithmetic, high-precision differences; the handouts'
own sizes among them), and a property of the question checked on generated
arguments (what one more unit adds to a parameter count, gradient descent run
just below and just above the step limit, centred differences of the sigmoid and
of the negative-sampling loss). A number worked out for one size passes neither.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    CENTRED_DIFFERENCE,
    DEFAULT,
    EXACT,
    KNOWN_ANSWER,
    call_text,
    diagnose,
    expect_array,
    expect_close,
    expect_true,
    graded,
    show,
)

from hints import answers as HINTS
from shared import answers as SHARED
from shared.sigmoid import logit

NET, LANGUAGE_MODEL, NGRAM, DROPOUT, SGD_LIMIT, SIGMOID, NEG_GRAD = SHARED.FUNCTION_IDS
KNOWN = "answers_known_answers.json"
COUNTS = (NET, LANGUAGE_MODEL, NGRAM)


def as_arguments(function_id, args):
    """The fixture's JSON arguments as the function takes them (arrays for the vectors)."""
    return [np.array(a) for a in args[:2]] + list(args[2:]) if function_id == NEG_GRAD else list(args)


def expect_answer(got, expected, function_id, args, tolerance, mistakes=None):
    """got, the student's answer to function_id(*args), must be expected; a known mistake
    ({explanation: its value}) is named."""
    hint = diagnose.hint(got, mistakes or {}, default=HINTS.HINTS[function_id], expected=expected,
                         tolerance=tolerance)
    expect_close(got, expected, call_text(function_id, args), tolerance, what="the answer", hint=hint)


def known_answers(student, fixture, function_id):
    """Every stored case of function_id, in one round trip; counts must be exact. A known mistake
    stored with the case is named, and so is the value of another case (a number worked out for
    other arguments)."""
    cases = fixture(KNOWN)[function_id.split(":")[1]]
    arguments = [as_arguments(function_id, case["args"]) for case in cases]
    values = student.function(function_id).batch(arguments)
    tolerance = EXACT if function_id in COUNTS else KNOWN_ANSWER
    for args, case, got in zip(arguments, cases, values):
        mistakes = {text: np.array(value) if isinstance(value, list) else value
                    for text, value in case["mistakes"].items()}
        others = [c["expected"] for c in cases if c is not case and c["expected"] != case["expected"]]
        if others:
            mistakes[HINTS.FORMULA] = others[0]
        expect_answer(got, case["expected"], function_id, args, tolerance, mistakes)


def number(got, call):
    """got, a student's answer, as a Python number; a failure when it is not one finite number."""
    value = expect_array(got, (), call, what="the answer", hint="return one number (an int for a count)")
    expect_true(bool(np.isfinite(value)), call, "returned a value that is not finite", expected="a finite number",
                got=show(got), hint="look for a division by zero or an overflow")
    return value.item()


def differences(student, function_id, base, names, expected_steps):
    """The answer at base (a tuple of ints named names) and at base with each argument in turn raised
    by 1 must grow by expected_steps (ints, one per argument): checked on the student's own values."""
    calls = [tuple(base)] + [tuple(v + (i == position) for i, v in enumerate(base)) for position in range(len(base))]
    values = student.function(function_id).batch(calls)
    first = number(values[0], call_text(function_id, calls[0]))
    # Past 2**53 a float cannot hold every integer, so first + step would equal first: a huge constant
    # would pass.
    expect_true(abs(first) < 2 ** 53, call_text(function_id, calls[0]), "returned a count too large to be exact",
                expected="the number of parameters, an integer below 2**53", got=show(values[0]),
                hint=HINTS.HINTS[function_id])
    for call, value, name, step in zip(calls[1:], values[1:], names, expected_steps):
        expect_close(value, first + step, call_text(function_id, call), EXACT, what="the answer",
                     hint=f"{call_text(function_id, calls[0])} returned {show(first)}, and raising {name} by one "
                          f"adds {step} parameters; {HINTS.HINTS[function_id]}")


# ---------------------------------------------------------------------------
# Parameter counts and the n-gram table
# ---------------------------------------------------------------------------

@graded(1, "9.1", NET)
def test_neural_net_param_count_known_answers(student, fixture):
    """the network's parameter count for the handout's sizes and three others"""
    known_answers(student, fixture, NET)


@graded(1, "9.2", NET)
@given(Dx=st.integers(1, 500), H=st.integers(1, 500), Dy=st.integers(1, 500))
def test_neural_net_param_count_grows_per_unit(student, Dx, H, Dy):
    """one more input, hidden unit or class adds its weights and bias to the count"""
    differences(student, NET, (Dx, H, Dy), ("Dx", "H", "Dy"), (H, Dx + 1 + Dy, H + 1))


@graded(1, "9.3", LANGUAGE_MODEL)
def test_language_model_param_count_known_answers(student, fixture):
    """the language model's parameter count for the handout's model, checking.py's and two small ones"""
    known_answers(student, fixture, LANGUAGE_MODEL)


@graded(1, "9.4", LANGUAGE_MODEL)
@given(V=st.integers(1, 500), D=st.integers(1, 64), H=st.integers(1, 256), n=st.integers(1, 6))
def test_language_model_param_count_grows_per_unit(student, V, D, H, n):
    """one more word, embedding dimension, hidden unit or context word adds its parameters to the count"""
    differences(student, LANGUAGE_MODEL, (V, D, H, n), ("V", "D", "H", "context_size"),
                (D + H + 1, V + n * H, n * D + 1 + V, H * D))


@graded(1, "9.5", NGRAM)
def test_ngram_table_entries_known_answers(student, fixture):
    """the n-gram table's size for the handout's four-grams and five other tables"""
    known_answers(student, fixture, NGRAM)


@graded(1, "9.6", NGRAM)
@given(V=st.integers(1, 40), n=st.integers(1, 6))
def test_ngram_table_entries_one_word_longer(student, V, n):
    """unigram tables have V entries, and each word more multiplies the entries by V"""
    values = student.function(NGRAM).batch([(V, 1), (V, n), (V, n + 1)])
    expect_close(values[0], V, call_text(NGRAM, (V, 1)), EXACT, what="the answer",
                 hint=f"a table of single words has one entry per word; {HINTS.HINTS[NGRAM]}")
    shorter = number(values[1], call_text(NGRAM, (V, n)))
    expect_close(values[2], V * shorter, call_text(NGRAM, (V, n + 1)), EXACT, what="the answer",
                 hint=f"{call_text(NGRAM, (V, n))} returned {show(shorter)}: a table of (n + 1)-grams has V "
                      f"entries for each n-gram; {HINTS.HINTS[NGRAM]}")


# ---------------------------------------------------------------------------
# Dropout and the SGD step limit
# ---------------------------------------------------------------------------

@graded(1, "9.7", DROPOUT)
def test_dropout_scale_known_answers(student, fixture):
    """the dropout scale for five values of p_drop"""
    known_answers(student, fixture, DROPOUT)


@graded(1, "9.8", DROPOUT)
@given(p_drop=st.floats(0.0, 0.99))
def test_dropout_scale_keeps_the_expectation(student, p_drop):
    """gamma * E[d_i] = gamma * (1 - p_drop) is 1, so E[h_drop] = h"""
    call = call_text(DROPOUT, (p_drop,))
    gamma = number(student.function(DROPOUT)(p_drop), call)
    expect_close(gamma * (1 - p_drop), 1.0, call, DEFAULT,
                 what=f"gamma * E[d_i], the answer {show(gamma)} times the keep probability {1 - p_drop!r}",
                 hint=HINTS.HINTS[DROPOUT])


@graded(1, "9.9", SGD_LIMIT)
def test_sgd_step_limit_known_answers(student, fixture):
    """the step limit for the problem set's quadratic and four others"""
    known_answers(student, fixture, SGD_LIMIT)


def descent_grows(c, step, iterations=400):
    """Whether gradient descent from (1, 1) on 0.5 * (c1 t1^2 + c2 t2^2) ends farther from 0 than it started."""
    theta = np.ones(2)
    for _ in range(iterations):
        theta = theta - step * (np.asarray(c) * theta)
    return not np.max(np.abs(theta)) <= 1


@graded(1, "9.10", SGD_LIMIT)
@given(c1=st.floats(0.01, 1000.0), c2=st.floats(0.01, 1000.0))
def test_sgd_step_limit_separates_converging_from_diverging(student, c1, c2):
    """gradient descent with 0.99 times the answer stays bounded, and with 1.01 times it diverges"""
    call = call_text(SGD_LIMIT, (c1, c2))
    a_star = float(number(student.function(SGD_LIMIT)(c1, c2), call))
    hint = HINTS.HINTS[SGD_LIMIT]
    expect_true(a_star > 0 and not descent_grows((c1, c2), 0.99 * a_star), call,
                "returned a step below which gradient descent still diverges",
                expected="a step a* such that 400 steps of size 0.99 a* from (1, 1) stay within [-1, 1]",
                got=f"{a_star!r}: 400 steps of size {0.99 * a_star!r} leave [-1, 1]", hint=hint)
    expect_true(descent_grows((c1, c2), 1.01 * a_star), call,
                "returned a step above which gradient descent still converges",
                expected="the largest step that does not diverge: 400 steps of size 1.01 a* leave [-1, 1]",
                got=f"{a_star!r}: 400 steps of size {1.01 * a_star!r} stay within [-1, 1]", hint=hint)


# ---------------------------------------------------------------------------
# Derivatives
# ---------------------------------------------------------------------------

@graded(1, "9.11", SIGMOID)
def test_sigmoid_derivative_known_answers(student, fixture):
    """the sigmoid's derivative at five outputs s"""
    known_answers(student, fixture, SIGMOID)


@graded(1, "9.12", SIGMOID)
@given(s=st.floats(3e-4, 1 - 3e-4))  # the sigmoid's outputs for x within about +-8
def test_sigmoid_derivative_is_the_slope(student, s):
    """given s = sigmoid(x), the answer is the slope of the sigmoid at x (centred differences)"""
    # The slope at x = logit(s) is 1 / logit'(s): centred differences of the inverse function, with a
    # step relative to the distance from 0 and 1 (relative error below 1e-9).
    h = 1e-5 * min(s, 1 - s)
    slope = 2 * h / (logit(s + h) - logit(s - h))
    expect_answer(student.function(SIGMOID)(s), slope, SIGMOID, (s,), DEFAULT)


@graded(1, "9.13", NEG_GRAD)
def test_neg_sampling_outside_grad_known_answers(student, fixture):
    """the gradient for u_k drawn once, twice, three times and at every draw"""
    known_answers(student, fixture, NEG_GRAD)


def neg_sampling_loss(v_c, u_k, k, negative_indices):
    """The terms of the negative-sampling loss that depend on u_k: one -log sigma(-u_k . v_c) per draw of k."""
    return negative_indices.count(k) * np.logaddexp(0, u_k @ v_c)


@graded(1, "9.14", NEG_GRAD)
@given(case=SHARED.negative_draws(max_dim=6, max_samples=10, vocabulary=12, magnitude=2.0))
def test_neg_sampling_outside_grad_matches_differences(student, case):
    """the answer is the gradient of the negative-sampling loss for u_k (centred differences), repeats included"""
    v_c, u_k, k, negative_indices = case
    h = 1e-5
    numerical = np.array([(neg_sampling_loss(v_c, u_k + h * e, k, negative_indices)
                           - neg_sampling_loss(v_c, u_k - h * e, k, negative_indices)) / (2 * h)
                          for e in np.eye(len(u_k))])
    expect_answer(student.function(NEG_GRAD)(v_c, u_k, k, negative_indices), numerical, NEG_GRAD, case,
                  CENTRED_DIFFERENCE)
