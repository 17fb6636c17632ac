"""Correct softmax.py, sigmoid.py and gradcheck.py written as students write them."""
from tests.variants import variant

SOFTMAX_BODY = """    exps = np.exp(x - np.max(x, axis=-1, keepdims=True))
    probs = exps / np.sum(exps, axis=-1, keepdims=True)
"""

VARIANTS = [
    variant("softmax_row_loop", "softmax.py", (SOFTMAX_BODY, """\
    probs = np.empty_like(x)
    rows = x.reshape(-1, x.shape[-1]) if x.ndim > 1 else x.reshape(1, -1)
    out = probs.reshape(rows.shape)
    for i in range(rows.shape[0]):
        row = rows[i] - max(rows[i])
        e = np.exp(row)
        out[i] = e / e.sum()
""")),
    variant("softmax_cs224d_in_place", "softmax.py", (SOFTMAX_BODY, """\
    # the CS224d handout: "you may modify x in place"
    if len(x.shape) > 1:
        x -= np.max(x, axis=1, keepdims=True)
        x = np.exp(x)
        x /= np.sum(x, axis=1, keepdims=True)
    else:
        x -= np.max(x)
        x = np.exp(x)
        x /= np.sum(x)
    probs = x
""")),
    variant("softmax_float32_kept_by_hand", "softmax.py", (SOFTMAX_BODY, """\
    shifted = x - x.max(axis=-1, keepdims=True)
    exps = np.exp(shifted, dtype=x.dtype)
    probs = (exps / exps.sum(axis=-1, keepdims=True)).astype(x.dtype)
""")),
    variant("sigmoid_answer_key", "sigmoid.py", ("""    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
""", """    with np.errstate(over="ignore"):
        s = 1 / (1 + np.exp(-x))
""")),
    variant("sigmoid_grad_spelled_out", "sigmoid.py", ("ds = s * (1 - s)", "ds = s - s ** 2")),
    variant("relu_where", "sigmoid.py", ("out = np.maximum(x, 0)", "out = np.where(x > 0, x, 0 * x)")),
    variant("relu_grad_boolean", "sigmoid.py", ("dx = (x > 0).astype(x.dtype)", "dx = x > 0")),
    variant("relu_grad_float64", "sigmoid.py", ("dx = (x > 0).astype(x.dtype)", "dx = np.where(x > 0, 1.0, 0.0)")),
    variant("relu_grad_loop", "sigmoid.py", ("dx = (x > 0).astype(x.dtype)", """dx = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        if x[i] > 0:
            dx[i] = 1""")),
    variant("gradcheck_answer_key", "gradcheck.py", ("""        old = x[ix]
        x[ix] = old + h
        random.setstate(rndstate)
        f_plus = f(x)[0]
        x[ix] = old - h
        random.setstate(rndstate)
        f_minus = f(x)[0]
        x[ix] = old
        numgrad = (f_plus - f_minus) / (2 * h)
""", """        x[ix] += h
        random.setstate(rndstate)
        fxph = f(x)[0]
        x[ix] -= 2 * h
        random.setstate(rndstate)
        fxmh = f(x)[0]
        x[ix] += h
        numgrad = (fxph - fxmh) / (2 * h)
""")),
    # Flat positions turned into multi-indices: under numpy 2 the index prints as (np.int64(1), np.int64(2)).
    variant("gradcheck_unravel_index", "gradcheck.py",
            ("""    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
""", """    for position in range(x.size):
        ix = np.unravel_index(position, x.shape)
"""), ("""            return

        it.iternext()
""", """            return
""")),
]
