"""Prepare a submission for grading: the scratch folder the worker runs in.

    scratch = prepare(submission_dir, assignment, user)    # before any test runs
    ...
    scratch.remove()

Layout of scratch.root (owned by the grader; the student's uid can only enter it):

    harness/     worker.py, wire.py, resolve.py; standins/ (the assignment's stand-in files)
    support/     the modules the handout provides (e.g. utils/, tsne.py), importable by submissions
    submission/  a copy of the student's regular files, notebooks as modules: owned by the
                 student's uid, and the worker's working directory
    tmp/         the worker's private temporary folder (TMPDIR), owned by the student's uid
    worker.log   what the worker printed outside calls (for instructors)

Everything the grader later opens (the log) is in a folder the student's uid
cannot write, so it cannot be swapped for a link or a FIFO.

Layouts: the submission is a folder, or a .zip file (unpacked safely by
archive.unpack into the scratch folder first). A folder that holds nothing but
one folder (a zipped folder) is graded from inside it (scratch.layout says so).
A submission with no Python file or notebook raises SubmissionError: one
message, no tests.
"""
import dataclasses
import os
import re
import shutil
import stat
import tempfile

from autograder.submission import archive
from autograder.submission.handout import provided_functions

SANDBOX = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sandbox")
WORKER_FILES = ("worker.py", "wire.py", "resolve.py")
SKIPPED_NAMES = {".git", "__pycache__", ".ipynb_checkpoints", ".venv", "__MACOSX"}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_FILES = 2000
MAX_DEPTH = 8
PYTHON2_LINES = {  # construct -> a line that only Python 2 accepts
    "a print statement": re.compile(r"^\s*print\s+[^\s(=]"),
    "`except X, e:`": re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:"),
    "xrange": re.compile(r"\bxrange\s*\("),
    "cPickle": re.compile(r"^\s*import\s+cPickle\b"),
}


@dataclasses.dataclass
class Scratch:
    root: str
    skipped: list = dataclasses.field(default_factory=list)  # "path: why" per file of the submission not graded
    python2: dict = dataclasses.field(default_factory=dict)  # path -> "line N uses <construct>" of Python 2
    provided: dict = dataclasses.field(default_factory=dict)  # candidate "file.py:name" -> why it is the handout's code
    layout: dict = dataclasses.field(default_factory=dict)  # {"zip": name, "descended_into": "folder/"} when so
    notes: list = dataclasses.field(default_factory=list)  # sentences for the student about how the files were found

    def __post_init__(self):
        self.submission, self.harness, self.support, self.log, self.tmp = (
            os.path.join(self.root, name) for name in ("submission", "harness", "support", "worker.log", "tmp"))

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


class SubmissionError(Exception):
    """The submission cannot be graded as given (not a folder or zip, nothing to grade). str() says what to do."""


def check_source(path: str) -> None:
    """Raise SubmissionError unless path is a folder or a .zip file (checked before anything else runs)."""
    if os.path.isdir(path):
        return
    if not os.path.exists(path):
        raise SubmissionError(f"the submission {path} does not exist; pass the folder (or .zip) that holds "
                              "the student's files")
    if not (os.path.isfile(path) and path.lower().endswith(".zip")):
        raise SubmissionError(f"the submission {path} is a file, not a folder; pass the folder that holds it "
                              f"(--submission {os.path.dirname(path) or '.'})")


def archive_limits() -> archive.Limits:
    return archive.Limits(MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_FILES, MAX_DEPTH, frozenset(SKIPPED_NAMES))


def prepare(submission_dir: str, assignment, user: tuple[int, int] | None, only_files=()) -> Scratch:
    """Build the scratch folder for one submission; raise OSError if the grader cannot,
    SubmissionError if the submission holds nothing to grade.

    submission_dir: a folder, or a .zip file; user: the (uid, gid) student code runs as
    (None when the grader is not root); only_files: the student files graded (all when empty),
    the only ones whose functions are checked for the handout's code.
    """
    check_source(submission_dir)
    root = tempfile.mkdtemp(prefix="autograder-")
    scratch = Scratch(root)
    try:
        os.chmod(root, 0o755)
        os.makedirs(os.path.join(scratch.harness, "standins"))
        for name in WORKER_FILES:
            shutil.copy(os.path.join(SANDBOX, name), scratch.harness)
        for number, path in enumerate(assignment.standin_paths):
            shutil.copy(path, os.path.join(scratch.harness, "standins", standin_file_name(number, path)))
        os.mkdir(scratch.support)
        for path in assignment.support_paths:
            target = os.path.join(scratch.support, os.path.basename(path))
            if os.path.isdir(path):
                # Without an __init__.py the support folder would merge with a same-named folder of the submission.
                shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
            else:
                shutil.copy(path, target)
        if os.path.isdir(submission_dir):
            copy_submission(submission_dir, scratch.submission, scratch.skipped)
        else:
            unpacked = os.path.join(scratch.root, "unpacked")
            try:
                archive.unpack(submission_dir, unpacked, scratch.skipped, archive_limits())
            except archive.ArchiveError as error:
                raise SubmissionError(str(error)) from None
            copy_submission(unpacked, scratch.submission, scratch.skipped)
            shutil.rmtree(unpacked)
            scratch.layout["zip"] = os.path.basename(submission_dir)
        descend_single_folder(scratch, assignment)
        check_not_empty(scratch, assignment)
        scratch.notes += [f"Not graded: {why}." for why in scratch.skipped if "cannot be read" in why]
        if any(name.endswith(".ipynb") for _, _, files in os.walk(scratch.submission) for name in files):
            from autograder.submission.notebooks import convert_notebooks  # nbformat only when needed
            convert_notebooks(scratch.submission, scratch.skipped,
                              [f for ids in assignment.functions.values() for f in ids])
        # Both read the copy before the student's uid owns it: the grader never reads a file that uid can change.
        scratch.python2 = python2_lines(scratch.submission)
        graded = {canonical: ids for canonical, ids in assignment.functions.items()
                  if not only_files or canonical.split(":")[0] in only_files}
        scratch.provided = provided_functions(scratch.submission, assignment.support_paths, graded)
        for directory, _, files in os.walk(scratch.root):
            os.chmod(directory, 0o755)
            for name in files:
                os.chmod(os.path.join(directory, name), 0o644)
        os.mkdir(scratch.tmp, 0o700)
        if user:
            os.chown(scratch.tmp, *user)
            for directory, _, files in os.walk(scratch.submission):
                os.chown(directory, *user)
                for name in files:
                    os.chown(os.path.join(directory, name), *user)
    except BaseException:
        scratch.remove()
        raise
    return scratch


def descend_single_folder(scratch: Scratch, assignment) -> None:
    """When the submission holds only one folder (dot-files aside), grade from inside it, repeatedly:
    a zipped folder. Not into a folder that the assignment's aliases name (utils/ of utils/utils.py)."""
    alias_folders = {name.split("/")[0] for names in assignment.functions.values() for name in names
                     if "/" in name.split(":")[0]}
    trail, path = [], scratch.submission
    while len(trail) < MAX_DEPTH:
        visible = [e for e in os.listdir(path) if not e.startswith(".")]
        if len(visible) != 1 or visible[0] in alias_folders or not os.path.isdir(os.path.join(path, visible[0])):
            break
        trail.append(visible[0])
        path = os.path.join(path, visible[0])
    if not trail:
        return
    outer = os.path.join(scratch.root, "outer")
    os.rename(scratch.submission, outer)
    os.rename(os.path.join(outer, *trail), scratch.submission)
    for directory, _, files in os.walk(outer):
        scratch.skipped += [f"{os.path.relpath(os.path.join(directory, n), outer)}: outside the folder graded"
                            for n in sorted(files)]
    shutil.rmtree(outer)
    scratch.layout["descended_into"] = "/".join(trail) + "/"
    scratch.notes.append(f"Your files were inside the folder {'/'.join(trail)}/, so they were graded from there.")


def check_not_empty(scratch: Scratch, assignment) -> None:
    """Raise SubmissionError when the submission holds no .py file and no notebook."""
    found = [os.path.relpath(os.path.join(d, n), scratch.submission)
             for d, _, files in os.walk(scratch.submission) for n in files]
    if any(name.endswith((".py", ".ipynb")) for name in found):
        return
    expected = ", ".join(sorted({f.split(":")[0] for f in assignment.functions}))
    unreadable = [s.split(":")[0] for s in scratch.skipped if "cannot be read" in s]
    if unreadable:
        what = (f"none of its files could be read ({', '.join(unreadable[:3])}): make them readable "
                f"(chmod a+r) or upload")
    elif found:
        shown = ", ".join(sorted(found)[:5]) + (", ..." if len(found) > 5 else "")
        what = f"it holds no .py file and no notebook, only {shown}: upload"
    else:
        what = "it is empty" + (f" (left out: {scratch.skipped[0]})" if scratch.skipped else "") + ": upload"
    raise SubmissionError(f"the submission has nothing to grade, since {what} your Python files ({expected}) "
                          "or your notebook")


def standin_file_name(number: int, path: str) -> str:
    """The name of a stand-in file in harness/standins/: numbered, since two may share a name."""
    return f"{number}_{os.path.basename(path)}"


def copy_submission(source: str, destination: str, skipped: list) -> None:
    """Copy the regular files of source (never following links), within the size limits.

    Links, FIFOs, devices, files past the limits and caches are left out and listed in `skipped`.
    """
    os.mkdir(destination)
    total, count = 0, 0
    for directory, folders, files in os.walk(source):
        relative = os.path.relpath(directory, source)
        depth = 0 if relative == "." else relative.count(os.sep) + 1
        folders[:] = sorted(f for f in folders
                            if f not in SKIPPED_NAMES and not os.path.islink(os.path.join(directory, f)))
        if depth >= MAX_DEPTH:
            skipped.append(f"{relative}: folders nested deeper than {MAX_DEPTH}")
            folders[:] = []
            continue
        for name in folders:
            os.mkdir(os.path.join(destination, relative, name))
        for name in sorted(files):
            path, shown = os.path.join(directory, name), os.path.normpath(os.path.join(relative, name))
            info = os.lstat(path)
            why = (None if stat.S_ISREG(info.st_mode) else "not a regular file")
            if why is None and info.st_size > MAX_FILE_BYTES:
                why = f"larger than {MAX_FILE_BYTES // 2**20} MB"
            elif why is None and (total + info.st_size > MAX_TOTAL_BYTES or count >= MAX_FILES):
                why = f"past the limit of {MAX_FILES} files or {MAX_TOTAL_BYTES // 2**20} MB in all"
            if why:
                skipped.append(f"{shown}: {why}")
                continue
            try:
                shutil.copyfile(path, os.path.join(destination, relative, name), follow_symlinks=False)
            except OSError as error:
                skipped.append(f"{shown}: cannot be read ({error.strerror or error}); make it readable "
                               f"(chmod a+r {shown}) and grade again")
                continue
            total, count = total + info.st_size, count + 1


def python2_lines(folder: str) -> dict:
    """{path relative to folder: 'line N uses <construct>'} for each .py file that looks like Python 2."""
    found = {}
    for directory, _, files in os.walk(folder):
        for name in (n for n in files if n.endswith(".py")):
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8", errors="replace") as source:
                hit = next((f"line {number} uses {construct}" for number, line in enumerate(source, 1)
                            for construct, pattern in PYTHON2_LINES.items() if pattern.search(line)), None)
            if hit:
                found[os.path.relpath(path, folder)] = hit
    return found


def worker_command(scratch: Scratch, python: str, assignment) -> list[str]:
    """The worker's command line, less the two pipe descriptors the channel appends."""
    return [python, "-I", "-B", os.path.join(scratch.harness, "worker.py"), scratch.root,
            *(os.path.join("standins", standin_file_name(n, p)) for n, p in enumerate(assignment.standin_paths))]
