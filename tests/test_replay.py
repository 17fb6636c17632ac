"""Replayed inputs (autograder/grading/replay.py) give every verdict, point and message that
generating them under hypothesis gives: the mutants of a bundle of the corpus are graded
both ways and compared test by test (and, unshrunk, as the audit grades generated versions:
the same verdicts and points); and the cache refuses what it cannot trust."""
import os

import numpy as np
import pytest

from autograder.batch.grade_class import grade_all
from autograder.checks import profiles
from autograder.grading import replay_cache
from tests.conftest import QUICK, grading_jobs
from tests.mutants import REFERENCE, all_mutants, build_bundle, bundles

ASSIGNMENT = REFERENCE.parent / "assignment"


def verdicts(document):
    return [(t["name"], t["status"], t["score"], t["max_score"], t["output"]) for t in document["tests"]]


@pytest.mark.slow
def test_a_sample_of_mutants_grades_the_same_replayed_or_generated(tmp_path, monkeypatch):
    """The first bundle (a mutant of every student file) and the bundle of a mutant that hangs."""
    corpus = bundles(all_mutants())
    hangs = next(b for b in corpus if any("did not finish within" in m.told for m in b))
    submissions = {"reference": str(REFERENCE)}
    for name, bundle in (("bundle", corpus[0]), ("hangs", hangs)):
        build_bundle(bundle, tmp_path / name)
        submissions[name] = str(tmp_path / name)
    monkeypatch.delenv("AUTOGRADER_NO_REPLAY", raising=False)
    grade_all({"reference": str(REFERENCE)}, str(tmp_path / "record"), jobs=1, options=QUICK)  # fills the cache
    replayed = grade_all(submissions, str(tmp_path / "replayed"), jobs=grading_jobs(), options=QUICK)
    unshrunk = grade_all(submissions, str(tmp_path / "unshrunk"), jobs=grading_jobs(),
                         options=dict(QUICK, shrink=False))
    monkeypatch.setenv("AUTOGRADER_NO_REPLAY", "1")
    generated = grade_all(submissions, str(tmp_path / "generated"), jobs=grading_jobs(), options=QUICK)
    for name in submissions:
        assert verdicts(replayed[name]) == verdicts(generated[name]), name
        assert replayed[name]["score"] == generated[name]["score"]
        assert [t[:4] for t in verdicts(unshrunk[name])] == [t[:4] for t in verdicts(generated[name])], name
    assert any(t["status"] == "failed" for t in generated["bundle"]["tests"])
    assert any("did not finish within" in t["output"] for t in generated["hangs"]["tests"])
    profiles.use("quick")
    cache = replay_cache.ReplayCache(str(ASSIGNMENT), "quick")
    assert os.listdir(cache.folder), "grading the reference recorded nothing to replay"


def test_values_that_do_not_come_back_the_same_are_not_recorded():
    value = (np.arange(3, dtype=np.float32), {"k": [1, -0.0, "w0"]}, np.int64(4), np.float64(2.5), np.array(1.0))
    back = replay_cache.carried(value)
    assert replay_cache.same(value, back) and type(back[2]) is np.int64 and type(back[3]) is np.float64
    assert not replay_cache.same(0.0, -0.0) and not replay_cache.same(np.zeros(2), np.zeros(2, dtype=np.float32))
    for unfit in (object(), "a\x1b[2Jb", {1.5: "key"}):
        with pytest.raises(replay_cache.NotReplayable):
            replay_cache.carried(unfit)


def test_the_cache_reads_only_the_graders_own_files(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    cache = replay_cache.ReplayCache(str(tmp_path), "quick")
    examples = [{"kwargs": {"x": np.ones(2)}, "data": [], "drawn": [], "calls": [["f.py:f", [np.ones(2)], {}]]}]
    cache.save("public/test_x.py::test_y", examples)
    loaded = cache.load("public/test_x.py::test_y")
    assert replay_cache.same(loaded[0]["kwargs"]["x"], np.ones(2))
    assert cache.load("public/test_x.py::test_other") is None
    path = cache._path("public/test_x.py::test_y")
    os.chmod(path, 0o666)  # others could have written it
    assert cache.load("public/test_x.py::test_y") is None
    os.chmod(path, 0o644)
    with open(path, "r+b") as handle:  # a torn or foreign file
        handle.truncate(20)
    assert cache.load("public/test_x.py::test_y") is None


def test_the_key_changes_with_the_suites_and_the_profile(tmp_path):
    (tmp_path / "public").mkdir()
    suite = tmp_path / "public" / "test_x.py"
    suite.write_text("A = 1\n")
    first = replay_cache.cache_key(str(tmp_path), "quick")
    assert replay_cache.cache_key(str(tmp_path), "full") != first
    suite.write_text("A = 2\n")
    assert replay_cache.cache_key(str(tmp_path), "quick") != first


HOSTILE_DOUBLES = {
    "hangs": "def double(x):\n    while abs(x) > 10 ** 6:\n        pass\n    return 2 * x\n",
    "exits": "import os\n\n\ndef double(x):\n    if abs(x) > 10 ** 6:\n        os._exit(3)\n    return 2 * x\n",
    "wrong": "def double(x):\n    return 2 * x if abs(x) < 10 ** 6 else 2 * x + 1\n",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_DOUBLES))
def test_calls_sent_ahead_that_hang_crash_or_fail_cost_only_their_test(tmp_path, monkeypatch, kind):
    """The toy's property test passes its first examples and then hangs, exits or is wrong: with its calls
    sent ahead it gets the verdict and message it gets with each call sent when made, and the other tests
    keep theirs."""
    from tests.toy_grading import REFERENCE as TOY_REFERENCE
    from tests.toy_grading import grade, toy_copy
    assignment = toy_copy(tmp_path / "toy")
    submission = tmp_path / kind
    submission.mkdir()
    (submission / "double.py").write_text(HOSTILE_DOUBLES[kind])
    (submission / "count.py").write_text((TOY_REFERENCE / "count.py").read_text())
    options = ("--call-timeout", "1")
    monkeypatch.delenv("AUTOGRADER_NO_REPLAY", raising=False)
    grade(assignment, TOY_REFERENCE, tmp_path / "record.json", *options)  # records the reference's calls
    replayed, _ = grade(assignment, submission, tmp_path / "replayed.json", *options)
    monkeypatch.setenv("AUTOGRADER_NO_REPLAY", "1")
    generated, _ = grade(assignment, submission, tmp_path / "generated.json", *options)
    assert verdicts(replayed) == verdicts(generated)
    failed = [t["name"] for t in generated["tests"] if t["status"] == "failed"]
    assert failed and all("double(x) is 2 * x" in name for name in failed)
