"""The sandbox's process helpers: the reachability check and the worker's uid."""
import os
import shutil
import sys
import tempfile

import pytest

from autograder.sandbox import process


def test_private_folders_are_reported(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "python").write_text("")
    os.chmod(tmp_path, 0o755)
    assert process.unreachable_by_others([str(private / "python")]) == str(private)


def test_readable_paths_pass():
    folder = tempfile.mkdtemp()  # directly under the system's temporary folder, which everyone can traverse
    try:
        os.chmod(folder, 0o755)
        module = os.path.join(folder, "module.py")
        with open(module, "w"):
            pass
        os.chmod(module, 0o644)
        assert process.unreachable_by_others([module]) is None
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="the worker changes uid only when the grader is root")
def test_each_grader_gets_its_own_unprivileged_uid():
    uid, gid = process.sandbox_user()
    assert uid == gid == process.SANDBOX_UID_BASE + os.getpid() and uid != 0


def test_hidden_folders_keep_only_the_outermost(tmp_path):
    (tmp_path / "assignment" / "hidden").mkdir(parents=True)
    (tmp_path / "reference").mkdir()
    try:
        process.hide_from_student_code([str(tmp_path / "assignment" / "hidden"), str(tmp_path / "assignment"),
                                        str(tmp_path / "reference"), None, str(tmp_path / "missing")])
        assert process._hidden == [str(tmp_path / "assignment"), str(tmp_path / "reference")]
    finally:
        process.hide_from_student_code([])
    assert process._hidden == []


def test_kept_folders_follow_a_path_as_written_and_as_resolved(tmp_path):
    """A venv's python is a link: the worker needs the folder that holds the link (the
    project, say under /tmp) as well as the one it resolves to."""
    link = tmp_path / "python"
    link.symlink_to(os.path.realpath(sys.executable))
    kept = process._kept_folders([str(link)])
    top = os.path.relpath(str(tmp_path), "/tmp").split(os.sep)[0]
    if not top.startswith(".."):
        assert top in kept["/tmp"]
