"""Mistakes students make in answers.py, the written answers given as formulas."""
from tests.mutants import mutant

NET, LANGUAGE_MODEL = "answers.py:neural_net_param_count", "answers.py:language_model_param_count"
NGRAM, DROPOUT, SGD_LIMIT = "answers.py:ngram_table_entries", "answers.py:dropout_scale", "answers.py:sgd_step_limit"
SIGMOID, NEG_GRAD = "answers.py:sigmoid_derivative", "answers.py:neg_sampling_outside_grad"

NET_ANSWER = "    return (Dx + 1) * H + (H + 1) * Dy\n"
LM_ANSWER = "    return V * D + H * (context_size * D + 1) + V * (H + 1)\n"
NEG_ANSWER = ("    repeats = negative_indices.count(k)\n"
              "    return repeats / (1 + np.exp(-(u_k @ v_c))) * v_c\n")

MUTANTS = [
    mutant("net_count_without_biases", "answers.py", NET_ANSWER, "    return Dx * H + H * Dy\n", NET,
           told="the biases are not counted"),
    mutant("net_count_output_sized_from_input", "answers.py", NET_ANSWER, "    return (Dx + 1) * H + (Dx + 1) * Dy\n",
           NET, told="taken from the input layer"),
    mutant("net_count_memorised_for_the_handout", "answers.py", NET_ANSWER, "    return 115\n", NET,
           told="answer with a formula in the arguments"),
    mutant("lm_count_without_biases", "answers.py", LM_ANSWER, "    return V * D + H * context_size * D + V * H\n",
           LANGUAGE_MODEL, told="the biases are not counted"),
    mutant("lm_count_hidden_input_one_embedding", "answers.py", LM_ANSWER,
           "    return V * D + H * (D + 1) + V * (H + 1)\n", LANGUAGE_MODEL, told="instead of the concatenation"),
    mutant("lm_count_embedding_per_context_word", "answers.py", LM_ANSWER,
           "    return context_size * V * D + H * (context_size * D + 1) + V * (H + 1)\n", LANGUAGE_MODEL,
           told="share one table"),
    mutant("lm_count_memorised_for_the_handout", "answers.py", LM_ANSWER, "    return 42522\n", LANGUAGE_MODEL),
    mutant("ngram_entries_swapped", "answers.py", "    return V ** n\n", "    return n ** V\n", NGRAM,
           told="base and exponent are swapped"),
    mutant("ngram_entries_contexts_only", "answers.py", "    return V ** n\n", "    return V ** (n - 1)\n", NGRAM),
    mutant("dropout_scale_is_keep_probability", "answers.py", "    return 1 / (1 - p_drop)\n",
           "    return 1 - p_drop\n", DROPOUT, told="1 - p_drop is the keep probability itself"),
    mutant("dropout_scale_over_p", "answers.py", "    return 1 / (1 - p_drop)\n", "    return 1 / p_drop\n", DROPOUT),
    mutant("sgd_limit_from_smaller_curvature", "answers.py", "    return 2 / max(c1, c2)\n",
           "    return 2 / min(c1, c2)\n", SGD_LIMIT, told="the larger curvature"),
    mutant("sgd_limit_one_over_c", "answers.py", "    return 2 / max(c1, c2)\n", "    return 1 / max(c1, c2)\n",
           SGD_LIMIT),
    mutant("sgd_limit_c1_only", "answers.py", "    return 2 / max(c1, c2)\n", "    return 2 / c1\n", SGD_LIMIT),
    mutant("sigmoid_derivative_sign_flipped", "answers.py", "    return s * (1 - s)\n", "    return s * (s - 1)\n",
           SIGMOID, told="the sign is flipped"),
    mutant("sigmoid_derivative_of_the_output", "answers.py", "    return s * (1 - s)\n",
           "    return 1 / (1 + np.exp(-s)) * (1 - 1 / (1 + np.exp(-s)))\n", SIGMOID, told="OUTPUT"),
    mutant("neg_grad_sign_flipped", "answers.py", NEG_ANSWER, NEG_ANSWER.replace("return repeats", "return -repeats"),
           NEG_GRAD, told="the sign is flipped"),
    mutant("neg_grad_counts_all_samples", "answers.py", NEG_ANSWER,
           NEG_ANSWER.replace("negative_indices.count(k)", "len(negative_indices)"), NEG_GRAD,
           told="sums over all K samples"),
    mutant("neg_grad_counts_k_once", "answers.py", NEG_ANSWER,
           NEG_ANSWER.replace("negative_indices.count(k)", "1"), NEG_GRAD, told="k counted once"),
    mutant("neg_grad_sigma_of_minus_score", "answers.py", NEG_ANSWER,
           NEG_ANSWER.replace("np.exp(-(u_k @ v_c))", "np.exp(u_k @ v_c)"), NEG_GRAD, told="not sigma(-u_k . v_c)"),
]
