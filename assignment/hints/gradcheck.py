"""Hints for gradcheck.py."""
GRADCHECK = ("use the centred difference (f(x + h) - f(x - h)) / (2h) with h = 1e-4, one entry at a time, "
             "restoring each entry, and the relative error |num - grad| / max(1, |num|, |grad|) against 1e-5")
EVERY_ENTRY = "compare every entry, including all columns of a 2-D x"
NAME_INDEX = "print the multi-index of the first entry that fails, as the handout does"
RANDOM_STATE = "save random.getstate() once and call random.setstate() before EVERY evaluation of f"
RESTORE_ENTRY = "after perturbing x[ix], set it back to its original value before moving to the next entry"
