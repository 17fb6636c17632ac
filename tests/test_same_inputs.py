"""A graded test generates the same inputs wherever it runs: alone, or collected
with other suites whose modules hypothesis could otherwise mine for constants."""
import os
import shutil
import tempfile

import pytest

from autograder.batch import grade_one
from autograder.packaging.edits import build_edited
from tests.conftest import open_area_parent
from tests.mutants import REFERENCE

pytestmark = pytest.mark.slow

ONE_TEST = "public/test_softmax.py::test_rows_sum_to_one"
LOGGING_SOFTMAX = '''
import hashlib
import numpy as np


def softmax(x):
    with open({log!r}, "a") as log:
        log.write(f"{{x.dtype}} {{x.shape}} {{hashlib.sha1(np.ascontiguousarray(x).tobytes()).hexdigest()}}\\n")
    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)
'''


def test_inputs_do_not_depend_on_what_else_is_collected(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_NAMESPACES", "0")  # the student's code logs to a folder of the host
    logs = tempfile.mkdtemp(prefix="same-inputs-", dir=open_area_parent())  # the student's uid writes here
    os.chmod(logs, 0o777)
    try:
        runs = {"alone": [ONE_TEST],
                "with other suites": [ONE_TEST, "public/test_optim.py", "public/test_word2vec.py::test_normalize_rows"]}
        seen = {}
        for name, selected in runs.items():
            log = os.path.join(logs, name.replace(" ", "_") + ".log")
            folder = tmp_path / name.replace(" ", "_")
            build_edited(REFERENCE, [], folder)
            (folder / "softmax.py").write_text(LOGGING_SOFTMAX.format(log=log))
            results = grade_one(str(folder), str(tmp_path / f"{folder.name}.json"), {"select": list(selected)})
            assert results["tests"] and all(t["status"] == "passed" for t in results["tests"]), results["output"]
            with open(log, encoding="utf-8") as handle:
                seen[name] = handle.read().splitlines()
        assert len(seen["alone"]) >= 20
        assert seen["alone"] == seen["with other suites"]
    finally:
        shutil.rmtree(logs, ignore_errors=True)
