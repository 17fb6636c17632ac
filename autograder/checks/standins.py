"""Stand-ins: objects a graded test passes to a student function in place of a
callee or an argument (a loss function, an objective, a dataset, an rng, a
watched array). The worker builds them from the assignment's stand-in modules
(the manifest's "standins" list; each defines STANDINS, name -> factory).

A suite asks for one with standin(name, slot, **params); the worker builds it
and sends back its report() under `slot`. A hidden test that hands the reference
the very same object builds it here too, from the same file:

    STANDINS = StandIns(__file__)           # in a suite of assignment/public or hidden
    remote, local = STANDINS.pair("scripted_dataset", "dataset", draws=[1, 2])
    student_fn(..., remote)                 # built in the worker
    reference_fn(..., local)                # built here, from the same code
"""
import os

import numpy as np

from autograder.assignment import Assignment
from autograder.sandbox import layout
from autograder.sandbox.show import show
from autograder.sandbox.wire import StandInRef


def _brief(value):
    """A parameter of a stand-in as a message shows it: small values in full, large ones by their shape."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_brief(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)) and len(value) > 8:
        return f"<{len(value)} items>"
    if isinstance(value, np.ndarray) and value.size > 8:
        return f"<array of shape {value.shape}>"
    return show(value)


class _Request(StandInRef):
    """A StandInRef shown compactly in messages: a stand-in may carry long data (a path to replay)."""

    def __repr__(self):
        return f"<stand-in {self.name}({', '.join(f'{k}={_brief(v)}' for k, v in self.params.items())})>"


def standin(name, slot=None, **params):
    """A request for the stand-in `name`, built in the worker with params (JSON values and
    numpy arrays); its report() comes back in the reply's records under slot (default: name)."""
    return _Request(name, slot=slot, **params)


def _factories(assignment_folder):
    """name -> factory, from every stand-in module of the assignment (the worker builds the same ones)."""
    return layout.standin_factories(tuple(Assignment(assignment_folder).standin_paths))


class StandIns:
    """The assignment's stand-ins, built in the grader."""

    def __init__(self, suite_file):
        """suite_file: the __file__ of a suite in the assignment's public/ or hidden/ folder."""
        self.factories = _factories(os.path.dirname(os.path.dirname(os.path.abspath(suite_file))))

    def pair(self, name, slot=None, **params):
        """(the request for the worker's stand-in, the identical stand-in built here)."""
        return standin(name, slot, **params), self.factories[name](**params)
