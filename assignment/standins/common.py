"""Stand-ins for any student file: a watched array, to see whether a function
changed an argument in place. Built in the worker, by name, when a test asks for
one (autograder.checks.standin).
"""
import numpy as np


class WatchedArray(np.ndarray):
    """A float array that reports its contents when the call returns, to show whether
    the student's function changed an input in place."""

    def report(self):
        return {"values": np.array(self)}


def watched_array(values):
    return np.array(values, dtype=float).view(WatchedArray)


STANDINS = {
    "watched_array": watched_array,
}
