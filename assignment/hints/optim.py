"""Hints and named mistakes for optim.py, texts only. They name the idea and the mistake, never the
update rule: the values of known-wrong variants are stored with the known answers
(fixtures/optim_known_answers.json) or computed by the hidden suite."""

SGD = "one step of size lr against the gradient, returned as a new array"
MOMENTUM = ("m is an exponential moving average of the gradients (beta1 weighs the old m, 1 - beta1 the new "
            "gradient); update m first, then step against the NEW m")
ADAM = ("Adam keeps moving averages of the gradient (m, weighted by beta1) and of its elementwise square (v, by "
        "beta2), corrects both for having started at zero (t counts the updates from 1), and divides each "
        "parameter's step by the square root of its corrected v, with eps added to that root")
ADAMW = ("AdamW is Adam's step, with the moments from the raw gradient, plus decoupled weight decay: a separate "
         "shrinking of the parameters from before the step, scaled by the learning rate")
LEAVE_INPUTS = ("compute new arrays instead of updating the arguments with -=, += or *=; the caller still needs "
                "the old values")
MINIMIZE = ("evaluate the gradient first and stop ('converged') when its norm is below tol, before any update; "
            "otherwise update with step_fn (t counts the updates from 1, and the state it returned goes back in) "
            "and stop ('diverged') as soon as theta holds a nan or inf or an entry beyond 1e6 in absolute value; "
            "after max_iters updates, stop with 'max_iters'; the count returned is the number of updates done")
DROPOUT = ("inverted dropout: keep each unit with probability 1 - p_drop, drawing from rng, and scale the kept "
           "ones so that the expectation of the output is h")
DROPOUT_EVALUATION = ("at evaluation time (train=False), and with p_drop = 0, return h as it is: inverted dropout "
                      "scales at training time only")
DROPOUT_SHAPE = "return an array of h's shape"
DROPOUT_RNG = ("draw the mask from the rng argument, rng.random(h.shape): not from np.random, nor from a generator "
               "the function makes itself, so a caller's seed decides the mask")

# -- named mistakes ------------------------------------------------------------
SGD_UPHILL = "a step along the gradient: gradient descent moves against it"
SGD_NO_LR = "a step without the learning rate: the step is the gradient scaled by lr"
MOMENTUM_NO_FACTOR = ("momentum without the (1 - beta1) factor: the problem set's m is an exponential average, "
                      "so the new gradient is weighted by 1 - beta1")
MOMENTUM_RAW_GRAD = "a step with grad instead of the new m"
MOMENTUM_OLD_M = "a step with the old m: update m first, then step with the NEW m"
NO_BIAS_CORRECTION = ("Adam without bias correction: m and v start at zero and lean towards it in the first "
                      "steps; the problem set corrects both, with t counted from 1, before the step")
T_PLUS_ONE = "bias correction with t + 1: t already counts from 1 (the first update has t = 1); correct with t itself"
EPS_INSIDE = "eps inside the square root: eps is added to the square root of the corrected v, not under it"
HAT_MOMENTS = ("returning the bias-corrected moments: return the raw new moments (the next step corrects them "
               "again)")
L2_IN_GRADIENT = ("L2 regularisation added to the gradient (Adam with weight_decay * theta in grad), not AdamW: "
                  "the moments come from the raw grad, and the decay is a separate term outside the adaptive step")
DECAY_NEW_THETA = "decay applied to the updated parameters: AdamW decays the parameters from before this step"
DECAY_NO_LR = "decay without the learning rate: the decay term is scaled by lr as well"
NO_DECAY = "no weight decay at all: AdamW also shrinks the parameters by the decay term"
COUNTED_FINAL_CHECK = ("counting the last gradient evaluation as an update: when norm(g) < tol at iteration t, "
                       "only t - 1 updates were done")
COUNTED_DIVERGED_UPDATE = "counting the update that diverged out: after update t blows up, t updates were done"
LATE_DIVERGENCE_CHECK = ("checking for divergence only at the start of the next iteration: an update that blows up "
                         "on the last allowed iteration is divergence too, so test theta right after step_fn")
NOT_INVERTED = ("non-inverted dropout: the problem set's dropout is inverted, so kept units are divided by "
                "(1 - p_drop) at training time and evaluation returns h unchanged")
SCALE_ONE_OVER_P = "dividing the kept units by p_drop: the scale is 1 / (1 - p_drop), the keep probability"
SCALE_KEEP = "multiplying the kept units by (1 - p_drop): inverted dropout divides by it"
SWAPPED_KEEP = ("keeping each unit with probability p_drop instead of 1 - p_drop: keep where "
                "rng.random(h.shape) >= p_drop")
SHARED_MASK = "one mask for all rows: draw the mask with h's full shape, rng.random(h.shape)"

