"""Mistakes students make in softmax.py, sigmoid.py and gradcheck.py."""
from tests.mutants import mutant

SOFTMAX, SIGMOID, SIGMOID_GRAD = "softmax.py:softmax", "sigmoid.py:sigmoid", "sigmoid.py:sigmoid_grad"
RELU, RELU_GRAD, GRADCHECK = "sigmoid.py:relu", "sigmoid.py:relu_grad", "gradcheck.py:gradcheck_naive"

MUTANTS = [
    mutant("softmax_no_max_subtraction", "softmax.py",
           "np.exp(x - np.max(x, axis=-1, keepdims=True))", "np.exp(x)", SOFTMAX),
    mutant("softmax_sum_over_columns", "softmax.py",
           "np.sum(exps, axis=-1, keepdims=True)", "np.sum(exps, axis=0, keepdims=True)", SOFTMAX),
    mutant("softmax_whole_matrix_sum", "softmax.py",
           "np.sum(exps, axis=-1, keepdims=True)", "np.sum(exps)", SOFTMAX),
    mutant("softmax_global_max", "softmax.py",
           "np.max(x, axis=-1, keepdims=True)", "np.max(x)", SOFTMAX),
    mutant("softmax_max_over_columns", "softmax.py",
           "np.max(x, axis=-1, keepdims=True)", "np.max(x, axis=0, keepdims=True)", SOFTMAX),
    mutant("sigmoid_branches_swapped", "sigmoid.py",
           "np.where(x >= 0, 1 / (1 + e), e / (1 + e))", "np.where(x >= 0, e / (1 + e), 1 / (1 + e))", SIGMOID),
    mutant("sigmoid_is_tanh", "sigmoid.py",
           "s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))", "s = np.tanh(x)", SIGMOID),
    mutant("sigmoid_grad_of_input_not_output", "sigmoid.py",
           "ds = s * (1 - s)", "ds = sigmoid(s) * (1 - sigmoid(s))", SIGMOID_GRAD),
    mutant("sigmoid_grad_sign_flipped", "sigmoid.py", "ds = s * (1 - s)", "ds = s * (s - 1)", SIGMOID_GRAD),
    mutant("relu_is_abs", "sigmoid.py", "out = np.maximum(x, 0)", "out = np.abs(x)", RELU),
    mutant("relu_grad_one_everywhere", "sigmoid.py",
           "dx = (x > 0).astype(x.dtype)", "dx = np.ones_like(x)", RELU_GRAD),
    mutant("relu_grad_returns_relu", "sigmoid.py",
           "dx = (x > 0).astype(x.dtype)", "dx = np.maximum(x, 0)", RELU_GRAD),
    mutant("gradcheck_one_sided_difference", "gradcheck.py",
           "        numgrad = (f_plus - f_minus) / (2 * h)\n", "        numgrad = (f_plus - fx) / h\n", GRADCHECK),
    mutant("gradcheck_divides_by_h", "gradcheck.py",
           "        numgrad = (f_plus - f_minus) / (2 * h)\n", "        numgrad = (f_plus - f_minus) / h\n", GRADCHECK),
    mutant("gradcheck_no_random_restore", "gradcheck.py",
           "x[ix] = old - h\n        random.setstate(rndstate)\n", "x[ix] = old - h\n", GRADCHECK),
    mutant("gradcheck_x_not_restored", "gradcheck.py",
           "        x[ix] = old\n        numgrad", "        numgrad", GRADCHECK),
    mutant("gradcheck_large_step", "gradcheck.py", "    h = 1e-4\n", "    h = 1e-2\n", GRADCHECK),
    # The comparison the handout provides, rewritten: both keep full marks unless the tests reach large
    # gradients (where the absolute error rejects right ones) or errors between 1e-5 and 1e-2.
    mutant("gradcheck_absolute_error", "gradcheck.py",
           "reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))\n",
           "reldiff = abs(numgrad - grad[ix])\n", GRADCHECK),
    mutant("gradcheck_loose_threshold", "gradcheck.py", "if reldiff > 1e-5:", "if reldiff > 1e-2:", GRADCHECK),
]
