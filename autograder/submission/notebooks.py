"""Notebook submissions: `word2vec.ipynb` grades as `word2vec.py`.

Runs in the grader on the scratch copy, before the worker starts. A notebook is
JSON: nbformat reads it without running anything. The module is the notebook's
code cells in order, with IPython magics and shell escapes (`%...`, `!...`)
commented out, since a plain interpreter cannot run them.
"""
import os

import nbformat


def module_source(notebook):
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    lines = []
    for cell in cells:
        for line in cell.splitlines():
            stripped = line.lstrip()
            lines.append(f"# (notebook) {line}" if stripped.startswith(("%", "!")) else line)
        lines.append("")
    return "\n".join(lines) + "\n"


def convert_notebooks(folder):
    """Write X.py next to every X.ipynb under folder that has no X.py; return the files written."""
    written = []
    for directory, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(".ipynb"):
                continue
            target = os.path.join(directory, name[:-len(".ipynb")] + ".py")
            if os.path.exists(target):
                continue
            try:
                notebook = nbformat.read(os.path.join(directory, name), as_version=4)
            except Exception:  # an unreadable notebook is simply not converted; its functions are missing
                continue
            with open(target, "w", encoding="utf-8") as out:
                out.write(module_source(notebook))
            written.append(target)
    return written
