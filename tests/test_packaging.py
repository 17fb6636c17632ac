"""The packages of a selection: the Gradescope autograder zip, the student handout zip and
the handout notebook (autograder/packaging/)."""
import ast
import json
import os
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import cli
from autograder.assignment import Assignment
from autograder.packaging import gradescope, handout, notebook, starter
from autograder.submission.notebooks import convert_notebooks

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = pytest.mark.xdist_group("test_packaging")

PROJECT = Path(__file__).resolve().parents[1]
ASSIGNMENT = PROJECT / "assignment"
# Solution lines that the handout states on purpose, each with the reason: the problem set's own update
# rules (its handout states them; the public optim suite computes known answers from them), and the feedback
# hints that public tests show a student whose function fails them. The assignment's authors chose these.
STATED = {
    "m_new = beta1 * m + (1 - beta1) * grad": "the problem set's Adam and momentum rule",
    "v_new = beta2 * v + (1 - beta2) * grad * grad": "the problem set's Adam rule",
    "theta_new = theta - lr * grad": "the problem set's SGD rule (hints/optim.py)",
    "theta_new = theta - lr * m_new": "the problem set's momentum rule (hints/optim.py)",
    "loss, grad = f(x)": "the SGD loop's feedback hint (hints/sgd.py, public/test_sgd.py)",
    "x = x - step * grad": "the SGD rule's feedback hint (hints/sgd.py)",
    "output_bias_grad = loss_derivative.sum(0)": "the output-bias feedback hint (hints/language_model.py)",
    "hid_bias_grad = hid_deriv.sum(0)": "the hidden-bias feedback hint (hints/language_model.py)",
    "gradW2 = h.T @ delta2": "the backprop feedback hint (hints/neural.py GRADIENT)",
    "gradW1 = data.T @ delta1": "the backprop feedback hint (hints/neural.py GRADIENT)",
}
# Shorter solution lines (`return s`, `else:`) say nothing about the solution.
TRIVIAL = 12
NEVER = (".venv/", ".git/", "__pycache__/", ".hypothesis/", "tests/", "demos/", "dist/", "bench/", "starter/")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default assignment's packages, built through the command line: {file name: path}."""
    out = tmp_path_factory.mktemp("dist")
    assert cli.main(["package", "--gradescope", "--handout", "--out", str(out)]) == 0
    return {name: out / name for name in ("autograder.zip", "student.zip", "homework.ipynb")}


def names(path):
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def modes(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: stat.S_IMODE(info.external_attr >> 16) for info in archive.infolist()}


def solution_lines():
    """The lines inside the reference's solution regions (markers excluded), stripped, that are not
    trivially short, less those the reference's provided text (code, docstrings, support modules:
    everything outside the regions) states anyway and those in STATED."""
    solution, provided = set(), []
    for path in (PROJECT / "reference").rglob("*.py"):
        text = path.read_text()
        inside = set()
        for region in starter.find_regions(text, str(path)):
            inside |= set(range(region.begin, region.end - 1))  # 0-based: the lines between the markers
        for number, line in enumerate(text.splitlines()):
            (solution.add(line.strip()) if number in inside else provided.append(line))
    provided = "\n".join(provided)
    return {line for line in solution if len(line) >= TRIVIAL and line not in provided and line not in STATED}


def hidden_names():
    """The function names and docstrings' first lines of the hidden suites' tests."""
    found = set()
    for path in (ASSIGNMENT / "hidden").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                found |= {node.name, *(ast.get_docstring(node) or "").splitlines()[:1]}
    return found - {""}


def leaks(zip_path):
    """["file: what"] for every solution line (solution_lines) or hidden test name that occurs anywhere in
    any file of the zip, and every hidden suite or reference file it holds."""
    secrets = solution_lines() | hidden_names()
    hidden_files = {path.name for path in (ASSIGNMENT / "hidden").glob("*.py")}
    found = []
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", errors="replace")
            found += [f"{name}: {secret}" for secret in sorted(secrets) if secret in text]
            if name.split("/")[-1] in hidden_files or "/hidden/" in f"/{name}" or name.startswith("reference/"):
                found.append(f"{name}: a hidden suite or reference file")
    return found


def test_the_autograder_zip_has_its_scripts_at_the_root_and_nothing_grading_does_not_need(built):
    zipped = names(built["autograder.zip"])
    assert {"setup.sh", "run_autograder", "requirements-grading.txt"} <= set(zipped)
    assert modes(built["autograder.zip"])["run_autograder"] == 0o755
    assert not [n for n in zipped if any(part in "/" + n for part in ("/" + never for never in NEVER))]
    assert {n.split("/")[0] for n in zipped} == {"setup.sh", "run_autograder", "requirements-grading.txt",
                                                 "autograder", "assignment", "reference"}
    assert os.path.getsize(built["autograder.zip"]) < 1024 * 1024


def test_the_zips_are_the_same_bytes_every_time(built, tmp_path):
    again = tmp_path / "again.zip"
    gradescope.build(Assignment(str(ASSIGNMENT)), str(again))
    assert again.read_bytes() == built["autograder.zip"].read_bytes()


def test_a_selection_ships_only_its_functions(tmp_path):
    assignment = Assignment(str(ASSIGNMENT), "cs224d-pset1")
    zipped = gradescope.files(assignment)
    assert not [n for n in zipped if "optim" in n]
    manifest = json.loads(zipped["assignment/manifest.json"])
    assert set(assignment.functions) <= set(manifest["functions"]) and "optim.py:adam_step" not in manifest["functions"]
    assert (manifest["default_assignment"], list(manifest["assignments"])) == ("cs224d-pset1", ["cs224d-pset1"])
    student = handout.files(assignment, "short")
    assert "optim.py" not in student and "word2vec.py" in student


def test_the_handout_holds_no_solution_and_no_hidden_test(built):
    assert len(solution_lines()) > 50 and len(hidden_names()) > 20  # what is looked for
    leaked = leaks(built["student.zip"])
    assert not leaked, leaked[:5]
    manifest = json.loads(zipfile.ZipFile(built["student.zip"]).read("grader/assignment/manifest.json"))
    assert "reference" not in manifest and manifest["support"] == ["../support/utils", "../support/tsne.py"]
    assert modes(built["student.zip"])["check"] == 0o755
    assert {"README.md", "softmax.py", "word2vec.py", "utils/utils.py", "utils/sanity_checks.py", "tsne.py",
            "grader/support/tsne.py"} <= set(names(built["student.zip"]))


def test_the_leak_check_finds_a_leak(tmp_path):
    """leaks() finds a solution line in a comment and a hidden test's name, wherever they are."""
    line = next(iter(sorted(solution_lines())))
    path = tmp_path / "leaky.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("softmax.py", f"def softmax(x):\n    # {line}\n    raise NotImplementedError\n")
        archive.writestr("grader/notes.txt", "see test_sgd_matches_reference")
    assert leaks(path) == [f"softmax.py: {line}", "grader/notes.txt: test_sgd_matches_reference"]


def test_the_hints_setting_chooses_the_starter_hints():
    assignment = Assignment(str(ASSIGNMENT), "full")
    full = handout.files(assignment, "full")["sigmoid.py"].decode()
    none = handout.files(assignment, "none")["sigmoid.py"].decode()
    assert "s * (1 - s)" in full and "(hint:" not in none


def test_the_notebook_tags_one_cell_per_function(built):
    book = nbformat.read(built["homework.ipynb"], as_version=4)
    nbformat.validate(book)
    tags = [cell.metadata.get("tags", []) for cell in book.cells if cell.cell_type == "code"]
    functions = {f"{t[0][len('file:'):]}:{t[1][len('function:'):]}" for t in tags if len(t) == 2}
    # A method is written in its class's cell.
    graded = {f.split(":")[0] + ":" + f.split(":")[1].split(".")[0] for f in Assignment(str(ASSIGNMENT)).functions}
    helpers = {"word2vec.py:sigmoid", "checking.py:relative_error", "checking.py:check_output_derivatives",
               "checking.py:check_param_gradient"}  # not graded themselves, but with code to write
    assert functions == graded | helpers
    assert "./check" in book.cells[-1].source


def filled_notebook(selection="full"):
    """The handout notebook with every function cell replaced by the reference's code."""
    assignment = Assignment(str(ASSIGNMENT), selection)
    book = notebook.build_notebook(assignment, "short")
    solutions = {}
    for name in {f.split(":")[0] for f in assignment.functions}:
        source = (PROJECT / "reference" / name).read_text()
        solutions |= {(name, function): code for function, code in notebook.segments(
            source, notebook.to_write(assignment, name, source)) if function}
    for cell in book.cells:
        tags = cell.metadata.get("tags", [])
        if len(tags) == 2:
            cell.source = solutions[tags[0][len("file:"):], tags[1][len("function:"):]]
    return book


def test_a_filled_notebook_becomes_the_reference_modules(tmp_path):
    nbformat.write(filled_notebook(), tmp_path / "hw2.ipynb")
    written = convert_notebooks(str(tmp_path), [], list(Assignment(str(ASSIGNMENT)).functions))
    assert {Path(p).name for p in written} >= {"softmax.py", "sigmoid.py", "word2vec.py", "sgd.py", "optim.py"}
    namespace = {}
    exec(compile((tmp_path / "sigmoid.py").read_text(), "sigmoid.py", "exec"), namespace)
    assert namespace["sigmoid_grad"](0.5) == 0.25


def test_the_readme_gives_the_commands_that_test_packages_installed_runs():
    from tests.test_packages_installed import CHECK, INSTRUCTOR, SELECTION, UNZIP
    readme = (PROJECT / "README.md").read_text()
    instructor = "\n".join(" ".join(command) for command in INSTRUCTOR[SELECTION])
    assert f"```sh\n{instructor}\n```" in readme
    assert f"```sh\n{' '.join(UNZIP)}\ncd homework\n{handout.SETUP}\n```" in readme
    assert f"\n{' '.join(CHECK)} " in readme and "`make gradescope`" in readme and "`dist/autograder.zip`" in readme


# ---------------------------------------------------------------- slow: the packages at work

def run(command, **options):
    import subprocess
    return subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900, **options)


@pytest.mark.slow
def test_a_filled_notebook_gets_full_marks_and_a_failing_scratch_cell_loses_nothing(tmp_path):
    from autograder.batch import grade_one
    from tests.conftest import QUICK
    book = filled_notebook("cs224d-pset1")
    book.cells.insert(3, nbformat.v4.new_code_cell("%matplotlib inline\nimport not_installed_here\n"
                                                    "np.exp?\nraise ValueError('scratch')"))
    book.cells.append(nbformat.v4.new_code_cell("softmax(None)\nassert False"))
    (tmp_path / "sub").mkdir()
    nbformat.write(book, tmp_path / "sub" / "hw2.ipynb")
    results = grade_one(str(tmp_path / "sub"), str(tmp_path / "r.json"), ["--assignment", "cs224d-pset1", *QUICK])
    failed = [f"{t['name']}: {t['output']}" for t in results["tests"] if t["status"] != "passed"]
    assert results["tests"] and not failed, failed[:3]


@pytest.mark.slow
def test_a_failing_tagged_cell_names_the_notebook_and_the_cell(tmp_path):
    from autograder.batch import grade_one
    from tests.conftest import QUICK
    book = filled_notebook("cs224d-pset1")
    cell = nbformat.v4.new_code_cell("SCALE = undefined_name")
    cell.metadata["tags"] = ["file:sigmoid.py"]
    book.cells.append(cell)
    (tmp_path / "sub").mkdir()
    nbformat.write(book, tmp_path / "sub" / "hw2.ipynb")
    results = grade_one(str(tmp_path / "sub"), str(tmp_path / "r.json"),
                        ["--assignment", "cs224d-pset1", "--only", "sigmoid.py", *QUICK])
    expected = f"hw2.ipynb, cell {len(book.cells)} (`SCALE = undefined_name`) raised NameError"
    assert results["tests"] and all(expected in t["output"] for t in results["tests"]), results["tests"][0]["output"]
