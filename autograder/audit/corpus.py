"""Corpora of submissions made by editing the reference: buggy ones (mutants, which must
lose points on the functions they break and nowhere else) and correct ones (variants,
which must keep full marks).

A corpus is a Python package: each of its modules holds a list (MUTANTS or VARIANTS)
of the dataclasses below; `load` collects them. Every edit's `old` text must occur
exactly once in its reference file, so a corpus cannot drift from the reference
silently.
"""
import dataclasses
import importlib
import os
import pkgutil
import sys

from autograder.packaging.edits import build_edited


@dataclasses.dataclass(frozen=True)
class Mutant:
    """A realistic mistake: one edit of one reference file."""
    name: str
    file: str
    old: str
    new: str
    loses: tuple     # function ids that must lose points
    told: str = ""   # a text that the output of a failing test must contain
    mistake: str = ""  # the named mistake ("matches a known mistake: ...") a failing test must report

    def edits(self):
        return [{"file": self.file, "old": self.old, "new": self.new, "why": self.name}]

    def edit(self):
        return self.edits()[0]

    def build(self, destination, reference):
        build_edited(reference, self.edits(), destination)


@dataclasses.dataclass(frozen=True)
class Variant:
    """Correct code written another way: edits (old, new) of one reference file; full marks
    expected on every function of that file. `xfail`: why the grader fails it today (an
    expected failure, reported as such; the audit says so when it passes, to flip it).
    `saved_as`: an alias file name (an original course's, e.g. q2_neural.py) that the edited
    file is handed in under, for conventions that depend on which handout a file is from."""
    name: str
    file: str
    changes: tuple   # ((old, new), ...)
    xfail: str = ""
    saved_as: str = ""

    def edits(self):
        return [{"file": self.file, "old": old, "new": new, "why": self.name} for old, new in self.changes]

    def build(self, destination, reference):
        build_bundle((self,), destination, reference)


def bundles(items):
    """The items in bundles that hold at most one item per student file, in order: the
    first item of every file, then the second, ... One grading (`--only` those files)
    then serves a whole bundle, since no student file imports another."""
    by_file = {}
    for item in items:
        by_file.setdefault(item.file, []).append(item)
    depth = max((len(group) for group in by_file.values()), default=0)
    return [tuple(group[i] for group in by_file.values() if i < len(group)) for i in range(depth)]


def build_bundle(bundle, destination, reference):
    """Write the reference with the edits of every item of the bundle (each in its own file)."""
    if len({item.file for item in bundle}) != len(bundle):
        raise ValueError("a bundle holds one item per file")
    build_edited(reference, [edit for item in bundle for edit in item.edits()], destination)
    for item in bundle:
        if getattr(item, "saved_as", ""):  # only variants are handed in under an alias
            os.replace(os.path.join(destination, item.file), os.path.join(destination, item.saved_as))


def load(folder, attribute):
    """The items of the list `attribute` of every module of the package at `folder`, by module
    name; ValueError when two share a name. The package is imported by its dotted name (its
    enclosing packages found by their __init__.py), so its modules may import each other."""
    folder = os.path.abspath(folder)
    parts, root = [], folder
    while os.path.isfile(os.path.join(root, "__init__.py")):
        parts.insert(0, os.path.basename(root))
        root = os.path.dirname(root)
    if not parts:
        raise ValueError(f"{folder} is not a Python package (no __init__.py)")
    if root not in sys.path:
        sys.path.insert(0, root)
    package = importlib.import_module(".".join(parts))
    found = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        found += getattr(importlib.import_module(f"{package.__name__}.{module.name}"), attribute, [])
    names = [item.name for item in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"names in {folder} must be unique: {duplicates}")
    return found
