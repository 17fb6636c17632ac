"""Unpack a submission uploaded as an archive, safely, into a folder the grader owns.

    kind(path)                 # "zip", "tar" (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz), or None
    unsupported(path)          # the sentence for an archive of another kind (.rar, .7z, a bare .gz), or None
    unpack(path, destination, skipped, limits, deadline, notes)

unzip.py reads zips, untar.py tars; unpacking.py holds what both share (the limits, the errors,
the checks of member names and the writing of members).

Nothing in the archive is trusted, and the grader's work on it is bounded before
it starts where the format says the size up front:

- A zip's end record (zip64 included) and then its central directory, read here,
  must list at most limits.members entries in at most limits.directory_bytes
  bytes, or the archive is refused: Python's zipfile builds one object per entry
  of the directory it reads, whatever the archive holds. zipfile only ever sees
  the file through Bounded, which refuses any one read past directory_bytes.
- A zip member is read only if it is stored or deflated (zipfile inflates a bzip2
  or LZMA member's data without an output bound), declares at most limits.file_bytes,
  and declares at most limits.ratio times its compressed size (past
  limits.ratio_floor). zipfile stops at the declared size, and the member is charged
  that size (and ZIP_SLACK, what zipfile may inflate past it) before it is read, so
  a member that fails midway or is then left out counts in full.
- A tar is read as one stream (tarfile's "r|" mode, decompressed here), in which
  every byte inflated counts: member data, headers, and members skipped; past
  limits.ratio_floor it may inflate at most limits.ratio times the bytes read, and
  what tarfile reads to parse extended headers (pax, GNU long names and sparse maps,
  which it holds in memory) at most limits.header_bytes in all.
- limits.total_bytes bounds what is charged or counted in all. Member names are
  checked (no absolute path, no `..`, bounded depth), links, devices, FIFOs and
  sparse files are left out.

What is left out is listed in `skipped` as "name: why", as prepare() lists the files
of a folder it does not copy. When unpacking stops early (the total, the ratio, the
extended headers or the entry count of a tar, or the deadline), one sentence in
`notes`, for the student, says what was left out and why.
"""
import os

from autograder.submission.bounds import Deadline
from autograder.submission.unpacking import ArchiveError, Limits, Stop, Unpacked, amount, listed
from autograder.submission.untar import unpack_tar
from autograder.submission.unzip import unpack_zip

KINDS = {".zip": "zip", ".tar": "tar", ".tar.gz": "tar", ".tgz": "tar", ".tar.bz2": "tar", ".tbz2": "tar",
         ".tar.xz": "tar", ".txz": "tar"}
OTHERS = {".rar": "a RAR archive", ".7z": "a 7-Zip archive", ".gz": "a gzip file", ".bz2": "a bzip2 file",
          ".xz": "an xz file", ".zst": "a zstd file", ".tar.zst": "a zstd-compressed tar archive"}


def kind(path: str) -> str | None:
    """"zip" or "tar" for a file the grader unpacks, by its name; None otherwise."""
    lower = os.path.basename(path).lower()
    return next((found for ending, found in KINDS.items() if lower.endswith(ending)), None)


def unsupported(path: str) -> str | None:
    """The sentence refusing an archive or compressed file of a kind the grader does not unpack, or None."""
    lower = os.path.basename(path).lower()
    what = next((what for ending, what in sorted(OTHERS.items(), key=lambda o: -len(o[0]))
                 if lower.endswith(ending)), None)
    if what is None or kind(path):
        return None
    return (f"the submission {os.path.basename(path)} is {what}, which the grader does not unpack; pass a .zip, "
            ".tar or .tar.gz of the files (or the folder that holds them)")


def unpack(path: str, destination: str, skipped: list, limits: Limits, deadline: Deadline | None = None,
           notes: list | None = None) -> None:
    """Write the regular files of the archive at path (see kind()) under destination (created here).
    skipped: gets "name: why" per entry left out; notes: gets the sentence saying why unpacking stopped early.
    Raise ArchiveError when the archive cannot be unpacked at all."""
    deadline, notes, name = deadline or Deadline(), [] if notes is None else notes, os.path.basename(path)
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise ArchiveError(f"{name} cannot be read ({error.strerror}); make it readable and grade again") from None
    if size > limits.total_bytes:
        raise ArchiveError(f"{name} is larger than {amount(limits.total_bytes)}; upload only your Python files "
                           "or notebook")
    unpacked = Unpacked(destination, skipped, limits, deadline)
    try:
        if kind(path) == "tar":
            unpack_tar(path, unpacked)
        else:
            unpack_zip(path, unpacked)
    except Stop as stop:
        what = (f"{len(unpacked.rest)} entries of {name} ({listed(unpacked.rest)})" if unpacked.rest
                else f"the rest of {name}" + (f" after {unpacked.last}" if unpacked.last else ""))
        skipped.append(f"{name}: unpacking stopped, since {stop}")
        notes.append(f"Not graded: {what}, since {stop}; upload only your Python files or notebook.")
