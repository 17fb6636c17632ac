"""Hints and named mistakes for answers.py, the written answers: for each function a
hint, and the value each known-wrong formula gives on the same arguments (for
autograder.checks.diagnose)."""
import numpy as np

# The graded functions of answers.py, as the manifest names them, in the order both tiers unpack them.
FUNCTION_IDS = ("answers.py:neural_net_param_count", "answers.py:language_model_param_count",
                "answers.py:ngram_table_entries", "answers.py:dropout_scale", "answers.py:sgd_step_limit",
                "answers.py:sigmoid_derivative", "answers.py:neg_sampling_outside_grad")
NET, LANGUAGE_MODEL, NGRAM, DROPOUT, SGD_LIMIT, SIGMOID, NEG_GRAD = FUNCTION_IDS

FORMULA = ("the number this function gives for other arguments (worked out for one case, such as the handout's "
           "sizes): answer with a formula in the arguments, which the autograder calls with many")
HINTS = {
    NET: "count W1, b1, W2 and b2: an affine layer from n_in to n_out units has n_in * n_out weights and n_out biases",
    LANGUAGE_MODEL: ("count the embedding table once (it is shared by the context positions), the hidden layer's "
                     "weights from the concatenated embeddings and its biases, and the output layer's weights and "
                     "biases"),
    NGRAM: "a dense table has one entry for every sequence of n words, each position any of the V words",
    DROPOUT: "E[gamma * d_i * h_i] = gamma * (1 - p_drop) * h_i must equal h_i",
    SGD_LIMIT: ("each step multiplies theta_i by (1 - a * c_i); the iterates stay bounded while every "
                "|1 - a * c_i| <= 1, and the stiffer coordinate (the larger c) sets the limit"),
    SIGMOID: "differentiate 1 / (1 + exp(-x)) and write exp(-x) as (1 - s) / s",
    NEG_GRAD: ("each draw of k contributes the gradient of -log sigma(-u_k . v_c) with respect to u_k, "
               "sigma(u_k . v_c) * v_c; only the draws of k count"),
}


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def mistakes(function_id, *args):
    """{explanation: what that known-wrong formula returns} for the arguments of one call of function_id."""
    if function_id == NET:
        Dx, H, Dy = args
        return {
            "the biases are not counted: b1 has H entries and b2 has Dy": Dx * H + H * Dy,
            "each bias is sized by its layer's input, not its output: b1 has H entries, b2 has Dy":
                Dx * H + Dx + H * Dy + H,
            "the output layer's size was taken from the input layer (Dx where H belongs)": (Dx + 1) * H + (Dx + 1) * Dy,
            "only the first layer is counted": (Dx + 1) * H,
        }
    if function_id == LANGUAGE_MODEL:
        V, D, H, n = args
        return {
            "the biases are not counted: hid_bias has H entries and output_bias has V": V * D + H * n * D + V * H,
            "the hidden layer's input was taken as one embedding (D) instead of the concatenation of "
            "context_size embeddings": V * D + H * (D + 1) + V * (H + 1),
            "the embedding table is counted once per context word; the context positions share one table":
                n * V * D + H * (n * D + 1) + V * (H + 1),
            "the output layer was sized from the embedding (V * D) instead of the hidden layer (V * H)":
                V * D + H * (n * D + 1) + V * (D + 1),
            "the embedding table is not counted": H * (n * D + 1) + V * (H + 1),
        }
    if function_id == NGRAM:
        V, n = args
        # n ** V is named only where it is below 2 ** 1000, within the range of floats.
        swapped = {"base and exponent are swapped: n ** V instead of V ** n": n ** V} \
            if V * n.bit_length() < 1000 else {}
        return {
            **swapped,
            "that is V * n, the number of (position, word) pairs, not of word sequences": V * n,
            "that counts the contexts of n - 1 words only": V ** (n - 1),
        }
    if function_id == DROPOUT:
        (p_drop,) = args
        return {
            "1 - p_drop is the keep probability itself; gamma divides by it": 1 - p_drop,
            "the scale divides by the keep probability 1 - p_drop, not by p_drop": 1 / p_drop if p_drop else np.inf,
            "the scale is not p_drop; it divides by the keep probability": p_drop,
        }
    if function_id == SGD_LIMIT:
        c1, c2 = args
        return {
            "the limit is set by the larger curvature (the stiffer coordinate), not the smaller": 2 / min(c1, c2),
            "1 / c is where the stiff coordinate reaches 0 in one step; it still converges up to 2 / c":
                1 / max(c1, c2),
            "c1 is not always the larger curvature; take the larger of the two": 2 / c1,
            "the curvatures do not add: each coordinate has its own factor (1 - a * c_i)": 2 / (c1 + c2),
        }
    if function_id == SIGMOID:
        (s,) = args
        return {
            "the sign is flipped: it is s * (1 - s), and the derivative of an increasing function is positive":
                s * (s - 1),
            "the argument is the sigmoid's OUTPUT s; applying the sigmoid to it again is wrong":
                _sigmoid(s) * (1 - _sigmoid(s)),
            "that is 1 - s, only one of the two factors": 1 - s,
            "that is s * (1 + s): the second factor is 1 - s": s * (1 + s),
        }
    if function_id == NEG_GRAD:
        v_c, u_k, k, negative_indices = args
        repeats, s = negative_indices.count(k), _sigmoid(u_k @ v_c)
        return {
            "the sign is flipped: the loss grows with u_k . v_c, so the gradient points along +v_c":
                -repeats * s * v_c,
            "k counted once: a word drawn several times contributes once per draw": s * v_c,
            "that sums over all K samples: only the draws of k depend on u_k": len(negative_indices) * s * v_c,
            "that is the outside word's form (sigma(z) - 1) v_c; a negative sample's term is -log sigma(-u_k . v_c)":
                repeats * (s - 1) * v_c,
            "the coefficient is sigma(u_k . v_c) = 1 - sigma(-u_k . v_c), not sigma(-u_k . v_c)":
                repeats * (1 - s) * v_c,
            "that is along u_k; the gradient with respect to u_k is along v_c": repeats * s * u_k,
        }
    raise KeyError(function_id)
