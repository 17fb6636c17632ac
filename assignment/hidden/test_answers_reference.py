"""Hidden checks of answers.py: each written answer against the reference's formula
on generated arguments, far from the handouts' sizes as well as near them, so
that only a formula scores. Counts must be exact; the other answers agree to
float64 precision."""
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import EXACT, FLOAT64, call_text, diagnose, expect_close, graded

from hints import answers as HINTS
from hints import answers_mistakes as MISTAKES
from shared import answers as SHARED

NET, LANGUAGE_MODEL, NGRAM, DROPOUT, SGD_LIMIT, SIGMOID, NEG_GRAD = SHARED.FUNCTION_IDS
# The handouts' own arguments: a value the reference gives there, returned for other arguments, is memorised.
HANDOUT = {NET: (10, 5, 10), LANGUAGE_MODEL: (250, 16, 128, 3), NGRAM: (250, 4), DROPOUT: (0.5,),
           SGD_LIMIT: (1000.0, 1.0), SIGMOID: (0.5,)}


def compare_with_reference(student, reference, function_id, args, tolerance):
    """The student's function_id(*args) must return the reference's value; the hint names a known
    mistake, or a number memorised for the handout's arguments."""
    solution = getattr(reference("answers.py"), function_id.split(":")[1])
    expected = solution(*args)
    got = student.function(function_id)(*args)
    mistakes = MISTAKES.mistakes(function_id, *args)
    if function_id in HANDOUT:
        mistakes[HINTS.FORMULA] = solution(*HANDOUT[function_id])
    hint = diagnose.hint(got, mistakes, default=HINTS.HINTS[function_id], expected=expected, tolerance=tolerance)
    expect_close(got, expected, call_text(function_id, args), tolerance, what="the answer", hint=hint)


@graded(1, "9.15", NET)
@given(Dx=st.integers(1, 5000), H=st.integers(1, 5000), Dy=st.integers(1, 5000))
def test_neural_net_param_count_matches_reference(student, reference, Dx, H, Dy):
    """the network's parameter count agrees with the reference for generated Dx, H, Dy"""
    compare_with_reference(student, reference, NET, (Dx, H, Dy), EXACT)


@graded(1, "9.16", LANGUAGE_MODEL)
@given(V=st.integers(1, 20000), D=st.integers(1, 512), H=st.integers(1, 1024), n=st.integers(1, 10))
def test_language_model_param_count_matches_reference(student, reference, V, D, H, n):
    """the language model's parameter count agrees with the reference for generated V, D, H, context sizes"""
    compare_with_reference(student, reference, LANGUAGE_MODEL, (V, D, H, n), EXACT)


@graded(1, "9.17", NGRAM)
@given(V=st.integers(1, 1000), n=st.integers(1, 5))
def test_ngram_table_entries_matches_reference(student, reference, V, n):
    """the n-gram table's size agrees with the reference for generated V and n (up to 10**15 entries)"""
    compare_with_reference(student, reference, NGRAM, (V, n), EXACT)


@graded(1, "9.18", DROPOUT)
@given(p_drop=st.floats(0.0, 0.999))
def test_dropout_scale_matches_reference(student, reference, p_drop):
    """the dropout scale agrees with the reference for generated p_drop in [0, 0.999]"""
    compare_with_reference(student, reference, DROPOUT, (p_drop,), FLOAT64)


@graded(1, "9.19", SGD_LIMIT)
@given(c1=st.floats(1e-3, 1e4), c2=st.floats(1e-3, 1e4))
def test_sgd_step_limit_matches_reference(student, reference, c1, c2):
    """the SGD step limit agrees with the reference for generated curvatures, either one the larger"""
    compare_with_reference(student, reference, SGD_LIMIT, (c1, c2), FLOAT64)


@graded(1, "9.20", SIGMOID)
@given(s=st.floats(1e-6, 1 - 1e-6))
def test_sigmoid_derivative_matches_reference(student, reference, s):
    """the sigmoid's derivative agrees with the reference for generated outputs s in (0, 1)"""
    compare_with_reference(student, reference, SIGMOID, (s,), FLOAT64)


@graded(1, "9.21", NEG_GRAD)
@given(case=SHARED.negative_draws(max_dim=8, max_samples=20, vocabulary=50, magnitude=3.0))
def test_neg_sampling_outside_grad_matches_reference(student, reference, case):
    """the negative-sampling gradient for u_k agrees with the reference for generated vectors and draws of k"""
    compare_with_reference(student, reference, NEG_GRAD, case, FLOAT64)
