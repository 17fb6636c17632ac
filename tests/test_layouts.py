"""Submission layouts: a zip passed as the submission is unpacked safely, a folder
holding one folder is graded from inside it, and an empty submission is refused
with one message."""
import os
import stat
import zipfile

import pytest

from autograder.assignment import Assignment
from autograder.submission import prepare as prepare_module
from autograder.submission.prepare import SubmissionError, prepare
from tests.test_grading import PROJECT


@pytest.fixture(scope="module")
def assignment():
    return Assignment(str(PROJECT / "assignment"))


def files_of(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, names in os.walk(folder) for f in names)


def add_link(archive, name, target):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive.writestr(info, target)


def test_a_zip_is_unpacked_without_links_escapes_or_oversized_members(tmp_path, assignment, monkeypatch):
    monkeypatch.setattr(prepare_module, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "upload.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("softmax.py", "A = 1\n")
        archive.writestr("utils/helpers.py", "B = 2\n")
        archive.writestr("../escape.py", "C = 3\n")
        archive.writestr("/absolute.py", "D = 4\n")
        archive.writestr("__MACOSX/._softmax.py", "junk")
        archive.writestr("bomb.py", "0" * 10_000_000)  # compresses to a few kB; capped while streamed
        add_link(archive, "secret.py", "/etc/passwd")
    scratch = prepare(str(path), assignment, None)
    try:
        assert files_of(scratch.submission) == ["softmax.py", os.path.join("utils", "helpers.py")]
        why = {entry.split(":")[0]: entry for entry in scratch.skipped}
        assert "outside" in why["../escape.py"] and "absolute" in why["/absolute.py"]
        assert "larger than" in why["bomb.py"] and "link" in why["secret.py"]
        assert scratch.layout == {"zip": "upload.zip"}
        assert not (tmp_path / "escape.py").exists()
    finally:
        scratch.remove()


def test_the_file_count_of_a_zip_is_bounded(tmp_path, assignment, monkeypatch):
    monkeypatch.setattr(prepare_module, "MAX_FILES", 3)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(50):
            archive.writestr(f"m{number}.py", "")
    scratch = prepare(str(path), assignment, None)
    try:
        assert len(files_of(scratch.submission)) == 3
        assert any("past the limit" in entry for entry in scratch.skipped)
    finally:
        scratch.remove()


def test_a_file_that_is_not_a_zip_is_refused_in_one_sentence(tmp_path, assignment):
    path = tmp_path / "upload.zip"
    path.write_text("not a zip")
    with pytest.raises(SubmissionError, match="is not a zip archive that can be read"):
        prepare(str(path), assignment, None)


def test_a_folder_inside_a_folder_is_graded_from_inside(tmp_path, assignment):
    inner = tmp_path / "upload" / "hw2" / "code"
    inner.mkdir(parents=True)
    (inner / "softmax.py").write_text("A = 1\n")
    (tmp_path / "upload" / ".DS_Store").write_text("")
    scratch = prepare(str(tmp_path / "upload"), assignment, None)
    try:
        assert files_of(scratch.submission) == ["softmax.py"]
        assert scratch.layout == {"descended_into": "hw2/code/"}
        assert "inside the folder hw2/code/" in scratch.notes[0]
    finally:
        scratch.remove()


def test_a_lone_folder_that_an_alias_names_is_not_descended_into(tmp_path, assignment):
    (tmp_path / "upload" / "utils").mkdir(parents=True)
    (tmp_path / "upload" / "utils" / "utils.py").write_text("def softmax(x):\n    return x\n")
    scratch = prepare(str(tmp_path / "upload"), assignment, None)
    try:
        assert files_of(scratch.submission) == [os.path.join("utils", "utils.py")] and scratch.layout == {}
    finally:
        scratch.remove()


@pytest.mark.parametrize("contents, said", [({}, "it is empty"), ({"answers.pdf": "%PDF"}, "only answers.pdf")])
def test_an_empty_submission_gets_one_message(tmp_path, assignment, contents, said):
    (tmp_path / "upload").mkdir()
    for name, text in contents.items():
        (tmp_path / "upload" / name).write_text(text)
    with pytest.raises(SubmissionError, match=said) as raised:
        prepare(str(tmp_path / "upload"), assignment, None)
    assert "softmax.py" in str(raised.value)
