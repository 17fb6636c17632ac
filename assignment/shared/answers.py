"""What both tiers of answers.py's suites share: the graded functions' ids and the generated
negative samples of neg_sampling_outside_grad."""
import numpy as np
from hypothesis import strategies as st

# The graded functions of answers.py, as the manifest names them, in the order both tiers unpack them.
FUNCTION_IDS = ("answers.py:neural_net_param_count", "answers.py:language_model_param_count",
                "answers.py:ngram_table_entries", "answers.py:dropout_scale", "answers.py:sgd_step_limit",
                "answers.py:sigmoid_derivative", "answers.py:neg_sampling_outside_grad")
NET, LANGUAGE_MODEL, NGRAM, DROPOUT, SGD_LIMIT, SIGMOID, NEG_GRAD = FUNCTION_IDS


@st.composite
def negative_draws(draw, max_dim, max_samples, vocabulary, magnitude):
    """(v_c (d,), u_k (d,), k, negative_indices (K,)): d of 1 to max_dim, entries within +-magnitude,
    K of 1 to max_samples, k drawn 1 to K times among the K samples of a vocabulary of that many words."""
    d = draw(st.integers(1, max_dim))
    vectors = st.lists(st.floats(-magnitude, magnitude), min_size=d, max_size=d).map(np.array)
    K = draw(st.integers(1, max_samples))
    k = draw(st.integers(0, vocabulary - 1))
    repeats = draw(st.integers(1, K))
    others = draw(st.lists(st.integers(0, vocabulary - 1).filter(lambda w: w != k), min_size=K - repeats,
                           max_size=K - repeats))
    return draw(vectors), draw(vectors), k, draw(st.permutations([k] * repeats + others))
