"""Correct submissions written the way students write them: each a few edits of one
reference file (`Variant` of autograder/audit/corpus.py), which must keep full marks on
every function of that file. `xfail` says why the grader fails one today."""
from autograder.audit.corpus import Variant


def variant(name, file, *changes, xfail="", saved_as=""):
    """changes: (old, new) pairs; each old text occurs exactly once in the reference file; saved_as: the
    alias file name it is handed in under, when not `file`."""
    return Variant(name, file, tuple(changes), xfail, saved_as)
