"""Notebook submissions: `word2vec.ipynb` grades as `word2vec.py`.

Runs in the grader on the scratch copy, before the worker starts. A notebook is
JSON: nbformat reads it without running anything. The module is the notebook's
code cells in order, with IPython magics and shell escapes (`%...`, `!...`)
commented out, since a plain interpreter cannot run them.
"""
import os

import nbformat

MAX_NOTEBOOK_BYTES = 5 * 1024 * 1024    # parsing JSON costs many times its size in memory
MAX_NOTEBOOKS_BYTES = 20 * 1024 * 1024  # all the notebooks of one submission


def module_source(notebook):
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    lines = []
    for cell in cells:
        for line in cell.splitlines():
            stripped = line.lstrip()
            lines.append(f"# (notebook) {line}" if stripped.startswith(("%", "!")) else line)
        lines.append("")
    return "\n".join(lines) + "\n"


def read_cells(path):
    """The notebook at path, converted to format 4 but not validated against the schema:
    only its code cells matter here, and validating a large notebook takes minutes."""
    with open(path, encoding="utf-8") as handle:
        return nbformat.convert(nbformat.reader.reads(handle.read()), 4)


def convert_notebooks(folder, skipped=None):
    """Write X.py next to every X.ipynb under folder that has no X.py; return the files written.

    skipped: a list to which "path: why" is added for each notebook left unconverted.
    """
    written, total = [], 0
    for directory, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(".ipynb"):
                continue
            target = os.path.join(directory, name[:-len(".ipynb")] + ".py")
            path = os.path.join(directory, name)
            if os.path.exists(target):
                continue
            why, size = None, os.path.getsize(path)
            total += size
            if size > MAX_NOTEBOOK_BYTES or total > MAX_NOTEBOOKS_BYTES:
                why = (f"past the limit of {MAX_NOTEBOOK_BYTES // 2**20} MB a notebook, "
                       f"{MAX_NOTEBOOKS_BYTES // 2**20} MB in all")
            else:
                try:
                    notebook = read_cells(path)
                except Exception as error:  # its functions are then missing, and the report says why
                    why = f"not a readable notebook ({type(error).__name__}: {str(error)[:200]})"
            if why:
                if skipped is not None:
                    skipped.append(f"{os.path.relpath(path, folder)}: {why}")
                continue
            with open(target, "w", encoding="utf-8") as out:
                out.write(module_source(notebook))
            written.append(target)
    return written
