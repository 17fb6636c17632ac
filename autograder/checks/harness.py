"""The assignment's stand-ins, built in the grader too, so that a hidden test
can hand the reference the very object the worker builds for the student.

    STANDINS = StandIns(__file__)          # in a suite of assignment/public or hidden
    ref, local = STANDINS.pair("scripted_dataset", "dataset", draws=[1, 2])
    student_fn(..., ref)                    # built in the worker
    reference_fn(..., local)                # built here, from the same code
"""
import functools
import importlib.util
import os

from autograder.assignment import Assignment
from autograder.sandbox.wire import StandInRef


@functools.lru_cache(maxsize=None)
def _factories(assignment_folder):
    factories = {}
    for path in Assignment(assignment_folder).standin_paths:
        name = "_grader_" + os.path.basename(path)[:-len(".py")]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        factories.update(module.STANDINS)
    return factories


class StandIns:
    def __init__(self, suite_file):
        """suite_file: the __file__ of a suite in the assignment's public/ or hidden/ folder."""
        self.factories = _factories(os.path.dirname(os.path.dirname(os.path.abspath(suite_file))))

    def build(self, name, **params):
        """The stand-in `name`, built here in the grader."""
        return self.factories[name](**params)

    def pair(self, name, slot, **params):
        """(a StandInRef for the worker, the identical object built here)."""
        return StandInRef(name, slot=slot, **params), self.build(name, **params)
