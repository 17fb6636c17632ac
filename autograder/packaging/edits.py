"""Submissions made from a folder and a few text edits: the demo's examples
and the test corpus of buggy submissions. An edit that no longer matches its
base exactly once fails loudly, so examples cannot drift from the reference."""
import os
import shutil


def build_edited(base, edits, destination):
    """Copy folder `base` to `destination` and apply `edits` there.

    edits: a list of dicts {"file": relative path, "old": text, "new": text,
    "why": what the edit does}; "old" must occur exactly once in the file.
    """
    shutil.copytree(base, destination, ignore=shutil.ignore_patterns("__pycache__"))
    for edit in edits:
        path = os.path.join(destination, edit["file"])
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        count = source.count(edit["old"])
        if count != 1:
            raise ValueError(f"the edit of {edit['file']} ({edit['why']}) matches {count} times instead of once: "
                             f"update it to the current {os.path.basename(base)}/")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(source.replace(edit["old"], edit["new"]))
