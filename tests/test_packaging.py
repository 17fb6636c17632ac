"""The packages of a selection: the Gradescope autograder zip, the student handout zip and
the handout notebook (autograder/packaging/)."""
import ast
import json
import os
import re
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import cli
from autograder.assignment import Assignment
from autograder.packaging import autograder_zip, contents, handout, homework_notebook, starter
from autograder.submission.notebook_modules import convert_notebooks

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = pytest.mark.xdist_group("test_packaging")

PROJECT = Path(__file__).resolve().parents[1]
ASSIGNMENT = PROJECT / "assignment"
# Solution lines that the handout states on purpose, each with the reason. Hints name the idea and the
# mistake, never an update rule or a gradient's formula (tests/test_handout_tells_nothing.py), so only a
# line that tells nothing of the computation is here.
STATED = {
    "loss, grad = f(x)": "how the SGD loop calls f, in a feedback hint (public/test_sgd.py)",
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
    autograder_zip.build(Assignment(str(ASSIGNMENT)), str(again))
    assert again.read_bytes() == built["autograder.zip"].read_bytes()


def test_a_selection_ships_only_its_functions(tmp_path):
    assignment = Assignment(str(ASSIGNMENT), "cs224d-pset1")
    zipped = autograder_zip.files(assignment)
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
    assert "reference" not in manifest and manifest["support"] == ["../support/utils", "../support/cs224d",
                                                                 "../support/tsne.py"]
    assert modes(built["student.zip"])["check"] == modes(built["student.zip"])["setup"] == 0o755
    assert {"README.md", "softmax.py", "word2vec.py", "utils/utils.py", "utils/sanity_checks.py", "tsne.py",
            "cs224d/data_utils.py", "grader/support/tsne.py", "homework.ipynb"} <= set(names(built["student.zip"]))
    with zipfile.ZipFile(built["student.zip"]) as archive:
        assert archive.read("homework.ipynb") == built["homework.ipynb"].read_bytes()


def test_a_selections_handout_ships_only_what_it_grades_and_names_it():
    """CS224n's handout: sigmoid in word2vec.py (no sigmoid.py), no cbow, no written answers (they lived in
    the PDF), normalizeRows (the sanity check uses it) marked optional, CS224n's utils/ and no other support
    module; the README lists the graded functions."""
    package = handout.files(Assignment(str(ASSIGNMENT), "cs224n-a2"), "short")
    students = {name for name in package if "/" not in name and name.endswith(".py")}
    assert students == {"word2vec.py", "sgd.py"}
    assert "utils/utils.py" in package and not any(name.endswith("tsne.py") for name in package)
    defined = {name: {node.name for node in ast.parse(package[name]).body if isinstance(node, ast.FunctionDef)}
               for name in students}
    assert {"sigmoid", "naiveSoftmaxLossAndGradient", "negSamplingLossAndGradient", "skipgram",
            "normalizeRows"} <= defined["word2vec.py"] and "cbow" not in defined["word2vec.py"]
    stubs = [line for line in package["word2vec.py"].decode().splitlines() if "# YOUR CODE HERE" in line]
    assert len(stubs) == 5 and sum(contents.NOT_GRADED in line for line in stubs) == 1
    readme = package["README.md"].decode()
    assert "- `word2vec.py`: `naiveSoftmaxLossAndGradient`, `negSamplingLossAndGradient`, `sigmoid`, `skipgram`" \
        in readme and "answers.py" not in readme and "Fill in every" not in readme


@pytest.mark.parametrize("selection", ["full", "cs224n-a2", "cs224d-pset1", "csc421-pa1", "adam-dropout"])
def test_every_graded_function_is_in_the_handout_under_one_of_its_names(selection):
    assignment = Assignment(str(ASSIGNMENT), selection)
    sources, _ = contents.handout_sources(assignment)
    defined = {f"{name}:{node.name}" for name, text in sources.items()
               for node in ast.parse(text).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    for function, aliases in assignment.functions.items():
        assert {alias.split(":")[0] + ":" + alias.split(":")[1].split(".")[0] for alias in aliases} & defined, function
    for name, text in sources.items():
        compile(starter.render(text, name), name, "exec")


def unpacked_handout(folder, built):
    from tests.test_packages_installed import unpack
    unpack(built["student.zip"], folder)
    return folder


@pytest.mark.parametrize("argv, said", [
    (["--public"], "./check: --public is not an option of ./check, which takes only a folder and --results FILE"),
    (["myhw"], "./check: there is no myhw in "),
    (["a", "b"], "./check: give one folder to check, not both a and b."),
    (["--results"], "./check: --results needs a file name"),
    ([], "./check: the checks are not set up yet; run ./setup once in "),
])
def test_the_handouts_check_refuses_what_it_does_not_take_in_one_sentence(built, tmp_path, argv, said):
    import subprocess
    folder = unpacked_handout(tmp_path / "homework", built)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    done = subprocess.run([str(folder / "check"), *argv], cwd=tmp_path, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "AUTOGRADER_PYTHON"})
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(said) and done.stderr.endswith(".\n"), done.stderr


def test_setup_names_the_python_it_needs(built, tmp_path):
    import subprocess
    folder = unpacked_handout(tmp_path / "homework", built)
    fake = tmp_path / "python3.9"
    fake.write_text("#!/bin/sh\necho 3.9\n")
    fake.chmod(0o755)
    done = subprocess.run([str(folder / "setup"), str(fake)], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 2 and not (folder / ".venv").exists()
    assert done.stderr == f"./setup: {fake} is Python 3.9, but the checks need 3.10 to 3.12; give another " \
                          "interpreter.\n"
    done = subprocess.run([str(folder / "setup"), str(tmp_path / "nowhere")], cwd=folder, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "there is no Python at" in done.stderr


def test_the_student_report_of_an_untouched_full_starter_is_short():
    """33 functions not written yet: a line each, the total, and where to start, under 40 lines."""
    from autograder.report import student
    functions = sorted(Assignment(str(ASSIGNMENT), "full").functions)
    call = "softmax(\n" + "    array([1., 2.]),\n" * 20 + ")"
    tests = [{"name": f"{f}: check {n}", "score": 0.0, "max_score": 1.0, "status": "failed", "tags": [f],
              "output": f"{call}\nis not implemented yet (it raised NotImplementedError: {f}: a hint)"}
             for f in functions for n in range(3)]
    tests.append({"name": "advice", "score": 0.0, "max_score": 0.0, "status": "failed", "tags": [functions[0]],
                  "output": "advice"})
    report = student.render("title", {"score": 0.0, "tests": tests, "output": "0 / 99 points; 0 of 99 tests passed."})
    lines = report.splitlines()
    assert len(lines) < 40, report
    assert sum(line.endswith("not written yet") for line in lines) == len(functions)
    assert f"Start with {functions[0]}" in report and "is not implemented yet" in report and "Advice" not in report


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
    book = homework_notebook.build_notebook(assignment, "short")
    solutions = {}
    for name in {f.split(":")[0] for f in assignment.functions}:
        source = (PROJECT / "reference" / name).read_text()
        solutions |= {(name, function): code for function, code in homework_notebook.segments(
            source, homework_notebook.to_write(assignment, name, source)) if function}
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
    from autograder.batch.grade_class import grade_one
    from tests.conftest import QUICK
    book = filled_notebook("cs224d-pset1")
    book.cells.insert(3, nbformat.v4.new_code_cell("%matplotlib inline\nimport not_installed_here\n"
                                                    "np.exp?\nraise ValueError('scratch')"))
    book.cells.append(nbformat.v4.new_code_cell("softmax(None)\nassert False"))
    (tmp_path / "sub").mkdir()
    nbformat.write(book, tmp_path / "sub" / "hw2.ipynb")
    results = grade_one(str(tmp_path / "sub"), str(tmp_path / "r.json"), {"assignment": "cs224d-pset1", **QUICK})
    failed = [f"{t['name']}: {t['output']}" for t in results["tests"] if t["status"] != "passed"]
    assert results["tests"] and not failed, failed[:3]


@pytest.mark.slow
def test_a_failing_tagged_cell_names_the_notebook_and_the_cell(tmp_path):
    from autograder.batch.grade_class import grade_one
    from tests.conftest import QUICK
    book = filled_notebook("cs224d-pset1")
    cell = nbformat.v4.new_code_cell("SCALE = undefined_name")
    cell.metadata["tags"] = ["file:sigmoid.py"]
    book.cells.append(cell)
    (tmp_path / "sub").mkdir()
    nbformat.write(book, tmp_path / "sub" / "hw2.ipynb")
    results = grade_one(str(tmp_path / "sub"), str(tmp_path / "r.json"),
                        {"assignment": "cs224d-pset1", "only": ["sigmoid.py"], **QUICK})
    expected = "hw2.ipynb, the cell that starts `SCALE = undefined_name` raised NameError"  # never run: no [count]
    assert results["tests"] and all(expected in t["output"] for t in results["tests"]), results["tests"][0]["output"]


# What the README says of the packages' sizes: (its words, with (\d+) for each size in KB, and the
# (selection, zip) that each size is of).
README_SIZES = [
    (r"writes `dist/autograder\.zip` \(about (\d+) KB; plain `make gradescope` packages the\s+full homework, "
     r"about (\d+) KB\)", [("cs224d-pset1", "autograder.zip"), ("full", "autograder.zip")]),
    (r"prints its\s+size \(about (\d+) KB\)", [("cs224d-pset1", "autograder.zip")]),
    (r"writes `dist/student\.zip` \(about (\d+) KB; the full homework's, about (\d+) KB\)",
     [("cs224d-pset1", "student.zip"), ("full", "student.zip")]),
]


def test_the_readme_states_the_sizes_of_the_zips_within_a_fifth(built, tmp_path):
    out = tmp_path / "cs224d-pset1"
    assert cli.main(["package", "--gradescope", "--handout", "--assignment", "cs224d-pset1", "--out", str(out)]) == 0
    sizes = {("full", name): built[name].stat().st_size for name in ("autograder.zip", "student.zip")}
    sizes |= {("cs224d-pset1", name): (out / name).stat().st_size for name in ("autograder.zip", "student.zip")}
    readme = (PROJECT / "README.md").read_text()
    for pattern, packages in README_SIZES:
        found = re.search(pattern, readme)
        assert found, f"the README no longer says {pattern!r}"
        for stated, package in zip(found.groups(), packages):
            measured = sizes[package] / 1024
            assert abs(int(stated) - measured) <= 0.2 * measured, \
                f"the README says {package[1]} of {package[0]} is about {stated} KB; it is {measured:.0f} KB"
