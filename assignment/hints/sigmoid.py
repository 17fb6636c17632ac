"""Hints for sigmoid.py, and the range of inputs that graded tests keep to."""
SIGMOID = "sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow for large |x|"
STABLE = "exp(1000) overflows: use exp(-|x|) with a case for the sign, or np.logaddexp"
FINITE = ("advice: exp(x) overflows above 709 (88 in float32), so exp(x) / (1 + exp(x)) is NaN there; "
          "use exp(-|x|) with a case for the sign, or np.logaddexp")
# Graded inputs stay where every form of the sigmoid that students write is finite and right
# (assignment/POLICY.md): 1 / (1 + exp(-x)), exp(x) / (1 + exp(x)) (NaN once exp(x) overflows) and
# 0.5 * (1 + tanh(x / 2)). Beyond these magnitudes the sigmoid is advice.
FINITE_FLOAT64 = 700.0
FINITE_FLOAT32 = 80.0
SIGMOID_GRAD = ("the argument is the sigmoid's OUTPUT s: differentiate 1 / (1 + exp(-x)) and write the result "
                "in terms of s alone")
RELU = "keep positive entries as they are and set negative ones to 0, elementwise"
RELU_GRAD = "the derivative of max(0, x) is 1 for x > 0 and 0 for x < 0"
