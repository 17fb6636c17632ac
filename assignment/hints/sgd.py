"""Hints for sgd.py."""
SGD = ("each iteration: evaluate f once at x for the cost and the gradient, take one step of size step against "
       "the gradient, then apply the provided postprocessing")
STEP_DOWN = "step against the gradient, scaled by step"
STEP_UP = "the step went up the gradient; gradient descent moves against it"
ONE_EVALUATION = "call f(x) once per iteration and use both values it returns"
POSTPROCESSING_ORDER = "update x first, then apply postprocessing to the updated x"
LEAVE_X0 = ("advice: work on a copy (x = np.array(x0, copy=True)) so the caller's x0 stays as it was; the original "
            "handouts' provided x = x0 followed by x -= ... changes it, which costs no points")
ANNEAL = "keep the provided annealing: step *= 0.5 when iter % ANNEAL_EVERY == 0"
RESUME = "keep the provided load_saved_params() call and start the loop at start_iter + 1"
BINARY_PICKLE = ("advice: open the checkpoint in binary mode, open('saved_params_%d.npy' % st, 'rb') (and 'wb' in "
                 "save_params): the 2016/2017 handout's provided load_saved_params, converted to Python 3, opens "
                 "it in text mode, which pickle cannot read; this costs no points")
RESUME_ANNEAL = "on resume the provided code halves the step once per ANNEAL_EVERY iterations already done"
LAYOUTS = {"npy": "saved_params_20000.npy written by np.save, the random state in saved_state_20000.pickle",
           "pickle": ("saved_params_20000.npy holding two pickles, the parameters then the random state, as the "
                      "2016/2017 save_params writes it")}
