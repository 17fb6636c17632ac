"""A graded test generates the same inputs wherever it runs: alone, or collected
with other suites whose modules hypothesis could otherwise mine for constants, in
another process, and replayed from the cache (autograder/grading/replay.py) rather than
generated. The generating runs turn the cache off (AUTOGRADER_NO_REPLAY): they check
that the hypothesis configuration of autograder/checks/profiles.py takes effect."""
import os
import shutil
import tempfile

import pytest

from autograder.assignment import Assignment
from autograder.batch.grade_class import grade_one
from autograder.grading.replay_cache import ReplayCache, cache_for
from autograder.packaging.edits import build_edited
from tests.conftest import open_area_parent
from tests.mutants import REFERENCE

pytestmark = pytest.mark.slow

ASSIGNMENT = str(REFERENCE.parent / "assignment")
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
    logs = tempfile.mkdtemp(prefix="same-inputs-", dir=open_area_parent())  # the student's uid writes here
    os.chmod(logs, 0o777)
    monkeypatch.setenv("AUTOGRADER_NAMESPACES", "0")  # where namespaces are, they would hide the log folder
    try:
        others = [ONE_TEST, "public/test_optim.py", "public/test_word2vec.py::test_normalize_rows"]
        # (name, tests selected, replay): each grading is a process of its own (grade_one)
        runs = [("alone", [ONE_TEST], False), ("again alone", [ONE_TEST], False),
                ("with other suites", others, False), ("replayed", [ONE_TEST], True)]
        seen = {}
        for name, selected, replayed in runs:
            if replayed:
                monkeypatch.delenv("AUTOGRADER_NO_REPLAY", raising=False)
                build_edited(REFERENCE, [], tmp_path / "plain")  # records the test's inputs, if not yet cached
                grade_one(str(tmp_path / "plain"), str(tmp_path / "plain.json"), {"select": [ONE_TEST]})
                if cache_for(Assignment(ASSIGNMENT)) is not None:  # None where student code could write it
                    assert ReplayCache(ASSIGNMENT, "full").load(ONE_TEST), "the grading recorded no examples"
            else:
                monkeypatch.setenv("AUTOGRADER_NO_REPLAY", "1")
            log = os.path.join(logs, name.replace(" ", "_") + ".log")
            folder = tmp_path / name.replace(" ", "_")
            build_edited(REFERENCE, [], folder)
            (folder / "softmax.py").write_text(LOGGING_SOFTMAX.format(log=log))
            results = grade_one(str(folder), str(tmp_path / f"{folder.name}.json"), {"select": list(selected)})
            assert results["tests"] and all(t["status"] == "passed" for t in results["tests"]), results["output"]
            with open(log, encoding="utf-8") as handle:
                seen[name] = handle.read().splitlines()
        assert len(seen["alone"]) >= 20
        assert seen["alone"] == seen["again alone"] == seen["with other suites"] == seen["replayed"]
    finally:
        shutil.rmtree(logs, ignore_errors=True)
