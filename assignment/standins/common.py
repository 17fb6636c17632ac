"""Stand-ins for any student file: a watched array, to see whether a function
changed an argument in place. Built in the worker, by name, when a test asks for
one (autograder.checks.standin).
"""
import numpy as np

_copy = np.array  # taken when the worker loads this file, before any student code can replace numpy's


def watched_array(values):
    """A plain float64 array, like every other array argument: nothing about it tells a function
    that the test watches it. What it holds after the call comes back as {"values": array}."""
    return _copy(values, dtype=float)


def report_values(array):
    return {"values": _copy(array)}


STANDINS = {
    "watched_array": watched_array,
}
REPORTS = {np.ndarray: report_values}  # the worker takes a built stand-in's report by its type
# What each stand-in's report() holds, field by field (autograder/sandbox/replies.py:fits): the grader reads
# a record only in this shape, since the submission's code, in the same process, can change what a report shows.
RECORDS = {"watched_array": {"values": np.ndarray}}
