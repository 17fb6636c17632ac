"""run_autograder in Gradescope's layout, laid out in a folder of its own (AUTOGRADER_ROOT):
no arguments, the project in source/, the results in results/; the student's uid can read
neither the project nor earlier submissions' results, even where its files would let it, with file
permissions alone (no namespaces, as in Gradescope's container)."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.packaging.edits import build_edited
from tests.conftest import open_area_parent
from tests.mutants import REFERENCE
from tests.test_grading import PROJECT
from tests.test_mutants import points_by_function

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("test_gradescope_layout"),
              pytest.mark.skipif(os.geteuid() != 0, reason="the layout's permissions matter only as root")]

PEEKS = '''
def softmax(x):
    found = []
    for path in ({metadata!r}, {reference!r}):
        try:
            found.append(open(path).read()[:40])
        except OSError as error:
            found.append(type(error).__name__)
    raise RuntimeError(f"peeked: {{found}}")
'''


@pytest.fixture(scope="module")
def layout():
    """Grade a peeking submission in a Gradescope layout: (root, results, modes after grading)."""
    root = Path(tempfile.mkdtemp(prefix="gradescope-", dir=open_area_parent()))
    os.chmod(root, 0o755)  # where everyone could read, as a careless layout would
    try:
        source = root / "source"
        for part in ("autograder", "assignment", "reference"):
            shutil.copytree(PROJECT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(PROJECT / "run_autograder", root / "run_autograder")
        for folder, _, files in os.walk(source):  # readable by every user, until run_autograder says otherwise
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        (root / "submission_metadata.json").write_text(json.dumps({"previous_submissions": ["SECRET"]}))
        os.chmod(root / "submission_metadata.json", 0o644)
        build_edited(REFERENCE, [], root / "submission")
        (root / "submission" / "softmax.py").write_text(PEEKS.format(
            metadata=str(root / "submission_metadata.json"), reference=str(source / "reference" / "softmax.py")))
        # Gradescope's container gives root no namespaces: only the layout's permissions confine the worker.
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable, AUTOGRADER_NAMESPACES="0")
        subprocess.run([str(root / "run_autograder")], cwd=root, env=env, check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=600)
        results = json.loads((root / "results" / "results.json").read_text())
        modes = {name: stat.S_IMODE(os.stat(root / name).st_mode)
                 for name in ("source", "results", "submission_metadata.json")}
        yield root, results, modes
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_results_land_in_the_layouts_results_folder(layout):
    _, results, _ = layout
    table = points_by_function(results)
    assert table["softmax.py:softmax"][0] == 0
    assert all(score == maximum for function, (score, maximum) in table.items() if function != "softmax.py:softmax")


def test_the_project_and_earlier_results_are_private(layout):
    _, results, modes = layout
    assert modes == {"source": 0o700, "results": 0o700, "submission_metadata.json": 0o600}
    peeks = [t["output"] for t in results["tests"] if "peeked:" in t["output"]]
    assert peeks and all("SECRET" not in p and "def softmax" not in p for p in peeks), peeks[:1]
    assert "['PermissionError', 'PermissionError']" in peeks[0]
