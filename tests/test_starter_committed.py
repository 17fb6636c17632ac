"""Tests of the committed starter/: it is what the build makes of reference/, every file compiles,
every function with a solution region raises NotImplementedError naming itself, and the default
hints quote no solution line."""
import contextlib
import importlib
import random
import signal
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.packaging import starter
from autograder.packaging.starter import render_regions
from tests.reference_modules import load
from tests.word2vec_stand_ins import TOKENS, DummyDataset

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "reference"
STARTER = ROOT / "starter"


def reference_files():
    return sorted(p.relative_to(REFERENCE) for p in REFERENCE.rglob("*.py")
                  if "__pycache__" not in p.parts)


def test_committed_starter_is_what_the_build_makes():
    problems = starter.differences(REFERENCE, STARTER)
    assert problems == [], "\n".join(problems + ["run `make starter`"])


@pytest.mark.parametrize("relative", reference_files(), ids=str)
def test_every_starter_file_compiles(relative):
    path = STARTER / relative
    assert path.is_file(), f"{path} is missing: run `make starter`"
    compile(path.read_text(encoding="utf-8"), str(path), "exec")


def solution_functions():
    """(file, qualname, name) of every reference function with a solution region."""
    found = []
    for relative in reference_files():
        _, functions = render_regions((REFERENCE / relative).read_text(encoding="utf-8"),
                                      str(relative))
        for name, qualname in dict.fromkeys(functions):
            found.append((relative, qualname, name))
    return found


@contextlib.contextmanager
def imported_from(directory):
    """Put directory first on sys.path, hiding modules of the same names; undo afterwards."""
    tops = {p.relative_to(directory).parts[0].split(".")[0]
            for p in directory.rglob("*.py") if "__pycache__" not in p.parts}

    def ours(name):
        return name.split(".")[0] in tops

    saved = {name: module for name, module in sys.modules.items() if ours(name)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(directory))
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


@contextlib.contextmanager
def time_limit(seconds):
    """Fail instead of hanging when a call loops forever (POSIX main thread only)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"no NotImplementedError within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class Anything:
    """A permissive stand-in argument: attributes, calls, items and arithmetic give Anything.

    Used for starter functions that CALLS has no arguments for: the provided code
    before a region usually only passes its arguments along.
    """

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter([Anything(), Anything()])

    def __len__(self):
        return 2

    def __index__(self):
        return 2

    __int__ = __index__

    def __float__(self):
        return 1.0

    def __array__(self, dtype=None, copy=None):
        return np.ones(2, dtype=dtype or np.float64)

    def __bool__(self):
        return True

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__

    def _same(self, *args):
        return self

    def _false(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _false
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __matmul__ = __rmatmul__ = __truediv__ = __rtruediv__ = _same
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = _same
    __neg__ = __pos__ = __abs__ = _same


def _quad(x):
    return np.sum(x ** 2), 2 * x


class _DummyDataset(DummyDataset):
    """The sanity check's dummy dataset with the tokens() of a treebank."""

    def tokens(self):
        return dict(TOKENS)


def _zero_loss(centerWordVec, outsideWordIdx, outsideVectors, dataset):
    return 0.0, np.zeros_like(centerWordVec), np.zeros_like(outsideVectors)


def _vectors(rows=5):
    return np.linspace(-1, 1, rows * 3).reshape(rows, 3)


def _skipgram_args():
    tokens = {w: i for i, w in enumerate("abcde")}
    return ("c", 1, ["a", "b"], tokens, _vectors(), _vectors(), _DummyDataset(), _zero_loss), {}


def _language_model(V=6, D=2, H=3):
    """A complete Model of the reference language_model.py (loaded under a private name): checking.py's
    checks use the model's own derivatives before they reach their regions."""
    module = load("_reference_language_model_for_starter", str(REFERENCE / "language_model.py"))
    rng = np.random.default_rng(0)
    params = module.Params(rng.standard_normal((V, D)), rng.standard_normal((H, 3 * D)), rng.standard_normal((V, H)),
                           rng.standard_normal(H), rng.standard_normal(V))
    return module.Model(params, [f"w{i}" for i in range(V)])


_CONTEXTS, _TARGETS = np.array([[0, 1, 2], [3, 3, 4]]), np.array([4, 0])


# Realistic arguments for starter functions ("file.py:qualname"); others get Anything.
CALLS = {
    "softmax.py:softmax": lambda: ((np.array([[1.0, 2.0], [3.0, 5.0]]),), {}),
    "sigmoid.py:sigmoid": lambda: ((np.array([-1.0, 0.0, 2.0]),), {}),
    "sigmoid.py:sigmoid_grad": lambda: ((np.array([0.25, 0.5]),), {}),
    "sigmoid.py:relu": lambda: ((np.array([-1.0, 0.0, 2.0]),), {}),
    "sigmoid.py:relu_grad": lambda: ((np.array([-1.0, 0.0, 2.0]),), {}),
    "gradcheck.py:gradcheck_naive": lambda: ((_quad, np.array([0.5, -1.0, 2.0])), {}),
    "word2vec.py:naiveSoftmaxLossAndGradient":
        lambda: ((_vectors()[0], 1, _vectors(), _DummyDataset()), {}),
    "word2vec.py:negSamplingLossAndGradient":
        lambda: ((_vectors()[0], 1, _vectors(), _DummyDataset()), {"K": 3}),
    "word2vec.py:skipgram": _skipgram_args,
    "word2vec.py:cbow": _skipgram_args,
    "sgd.py:sgd": lambda: ((_quad, np.array([0.5, -1.0]), 0.01, 3), {"PRINT_EVERY": 1}),
    "optim.py:minimize": lambda: ((lambda theta: 2 * theta, np.array([1.0, 1.0]),
                                   lambda theta, g, state, t: (theta - 0.1 * g, state)), {}),
    "optim.py:dropout": lambda: ((np.ones((2, 3)), 0.5), {"rng": np.random.default_rng(0)}),
    "neural.py:forward_backward_prop": lambda: ((np.ones((2, 3)), np.eye(2), np.zeros(3 * 2 + 2 + 2 * 2 + 2),
                                                 [3, 2, 2]), {}),
    "softmaxreg.py:softmaxRegression": lambda: ((np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([0, 2]),
                                                 np.zeros((2, 3))), {}),
    "softmaxreg.py:accuracy": lambda: ((np.array([0, 1]), np.array([0, 2])), {}),
    "checking.py:check_output_derivatives": lambda: ((_language_model(), _CONTEXTS, _TARGETS), {}),
    "checking.py:check_param_gradient": lambda: ((_language_model(), "hid_bias", _CONTEXTS, _TARGETS), {}),
    "checking.py:print_gradients": lambda: ((_language_model(), _CONTEXTS, _TARGETS), {}),
}


def _resolve(module, qualname):
    """The function object of a qualname ("f" or "Class.method"; a method unbound)."""
    owner = module
    for part in qualname.split("."):
        owner = getattr(owner, part)
    return owner


@pytest.mark.parametrize("relative, qualname, name", [
    pytest.param(*case, id=f"{case[0].as_posix()}:{case[1]}") for case in solution_functions()])
def test_every_starter_function_with_a_region_raises_not_implemented(relative, qualname, name):
    if "<locals>" in qualname:
        pytest.skip("a nested function cannot be called on its own; its file compiles")
    key = f"{relative.as_posix()}:{qualname}"
    module_name = ".".join(relative.with_suffix("").parts)
    with imported_from(STARTER):
        module = importlib.import_module(module_name)
        function = _resolve(module, qualname)
        if key in CALLS:
            args, kwargs = CALLS[key]()
        else:
            count = function.__code__.co_argcount - len(function.__defaults__ or ())
            args, kwargs = tuple(Anything() for _ in range(count)), {}
        random.seed(0)
        try:
            with time_limit(10):
                function(*args, **kwargs)
        except NotImplementedError as error:
            message = str(error)
        except Exception as error:
            advice = "" if key in CALLS else (
                f"; if its provided code needs real arguments, add {key!r} to CALLS in {__file__}")
            pytest.fail(f"{key} raised {type(error).__name__}: {error} instead of "
                        f"NotImplementedError{advice}")
        else:
            pytest.fail(f"{key} returned without raising NotImplementedError")
    assert message.startswith(f"{name}: "), message



def solution_code(line):
    """The code of a solution line, without spaces; and its right-hand side when it assigns or returns."""
    code = line.split("#")[0].replace(" ", "")
    right = code.split("=", 1)[1] if "=" in code and "==" not in code.split("=", 1)[0] + "=" else code
    return {code, right.removeprefix("return")} - {""}


def test_the_default_hints_spell_out_no_solution_line():
    """The short hint of every reference region quotes none of its solution's lines (nor their right-hand sides)."""
    found = []
    for path in sorted(REFERENCE.rglob("*.py")):
        lines = path.read_text().splitlines()
        for region in starter.find_regions(path.read_text(), str(path)):
            hint = region.hint.replace(" ", "")
            for line in lines[region.begin:region.end - 1]:
                found += [f"{path.name}:{region.begin}: {code}" for code in solution_code(line)
                          if len(code) >= 6 and code in hint]
    assert not found, found
