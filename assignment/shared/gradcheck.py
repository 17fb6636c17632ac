"""What both tiers of gradcheck.py's suites share: the stand-in objectives they give the checker,
and how its printed failure line names an entry."""
import re

import numpy as np

# numpy 2 prints the scalars np.unravel_index and np.ndindex give as np.int64(1): the same index as 1.
NUMPY_SCALAR = re.compile(r"\bnp\.u?int(?:8|16|32|64|p|c)?\((-?\d+)\)")


def objective(x, seed, quadratic=(0.5, 2.0), cubic=(0.0, 0.0), noise=0.0, index=None, add=0.0, factor=1.0):
    """The parameters of the stand-in objective (standins/gradcheck.py) checked at x: f(x) =
    sum(a * x**2 + b * x**3) (+ noise * random.random()), a and b drawn per entry uniformly from
    the ranges `quadratic` and `cubic` with np.random.default_rng(seed), and the gradient at x
    it returns: 2 a x + 3 b x**2, right, or at `index` changed to value * factor + add.
    x: a float array of any shape (0-d allowed)."""
    x = np.asarray(x, dtype=float)
    generator = np.random.default_rng(seed)
    a, b = generator.uniform(*quadratic, x.shape), generator.uniform(*cubic, x.shape)
    gradient = np.array(2 * a * x + 3 * b * x ** 2)
    if index is not None:
        gradient[tuple(index)] = gradient[tuple(index)] * factor + add
    return {"quadratic": a, "cubic": b, "gradient": gradient, "noise": noise}


def printed_index(printed: str) -> str:
    """What a checker printed, with numpy scalars shown as plain numbers: an index that numpy 2 prints
    as (np.int64(1), np.int64(2)) reads as (1, 2)."""
    return NUMPY_SCALAR.sub(r"\1", printed)


def names_index(printed: str, index: tuple) -> bool:
    """Whether the checker's output `printed` names the multi-index `index` (a tuple of ints) as Python
    prints a tuple, (1, 2), with numpy 2's scalar reprs read as the same."""
    return str(tuple(int(i) for i in index)) in printed_index(printed)
