"""Hostile archives: each bound of archive.unpack fires before the grader spends memory or time
on what a crafted upload declares or hides, and says what was left out.

The archives are built here, small: a zip's records are written byte by byte (APPNOTE.TXT), so a
zip can declare what no zip writer would. Inflated bytes are counted where Python inflates them
(the decompressor classes zipfile and bz2 look up when they start a member), not by the code tested.
"""
import bz2
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import zipfile
import zlib

import pytest

from autograder.assignment import Assignment
from autograder.submission import archive, bounds, notebook_modules, unpacking, unzip
from autograder.submission import prepare as prepare_module
from autograder.submission.bounds import Deadline
from autograder.submission.prepare import SubmissionError, prepare
from tests.test_grading import PROJECT

LIMITS = unpacking.Limits(file_bytes=20 << 20, total_bytes=100 << 20, files=2000, depth=8)


@pytest.fixture(scope="module")
def assignment():
    return Assignment(str(PROJECT / "assignment"))


def zip_bytes(members, declared=None, zip64_entries=None):
    """A zip of members [(name, method, stored bytes, crc, size declared)]; declared: the entry count its end
    record gives (default: the true one); zip64_entries: give a zip64 end record declaring that many."""
    local, directory = bytearray(), bytearray()
    for name, method, data, crc, size in members:
        encoded = name.encode()
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(data), size,
                                 len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data), size,
                             len(encoded), 0) + encoded + data
    count = len(members) if declared is None else declared
    tail = b""
    if zip64_entries is not None:
        record_at = len(local) + len(directory)
        tail = (struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, zip64_entries, zip64_entries,
                            len(directory), len(local))
                + struct.pack("<4sLQL", b"PK\x06\x07", 0, record_at, 1))
        count = 0xFFFF
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(local), 0)
    return bytes(local + directory + tail + end)


def deflated(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def stored_member(name, text):
    data = text.encode()
    return name, zipfile.ZIP_STORED, data, zlib.crc32(data), len(data)


class Inflation:
    """Counts the bytes that decompressor objects of one kind give back."""

    def __init__(self, monkeypatch, module, name):
        self.bytes, self.started, real = 0, 0, getattr(module, name)
        counter = self

        class Counting:
            def __init__(self, *args, **kwargs):
                counter.started += 1
                self.real = real(*args, **kwargs)

            def decompress(self, *args, **kwargs):
                data = self.real.decompress(*args, **kwargs)
                counter.bytes += len(data)
                return data

            def __getattr__(self, attribute):
                return getattr(self.real, attribute)

        monkeypatch.setattr(module, name, Counting)


def unpack(path, limits=LIMITS, deadline=None):
    skipped, notes = [], []
    destination = os.path.join(os.path.dirname(path), "out")
    archive.unpack(str(path), destination, skipped, limits, deadline, notes)
    files = sorted(os.path.relpath(os.path.join(d, n), destination) for d, _, names in os.walk(destination)
                   for n in names)
    return files, skipped, notes


def test_a_zip_declaring_two_million_entries_is_refused_before_zipfile_reads_it(tmp_path, monkeypatch):
    path = tmp_path / "hw.zip"
    path.write_bytes(zip_bytes([stored_member("softmax.py", "A = 1\n")], zip64_entries=2_200_000))
    monkeypatch.setattr(zipfile, "ZipFile", None)  # refused before: calling it would raise TypeError
    with pytest.raises(unpacking.ArchiveError) as refused:
        unpack(path)
    assert "hw.zip lists 2,200,000 entries" in str(refused.value)
    assert "more than the grader reads (8,100 entries in 3.96 MB); zip only your Python files" in str(refused.value)


def test_a_directory_of_more_entries_than_its_end_record_declares_is_counted_and_refused(tmp_path, monkeypatch):
    entry = stored_member("a.py", "")
    path = tmp_path / "hw.zip"
    path.write_bytes(zip_bytes([entry] * 9000, declared=1))  # 9,000 entries, 0.7 MB: within the directory's bytes
    monkeypatch.setattr(zipfile, "ZipFile", None)
    with pytest.raises(unpacking.ArchiveError, match="hw.zip holds more than 8,100 entries"):
        unpack(path)


def test_a_huge_directory_costs_the_grader_no_memory(tmp_path):
    """200,000 central-directory entries in 9.5 MB, under an end record that declares one: zipfile alone
    takes about 80 MB for them (measured on Python 3.11); refusing them takes next to nothing."""
    name = b"a.py"
    entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0)
    directory = (entry + name) * 200_000
    path = tmp_path / "hw.zip"
    path.write_bytes(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), 0, 0))
    script = f"""
import json, resource
from autograder.submission import archive, unpacking
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
before = peak()
try:
    archive.unpack({str(path)!r}, {str(tmp_path / 'out')!r}, [], unpacking.Limits(20 << 20, 100 << 20, 2000, 8))
    message = None
except unpacking.ArchiveError as error:
    message = str(error)
print(json.dumps({{"grown": peak() - before, "message": message}}))
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    measured = json.loads(run.stdout)
    assert measured["grown"] < 8 << 20, measured
    assert "hw.zip has a table of contents of 9.54 MB, more than" in measured["message"], measured


def test_bzip2_members_of_zeros_are_left_out_without_inflating_a_byte(tmp_path, monkeypatch):
    zeros = 2 << 20
    data, crc = bz2.compress(b"\0" * zeros), zlib.crc32(b"\0" * zeros)
    members = [(f"m{n}.py", zipfile.ZIP_BZIP2, data, crc, zeros) for n in range(900)]
    path = tmp_path / "hw.zip"
    path.write_bytes(zip_bytes([stored_member("softmax.py", "A = 1\n")] + members))
    inflation = Inflation(monkeypatch, bz2, "BZ2Decompressor")
    files, skipped, notes = unpack(path)
    assert files == ["softmax.py"] and inflation.started == 0 and inflation.bytes == 0
    assert len(skipped) == 900 and all("compressed with bzip2, which the grader does not unpack" in s
                                       for s in skipped), skipped[:3]


def test_a_member_declaring_a_bomb_ratio_is_left_out_before_it_is_inflated(tmp_path, monkeypatch):
    zeros = 4 << 20
    path = tmp_path / "hw.zip"
    path.write_bytes(zip_bytes([("bomb.py", zipfile.ZIP_DEFLATED, deflated(b"\0" * zeros), zlib.crc32(b"\0" * zeros),
                                 zeros), stored_member("softmax.py", "A = 1\n")]))
    inflation = Inflation(monkeypatch, zlib, "decompressobj")
    files, skipped, _ = unpack(path)
    assert files == ["softmax.py"] and inflation.bytes == 0
    assert "bomb.py: it would inflate 1,0" in skipped[0] and "more than the 100 times" in skipped[0], skipped


def test_every_inflated_byte_counts_also_of_members_then_left_out(tmp_path, monkeypatch):
    """Members that declare less than they hold (zipfile stops at the declared size, so each is left out
    with a bad CRC) still count: unpacking stops once the total is inflated, and says so once."""
    limits = unpacking.Limits(file_bytes=20 << 20, total_bytes=1 << 20, files=2000, depth=8, ratio_floor=64 << 10)
    held, declared = 1 << 20, 60 << 10
    liar = deflated(b"\0" * held)
    members = [(f"m{n:03}.py", zipfile.ZIP_DEFLATED, liar, zlib.crc32(b"\0" * held), declared) for n in range(300)]
    path = tmp_path / "hw.zip"
    path.write_bytes(zip_bytes(members))
    inflation = Inflation(monkeypatch, zlib, "decompressobj")
    files, skipped, notes = unpack(path, limits)
    assert files == [] and inflation.started == 16 and inflation.bytes <= limits.total_bytes, inflation.bytes
    assert len(skipped) == 17 and all("Bad CRC-32" in s for s in skipped[:-1]), skipped[:2]
    assert len(notes) == 1 and notes[0].startswith("Not graded: 284 entries of hw.zip (m016.py, m017.py, m018.py, ...)")
    assert "since unpacking it inflated 1 MB, the limit for all its files" in notes[0]


def test_unpacking_stops_at_the_deadline_and_says_what_was_left_out(tmp_path):
    path = tmp_path / "hw.zip"
    path.write_bytes(zip_bytes([stored_member(f"m{n}.py", "A = 1\n") for n in range(5)]))
    files, _, notes = unpack(path, deadline=Deadline(0))
    assert files == []
    assert notes == ["Not graded: 5 entries of hw.zip (m0.py, m1.py, m2.py, ...), since preparing the submission "
                     "took longer than its limit of 0 s; upload only your Python files or notebook."]
    assert Deadline.for_budget(10).seconds == 5 and Deadline.for_budget(300).seconds == 30


def tar_of(path, members, mode="w:gz"):
    """Write a tar of members [(TarInfo, bytes or None)]."""
    with tarfile.open(path, mode, format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            info.size = len(data) if data is not None else 0
            tar.addfile(info, io.BytesIO(data) if data is not None else None)


def member(name, kind=tarfile.REGTYPE, **fields):
    info = tarfile.TarInfo(name)
    info.type = kind
    for field, value in fields.items():
        setattr(info, field, value)
    return info


def test_a_tar_gz_is_unpacked_without_links_devices_fifos_or_escapes(tmp_path, assignment):
    path = tmp_path / "hw.tar.gz"
    tar_of(path, [(member("hw/softmax.py"), b"A = 1\n"), (member("hw/utils", tarfile.DIRTYPE), None),
                  (member("hw/utils/helpers.py"), b"B = 2\n"),
                  (member("hw/secret.py", tarfile.SYMTYPE, linkname="/etc/passwd"), None),
                  (member("hw/again.py", tarfile.LNKTYPE, linkname="hw/softmax.py"), None),
                  (member("hw/tty.py", tarfile.CHRTYPE, devmajor=5, devminor=0), None),
                  (member("hw/pipe.py", tarfile.FIFOTYPE), None),
                  (member("/etc/cron.d/x.py"), b"C = 3\n"), (member("../escape.py"), b"D = 4\n"),
                  (member("hw/._softmax.py"), b"\0\5\x16\7")])
    scratch = prepare(str(path), assignment, None)
    try:
        files = sorted(os.path.relpath(os.path.join(d, n), scratch.submission)
                       for d, _, names in os.walk(scratch.submission) for n in names)
        assert files == ["softmax.py", os.path.join("utils", "helpers.py")]
        why = {entry.split(": ")[0]: entry.split(": ", 1)[1] for entry in scratch.skipped}
        assert why == {"hw/secret.py": "a link, not a regular file", "hw/again.py": "a link, not a regular file",
                       "hw/tty.py": "a device or FIFO, not a regular file",
                       "hw/pipe.py": "a device or FIFO, not a regular file", "/etc/cron.d/x.py": "an absolute path",
                       "../escape.py": "a path outside the submission",
                       "hw/._softmax.py": "macOS metadata (AppleDouble), not a file of yours"}
        assert scratch.layout == {"tar": "hw.tar.gz", "descended_into": "hw/"}
        assert not (tmp_path / "escape.py").exists()
    finally:
        scratch.remove()


def test_a_bzip2_tar_bomb_stops_at_the_compression_ratio(tmp_path, monkeypatch):
    """10 MB of zeros in a 200-byte tar.bz2: inflating stops after about 1 MB, the ratio's floor."""
    header = member("bomb.py")
    header.size = 10 << 20
    compressor = bz2.BZ2Compressor()
    parts = [compressor.compress(member("softmax.py", size=6).tobuf(tarfile.PAX_FORMAT) + b"A = 1\n".ljust(512, b"\0")),
             compressor.compress(header.tobuf(tarfile.PAX_FORMAT))]
    parts += [compressor.compress(b"\0" * (1 << 20)) for _ in range(10)]
    (tmp_path / "hw.tar.bz2").write_bytes(b"".join(parts) + compressor.flush())
    inflation = Inflation(monkeypatch, bz2, "BZ2Decompressor")
    files, skipped, notes = unpack(tmp_path / "hw.tar.bz2")
    assert files == ["softmax.py"] and inflation.bytes < LIMITS.ratio_floor + (1 << 20), inflation.bytes
    assert notes == ["Not graded: the rest of hw.tar.bz2 after bomb.py, since it inflates more than 100 times its "
                     "compressed size, which no file of yours does; upload only your Python files or notebook."]


def test_extended_tar_headers_are_bounded_before_tarfile_holds_them(tmp_path):
    limits = unpacking.Limits(file_bytes=20 << 20, total_bytes=100 << 20, files=10, depth=8, header_bytes=40 << 10)
    path = tmp_path / "hw.tar"
    tar_of(path, [(member("softmax.py"), b"A = 1\n"),
                  (member("big.py", pax_headers={"comment": "x" * (1 << 20)}), b"B = 2\n")], mode="w")
    files, _, notes = unpack(path, limits)
    assert files == ["softmax.py"]
    assert "since its extended headers (pax or GNU long names) take more than 40 KB" in notes[0], notes


def test_the_entries_of_a_tar_are_bounded(tmp_path):
    limits = unpacking.Limits(file_bytes=20 << 20, total_bytes=100 << 20, files=3, depth=8)  # 112 entries
    path = tmp_path / "hw.tgz"
    tar_of(path, [(member(f"m{n:03}.py"), b"") for n in range(200)])
    files, skipped, notes = unpack(path, limits)
    assert len(files) == 3 and sum("past the limit of 3 files" in s for s in skipped) == 109
    assert notes[0].startswith("Not graded: the rest of hw.tgz after m111.py, since it holds more than 112 entries")


def test_a_broken_tar_is_refused_and_other_archives_get_the_right_advice(tmp_path, assignment):
    (tmp_path / "hw.tar.gz").write_bytes(b"\x1f\x8b not really")
    with pytest.raises(SubmissionError, match="hw.tar.gz is not a tar archive that can be read"):
        prepare(str(tmp_path / "hw.tar.gz"), assignment, None)
    (tmp_path / "hw.rar").write_bytes(b"Rar!")
    with pytest.raises(SubmissionError, match="hw.rar is a RAR archive, which the grader does not unpack; pass a "
                                              r"\.zip, \.tar or \.tar\.gz of the files"):
        prepare(str(tmp_path / "hw.rar"), assignment, None)


def test_the_readme_states_every_bound_with_its_number():
    readme = " ".join((PROJECT / "README.md").read_text().split())
    limits = prepare_module.archive_limits()
    amount = unpacking.amount
    stated = [f"at most {amount(limits.total_bytes)}",
              f"list at most {limits.members:,} entries in {amount(limits.directory_bytes)}",
              f"at most {amount(limits.file_bytes)} a file and {limits.files:,} files",
              f"toward {amount(limits.total_bytes)} in all", f"and {amount(unzip.ZIP_SLACK)}, before it is read",
              f"stops after {limits.members:,} entries or {amount(limits.header_bytes)} of extended headers",
              f"more than {limits.ratio} times its compressed size (past {amount(limits.ratio_floor)})",
              f"deeper than {limits.depth} folders",
              f"a deadline of a tenth of `--budget`, at least {bounds.PREPARE_FLOOR:g} s",
              f"{amount(notebook_modules.MAX_NOTEBOOK_BYTES)} a notebook and "
              f"{amount(notebook_modules.MAX_NOTEBOOKS_BYTES)} of "
              f"notebooks in all, {amount(notebook_modules.MAX_CELL_BYTES)} of code a cell and "
              f"{amount(notebook_modules.MAX_CODE_BYTES)} in all, {notebook_modules.MAX_CELLS:,} code cells, "
              f"{notebook_modules.MAX_MODULES} modules and "
              f"{amount(notebook_modules.MAX_WRITTEN_BYTES)} of modules written"]
    assert bounds.PREPARE_SHARE == 0.1
    assert [phrase for phrase in stated if phrase not in readme] == []
