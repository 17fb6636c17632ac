"""Hints for gradcheck.py."""
GRADCHECK = ("for each entry in turn, compare the gradient with a centred difference of f (step h = 1e-4 on both "
             "sides, the entry restored after), by the handout's relative error against 1e-5")
EVERY_ENTRY = "compare every entry, including all columns of a 2-D x"
NAME_INDEX = "print the multi-index of the first entry that fails, as the handout does"
RANDOM_STATE = "save random.getstate() once and call random.setstate() before EVERY evaluation of f"
RELATIVE = ("compare by the relative error |num - grad| / max(1, |num|, |grad|), as the handout does: where the "
            "gradient is large, the centred difference's own error is large in absolute terms")
THRESHOLD = ("an entry fails when its relative error is above 1e-5, the handout's threshold; a looser one misses "
             "real bugs")
RESTORE_ENTRY = "after perturbing x[ix], set it back to its original value before moving to the next entry"
