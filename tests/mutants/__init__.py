"""A corpus of realistic buggy submissions: the reference with one edit each.

Each mutant names the function(s) that must lose points; every other graded
function must keep full marks. A mutant may also name a text that the student
must be told (in the output of one of the failing tests). `old` must occur exactly once in the reference
file, so a change to the reference that makes a mutant stale fails loudly.
"""
import dataclasses
import importlib
import pkgutil
from pathlib import Path

from autograder.packaging.edits import build_edited

REFERENCE = Path(__file__).resolve().parents[2] / "reference"


@dataclasses.dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    loses: tuple  # function ids that must lose points
    told: str = ""  # a text that the output of a failing test must contain

    def edit(self):
        return {"file": self.file, "old": self.old, "new": self.new, "why": self.name}

    def build(self, destination):
        """Write the mutated submission (a full copy of the reference) to destination."""
        build_edited(REFERENCE, [self.edit()], destination)


def mutant(name, file, old, new, loses, told=""):
    return Mutant(name, file, old, new, (loses,) if isinstance(loses, str) else tuple(loses), told)


def bundles(mutants):
    """The mutants in bundles that hold at most one mutant of each student file, in order:
    the first mutant of every file, then the second, ..."""
    by_file = {}
    for m in mutants:
        by_file.setdefault(m.file, []).append(m)
    depth = max(len(group) for group in by_file.values())
    return [tuple(group[i] for group in by_file.values() if i < len(group)) for i in range(depth)]


def build_bundle(bundle, destination):
    """Write the reference with the edits of every mutant of the bundle (each in its own file)."""
    assert len({m.file for m in bundle}) == len(bundle), "a bundle holds one mutant per file"
    build_edited(REFERENCE, [m.edit() for m in bundle], destination)


def all_mutants():
    """Every MUTANTS list of the modules in this package."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        found += importlib.import_module(f"{__name__}.{module.name}").MUTANTS
    names = [m.name for m in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"mutant names must be unique: {sorted(duplicates)}")
    return found
