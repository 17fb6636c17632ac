"""A notebook submission grades like the module it contains."""
import nbformat

from autograder.batch import grade_one
from autograder.submission.notebooks import convert_notebooks, module_source
from tests.mutants import REFERENCE


def notebook_of(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Softmax")] + [nbformat.v4.new_code_cell(c) for c in cells]
    return notebook


def test_untagged_cells_keep_only_definitions_imports_and_constants():
    source = module_source(notebook_of("%matplotlib inline\nimport numpy as np", "!pip install x\nX = 1\nprint(X)",
                                       "Y = np.zeros(3)\ndef f():\n    return X"))
    assert "import numpy as np" in source and "X = 1" in source and "def f():" in source
    code = [line.strip() for line in source.splitlines() if "ImportError(" not in line]  # labels quote cells
    assert not [line for line in code if line.startswith(("%", "!", "print(", "Y ="))], code
    compile(source, "nb", "exec")


def test_existing_module_wins_and_broken_notebooks_are_skipped(tmp_path):
    (tmp_path / "softmax.py").write_text("A = 1\n")
    nbformat.write(notebook_of("A = 2"), tmp_path / "softmax.ipynb")
    (tmp_path / "sigmoid.ipynb").write_text("{not json")
    assert convert_notebooks(str(tmp_path)) == []
    assert (tmp_path / "softmax.py").read_text() == "A = 1\n"


def test_notebook_submission_is_graded(tmp_path):
    submission = tmp_path / "sub"
    submission.mkdir()
    nbformat.write(notebook_of("%load_ext autoreload", (REFERENCE / "softmax.py").read_text()),
                   submission / "softmax.ipynb")
    results = grade_one(str(submission), str(tmp_path / "r.json"), ["--public-only"])
    softmax = [t for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert softmax and all(t["status"] == "passed" for t in softmax), softmax
    assert not (submission / "softmax.py").exists()  # only the scratch copy is converted
