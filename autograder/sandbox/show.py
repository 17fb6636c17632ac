"""How values and calls look in messages to students: short and exact."""
import numpy as np

MAX_ITEMS = 24
MAX_CHARS = 2000  # values come from student code: a message shows at most this much of one


def show(value):
    """A compact, unambiguous rendering of an argument or a result, at most about MAX_CHARS long."""
    text = _show(value)
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + f"... ({len(text)} characters)"


def _show(value):
    if isinstance(value, np.ndarray):
        body = np.array2string(value, threshold=MAX_ITEMS, edgeitems=3, precision=8,
                               separator=", ", max_line_width=100)
        return f"array({body}, dtype={value.dtype}, shape={value.shape})"
    if isinstance(value, np.generic):
        return f"{value.dtype}({value.item()!r})"
    if isinstance(value, (list, tuple)) and len(value) > MAX_ITEMS:
        shown = ", ".join(show(v) for v in value[:MAX_ITEMS])
        return f"[{shown}, ... ({len(value)} items)]"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(v)}" for k, v in list(value.items())[:MAX_ITEMS]) + "}"
    if isinstance(value, str) and len(value) > MAX_CHARS:
        return repr(value[:MAX_CHARS])
    return repr(value)


def short_name(function_id):
    """'word2vec.py:skipgram' -> 'skipgram'."""
    return function_id.split(":")[-1]


def show_call(function_id, args, kwargs):
    """'softmax(x=array(...))'-like text of a call, one argument per line when long."""
    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in kwargs.items()]
    one_line = f"{short_name(function_id)}({', '.join(parts)})"
    if len(one_line) <= 100:
        return one_line
    return f"{short_name(function_id)}(\n" + "".join(f"    {p},\n" for p in parts) + ")"
