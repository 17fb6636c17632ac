"""Notebooks exported as .py files (Jupyter's "Download as Python", nbconvert --to script): the
IPython magics and shell lines of their cells become `get_ipython().run_line_magic(...)`,
`get_ipython().system(...)` and the like, which fail outside IPython and would fail the whole
module. As for a notebook's cells (notebook_modules.py), those statements are left out; the
student is told which files lost lines. Only top-level statements that are nothing but such a
call are replaced (by `pass`, on the same lines, so line numbers hold); an assignment of one is
left, and fails as it would under plain Python.
"""
import ast
import os


def replaced_by_pass(source: str, statements: list) -> str:
    """source with each of these top-level statements (ast nodes of it) replaced by `pass`, the rest of
    their lines kept (`a; magic(); b` keeps a and b), line numbers unchanged."""
    lines = source.splitlines(keepends=True)
    for statement in sorted(statements, key=lambda s: (s.lineno, s.col_offset), reverse=True):
        first, last = statement.lineno - 1, statement.end_lineno - 1
        head, tail = lines[first][:statement.col_offset], lines[last][statement.end_col_offset:]
        lines[first:last + 1] = [head + "pass" + tail] + ["\n"] * (last - first)
    return "".join(lines)


def is_magic(statement) -> bool:
    """Whether a statement is a bare call of a method of get_ipython() (an exported magic or shell line)."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Call) and isinstance(call.func.value.func, ast.Name)
            and call.func.value.func.id == "get_ipython")


def strip_exported_magics(folder: str) -> list[str]:
    """Leave the exported magics out of every .py file under folder (the grader's copy of the submission);
    return one sentence for the student if any file lost lines."""
    changed = []
    for parent, _, names in os.walk(folder):
        for name in sorted(n for n in names if n.endswith(".py")):
            path = os.path.join(parent, name)
            with open(path, "rb") as handle:
                raw = handle.read()
            if b"get_ipython(" not in raw:
                continue
            try:
                source = raw.decode("utf-8")
                magics = [s for s in ast.parse(source).body if is_magic(s)]
            except (UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
                continue  # graded as it is: its import says what is wrong
            if magics:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(replaced_by_pass(source, magics))
                changed.append(os.path.relpath(path, folder))
    if not changed:
        return []
    return [f"IPython magics and shell lines (get_ipython() calls, as a notebook exported to Python writes them) "
            f"were left out of {', '.join(changed)}: they run only in Jupyter."]
