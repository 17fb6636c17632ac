"""A corpus of realistic buggy submissions: the reference with one edit each.

Each mutant names the function(s) that must lose points; every other graded
function must keep full marks. A mutant may also name a text that the student
must be told (in the output of one of the failing tests), and the named mistake
(`mistake`: the explanation after "matches a known mistake:") that a failing test
must report. `old` must occur exactly once in the reference file, so a change to
the reference that makes a mutant stale fails loudly. The format and the bundling
are the engine's (autograder/audit/corpus.py), which `autograder audit` uses too.
"""
from pathlib import Path

from autograder.audit import corpus
from autograder.audit.corpus import Mutant

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
__all__ = ["REFERENCE", "Mutant", "mutant", "bundles", "build_bundle", "all_mutants"]


def mutant(name, file, old, new, loses, told="", mistake=""):
    return Mutant(name, file, old, new, (loses,) if isinstance(loses, str) else tuple(loses), told, mistake)


bundles = corpus.bundles


def build_bundle(bundle, destination):
    """Write the reference with the edits of every mutant of the bundle (each in its own file)."""
    corpus.build_bundle(bundle, destination, REFERENCE)


def all_mutants():
    """Every MUTANTS list of the modules in this package."""
    return corpus.load(Path(__file__).parent, "MUTANTS")
