"""Preparing a submission: only regular files are copied, within limits, and only
the copy of the submission belongs to the student's uid."""
import os
import stat

import pytest

from autograder.assignment import Assignment
from autograder.sandbox import confine, process
from autograder.submission import prepare as prepare_module
from autograder.submission.prepare import prepare, python2_lines
from tests.test_grading import PROJECT


@pytest.fixture(scope="module")
def assignment():
    return Assignment(str(PROJECT / "assignment"))


def test_links_fifos_and_oversized_files_are_left_out(tmp_path, assignment, monkeypatch):
    monkeypatch.setattr(prepare_module, "MAX_FILE_BYTES", 1000)
    source = tmp_path / "submission"
    (source / "utils").mkdir(parents=True)
    (source / "softmax.py").write_text("A = 1\n")
    (source / "utils" / "helpers.py").write_text("B = 2\n")
    (source / "big.py").write_text("#" * 2000)
    (source / "secret.py").symlink_to("/etc/passwd")
    (source / "linked_folder").symlink_to(tmp_path)
    os.mkfifo(source / "pipe.py")
    scratch = prepare(str(source), assignment, None)
    try:
        copied = sorted(os.path.relpath(os.path.join(d, f), scratch.submission)
                        for d, _, files in os.walk(scratch.submission) for f in files)
        assert copied == ["softmax.py", os.path.join("utils", "helpers.py")]
        assert sorted(s.split(":")[0] for s in scratch.skipped) == ["big.py", "pipe.py", "secret.py"]
        assert all("regular file" in s or "larger than" in s for s in scratch.skipped)
    finally:
        scratch.remove()
    assert not os.path.exists(scratch.root)


def test_file_count_and_depth_are_bounded(tmp_path, assignment, monkeypatch):
    monkeypatch.setattr(prepare_module, "MAX_FILES", 3)
    monkeypatch.setattr(prepare_module, "MAX_DEPTH", 2)
    source = tmp_path / "submission"
    deep = source / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "hidden.py").write_text("")
    for number in range(5):
        (source / f"m{number}.py").write_text("")
    scratch = prepare(str(source), assignment, None)
    try:
        assert len([f for f in os.listdir(scratch.submission) if f.endswith(".py")]) == 3
        assert not os.path.exists(os.path.join(scratch.submission, "a", "b", "c"))
        assert any("nested deeper" in s for s in scratch.skipped)
    finally:
        scratch.remove()


@pytest.mark.skipif(os.geteuid() != 0, reason="ownership changes only when the grader is root")
@pytest.mark.parametrize("namespaces", [True, False])
def test_only_the_submission_belongs_to_the_student(tmp_path, assignment, monkeypatch, namespaces):
    """Without namespaces the student's uid owns its copy; with them the copy stays the grader's, and the
    worker works on a fresh copy of it in a tmpfs of its own (confine.build_root)."""
    monkeypatch.setattr(confine, "_namespaces", namespaces)
    source = tmp_path / "submission"
    source.mkdir()
    (source / "softmax.py").write_text("A = 1\n")
    user = process.sandbox_user()
    scratch = prepare(str(source), assignment, user)
    try:
        for path in (scratch.root, scratch.harness, os.path.join(scratch.harness, "worker.py"), scratch.support):
            info = os.stat(path)
            assert info.st_uid == 0 and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH), path
        owner = 0 if namespaces else user[0]
        assert os.stat(scratch.submission).st_uid == owner
        assert os.stat(os.path.join(scratch.submission, "softmax.py")).st_uid == owner
    finally:
        scratch.remove()


def test_python2_files_are_recognised(tmp_path):
    (tmp_path / "old.py").write_text("import numpy\n\nprint 'hello'\n")
    (tmp_path / "new.py").write_text("print('hello')\nfor i in range(3):\n    pass\n")
    assert python2_lines(str(tmp_path)) == {"old.py": "line 3 uses a print statement"}

