"""Hints for gradcheck.py, and how its printed failure line names an entry."""
import re

# numpy 2 prints the scalars np.unravel_index and np.ndindex give as np.int64(1): the same index as 1.
NUMPY_SCALAR = re.compile(r"\bnp\.u?int(?:8|16|32|64|p|c)?\((-?\d+)\)")
GRADCHECK = ("use the centred difference (f(x + h) - f(x - h)) / (2h) with h = 1e-4, one entry at a time, "
             "restoring each entry, and the relative error |num - grad| / max(1, |num|, |grad|) against 1e-5")
EVERY_ENTRY = "compare every entry, including all columns of a 2-D x"
NAME_INDEX = "print the multi-index of the first entry that fails, as the handout does"
RANDOM_STATE = "save random.getstate() once and call random.setstate() before EVERY evaluation of f"
RESTORE_ENTRY = "after perturbing x[ix], set it back to its original value before moving to the next entry"


def names_index(printed: str, index: tuple) -> bool:
    """Whether the checker's output `printed` names the multi-index `index` (a tuple of ints) as Python
    prints a tuple, (1, 2), with numpy 2's scalar reprs, (np.int64(1), np.int64(2)), read as the same."""
    return str(tuple(int(i) for i in index)) in NUMPY_SCALAR.sub(r"\1", printed)
