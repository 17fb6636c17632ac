"""Prepare a submission for grading: the scratch folder the worker runs in.

    scratch = prepare(submission_dir, assignment, user)    # before any test runs
    ...
    scratch.remove()

The scratch folder's layout is the sandbox's (autograder/sandbox/layout.py); this module fills
its submission/ with a copy of the student's regular files (notebooks as modules), which the
student's uid owns only where the worker has no root folder of its own (confine.py).

Layouts: the submission is a folder, or a .zip or .tar (.tar.gz, .tgz, ...) file
(unpacked safely by archive.unpack into the scratch folder first, within a deadline).
A folder that holds nothing but one folder (a zipped folder) is graded from inside
it (scratch.layout says so).
A submission with no Python file or notebook raises SubmissionError: one
message, no tests. What the file names and definitions tell about functions that
would not be found (near-miss names, another assignment's files, a stub ahead of a
written alias, a .py shadowing a notebook) is in scratch.findings (findings.py); the parameter
names of each graded definition, read the same way, in scratch.parameters.
"""
import ast
import dataclasses
import os
import re
import shutil
import stat
import tempfile

from autograder.faults import ConfigurationError, SubmissionError
from autograder.sandbox import confine, layout
from autograder.submission import archive, unpacking
from autograder.submission.exported import strip_exported_magics
from autograder.submission.findings import Findings, Parser, examine, name_key, read_notebooks, set_aside_stubs
from autograder.submission.provided import provided_functions

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
    layout: dict = dataclasses.field(default_factory=dict)  # {"zip" or "tar": name, "descended_into": "folder/"}
    notes: list = dataclasses.field(default_factory=list)  # sentences for the student about how the files were found
    # How the worker tries each graded function's candidates, and what to say when one fails (findings.Findings).
    findings: Findings = dataclasses.field(default_factory=Findings)
    # candidate "file.py:name" -> its def's positional parameter names (parameter_names), for suites that tell
    # handout revisions apart by them
    parameters: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        self.submission, self.harness, self.support, self.log, self.tmp = (
            os.path.join(self.root, name) for name in ("submission", "harness", "support", "worker.log", "tmp"))

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def check_source(path: str) -> None:
    """Raise unless path is a folder or an archive the grader unpacks (checked before anything else runs): a
    path that is missing or a plain file is the command line's mistake (ConfigurationError), an archive of a
    kind the grader does not unpack the student's (SubmissionError)."""
    if os.path.isdir(path):
        return
    if not os.path.exists(path):
        raise ConfigurationError(f"the submission {path} does not exist; pass the folder (or .zip) that holds "
                                 "the student's files")
    if os.path.isfile(path) and archive.unsupported(path):
        raise SubmissionError(archive.unsupported(path))
    if not (os.path.isfile(path) and archive.kind(path)):
        raise ConfigurationError(f"the submission {path} is a file, not a folder; pass the folder that holds it "
                                 f"(--submission {os.path.dirname(path) or '.'})")


def archive_limits() -> unpacking.Limits:
    return unpacking.Limits(MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_FILES, MAX_DEPTH, frozenset(SKIPPED_NAMES))


def prepare(submission_dir: str, assignment, user: tuple[int, int] | None, only_files=(), deadline=None) -> Scratch:
    """Build the scratch folder for one submission; raise OSError if the grader cannot,
    SubmissionError if the submission holds nothing to grade.

    submission_dir: a folder, or an archive (archive.kind); user: the (uid, gid) student code runs as
    (None when the grader is not root); only_files: the student files graded (all when empty),
    the only ones whose functions are checked for the handout's code; deadline: a bounds.Deadline for
    unpacking and converting notebooks (None: none).
    """
    check_source(submission_dir)
    root = tempfile.mkdtemp(prefix="autograder-")
    scratch = Scratch(root)
    try:
        os.chmod(root, 0o755)
        layout.install(root, assignment.standin_paths, assignment.support_paths)
        copy_in(scratch, submission_dir, deadline)
        descend_single_folder(scratch, assignment)
        check_not_empty(scratch, assignment)
        scratch.notes += [f"Not graded: {why}." for why in scratch.skipped if "cannot be read" in why]
        # What follows reads the copy before the student's uid owns it: the grader never reads a file that uid
        # can change.
        read_copy(scratch, assignment, only_files, deadline)
        hand_over(scratch, user)
    except BaseException:
        scratch.remove()
        raise
    return scratch


def copy_in(scratch: Scratch, submission_dir: str, deadline) -> None:
    """Copy the submission's regular files (a folder's, or an archive's, unpacked) into scratch.submission."""
    if os.path.isdir(submission_dir):
        copy_submission(submission_dir, scratch.submission, scratch.skipped)
        return
    unpacked = os.path.join(scratch.root, "unpacked")
    try:
        archive.unpack(submission_dir, unpacked, scratch.skipped, archive_limits(), deadline, scratch.notes)
    except unpacking.ArchiveError as error:
        raise SubmissionError(str(error)) from None
    copy_submission(unpacked, scratch.submission, scratch.skipped)
    shutil.rmtree(unpacked)
    scratch.layout[archive.kind(submission_dir)] = os.path.basename(submission_dir)


def read_copy(scratch: Scratch, assignment, only_files, deadline) -> None:
    """Turn the copy's notebooks into modules and record what the grader needs to know of the copy: its
    Python 2 lines, the handout's code among the graded functions, and the findings."""
    graded = {canonical: ids for canonical, ids in assignment.functions.items()
              if not only_files or canonical.split(":")[0] in only_files}
    books, function_ids = [], [f for ids in assignment.functions.values() for f in ids]
    notebooks = any(name.endswith(".ipynb") for _, _, files in os.walk(scratch.submission) for name in files)
    if notebooks:
        books = read_notebooks(scratch.submission, function_ids)
        scratch.notes += set_aside_stubs(scratch.submission, books, assignment, graded, scratch.skipped)
    original = files_under(scratch.submission)
    if notebooks:
        from autograder.submission.notebook_modules import convert_notebooks  # nbformat only when needed
        convert_notebooks(scratch.submission, scratch.skipped, function_ids, deadline, scratch.notes)
    scratch.notes += strip_exported_magics(scratch.submission)
    scratch.python2 = python2_lines(scratch.submission)
    scratch.provided = provided_functions(scratch.submission, assignment.support_paths, graded)
    parser = Parser(scratch.submission)  # each file parsed once for both
    scratch.findings = examine(parser, assignment, graded, scratch.provided, books, original)
    scratch.notes += scratch.findings.notes
    scratch.parameters = parameter_names(parser, graded)


def parameter_names(parser: Parser, graded: dict) -> dict:
    """{candidate id: the positional parameter names of its definition} for every graded candidate that a file
    of the copy (parser's folder) defines with a def, read with ast (nothing is imported or run). Some handout
    revisions differ only there: CS224d's late-2017 q2_neural.py names its first argument X, and asks for a
    summed cost."""
    found = {}
    for candidate in dict.fromkeys(c for ids in graded.values() for c in ids):
        node = parser.binding(*candidate.split(":"))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[candidate] = tuple(a.arg for a in node.args.posonlyargs + node.args.args)
    return found


def hand_over(scratch: Scratch, user: tuple[int, int] | None) -> None:
    """Make the scratch folder readable to the worker and, where it gets no root of its own, the student's
    uid (user) the owner of the copy it works in."""
    for directory, _, files in os.walk(scratch.root):
        os.chmod(directory, 0o755)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o644)
    os.mkdir(scratch.tmp, 0o700)
    # Where the worker gets a root of its own, it works on a fresh copy of this one in a tmpfs, which
    # stays the grader's; elsewhere the student's uid owns the copy it works in.
    if user and not confine.namespaces_available():
        os.chown(scratch.tmp, *user)
        for directory, _, files in os.walk(scratch.submission):
            os.chown(directory, *user)
            for name in files:
                os.chown(os.path.join(directory, name), *user)


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
        wanted = {name_key(c.split(":")[0]): c.split(":")[0] for ids in assignment.functions.values() for c in ids}
        renamed = next((f"`{f}` should be named {wanted[name_key(f)]}" for f in sorted(found)
                        if name_key(f) in wanted), None)
        what = f"it holds no .py file and no notebook, only {shown}" + (f" ({renamed})" if renamed else "") \
            + ": upload"
    else:
        what = "it is empty" + (f" (left out: {scratch.skipped[0]})" if scratch.skipped else "") + ": upload"
    raise SubmissionError(f"the submission has nothing to grade, since {what} your Python files ({expected}) "
                          "or your notebook")


def files_under(folder: str) -> list:
    """The paths of the files under folder, relative to it."""
    return [os.path.relpath(os.path.join(d, n), folder) for d, _, files in os.walk(folder) for n in files]


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
