"""Harness objects for the word2vec and sgd suites (run in the worker).

The grader asks for them by name (wire.StandInRef); report() sends back what
they saw. Nothing here computes a word2vec loss or an sgd step: they only
replay scripts and record how the student's code used them.
"""
import glob
import os
import pickle
import random

import numpy as np

MAX_RECORDED = 10_000


class ScriptedDataset:
    """A dataset whose sampleTokenIdx() replays `draws` (cycling) and records every draw;
    tokens() returns `tokens`; getRandomContext(C) replays `contexts` ([centre, [words]])."""

    def __init__(self, draws=(), tokens=None, contexts=None):
        self.script = [int(d) for d in draws]
        self._tokens = dict(tokens or {})
        self.contexts = [(c[0], list(c[1])) for c in (contexts or [])]
        self.draws = []
        self.count = 0
        self.context_calls = []

    def sampleTokenIdx(self):
        if not self.script:
            raise RuntimeError("the grader's dataset has no scripted draws")
        idx = self.script[self.count % len(self.script)]
        self.count += 1
        if len(self.draws) < MAX_RECORDED:
            self.draws.append(idx)
        return idx

    def tokens(self):
        return dict(self._tokens)

    def getRandomContext(self, C=5):
        if not self.contexts:
            raise RuntimeError("the grader's dataset has no scripted contexts")
        centre, words = self.contexts[len(self.context_calls) % len(self.contexts)]
        self.context_calls.append(int(C) if isinstance(C, (int, np.integer)) else repr(C))
        return centre, list(words)

    def report(self):
        return {"draws": self.draws, "count": self.count, "context_calls": self.context_calls[:1000]}


class RecordingLoss:
    """Stands in for word2vecLossAndGradient(centerWordVec, outsideWordIdx, outsideVectors,
    dataset). For outside index i it returns (loss_value + i, (i + 1) * grad_center,
    (i + 1) * grad_outside), so a sum over outside words shows in the result. Records the
    centre vector, the index, a checksum of outsideVectors and the dataset's type per call."""

    def __init__(self, loss_value, grad_center, grad_outside):
        self.loss_value = float(loss_value)
        self.grad_center = np.array(grad_center, dtype=float)
        self.grad_outside = np.array(grad_outside, dtype=float)
        self.calls = []

    def __call__(self, centerWordVec, outsideWordIdx, outsideVectors, dataset, *rest):
        index = int(outsideWordIdx)
        if len(self.calls) < 1000:
            self.calls.append([np.array(centerWordVec, dtype=float).tolist(), index,
                               float(np.sum(np.asarray(outsideVectors, dtype=float))),
                               type(dataset).__name__])
        scale = index + 1.0
        return self.loss_value + index, scale * self.grad_center.copy(), scale * self.grad_outside.copy()

    def report(self):
        return {"calls": self.calls}


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
        x = np.array(x, dtype=float)
        self.evaluations += 1
        if len(self.points) < 50:
            self.points.append(x.copy())
        self.last = x.copy()
        if self.kind == "quadratic":
            return float(self.scale * np.sum(x ** 2)), 2 * self.scale * x
        slope = np.broadcast_to(np.asarray(self.slope, dtype=float), x.shape).copy()
        return float(np.sum(slope * x)), slope

    def report(self):
        return {"evaluations": self.evaluations, "points": self.points, "last": self.last}


class ResumeObjective(SgdObjective):
    """A quadratic SgdObjective that first leaves a checkpoint in the working
    directory, as an interrupted run of sgd(..., useSaved=True) would:
    saved_params_<start>.npy (x = saved) and saved_state_<start>.pickle
    (Python's random state), after removing older checkpoints."""

    def __init__(self, start, saved, scale=1.0):
        super().__init__("quadratic", scale)
        for name in glob.glob("saved_params_*.npy") + glob.glob("saved_state_*.pickle"):
            os.remove(name)
        np.save(f"saved_params_{start}.npy", np.array(saved, dtype=float))
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
    "scripted_dataset": ScriptedDataset,
    "recording_loss": RecordingLoss,
    "sgd_objective": SgdObjective,
    "sgd_postprocessing": RecordingPostprocessing,
    "sgd_resume_objective": ResumeObjective,
}
