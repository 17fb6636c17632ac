"""Stand-ins for word2vec.py: a scripted dataset and a recording loss function.

Built in the worker, by name, when a test asks for one (autograder.checks.standin),
and in the grader for the reference (autograder.checks.StandIns); report() sends
back what each saw. Nothing here computes a word2vec loss: they replay scripts and
record how the student's code used them.
"""
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

    # The loss's parameters under the CS224n names and the CS224d 2016 / CS224n 2017 ones, which the
    # older skipgram and cbow pass as keywords (predicted=..., target=..., outputVectors=..., dataset=...).
    NAMES = (("centerWordVec", "predicted"), ("outsideWordIdx", "target"), ("outsideVectors", "outputVectors"),
             ("dataset",))

    def __call__(self, *args, **kwargs):
        values = list(args[:4])
        for names in self.NAMES[len(values):]:
            given = [n for n in names if n in kwargs]
            if len(given) != 1:
                raise TypeError(f"the loss function takes {' or '.join(names)} (given {sorted(kwargs)})")
            values.append(kwargs[given[0]])
        centerWordVec, outsideWordIdx, outsideVectors, dataset = values
        index = int(outsideWordIdx)
        if len(self.calls) < 1000:
            self.calls.append([np.array(centerWordVec, dtype=float).tolist(), index,
                               float(np.sum(np.asarray(outsideVectors, dtype=float))),
                               type(dataset).__name__])
        scale = index + 1.0
        return self.loss_value + index, scale * self.grad_center.copy(), scale * self.grad_outside.copy()

    def report(self):
        return {"calls": self.calls}


STANDINS = {
    "scripted_dataset": ScriptedDataset,
    "recording_loss": RecordingLoss,
}
# What each stand-in's report() holds (autograder/sandbox/replies.py:fits): the grader reads a record only in
# this shape, since the submission's code, in the same process, can change what a report shows.
RECORDS = {"scripted_dataset": {"draws": [int], "count": int, "context_calls": [(int, str)]},
           "recording_loss": {"calls": [[(list, float), int, float, str]]}}
