"""Hints for softmax.py."""
SOFTMAX = ("each row becomes a probability distribution proportional to exp() of its entries, computed without "
           "overflow; keep the input's shape")
POSITIVE = "exp() is positive; divide by the row's sum of exp()"
ROWS = "normalise each row (axis -1), not the whole matrix or axis 0"
STABLE = "subtract each row's maximum before exp(), or exp(1000) overflows"
