"""No silent zero: every way a submission scores 0 on a function without a wrong value is
said in the student-visible output, in one sentence with what to do (near-miss file
names, another assignment's files, a function defined elsewhere, a stub ahead of a
written alias, a .py shadowing a notebook), and every failure of a notebook function
names the notebook and the cell, a name set by a left-out cell included."""
import json

import nbformat
import pytest

from autograder.assignment import Assignment
from autograder.packaging import contents
from autograder.submission.findings import name_key
from autograder.submission.prepare import SubmissionError, prepare
from tests.mutants import REFERENCE
from tests.test_grading import PROJECT
from tests.toy_grading import grade, toy_copy

STARTER = PROJECT / "starter"


def write(folder, files):
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def notebook(*cells, counts=()):
    """A notebook of a markdown cell and these code cells; counts: their execution counts (None: never run)."""
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# Homework")]
    for source, count in zip(cells, list(counts) + [None] * len(cells)):
        cell = nbformat.v4.new_code_cell(source)
        cell.execution_count = count
        book.cells.append(cell)
    return book


def prepared(folder, selection=None, only=()):
    """(notes, hints, the candidates' order, skipped) of the real assignment's preparation of folder."""
    assignment = Assignment(str(PROJECT / "assignment"), selection)
    scratch = prepare(str(folder), assignment, None, only)
    try:
        return scratch.notes, scratch.findings.hints, scratch.findings.functions, scratch.skipped
    finally:
        scratch.remove()


@pytest.mark.parametrize("name", ["softmax.py", "Softmax.py", "SOFTMAX.PY", "softmax (1).py", "softmax(2).py",
                                  "softmax-1.py", "softmax_3.py", "softmax - Copy.py", "softmax copy.py",
                                  "Copy of softmax.py", "softmax.py.txt", "soft max.py", "dir/softmax.py"])
def test_what_browsers_and_systems_do_to_a_name_is_undone(name):
    assert name_key(name) == name_key("softmax.py") == "softmax"


@pytest.mark.parametrize("name", ["q1_softmax.py", "softmax.txt", "softmax.ipynb.json", "sigmoid.py", "softmaxes.py"])
def test_other_names_are_not_near_misses(name):
    assert name_key(name) != "softmax"


SOFTMAX = (REFERENCE / "softmax.py").read_text()


@pytest.mark.parametrize("uploaded, said", [
    ("softmax (1).py", "softmax.py is not in your submission, but `softmax (1).py` is: rename it softmax.py"),
    ("Softmax.py", "softmax.py is not in your submission, but `Softmax.py` is: rename it softmax.py"),
    ("softmax-1.py", "but `softmax-1.py` is: rename it softmax.py"),
    ("softmax.py.txt", "but `softmax.py.txt` is: rename it softmax.py"),
    ("soft max.py", "but `soft max.py` is: rename it softmax.py"),
    ("code/softmax.py", "but `code/softmax.py` is: move it to the top of your submission"),
    ("code/Softmax (2).py", "but `code/Softmax (2).py` is: rename it softmax.py and move it to the top"),
])
def test_a_near_miss_file_name_gets_a_did_you_mean(tmp_path, uploaded, said):
    notes, hints, _, _ = prepared(write(tmp_path / "upload", {uploaded: SOFTMAX, "run.py": "print(1)\n"}))
    assert any(said in note for note in notes), notes
    assert said in hints["softmax.py:softmax"]
    assert hints["softmax.py:softmax"].endswith("and submit again.")


def test_a_submission_of_only_a_near_miss_is_refused_with_the_name_it_needs(tmp_path):
    with pytest.raises(SubmissionError, match=r"only softmax.py.txt \(`softmax.py.txt` should be named softmax.py\): "
                                              "upload your Python files"):
        prepared(write(tmp_path / "upload", {"softmax.py.txt": SOFTMAX}))


def test_files_of_another_assignment_name_it(tmp_path):
    upload = write(tmp_path / "upload", {name: (REFERENCE / name).read_text()
                                         for name in ("language_model.py", "checking.py")})
    notes, _, _, _ = prepared(upload, "cs224n-a2")
    # checking.py is provided code in CSC421 (no course selection grades it), so only language_model.py is named.
    assert notes[0] == ("language_model.py is a file of the assignment \"CSC421 programming assignment 1: a neural "
                        "language model\", not of \"CS224n assignment 2: word2vec\", which grades sigmoid.py, "
                        "word2vec.py, sgd.py: check that you uploaded to the right assignment."), notes
    # The full homework grades those files: nothing is said there.
    assert not [n for n in prepared(upload, "full")[0] if "assignment" in n]


def test_a_package_of_one_assignment_still_knows_the_others(tmp_path):
    assignment = Assignment(str(PROJECT / "assignment"), "cs224n-a2")
    manifest = json.loads(contents.assignment_files(assignment)["assignment/manifest.json"])
    assert "full" not in json.dumps(manifest["other_assignments"])  # it grades every cs224n-a2 function too
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(dict(manifest, standins=[], support=None, reference=None)))
    packaged = Assignment(str(folder))
    assert packaged.other_assignments() == assignment.other_assignments()
    assert "language_model.py" in packaged.other_assignments()["CSC421 programming assignment 1: a neural "
                                                               "language model"]


def test_a_function_defined_elsewhere_or_under_another_case_is_pointed_at(tmp_path):
    upload = write(tmp_path / "upload", {
        "softmax.py": "import numpy as np\n\ndef Softmax(x):\n    return np.exp(x)\n",
        "helpers.py": "def getSentenceFeature(tokens, wordVectors, sentence):\n    return 0\n"})
    notes, hints, _, _ = prepared(upload)
    assert hints["softmax.py:softmax"] == ("softmax.py defines Softmax, but the grader calls softmax (names are "
                                           "case-sensitive): rename it softmax.")
    moved = ("helpers.py defines getSentenceFeature, but the grader looks for getSentenceFeature only in "
             "softmaxreg.py or q4_softmaxreg.py: move it to softmaxreg.py.")
    assert hints["softmaxreg.py:getSentenceFeature"] == moved and moved in notes


def test_the_handouts_sigmoid_stub_gives_way_to_the_sigmoid_written_in_word2vec(tmp_path):
    # The original CS224n handouts put sigmoid in word2vec.py; the shipped sigmoid.py stub stays.
    upload = write(tmp_path / "upload", {"sigmoid.py": (STARTER / "sigmoid.py").read_text(),
                                         "word2vec.py": (REFERENCE / "word2vec.py").read_text()})
    notes, _, order, _ = prepared(upload, "cs224n-a2")
    assert order["sigmoid.py:sigmoid"][0] == "word2vec.py:sigmoid"
    assert ("sigmoid was graded from word2vec.py, since the one in sigmoid.py is not written yet (it raises "
            "NotImplementedError or does nothing).") in notes
    # Only sigmoid unwritten in sigmoid.py, in the full homework too: the same.
    only_sigmoid_unwritten = (REFERENCE / "sigmoid.py").read_text().replace(
        "    x = _as_float_array(x)\n", "    raise NotImplementedError\n    x = _as_float_array(x)\n", 1)
    assert only_sigmoid_unwritten != (REFERENCE / "sigmoid.py").read_text()
    write(upload, {"sigmoid.py": only_sigmoid_unwritten})
    assert prepared(upload, "full")[2]["sigmoid.py:sigmoid"][0] == "word2vec.py:sigmoid"
    # Both written, or the alias a stub: the handout's file comes first, as the manifest lists them.
    for word2vec in (REFERENCE / "word2vec.py", STARTER / "word2vec.py"):
        write(upload, {"sigmoid.py": (REFERENCE / "sigmoid.py").read_text(), "word2vec.py": word2vec.read_text()})
        for selection in ("cs224n-a2", "full"):
            notes, _, order, _ = prepared(upload, selection)
            assert order["sigmoid.py:sigmoid"][0] == "sigmoid.py:sigmoid" and not notes, notes


def test_a_cs224n_student_who_wrote_sigmoid_in_word2vec_gets_its_points(tmp_path):
    from autograder.batch.grade_class import grade_one
    upload = write(tmp_path / "upload", {"sigmoid.py": (STARTER / "sigmoid.py").read_text(),
                                         "word2vec.py": (REFERENCE / "word2vec.py").read_text()})
    results = grade_one(str(upload), str(tmp_path / "r.json"),
                        {"assignment": "cs224n-a2", "only": ["sigmoid.py"], "public_only": True})
    sigmoid = [t for t in results["tests"] if t["tags"][0] == "sigmoid.py:sigmoid"]
    assert sigmoid and all(t["status"] == "passed" for t in sigmoid), sigmoid
    assert "sigmoid was graded from word2vec.py" in results["output"]


def test_a_py_that_shadows_a_notebook_is_said_and_left_out_when_it_is_only_stubs(tmp_path):
    book = notebook(SOFTMAX, counts=[3])
    stubs = write(tmp_path / "stubs", {"softmax.py": (STARTER / "softmax.py").read_text()})
    nbformat.write(book, stubs / "homework.ipynb")
    notes, _, _, skipped = prepared(stubs)
    assert ("softmax.py was left out, since none of its functions is written yet, and softmax graded "
            "from homework.ipynb instead.") in notes
    assert any(s.startswith("softmax.py: left out") for s in skipped)
    written = write(tmp_path / "written", {"softmax.py": "def softmax(x):\n    return x\n"})
    nbformat.write(book, written / "homework.ipynb")
    assert prepared(written)[0] == [
        "softmax.py and homework.ipynb both define softmax, and softmax.py was graded, since a .py file comes "
        "before a notebook: if your work is in homework.ipynb, leave softmax.py out of your upload."]


# -- through a grading, what the student reads (the toy assignment: double.py:double, alias q1_double.py) --

def failures(results):
    return [t["output"] for t in results["tests"] if t["status"] == "failed" and t["tags"][0] == "double.py:double"]


def test_the_student_reads_the_did_you_mean_in_the_summary_the_report_and_each_test(tmp_path):
    upload = write(tmp_path / "upload", {"Double (1).py": "def double(x):\n    return 2 * x\n",
                                         "count.py": "def count_calls(f, n):\n    return [f() for _ in range(n)]\n"})
    results, report = grade(toy_copy(tmp_path / "toy"), upload, tmp_path / "r.json", "--public-only")
    said = "double.py is not in your submission, but `Double (1).py` is: rename it double.py"
    assert said in results["output"] and f"About your files:\n  {said}" in report
    assert failures(results) and all(said in output for output in failures(results)), failures(results)


def test_a_stub_ahead_of_a_written_alias_is_not_graded(tmp_path):
    upload = write(tmp_path / "upload", {
        "double.py": "def double(x):\n    \"\"\"Twice x.\"\"\"\n    raise NotImplementedError('double')\n",
        "q1_double.py": "def double(x):\n    return 2 * x\n"})
    results, report = grade(toy_copy(tmp_path / "toy"), upload, tmp_path / "r.json", "--public-only",
                            "--only", "double.py")
    assert results["tests"] and not failures(results), failures(results)
    assert "double was graded from q1_double.py" in report


def test_another_assignments_files_are_named_in_the_summary(tmp_path):
    toy = toy_copy(tmp_path / "toy", manifest={"assignments": {
        "doubling": {"title": "Doubling", "components": ["doubling"]},
        "counting": {"title": "Counting", "components": ["counting"]}}, "default_assignment": "doubling"})
    upload = write(tmp_path / "upload", {"count.py": "def count_calls(f, n):\n    return []\n"})
    results, _ = grade(toy, upload, tmp_path / "r.json", "--public-only")
    assert ("count.py is a file of the assignment \"Counting\", not of \"Doubling\", which grades double.py: check "
            "that you uploaded to the right assignment.") in results["output"]


def test_a_wrong_value_in_a_notebook_names_the_notebook_and_the_cell(tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    nbformat.write(notebook("import math", "def double(x):\n    return 3 * x", counts=[1, 12]),
                   upload / "double.ipynb")
    results, _ = grade(toy_copy(tmp_path / "toy"), upload, tmp_path / "r.json", "--public-only", "--only", "double.py")
    outputs = failures(results)
    assert outputs and all(o.startswith("double is defined in double.ipynb, cell [12] (`def double(x):`).\n")
                           for o in outputs), outputs


def test_a_name_set_by_a_left_out_cell_is_named_with_its_cell(tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    nbformat.write(notebook("import math\nFACTOR = int('2')", "def double(x):\n    return FACTOR * x"),
                   upload / "double.ipynb")
    results, _ = grade(toy_copy(tmp_path / "toy"), upload, tmp_path / "r.json", "--public-only", "--only", "double.py")
    outputs = failures(results)
    said = ("FACTOR is set only by `FACTOR = int('2')` in double.ipynb, the cell that starts `import math`, a "
            "statement the grader does not run")
    assert outputs and all(said in o and "the cell that starts `def double(x):`" in o for o in outputs), outputs
