"""Hints for checking.py."""
CHECK = ("for each sampled entry, compare the derivative with a centred finite difference of the loss (copies moved "
         "by +EPS and -EPS), by the provided relative_error against 1e-4")
ABSOLUTE = "relative_error needs the absolute values: |a - b| / (|a| + |b|), or a derivative that is too large passes"
ABSOLUTE_ERROR = ("compare by relative_error(a, b) = |a - b| / (|a| + |b|) against 1e-4, not by |a - b|: where the "
                  "loss is large, the centred difference's own error is large in absolute terms")
CENTRED = "use the centred difference (f(x + EPS) - f(x - EPS)) / (2 EPS); a one-sided difference is off by O(EPS)"
VERDICTS = ("print 'The loss derivative looks OK.' and, for each parameter, 'The gradient for <param> looks OK.' "
            "only when every sampled entry agrees; a wrong shape prints 'should be size'")
PRINT = ("compute the activations, the loss derivative and back_propagate's gradient with the model you are given, "
         "and print the entries the hand-in asks for")
PRINT_ENTRIES = ("print the entries the hand-in lists, in its order, labelled as in the handout (e.g. "
                 "'loss_derivative[2, 5]'), each followed by its value")
