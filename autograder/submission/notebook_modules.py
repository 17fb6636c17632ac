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
- A notebook that cannot be read (not UTF-8, not JSON, not a notebook) is the module
  of its own name, which raises ImportError with the reason (the parse error's line),
  and the student is told in one sentence.

The work is bounded, since the grader does it on the student's files before any test:
a notebook's size, the cells, the code parsed (ast.parse costs hundreds of bytes of
memory per byte of code), the modules written and their bytes, and the deadline of
preparation. What is left out is said to the student in one sentence.
"""
import ast
import io
import json
import os
import tokenize
import typing

import nbformat

from autograder.submission.bounds import Deadline
from autograder.submission.exported import replaced_by_pass
from autograder.submission.unpacking import amount, listed

MAX_NOTEBOOK_BYTES = 5 * 1024 * 1024    # parsing JSON costs many times its size in memory
MAX_NOTEBOOKS_BYTES = 20 * 1024 * 1024  # all the notebooks of one submission
MAX_CELL_BYTES = 128 * 1024             # code of one cell: its syntax tree takes about 50 MB
MAX_CODE_BYTES = 256 * 1024             # of all cells (the handout's notebook, filled in, has 81 KB in 58 cells)
MAX_CELLS = 2000                        # code cells of all notebooks
MAX_MODULES = 50                        # modules made from all notebooks
MAX_WRITTEN_BYTES = 8 * 1024 * 1024     # bytes of those modules
ADVICE = "keep only your homework's code in the notebook and submit again"
LITERALS = (ast.Constant, ast.UnaryOp, ast.BinOp, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.unaryop,
            ast.operator, ast.expr_context)
FSTRING_START, FSTRING_END = getattr(tokenize, "FSTRING_START", None), getattr(tokenize, "FSTRING_END", None)


class Unreadable(Exception):
    """The file is not a notebook that can be read; str() ends a sentence saying why."""


def read_cells(path):
    """The notebook at path, converted to format 4 but not validated against the schema:
    only its code cells matter here, and validating a large notebook takes minutes.
    Raise Unreadable when it is not UTF-8 text or not JSON."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Unreadable(f"it is not UTF-8 text (line {line})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    major, minor = nbformat.reader.get_version(document)
    return nbformat.convert(nbformat.versions[major].to_notebook_json(document, minor=minor), 4)


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


def is_future(statement) -> bool:
    """Whether a statement is a `from __future__ import ...`."""
    return isinstance(statement, ast.ImportFrom) and statement.module == "__future__"


def futures(tree):
    """The `from __future__ import` statements at a cell's top level."""
    return [s for s in tree.body if is_future(s)]


def without_futures(source, tree):
    """source with each top-level `from __future__ import ...` replaced by `pass`: Jupyter compiles every
    cell alone, so one may sit below other code, where a module (and the cell's guard) cannot take it;
    module_source puts the features at the top of the module instead."""
    return replaced_by_pass(source, futures(tree))


def kept_statements(tree):
    """The statements of an untagged cell that may run at import, as source."""
    kept = []
    for statement in tree.body:
        if is_future(statement):
            continue  # module_source puts it at the top
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


class Budget:
    """What converting the notebooks of one submission may still do."""

    def __init__(self, deadline):
        self.deadline = deadline or Deadline()
        self.cells, self.code, self.modules, self.written = 0, 0, 0, 0
        self.stopped = None  # why no more module is written, once one was refused

    def reading(self):
        """Why no more cells may be read, or None."""
        return (self.deadline.why() if self.deadline.passed() else
                f"the notebooks hold more than {MAX_CELLS:,} code cells" if self.cells > MAX_CELLS else
                f"the notebooks hold more than {amount(MAX_CODE_BYTES)} of code" if self.code > MAX_CODE_BYTES else
                None)

    def writing(self, size):
        """Why a module of `size` bytes may not be written, or None (it is then counted)."""
        if self.stopped is None:
            self.stopped = (self.deadline.why() if self.deadline.passed() else
                            f"the notebooks make more than {MAX_MODULES} modules" if self.modules >= MAX_MODULES else
                            f"the modules made from the notebooks pass {amount(MAX_WRITTEN_BYTES)}"
                            if self.written + size > MAX_WRITTEN_BYTES else None)
        if self.stopped is None:
            self.modules, self.written = self.modules + 1, self.written + size
        return self.stopped


class Cell(typing.NamedTuple):
    tagged: str | None  # the file its tag names, or None (an untagged cell: the student's own)
    code: str           # what a module takes from it: all of a tagged cell, the kept statements of another
    label: str          # the cell as Jupyter shows it (cell_label)
    names: set          # the functions and classes it defines at the top level
    guarded: str        # code inside its guard, as every module that takes the cell writes it (made once)
    features: tuple = ()  # the names of its `from __future__ import`s, which the module states first


class Notebook:
    """One notebook's cells, read once: the code each module takes from it."""

    def __init__(self, name, notebook, skipped, budget, told):
        """skipped, told: lists that get "label: why" per cell left out, and the sentences for the student."""
        self.name, self.cells = name, []  # [Cell] of the code cells kept
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            label = cell_label(name, cell)
            tagged, source = cell_file(cell), without_magics(cell.source)
            size = len(cell.source.encode("utf-8", "replace"))
            if size > MAX_CELL_BYTES:  # left out alone, not counted: the cells after it are read
                told.append(f"Not graded: {label}, since it holds more than {amount(MAX_CELL_BYTES)} of code; "
                            "split it or leave out what is not your homework.")
                skipped.append(f"{label}: more than {amount(MAX_CELL_BYTES)} of code, left out")
                continue
            budget.cells, budget.code = budget.cells + 1, budget.code + size
            why = budget.reading()
            if why:
                told.append(f"Not graded: cell {index + 1} of {name} and those after it, since {why}; {ADVICE}.")
                skipped.append(f"{label} and those after it: left out, since {why}")
                break
            if source is None:
                continue
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
                if tagged:  # the student's code for that file: its tests say why it does not import
                    message = f"{label} has a syntax error at line {getattr(error, 'lineno', '?')} of the cell"
                    code = f"raise ImportError({message!r})"
                    self.cells.append(Cell(tagged, code, label, set(), guarded(code, label)))
                else:
                    skipped.append(f"{label}: not Python, left out ({type(error).__name__})")
                continue
            code = without_futures(source, tree) if tagged else kept_statements(tree)
            features = tuple(alias.name for statement in futures(tree) for alias in statement.names)
            if code.strip():
                names = {node.name for node in tree.body
                         if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
                self.cells.append(Cell(tagged, code, label, names, guarded(code, label), features))

    def modules(self, functions):
        """The X.py files this notebook provides, the graded ones first; functions: graded function ids
        (aliases too)."""
        defined = set().union(*(cell.names for cell in self.cells))
        graded = {f.split(":")[0] for f in functions}
        files = {cell.tagged for cell in self.cells if cell.tagged}
        files.add(os.path.splitext(os.path.basename(self.name))[0] + ".py")
        files |= {f.split(":")[0] for f in functions if f.split(":")[1] in defined}
        return sorted((f for f in files if "/" not in f and f.endswith(".py")), key=lambda f: (f not in graded, f))

    def module_source(self, file):
        cells = [cell for cell in self.cells if cell.tagged in (None, file)]
        features = sorted({name for cell in cells for name in cell.features})
        parts = [f"# {file}, made from the notebook {self.name} by the grader\n"]
        parts += [f"from __future__ import {', '.join(features)}\n"] if features else []
        parts += [cell.guarded for cell in cells]
        return "\n".join(parts)


def module_source(notebook, name="notebook.ipynb", file="notebook.py"):
    """The module `file` that the notebook (named `name`) provides."""
    return Notebook(name, notebook, [], Budget(None), []).module_source(file)


def convert_notebooks(folder, skipped=None, functions=(), deadline=None, told=None):
    """Write the modules of every notebook under folder (see the rules above); return the files written.

    skipped: a list to which "path: why" is added for each notebook or cell left out;
    functions: the graded function ids, with their aliases, whose definitions find a notebook;
    deadline: a bounds.Deadline (None: none); told: a list that gets the sentences for the student.
    """
    written, total, budget = [], 0, Budget(deadline)
    skipped = [] if skipped is None else skipped
    told = [] if told is None else told
    notebooks = sorted(os.path.join(directory, name) for directory, _, files in os.walk(folder)
                       for name in files if name.endswith(".ipynb"))
    for number, path in enumerate(notebooks):
        shown = os.path.relpath(path, folder)
        why = budget.stopped or budget.reading()
        if why:
            left = [os.path.relpath(p, folder) for p in notebooks[number:]]
            told.append(f"Not graded: the notebook{'s' if len(left) > 1 else ''} {listed(left)}, since {why}; "
                        f"{ADVICE}.")
            skipped += [f"{notebook}: left out, since {why}" for notebook in left]
            break
        size = os.path.getsize(path)
        total += size
        if size > MAX_NOTEBOOK_BYTES or total > MAX_NOTEBOOKS_BYTES:
            skipped.append(f"{shown}: past the limit of {amount(MAX_NOTEBOOK_BYTES)} a notebook, "
                           f"{amount(MAX_NOTEBOOKS_BYTES)} in all")
            told.append(f"Not graded: the notebook {shown}, since it passes the limit of {amount(MAX_NOTEBOOK_BYTES)} "
                        f"a notebook ({amount(MAX_NOTEBOOKS_BYTES)} in all); clear its outputs (Kernel > Restart "
                        "& Clear Output), save it and submit again.")
            continue
        try:
            notebook = Notebook(shown, read_cells(path), skipped, budget, told)
        except Exception as error:  # whatever the file holds: its module says why, and so does the summary
            why = str(error) if isinstance(error, Unreadable) else \
                f"it is not a Jupyter notebook ({type(error).__name__}: {str(error)[:200]})"
            sentence = (f"{shown} could not be read, so none of its code was graded: {why}; open it in Jupyter "
                        "(or fix that line in a text editor), save it and submit again")
            skipped.append(f"{shown}: not a readable notebook, since {why}")
            told.append(sentence + ".")
            module = os.path.splitext(os.path.basename(path))[0] + ".py"
            write_module(os.path.join(os.path.dirname(path), module), f"raise ImportError({sentence!r})\n",
                         budget, written)
            continue
        for index, module in enumerate(notebook.modules(functions)):
            if not write_module(os.path.join(os.path.dirname(path), module), notebook.module_source(module),
                                budget, written):
                left = notebook.modules(functions)[index:]
                told.append(f"Not graded: the module{'s' if len(left) > 1 else ''} {listed(left)} of {shown}, "
                            f"since {budget.stopped}; {ADVICE}.")
                skipped.append(f"{shown}: {len(left)} modules ({listed(left)}) not made, since {budget.stopped}")
                break
    return written


def write_module(target, source, budget, written):
    """Write source to target unless target exists (a module of the submission, or of a notebook before);
    False, with budget.stopped saying why, when the budget does not allow it."""
    if os.path.exists(target):
        return True
    data = source.encode("utf-8", "replace")
    if budget.writing(len(data)):
        return False
    with open(target, "wb") as out:
        out.write(data)
    written.append(target)
    return True
