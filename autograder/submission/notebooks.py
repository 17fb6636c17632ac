"""Notebook submissions: the notebooks of a submission become the modules they define.

Runs in the grader on the scratch copy, before the worker starts; nbformat reads a
notebook as JSON and nothing in it runs here. The rules:

- A code cell tagged `file:X.py` (the handout notebook tags every cell it ships)
  is code of module X.py, kept as written.
- An untagged code cell is the student's own: only its imports (each allowed to
  fail, as a plotting library missing on the grader would), function and class
  definitions, and assignments of literal constants are kept. Calls, expression
  statements, loops and every other statement are experiments, never run at import.
- In both, IPython magics and shell lines (`%...`, `!...`, `x = !ls`, a `%%` cell)
  are left out, and an untagged cell that is not Python is left out whole.
- A notebook is the module X.py for: every X.py its cells are tagged with, its own
  name (`X.ipynb`), and every graded file a function of which it defines (so one
  combined `hw2.ipynb` is found). A real X.py in the submission wins over a notebook.
- Each cell runs inside a guard: a cell that fails at import fails its module with
  a message naming the notebook and the cell as Jupyter shows it (cell_label).
"""
import ast
import io
import os
import tokenize

import nbformat

MAX_NOTEBOOK_BYTES = 5 * 1024 * 1024    # parsing JSON costs many times its size in memory
MAX_NOTEBOOKS_BYTES = 20 * 1024 * 1024  # all the notebooks of one submission
LITERALS = (ast.Constant, ast.UnaryOp, ast.BinOp, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.unaryop,
            ast.operator, ast.expr_context)
FSTRING_START, FSTRING_END = getattr(tokenize, "FSTRING_START", None), getattr(tokenize, "FSTRING_END", None)


def read_cells(path):
    """The notebook at path, converted to format 4 but not validated against the schema:
    only its code cells matter here, and validating a large notebook takes minutes."""
    with open(path, encoding="utf-8") as handle:
        return nbformat.convert(nbformat.reader.reads(handle.read()), 4)


def cell_file(cell):
    """The X.py a cell is tagged with (`file:X.py`), or None."""
    tags = cell.get("metadata", {}).get("tags", [])
    return next((tag[len("file:"):] for tag in tags if isinstance(tag, str) and tag.startswith("file:")), None)


def without_magics(source):
    """The cell's lines with IPython magics and shell escapes commented out; None for a `%%` cell."""
    if source.lstrip().startswith("%%"):
        return None
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        magic = stripped.startswith(("%", "!")) or "= !" in stripped.split("#")[0] or "=!" in stripped
        lines.append(f"# (notebook) {line}" if magic else line)
    return "\n".join(lines)


def is_literal(node):
    return all(isinstance(child, LITERALS) for child in ast.walk(node))


def kept_statements(tree):
    """The statements of an untagged cell that may run at import, as source."""
    kept = []
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            kept.append(f"try:\n    {ast.unparse(statement)}\nexcept ImportError:\n    pass")
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            kept.append(ast.unparse(statement))
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None \
                and is_literal(statement.value) and all(isinstance(target, ast.Name) for target in (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target])):
            kept.append(ast.unparse(statement))
    return "\n".join(kept)


def indented(code):
    """code with every line indented by four spaces, except lines inside a multi-line string."""
    inside, fstrings = set(), []
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.STRING:
            inside.update(range(token.start[0] + 1, token.end[0] + 1))
        elif token.type == FSTRING_START:
            fstrings.append(token.start[0])
        elif token.type == FSTRING_END:
            inside.update(range(fstrings.pop() + 1, token.end[0] + 1))
    return "\n".join(line if number in inside else "    " + line
                     for number, line in enumerate(code.splitlines(), 1))


def first_line(source):
    return next((line.strip() for line in source.splitlines() if line.strip()), "")[:60]


def cell_label(name, cell):
    """The cell as a student finds it in Jupyter: its execution count when it ran, and its first line."""
    count = cell.get("execution_count")
    if isinstance(count, int) and not isinstance(count, bool):
        return f"{name}, cell [{count}] (`{first_line(cell.source)}`)"
    return f"{name}, the cell that starts `{first_line(cell.source)}`"


def guarded(code, label):
    """code that, if it raises at import, raises an ImportError whose message is label's."""
    return (f"try:\n    pass\n{indented(code)}\nexcept Exception as _notebook_error:\n"
            f"    raise ImportError({label!r} + f' raised {{type(_notebook_error).__name__}}: {{_notebook_error}}')"
            " from None\n")


class Notebook:
    """One notebook's cells, read once: the code each module takes from it."""

    def __init__(self, name, notebook, notes):
        self.name, self.cells = name, []  # (index, tagged file or None, code, label)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            label = cell_label(name, cell)
            tagged, source = cell_file(cell), without_magics(cell.source)
            if source is None:
                continue
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError) as error:
                if tagged:  # the student's code for that file: its tests say why it does not import
                    message = f"{label} has a syntax error at line {getattr(error, 'lineno', '?')} of the cell"
                    self.cells.append((index, tagged, f"raise ImportError({message!r})", label))
                else:
                    notes.append(f"{label}: not Python, left out ({type(error).__name__})")
                continue
            self.cells.append((index, tagged, source if tagged else kept_statements(tree), label))

    def defined(self):
        """The names the notebook's cells define at the top level."""
        names = set()
        for _, _, code, _ in self.cells:
            names |= {node.name for node in ast.parse(code).body
                      if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        return names

    def modules(self, functions):
        """The X.py files this notebook provides; functions: graded function ids (aliases too)."""
        defined = self.defined()
        files = {tagged for _, tagged, _, _ in self.cells if tagged}
        files.add(os.path.splitext(self.name)[0] + ".py")
        files |= {f.split(":")[0] for f in functions if f.split(":")[1] in defined}
        return sorted(f for f in files if "/" not in f and f.endswith(".py"))

    def module_source(self, file):
        parts = [f"# {file}, made from the notebook {self.name} by the grader\n"]
        for _, tagged, code, label in self.cells:
            if tagged in (None, file) and code.strip():
                parts.append(guarded(code, label))
        return "\n".join(parts)


def module_source(notebook, name="notebook.ipynb", file="notebook.py"):
    """The module `file` that the notebook (named `name`) provides."""
    return Notebook(name, notebook, []).module_source(file)


def convert_notebooks(folder, skipped=None, functions=()):
    """Write the modules of every notebook under folder (see the rules above); return the files written.

    skipped: a list to which "path: why" is added for each notebook or cell left out;
    functions: the graded function ids, with their aliases, whose definitions find a notebook.
    """
    written, total, notes = [], 0, [] if skipped is None else skipped
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            if not name.endswith(".ipynb"):
                continue
            path = os.path.join(directory, name)
            shown = os.path.relpath(path, folder)
            size = os.path.getsize(path)
            total += size
            if size > MAX_NOTEBOOK_BYTES or total > MAX_NOTEBOOKS_BYTES:
                notes.append(f"{shown}: past the limit of {MAX_NOTEBOOK_BYTES // 2**20} MB a notebook, "
                             f"{MAX_NOTEBOOKS_BYTES // 2**20} MB in all")
                continue
            try:
                notebook = Notebook(shown, read_cells(path), notes)
            except Exception as error:  # its functions are then missing, and the report says why
                notes.append(f"{shown}: not a readable notebook ({type(error).__name__}: {str(error)[:200]})")
                continue
            for module in notebook.modules(functions):
                target = os.path.join(directory, module)
                if os.path.exists(target):
                    continue  # a module of the submission, or of a notebook before this one
                with open(target, "w", encoding="utf-8") as out:
                    out.write(notebook.module_source(module))
                written.append(target)
    return written
