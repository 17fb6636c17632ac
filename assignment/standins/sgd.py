"""Stand-ins for sgd.py: objectives f(x) -> (cost, grad) and postprocessing functions.

Built in the worker, by name, when a test asks for one (autograder.checks.standin),
and in the grader for the reference (autograder.checks.StandIns); report() sends
back the points each was called at, so a test sees every step. Nothing here
computes an sgd step.
"""
import glob
import os
import pickle
import random

import numpy as np


class SgdObjective:
    """f(x) -> (cost, grad) for sgd. kind "quadratic": sum(scale * x**2), grad 2 * scale * x;
    kind "linear": sum(slope * x), grad slope (constant, to see step sizes add up).
    Records the first 50 points, the last point and the number of evaluations."""

    def __init__(self, kind="quadratic", scale=1.0, slope=1.0):
        if kind not in ("quadratic", "linear"):
            raise ValueError(f"unknown objective {kind!r}")
        self.kind, self.scale, self.slope = kind, float(scale), slope
        self.evaluations = 0
        self.points = []
        self.last = None

    def __call__(self, x):
        x = np.array(x, dtype=float)  # a copy the student's code never sees: recorded as it is
        self.evaluations += 1
        if len(self.points) < 50:
            self.points.append(x)
        self.last = x
        if self.kind == "quadratic":  # sgd runs thousands of steps: np.add.reduce skips np.sum's Python wrapper
            return float(self.scale * np.add.reduce(x ** 2, axis=None)), 2 * self.scale * x
        slope = np.broadcast_to(np.asarray(self.slope, dtype=float), x.shape).copy()
        return float(np.sum(slope * x)), slope

    def report(self):
        return {"evaluations": self.evaluations, "points": self.points, "last": self.last}


class ResumeObjective(SgdObjective):
    """A quadratic SgdObjective that first leaves a checkpoint in the working
    directory, as an interrupted run of sgd(..., useSaved=True) would, after
    removing older checkpoints. Layout "npy" (CS224n 2019 on): saved_params_<start>.npy
    (np.save of x = saved) and saved_state_<start>.pickle (Python's random state).
    Layout "pickle" (CS224d 2016 / CS224n 2017): saved_params_<start>.npy holding two
    pickles, x then the random state, as their save_params wrote it. Written here and
    read by the student's code, both in the worker: the grader never unpickles."""

    def __init__(self, start, saved, scale=1.0, layout="npy"):
        super().__init__("quadratic", scale)
        if layout not in ("npy", "pickle"):
            raise ValueError(f"unknown checkpoint layout {layout!r}")
        for name in glob.glob("saved_params_*.npy") + glob.glob("saved_state_*.pickle"):
            os.remove(name)
        params = np.array(saved, dtype=float)
        if layout == "pickle":
            with open(f"saved_params_{start}.npy", "wb") as handle:
                pickle.dump(params, handle)
                pickle.dump(random.getstate(), handle)
            return
        np.save(f"saved_params_{start}.npy", params)
        with open(f"saved_state_{start}.pickle", "wb") as handle:
            pickle.dump(random.getstate(), handle)


class RecordingPostprocessing:
    """postprocessing(x) -> factor * x (a new array); records its inputs and call count."""

    def __init__(self, factor=0.5):
        self.factor = float(factor)
        self.inputs = []
        self.count = 0

    def __call__(self, x):
        self.count += 1
        if len(self.inputs) < 50:
            self.inputs.append(np.array(x, dtype=float))
        return self.factor * np.array(x, dtype=float)

    def report(self):
        return {"count": self.count, "inputs": self.inputs}


STANDINS = {
    "sgd_objective": SgdObjective,
    "sgd_postprocessing": RecordingPostprocessing,
    "sgd_resume_objective": ResumeObjective,
}
# What each stand-in's report() holds (autograder/sandbox/replies.py:fits): the grader reads a record only in
# this shape, since the submission's code, in the same process, can change what a report shows.
OBJECTIVE_RECORD = {"evaluations": int, "points": [np.ndarray], "last": (np.ndarray, type(None))}
RECORDS = {"sgd_objective": OBJECTIVE_RECORD, "sgd_resume_objective": OBJECTIVE_RECORD,
           "sgd_postprocessing": {"count": int, "inputs": [np.ndarray]}}
