"""A corpus of realistic buggy submissions: the reference with one edit each.

Each mutant names the function(s) that must lose points; every other graded
function must keep full marks. `old` must occur exactly once in the reference
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

    def build(self, destination):
        """Write the mutated submission (a full copy of the reference) to destination."""
        build_edited(REFERENCE, [{"file": self.file, "old": self.old, "new": self.new, "why": self.name}],
                     destination)


def mutant(name, file, old, new, loses):
    return Mutant(name, file, old, new, (loses,) if isinstance(loses, str) else tuple(loses))


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
