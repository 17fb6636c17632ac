"""Unpack a zip (see archive.py for the bounds): its end record and central directory are read and
checked here before zipfile reads them, and zipfile reads the file only through Bounded."""
import io
import os
import stat
import struct
import zipfile
import zlib

from autograder.submission.unpacking import ArchiveError, Stop, amount

ZIP_SLACK = 4096  # bytes zipfile may inflate past a member's declared size: it asks its decompressor for 4 KB at least
UNIX = 3  # ZipInfo.create_system of archives made on Unix, whose external_attr holds a file mode
COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64"}
# The records of a zip's end, and of its central directory (APPNOTE.TXT 4.3.12-4.3.16).
END = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
LOCATOR = struct.Struct("<4sLQL")
LOCATOR_SIGNATURE = b"PK\x06\x07"
END64 = struct.Struct("<4sQ2H2L4Q")
END64_SIGNATURE = b"PK\x06\x06"
ENTRY = struct.Struct("<4s24x3H12x")
ENTRY_SIGNATURE = b"PK\x01\x02"


def unpack_zip(path, unpacked):
    name, limits = os.path.basename(path), unpacked.limits
    with Bounded(path, limits.directory_bytes) as handle:
        check_directory(handle, name, limits)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveError(f"{name} is not a zip archive that can be read ({error}); zip your files again "
                               "(or upload them unzipped)") from None
        os.mkdir(unpacked.destination, 0o755)
        with archive:
            members = archive.infolist()
            for index, info in enumerate(members):
                if unpacked.deadline.passed() or limits.total_bytes - unpacked.inflated <= ZIP_SLACK:
                    unpacked.rest = [i.filename for i in members[index:]]
                    raise Stop(unpacked.deadline.why() if unpacked.deadline.passed() else
                               f"unpacking it inflated {amount(limits.total_bytes)}, the limit for all its files")
                member = info.filename
                why, target = unpacked.member(member, info.is_dir(), zip_member_problem(
                    info, limits, limits.total_bytes - unpacked.inflated))
                if why or info.is_dir():
                    continue
                unpacked.inflated += info.file_size + ZIP_SLACK  # counted before reading: a read may fail midway
                try:
                    with archive.open(info) as source:
                        unpacked.copy(member, source, target, info.file_size)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError,
                        zlib.error) as error:
                    unpacked.skipped.append(f"{member}: cannot be unpacked ({type(error).__name__}: {error})")


def zip_member_problem(info, limits, total_left):
    """Why a zip member is left out before it is read (from what its directory entry says), or None."""
    if info.create_system == UNIX:
        mode = stat.S_IFMT(info.external_attr >> 16)
        if mode and mode not in (stat.S_IFREG, stat.S_IFDIR):
            return "a link or special file, not a regular file"
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.is_dir():
        return None
    if info.compress_type not in COMPRESSIONS:
        method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        return (f"compressed with {method}, which the grader does not unpack; zip it with the usual "
                "(deflate) compression")
    if info.file_size > limits.file_bytes:
        return f"larger than {amount(limits.file_bytes)}"
    if info.file_size + ZIP_SLACK > total_left:
        return f"past the limit of {amount(limits.total_bytes)} in all"
    if info.file_size > max(limits.ratio_floor, limits.ratio * info.compress_size):
        return (f"it would inflate {info.file_size // max(info.compress_size, 1):,} times (from "
                f"{info.compress_size:,} bytes to {info.file_size:,}), more than the {limits.ratio} times "
                "of any file of yours")
    return None


class Bounded(io.FileIO):
    """The zip file as zipfile reads it: one read of more than `most` bytes raises ArchiveError, so what
    zipfile parses at once (its central directory) stays bounded even where its reading of the end
    record differed from check_directory's."""

    def __init__(self, path, most):
        super().__init__(path, "rb")
        self.most = most

    def read(self, size=-1):
        wanted = size if size is not None and size >= 0 else os.fstat(self.fileno()).st_size - self.tell()
        if wanted > self.most:
            raise ArchiveError(f"{os.path.basename(self.name)} has a table of contents larger than "
                               f"{amount(self.most)}; zip only your Python files or notebook and upload it again")
        return super().read(size)


def check_directory(handle, name, limits):
    """Raise ArchiveError when the zip's end record or central directory lists more than limits.members
    entries, or a directory larger than limits.directory_bytes; read as zipfile reads them
    (zipfile._EndRecData, _RealGetContents), at most 64 KB and the directory itself."""
    size = os.fstat(handle.fileno()).st_size
    tail_start = max(size - (1 << 16) - END.size, 0)
    handle.seek(tail_start)
    tail = handle.read()
    if tail[-END.size:-END.size + 4] == END_SIGNATURE and tail[-2:] == b"\0\0":
        at = len(tail) - END.size
    else:
        at = tail.rfind(END_SIGNATURE)
        if at < 0 or len(tail) - at < END.size:
            return  # not a zip: zipfile says so
    _, _, _, _, entries, directory_size, _, _ = END.unpack_from(tail, at)
    start = tail_start + at - directory_size
    if tail_start + at >= LOCATOR.size + END64.size:
        handle.seek(tail_start + at - LOCATOR.size - END64.size)
        record = handle.read(END64.size + LOCATOR.size)
        if record[END64.size:END64.size + 4] == LOCATOR_SIGNATURE and record[:4] == END64_SIGNATURE:
            entries, directory_size = END64.unpack_from(record)[7:9]
            start = tail_start + at - LOCATOR.size - END64.size - directory_size
    too_many = (f"{name} lists {entries:,} entries" if entries > limits.members else
                f"{name} has a table of contents of {amount(directory_size)}"
                if directory_size > limits.directory_bytes else None)
    if too_many is None and start >= 0:
        counted = count_entries(handle, start, directory_size, limits.members)
        too_many = f"{name} holds more than {counted - 1:,} entries" if counted > limits.members else None
    if too_many:
        raise ArchiveError(f"{too_many}, more than the grader reads ({limits.members:,} entries in "
                           f"{amount(limits.directory_bytes)}); zip only your Python files or notebook (leave out "
                           "data, .git and virtual environments) and upload it again")


def count_entries(handle, start, size, most):
    """The entries of the central directory at [start, start + size), counted as zipfile parses them,
    up to most + 1."""
    handle.seek(start)
    directory = handle.read(size)
    count, at = 0, 0
    while at + ENTRY.size <= len(directory) and count <= most:
        signature, name_length, extra_length, comment_length = ENTRY.unpack_from(directory, at)
        if signature != ENTRY_SIGNATURE:
            break  # zipfile refuses the archive itself
        at += ENTRY.size + name_length + extra_length + comment_length
        count += 1
    return count
