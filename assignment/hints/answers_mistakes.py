"""What each known-wrong formula of answers.py gives (for autograder.checks.diagnose): for the
hidden suite and the fixture generator (make_answers_known_answers.py), which stores the values
with the public known answers. No public suite imports this module, so the handout does not ship
it: a sign-flipped answer is one character away from the answer."""
import numpy as np

from hints import answers as HINTS
from shared.answers import DROPOUT, LANGUAGE_MODEL, NEG_GRAD, NET, NGRAM, SGD_LIMIT, SIGMOID


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def mistakes(function_id, *args):
    """{explanation: what that known-wrong formula returns} for the arguments of one call of function_id."""
    if function_id == NET:
        Dx, H, Dy = args
        return {HINTS.NET_NO_BIASES: Dx * H + H * Dy, HINTS.NET_BIAS_SIZE: Dx * H + Dx + H * Dy + H,
                HINTS.NET_OUTPUT_FROM_INPUT: (Dx + 1) * H + (Dx + 1) * Dy, HINTS.NET_FIRST_LAYER: (Dx + 1) * H}
    if function_id == LANGUAGE_MODEL:
        V, D, H, n = args
        return {HINTS.LM_NO_BIASES: V * D + H * n * D + V * H,
                HINTS.LM_ONE_EMBEDDING: V * D + H * (D + 1) + V * (H + 1),
                HINTS.LM_TABLE_PER_WORD: n * V * D + H * (n * D + 1) + V * (H + 1),
                HINTS.LM_OUTPUT_FROM_EMBEDDING: V * D + H * (n * D + 1) + V * (D + 1),
                HINTS.LM_NO_EMBEDDING: H * (n * D + 1) + V * (H + 1)}
    if function_id == NGRAM:
        V, n = args
        # n ** V is named only where it is below 2 ** 1000, within the range of floats.
        swapped = {HINTS.NGRAM_SWAPPED: n ** V} if V * n.bit_length() < 1000 else {}
        return {**swapped, HINTS.NGRAM_PAIRS: V * n, HINTS.NGRAM_SHORTER: V ** (n - 1)}
    if function_id == DROPOUT:
        (p_drop,) = args
        return {HINTS.DROPOUT_KEEP: 1 - p_drop, HINTS.DROPOUT_OVER_P: 1 / p_drop if p_drop else np.inf,
                HINTS.DROPOUT_P: p_drop}
    if function_id == SGD_LIMIT:
        c1, c2 = args
        return {HINTS.LIMIT_SMALLER: 2 / min(c1, c2), HINTS.LIMIT_ONE_STEP: 1 / max(c1, c2),
                HINTS.LIMIT_C1: 2 / c1, HINTS.LIMIT_SUM: 2 / (c1 + c2)}
    if function_id == SIGMOID:
        (s,) = args
        return {HINTS.SIGMOID_FLIPPED: s * (s - 1), HINTS.SIGMOID_OF_OUTPUT: _sigmoid(s) * (1 - _sigmoid(s)),
                HINTS.SIGMOID_ONE_FACTOR: 1 - s, HINTS.SIGMOID_PLUS: s * (1 + s)}
    if function_id == NEG_GRAD:
        v_c, u_k, k, negative_indices = args
        repeats, s = negative_indices.count(k), _sigmoid(u_k @ v_c)
        return {HINTS.NEG_FLIPPED: -repeats * s * v_c, HINTS.NEG_ONCE: s * v_c,
                HINTS.NEG_ALL_SAMPLES: len(negative_indices) * s * v_c,
                HINTS.NEG_OUTSIDE_FORM: repeats * (s - 1) * v_c, HINTS.NEG_COEFFICIENT: repeats * (1 - s) * v_c,
                HINTS.NEG_ALONG_U: repeats * s * u_k}
    raise KeyError(function_id)
