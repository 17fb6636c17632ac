"""A notebook submission grades like the module it contains; converting notebooks is bounded,
and a notebook the grader cannot read is named, with the reason, where the student looks."""
import ast
import json
import os

import nbformat

from autograder.batch.grade_class import grade_one
from autograder.submission import notebook_modules
from autograder.submission.bounds import Deadline
from autograder.submission.exported import strip_exported_magics
from autograder.submission.notebook_modules import convert_notebooks, module_source
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


def test_existing_module_wins_and_a_broken_notebook_is_a_module_that_says_why(tmp_path):
    (tmp_path / "softmax.py").write_text("A = 1\n")
    nbformat.write(notebook_of("A = 2"), tmp_path / "softmax.ipynb")
    (tmp_path / "sigmoid.ipynb").write_text('{"cells": [\n  {"cell_type": "code",\n   "source": "x"\n  \n')
    (tmp_path / "neural.ipynb").write_bytes(b'{"cells": []}\n\xff')
    skipped, told = [], []
    written = convert_notebooks(str(tmp_path), skipped, told=told)
    assert written == [str(tmp_path / name) for name in ("neural.py", "sigmoid.py")]
    assert (tmp_path / "softmax.py").read_text() == "A = 1\n"
    assert told == ["neural.ipynb could not be read, so none of its code was graded: it is not UTF-8 text (line 2); "
                    "open it in Jupyter (or fix that line in a text editor), save it and submit again.",
                    "sigmoid.ipynb could not be read, so none of its code was graded: it is not valid JSON (line 5, "
                    "column 1: Expecting ',' delimiter); open it in Jupyter (or fix that line in a text editor), "
                    "save it and submit again."]
    namespace = {}
    try:
        exec(compile((tmp_path / "sigmoid.py").read_text(), "sigmoid.py", "exec"), namespace)
    except ImportError as error:
        assert str(error) == told[1][:-1]
    else:
        raise AssertionError("the module of an unreadable notebook imported")


def test_an_unreadable_notebook_is_named_in_the_summary_and_in_its_functions_tests(tmp_path):
    submission = tmp_path / "sub"
    submission.mkdir()
    (submission / "softmax.ipynb").write_text('{"cells": [\n  {"cell_type": "code",\n')
    results = grade_one(str(submission), str(tmp_path / "r.json"), {"public_only": True, "only": ["softmax.py"]})
    said = "softmax.ipynb could not be read, so none of its code was graded: it is not valid JSON (line 3, column 1"
    assert said in results["output"], results["output"]
    softmax = [t for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert softmax and all(said in t["output"] and t["status"] == "failed" for t in softmax), softmax[0]


def tagged(source, file):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = [f"file:{file}"]
    return cell


def written_sizes(paths):
    return sum(os.path.getsize(path) for path in paths)


def test_many_file_tags_copying_a_large_untagged_cell_write_a_bounded_total(tmp_path, monkeypatch):
    """250 tags, each a module that takes the two untagged cells of 120 KB: each cell is indented once,
    and writing stops at MAX_WRITTEN_BYTES, graded files first."""
    notebook = notebook_of(*("".join(f"def helper_{cell}_{n}(x):\n    return x + {n}\n" for n in range(3100))
                             for cell in range(2)))
    notebook.cells += [tagged("X = 1", f"m{n:03}.py") for n in range(250)] + [tagged("Y = 2", "softmax.py")]
    nbformat.write(notebook, tmp_path / "hw.ipynb")
    indented = []
    monkeypatch.setattr(notebook_modules, "indented", lambda code: indented.append(code) or code)
    skipped, told = [], []
    written = convert_notebooks(str(tmp_path), skipped, ["softmax.py:softmax"], told=told)
    assert len(indented) == 253 and os.path.basename(written[0]) == "softmax.py"
    assert written_sizes(written) <= notebook_modules.MAX_WRITTEN_BYTES and len(written) == 32, len(written)
    assert told == ["Not graded: the modules m030.py, m031.py, m032.py, ... of hw.ipynb, since the modules made from "
                    "the notebooks pass 8 MB; keep only your homework's code in the notebook and submit again."]


def test_the_modules_made_from_notebooks_are_bounded_in_number(tmp_path):
    notebook = notebook_of()
    notebook.cells += [tagged("X = 1", f"m{n:03}.py") for n in range(80)]
    nbformat.write(notebook, tmp_path / "hw.ipynb")
    told = []
    assert len(convert_notebooks(str(tmp_path), told=told)) == notebook_modules.MAX_MODULES
    assert told[0].startswith("Not graded: the modules m049.py, m050.py, m051.py, ... of hw.ipynb, since the "
                              "notebooks make more than 50 modules")


def test_a_cell_of_too_much_code_is_left_out_unparsed(tmp_path, monkeypatch):
    nbformat.write(notebook_of("def small():\n    return 1", "A = 1\n" * 50_000), tmp_path / "hw.ipynb")
    parsed = []
    real_parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda source, *a, **k: parsed.append(len(source)) or real_parse(source, *a, **k))
    told = []
    convert_notebooks(str(tmp_path), told=told)
    assert parsed and max(parsed) <= notebook_modules.MAX_CELL_BYTES
    assert told == ["Not graded: hw.ipynb, the cell that starts `A = 1`, since it holds more than 128 KB of code; "
                    "split it or leave out what is not your homework."]
    assert "def small" in (tmp_path / "hw.py").read_text()


def test_the_cells_of_notebooks_are_bounded_in_number(tmp_path):
    notebook = notebook_of()  # the cells as JSON: nbformat validates each cell it makes, for seconds in all
    notebook.cells += [{"cell_type": "code", "source": f"A{n} = {n}", "metadata": {}, "outputs": [],
                        "execution_count": None} for n in range(notebook_modules.MAX_CELLS + 100)]
    (tmp_path / "hw.ipynb").write_text(json.dumps(notebook))
    told = []
    convert_notebooks(str(tmp_path), told=told)
    assert told == [f"Not graded: cell {notebook_modules.MAX_CELLS + 2} of hw.ipynb and those after it, "
                    "since the notebooks "
                    "hold more than 2,000 code cells; keep only your homework's code in the notebook and submit again."]
    source = (tmp_path / "hw.py").read_text()
    assert f"A{notebook_modules.MAX_CELLS - 1} = " in source and f"A{notebook_modules.MAX_CELLS} = " not in source


def test_converting_stops_at_the_deadline_and_says_what_was_left_out(tmp_path):
    for name in ("a", "b"):
        nbformat.write(notebook_of("A = 1"), tmp_path / f"{name}.ipynb")
    told = []
    assert convert_notebooks(str(tmp_path), deadline=Deadline(0), told=told) == []
    assert told == ["Not graded: the notebooks a.ipynb, b.ipynb, since preparing the submission took longer than its "
                    "limit of 0 s; keep only your homework's code in the notebook and submit again."]


def test_notebook_submission_is_graded(tmp_path):
    submission = tmp_path / "sub"
    submission.mkdir()
    nbformat.write(notebook_of("%load_ext autoreload", (REFERENCE / "softmax.py").read_text()),
                   submission / "softmax.ipynb")
    results = grade_one(str(submission), str(tmp_path / "r.json"), {"public_only": True})
    softmax = [t for t in results["tests"] if t["tags"][0] == "softmax.py:softmax"]
    assert softmax and all(t["status"] == "passed" for t in softmax), softmax
    assert not (submission / "softmax.py").exists()  # only the scratch copy is converted


def test_a_future_import_below_other_cells_moves_to_the_top_of_the_module():
    """Jupyter compiles each cell alone, so `from __future__ import` may follow other cells (and share a
    line with code): the module states the features first and keeps the rest of the line."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import numpy as np"),
                      nbformat.v4.new_code_cell("from __future__ import print_function, division\n"
                                                "def half(a):\n    return a / 2"),
                      nbformat.v4.new_code_cell("from __future__ import annotations; LIMIT = 3\n"
                                                "def g(a: Undefined) -> int:\n    return a + LIMIT",
                                                metadata={"tags": ["file:g.py"]})]
    namespace = {}
    exec(compile(module_source(notebook, file="g.py"), "g.py", "exec"), namespace)
    assert namespace["half"](3) == 1.5 and namespace["g"](1) == 4
    assert namespace["g"].__annotations__["a"] == "Undefined"  # the annotations feature took effect


def test_magics_of_a_notebook_exported_to_python_are_left_out(tmp_path):
    """Jupyter's export writes a cell's magics as get_ipython() calls, which fail outside IPython: the bare
    calls go (line numbers kept), an assignment of one stays, and the student is told which file changed."""
    (tmp_path / "word2vec.py").write_text(
        "import numpy as np\nget_ipython().run_line_magic('matplotlib', 'inline')\n"
        "x = 1; get_ipython().system('ls'); y = 2\nfiles = get_ipython().getoutput('ls')\n"
        "def f():\n    return x + y\n")
    (tmp_path / "sgd.py").write_text("def g():\n    return 'get_ipython() in a string stays'\n")
    notes = strip_exported_magics(str(tmp_path))
    source = (tmp_path / "word2vec.py").read_text()
    assert source.splitlines()[1:3] == ["pass", "x = 1; pass; y = 2"], source
    assert "files = get_ipython().getoutput('ls')" in source and source.count("\n") == 6
    assert "get_ipython() in a string stays" in (tmp_path / "sgd.py").read_text()
    assert len(notes) == 1 and "word2vec.py" in notes[0] and "sgd.py" not in notes[0]
