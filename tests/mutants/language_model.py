"""Mistakes students make in language_model.py and checking.py (CSC421 programming assignment 1)."""
from tests.mutants import mutant

DERIVATIVE = "language_model.py:Model.compute_loss_derivative"
BACKPROP = "language_model.py:Model.back_propagate"
CHECK, PRINT = "checking.py:check_gradients", "checking.py:print_gradients"

EMBEDDING_LOOP = """        for w in range(self.context_len):
            word_embedding_weights_grad += np.dot(self.indicator_matrix(input_batch[:, w]).T,
                                                  embed_deriv[:, w * self.embedding_dim:(w + 1) * self.embedding_dim])
"""
CENTRED_PARAM = "        empirical = (obj(model_plus) - obj(model_minus)) / (2. * EPS)\n"

MUTANTS = [
    mutant("lm_loss_derivative_mean_over_batch", "language_model.py",
           "return output_activations - expanded_target_batch",
           "return (output_activations - expanded_target_batch) / output_activations.shape[0]", DERIVATIVE,
           told="divided by the batch size"),
    mutant("lm_loss_derivative_sign_flipped", "language_model.py",
           "return output_activations - expanded_target_batch",
           "return expanded_target_batch - output_activations", DERIVATIVE, told="the sign is flipped"),
    mutant("lm_loss_derivative_log_of_output", "language_model.py",
           "return output_activations - expanded_target_batch",
           "return -expanded_target_batch / output_activations", DERIVATIVE),
    mutant("lm_hid_to_output_grad_transposed", "language_model.py",
           "np.dot(loss_derivative.T, activations.hidden_layer)",
           "np.dot(activations.hidden_layer.T, loss_derivative)", BACKPROP, told="the shape of hid_to_output_weights"),
    mutant("lm_embed_to_hid_grad_transposed", "language_model.py",
           "np.dot(hid_deriv.T, activations.embedding_layer)",
           "np.dot(activations.embedding_layer.T, hid_deriv)", BACKPROP, told="transposed"),
    mutant("lm_output_bias_grad_averaged", "language_model.py",
           "output_bias_grad = loss_derivative.sum(0)", "output_bias_grad = loss_derivative.mean(0)", BACKPROP,
           told="not the sum over the batch"),
    mutant("lm_hid_bias_grad_of_the_last_case", "language_model.py",
           "hid_bias_grad = hid_deriv.sum(0)", "hid_bias_grad = hid_deriv[-1]", BACKPROP),
    mutant("lm_hid_bias_grad_summed_over_units", "language_model.py",
           "hid_bias_grad = hid_deriv.sum(0)", "hid_bias_grad = hid_deriv.sum(1)", BACKPROP),
    # The logistic's derivative taken again on hid_deriv, which already includes it.
    mutant("lm_logistic_derivative_twice", "language_model.py",
           "embed_to_hid_weights_grad = np.dot(hid_deriv.T, activations.embedding_layer)",
           "embed_to_hid_weights_grad = np.dot((hid_deriv * activations.hidden_layer * (1. - activations.hidden_layer)"
           ").T, activations.embedding_layer)", BACKPROP),
    # sigma'(z) evaluated at the output h instead of the input z (sigma'(h) rather than h (1 - h)).
    mutant("lm_logistic_derivative_of_the_output", "language_model.py",
           "* activations.hidden_layer * (1. - activations.hidden_layer)",
           "* (1. / (1. + np.exp(-activations.hidden_layer))) * (1. - 1. / (1. + np.exp(-activations.hidden_layer)))",
           BACKPROP),
    mutant("lm_embed_to_hid_grad_without_logistic", "language_model.py",
           "embed_to_hid_weights_grad = np.dot(hid_deriv.T, activations.embedding_layer)",
           "embed_to_hid_weights_grad = np.dot(np.dot(loss_derivative, self.params.hid_to_output_weights).T, "
           "activations.embedding_layer)", BACKPROP),
    mutant("lm_hidden_size_hard_coded", "language_model.py",
           "hid_bias_grad = hid_deriv.sum(0)", "hid_bias_grad = np.zeros(128)\n        hid_bias_grad += hid_deriv.sum(0)",
           BACKPROP),
    # Each context position's block assigned to its words' rows: a word in two positions keeps only the last.
    mutant("lm_embedding_grad_assigned", "language_model.py", EMBEDDING_LOOP,
           "        for w in range(self.context_len):\n"
           "            word_embedding_weights_grad[input_batch[:, w], :] = "
           "embed_deriv[:, w * self.embedding_dim:(w + 1) * self.embedding_dim]\n", BACKPROP,
           told="never assign"),
    # Fancy-index += keeps one of several equal indices: a word twice at one position of the batch counts once.
    mutant("lm_embedding_grad_fancy_index_add", "language_model.py", EMBEDDING_LOOP,
           "        for w in range(self.context_len):\n"
           "            word_embedding_weights_grad[input_batch[:, w], :] += "
           "embed_deriv[:, w * self.embedding_dim:(w + 1) * self.embedding_dim]\n", BACKPROP),
    mutant("check_relative_error_without_absolute_values", "checking.py",
           "return np.abs(a - b) / (np.abs(a) + np.abs(b))", "return (a - b) / (a + b)", CHECK,
           told="relative_error needs the absolute values"),
    mutant("check_one_sided_difference", "checking.py", CENTRED_PARAM,
           "        empirical = (obj(model_plus) - obj(model)) / EPS\n", CHECK, told="a one-sided difference is off"),
    mutant("check_divides_by_eps", "checking.py", CENTRED_PARAM,
           "        empirical = (obj(model_plus) - obj(model_minus)) / EPS\n", CHECK),
    mutant("check_large_eps", "checking.py", "EPS = 1e-4\n", "EPS = 1e-1\n", CHECK),
    mutant("check_absolute_error", "checking.py",
           "return np.abs(a - b) / (np.abs(a) + np.abs(b))", "return np.abs(a - b)", CHECK),
    mutant("check_loose_threshold", "checking.py", "THRESHOLD = 1e-4\n", "THRESHOLD = 1e-2\n", CHECK),
    # The perturbed models are the model itself: both steps cancel and every difference is 0.
    mutant("check_perturbs_without_copying", "checking.py",
           "        model_plus = model.copy()\n", "        model_plus = model\n", CHECK),
    # z itself moved by +EPS, then copied: the "centred" difference spans EPS, not 2 EPS, and z drifts.
    mutant("check_loss_derivative_moves_z_in_place", "checking.py",
           "        z_plus = z.copy()\n", "        z_plus = z\n", CHECK),
    mutant("print_loss_derivative_averaged", "checking.py",
           "    # END SOLUTION\n\n    for i, j in [(2, 5),",
           "    loss_derivative /= input_batch.shape[0]\n    # END SOLUTION\n\n    for i, j in [(2, 5),", PRINT),
    mutant("print_wrong_entries", "checking.py",
           "for i, j in [(27, 2), (43, 3), (22, 4), (2, 5)]:", "for i, j in [(2, 27), (3, 43), (4, 22), (5, 2)]:", PRINT),
]
