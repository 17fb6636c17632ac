"""The worker's stand-ins hold no answer and tell no verdict (issue 21, kinds 1 and 2).

Kind 1: a submission whose step functions and Model methods find the stand-ins the
worker loaded (through sys.modules or the garbage collector) and call them instead of
computing anything gets nothing for them: no stand-in performs an update rule, a loss
derivative or back-propagation. Kind 2: a right and a wrong stand-in are the same code on
data of the same kinds, so a checker that decides by inspecting its argument (type name,
attributes, closures, code names, what the collector says it refers to) earns nothing;
and a watched array is a plain array, so no function can tell it is watched.

The hostile files are written here for these tests; each replaces one file of the
reference, and the four are graded together (no reference file imports another).
Graded against the stand-ins of 3ec1343, before this rule, the same files earned full
marks on momentum_step, adam_step, adamw_step, both Model methods and check_gradients,
6 of gradcheck_naive's 7 points, and sgd_step's point for leaving its inputs unchanged.
"""
import gc
import importlib.util
import sys

import numpy as np
import pytest

from autograder.batch.grade_class import grade_one
from autograder.packaging.edits import build_edited
from tests.mutants import REFERENCE
from tests.test_grading import PROJECT
from tests.test_mutants import points_by_function

ASSIGNMENT = PROJECT / "assignment"

# Step functions that look for any stand-in factory the worker holds, build it with the
# optimiser's hyper-parameters, and let it do the update.
BORROWED_STEPS = '''

import gc as _gc
import sys as _sys


def _factories():
    tables = [getattr(_sys.modules.get("__main__"), "STANDINS", None)]
    tables += [value for value in _gc.get_objects() if isinstance(value, dict) and "watched_array" in value]
    for module in list(_sys.modules.values()):
        tables.append(getattr(module, "STANDINS", None))
    for table in tables:
        if isinstance(table, dict):
            yield from list(table.values())


def _borrow(kind, theta, grad, state, t, **hyper):
    for factory in _factories():
        for arguments in (dict(hyper, kind=kind), hyper, {}):
            try:
                stepper = factory(**arguments)
                theta_new, state_new = stepper(np.array(theta, dtype=float), np.array(grad, dtype=float), state, t)
                return np.asarray(theta_new, dtype=float), state_new
            except Exception:
                continue
    raise RuntimeError("found no step function to borrow")


def momentum_step(theta, grad, m, lr, beta1=0.9):
    return _borrow("momentum", theta, grad, m, 1, lr=lr, beta1=beta1)


def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    theta_new, (m_new, v_new) = _borrow("adam", theta, grad, (m, v), t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    return theta_new, m_new, v_new


def adamw_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta_new, (m_new, v_new) = _borrow("adamw", theta, grad, (m, v), t, lr=lr, beta1=beta1, beta2=beta2, eps=eps,
                                        weight_decay=weight_decay)
    return theta_new, m_new, v_new
'''

# Model methods that build the worker's stand-in model (under the arguments it took before,
# or with what the method was given), give it the student's parameters and call its method.
BORROWED_MODEL = '''

import gc as _gc
import sys as _sys

_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


def _borrowed_models(model, **guessed):
    tables = [getattr(_sys.modules.get("__main__"), "STANDINS", None)]
    tables += [value for value in _gc.get_objects() if isinstance(value, dict) and "language_model" in value]
    params = {name: np.array(getattr(model.params, name)) for name in _NAMES}
    sizes = {"vocab_size": model.vocab_size, "embedding_dim": model.embedding_dim, "num_hid": model.num_hid}
    for table in tables:
        factory = table.get("language_model") if isinstance(table, dict) else None
        for arguments in (dict(sizes, seed=0), dict(guessed, params=params, vocab_size=model.vocab_size)):
            try:
                borrowed = factory(**arguments)
                for name in _NAMES:
                    setattr(borrowed.params, name, np.array(params[name]))
            except Exception:
                continue
            yield borrowed


def _compute_loss_derivative(self, output_activations, expanded_target_batch):
    batch = len(output_activations)
    for borrowed in _borrowed_models(self, class_weights=np.ones(self.vocab_size), inputs=np.zeros((batch, 3), int),
                                     targets=np.argmax(expanded_target_batch, axis=1),
                                     loss_derivative=np.zeros((batch, self.vocab_size)),
                                     gradients={name: np.zeros_like(getattr(self.params, name)) for name in _NAMES}):
        return borrowed.compute_loss_derivative(output_activations, expanded_target_batch)
    raise RuntimeError("found no model to borrow")


def _back_propagate(self, input_batch, activations, loss_derivative):
    for borrowed in _borrowed_models(self, class_weights=np.ones(self.vocab_size), inputs=input_batch,
                                     targets=np.argmax(activations.output_layer, axis=1),
                                     loss_derivative=loss_derivative,
                                     gradients={name: np.zeros_like(getattr(self.params, name)) for name in _NAMES}):
        gradient = borrowed.back_propagate(input_batch, activations, loss_derivative)
        return Params(*(getattr(gradient, name) for name in _NAMES))
    raise RuntimeError("found no model to borrow")


Model.compute_loss_derivative = _compute_loss_derivative
Model.back_propagate = _back_propagate
'''

# What a checker can learn about its argument without calling it, as one text, in which the
# checkers below look for the words that told on the stand-ins before.
INSPECTION = '''
import gc
import types


def inspected(value, depth=0):
    """Names, type names, closure variables and contents, code names and referents reachable from value."""
    if depth > 5:
        return ""
    if isinstance(value, str):
        return value.lower()
    parts = [type(value).__name__, type(value).__qualname__]
    if isinstance(value, (list, tuple)):
        parts += [inspected(item, depth + 1) for item in value[:20]]
    functions = [value, getattr(value, "__call__", None)]
    functions += [item for item in vars(type(value)).values() if isinstance(item, types.FunctionType)]
    for function in functions:
        code = getattr(function, "__code__", None)
        if code is not None:
            parts += list(code.co_names) + list(code.co_varnames) + list(code.co_freevars)
        for cell in getattr(function, "__closure__", None) or ():
            try:
                parts.append(inspected(cell.cell_contents, depth + 1))
            except ValueError:
                pass
    for name, item in (vars(value).items() if hasattr(value, "__dict__") else ()):
        parts += [name, inspected(item, depth + 1)]
    if isinstance(value, dict):
        parts += [str(key) for key in value]
    parts += [type(item).__name__ for item in gc.get_referents(value)]
    return " ".join(parts).lower()
'''

CHECKER_BY_INSPECTION = INSPECTION + '''

def gradcheck_naive(f, x, gradientText=""):
    if any(word in inspected(f) for word in ("wrong", "index", "delta")):
        print("Gradient check failed.")
        print("First gradient error found at index (1, 2)")
        return
    print("Gradient check passed!")
'''

CHECKING_BY_INSPECTION = INSPECTION + '''
import re

PARAM_NAMES = ["word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias"]


def check_gradients(model=None, input_batch=None, target_batch=None):
    text = inspected(model)

    def spoilt(name):
        found = re.search(name + " (entry|scale|transpose)", text)
        return found.group(1) if found else None

    if spoilt("loss_derivative"):
        print("The loss derivative has a relative error of 1.0 at loss_derivative[0, 0], which is too large.")
        return
    print("The loss derivative looks OK.")
    for name in PARAM_NAMES:
        if spoilt(name) == "transpose":
            print(f"The gradient for {name} should be size (1, 1) but is actually (1, 1).")
        elif spoilt(name):
            print(f"The gradient for {name} has a relative error of 1.0 at {name}[0], which is too large.")
        else:
            print(f"The gradient for {name} looks OK.")


def print_gradients(model=None, input_batch=None, target_batch=None):
    pass
'''

# Updates in place unless an argument is not a plain array (the watched arrays used to be a subclass).
IN_PLACE_UNLESS_WATCHED = '''

def sgd_step(theta, grad, lr):
    if type(theta) is np.ndarray and type(grad) is np.ndarray:
        theta -= lr * grad
        return theta
    return theta - lr * grad
'''

HOSTILE_FILES = {"optim.py": BORROWED_STEPS + IN_PLACE_UNLESS_WATCHED, "language_model.py": BORROWED_MODEL,
                 "gradcheck.py": CHECKER_BY_INSPECTION, "checking.py": CHECKING_BY_INSPECTION}
REPLACED = {"gradcheck.py", "checking.py"}  # the others are appended to the reference's file, overriding it


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile submission's results: each file's functions, graded together on the quick profile."""
    folder = tmp_path_factory.mktemp("borrowing") / "submission"
    build_edited(REFERENCE, [], folder)
    for name, text in HOSTILE_FILES.items():
        path = folder / name
        path.write_text(text if name in REPLACED else path.read_text() + text)
    return grade_one(str(folder), str(folder.parent / "results.json"),
                     {"only": list(HOSTILE_FILES), "profile": "quick"})


@pytest.mark.slow
def test_hostile_submission_is_graded_without_harness_errors(hostile):
    assert hostile["tests"] and hostile["extra_data"]["harness_errors"] == []


@pytest.mark.slow
@pytest.mark.parametrize("function_id", ["optim.py:momentum_step", "optim.py:adam_step", "optim.py:adamw_step",
                                         "language_model.py:Model.compute_loss_derivative",
                                         "language_model.py:Model.back_propagate",
                                         "gradcheck.py:gradcheck_naive", "checking.py:check_gradients"])
def test_borrowing_or_inspecting_a_standin_earns_nothing(hostile, function_id):
    score, possible = points_by_function(hostile)[function_id]
    assert possible > 0 and score == 0, f"{function_id}: {score} of {possible} points"


@pytest.mark.slow
def test_an_update_in_place_is_seen_whatever_the_argument_looks_like(hostile):
    """sgd_step borrows nothing when its arguments are plain arrays: it updates theta in place, which
    the watched arrays (plain arrays too) show."""
    leaves_inputs, = [t for t in hostile["tests"] if t["name"].startswith("sgd_step: returns a new array")]
    assert leaves_inputs["score"] == 0 and "changed its argument theta in place" in leaves_inputs["output"]


@pytest.mark.slow
def test_the_functions_alongside_keep_their_marks(hostile):
    table = points_by_function(hostile)
    for function_id in ("optim.py:minimize", "optim.py:dropout"):
        score, possible = table[function_id]
        assert score == possible, function_id


# ---------------------------------------------------------------------------
# Right and wrong stand-ins, side by side in this process
# ---------------------------------------------------------------------------

def load(relative, name):
    spec = importlib.util.spec_from_file_location(name, ASSIGNMENT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shared():
    """The suites' shared modules that build the stand-ins' data."""
    sys.path.insert(0, str(ASSIGNMENT))
    try:
        yield {"gradcheck": load("shared/gradcheck.py", "_shared_gradcheck_under_test"),
               "checking": load("shared/checking.py", "_shared_checking_under_test")}
    finally:
        sys.path.remove(str(ASSIGNMENT))


def fingerprint(value, depth=0):
    """Everything about value but the numbers it holds: its type, its attributes' names and kinds
    (arrays by dtype and number of dimensions), its methods' code names and closures, and the types
    the collector says it refers to."""
    kind = type(value)
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.ndim)
    if isinstance(value, (int, float, str, bool, type(None))):
        return (kind.__name__,)
    if isinstance(value, (list, tuple)):
        return (kind.__name__, tuple(sorted({fingerprint(item, depth + 1) for item in value}, key=repr)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), fingerprint(v, depth + 1)) for k, v in value.items())))
    methods = tuple(sorted((name, item.__code__.co_names, item.__closure__ is None)
                           for name, item in vars(kind).items() if callable(item) and hasattr(item, "__code__")))
    attributes = tuple(sorted((name, fingerprint(item, depth + 1)) for name, item in vars(value).items())) \
        if depth < 3 else ()
    return (kind.__module__, kind.__qualname__, methods, attributes,
            tuple(sorted(type(item).__name__ for item in gc.get_referents(value))))


def test_right_and_wrong_gradcheck_objectives_look_alike(shared):
    objective = load("standins/gradcheck.py", "_standins_gradcheck_under_test").STANDINS["objective"]
    make = shared["gradcheck"].objective
    x = np.random.default_rng(0).standard_normal((3, 4))
    right = [make(x, 1), make(x, 2, cubic=(0.5, 2.0)), make(x, 3, noise=1.0)]
    wrong = [make(x, 1, index=(1, 2), add=0.5), make(x, 4, index=(0, 0), factor=1.002)]
    prints = {fingerprint(objective(**params)) for params in right + wrong}
    assert len(prints) == 1, prints
    assert len({fingerprint(params) for params in right + wrong}) == 1  # what the request carries, too
    assert all(objective(**params).__call__.__closure__ is None for params in right + wrong)


def test_right_and_spoilt_models_look_alike(shared):
    model = load("standins/checking.py", "_standins_checking_under_test").STANDINS["language_model"]
    make = shared["checking"].model_data
    inputs, targets = np.array([[0, 1, 2], [3, 3, 4], [2, 0, 1]]), np.array([4, 0, 1])
    sizes = {"vocab_size": 5, "embedding_dim": 2, "num_hid": 3, "inputs": inputs, "targets": targets}
    arguments = [make(7, **sizes), make(8, **sizes, errors=[["hid_bias", "entry", [[1], 0.5]]]),
                 make(9, **sizes, errors=[["word_embedding_weights", "scale", 1.0005]]),
                 make(10, **sizes, errors=[["loss_derivative", "scale", 0.2]])]
    prints = {fingerprint(model(**data)) for data in arguments}
    assert len(prints) == 1, prints
    assert len({fingerprint(data) for data in arguments}) == 1


def test_watched_arrays_are_plain_arrays():
    watched = load("standins/common.py", "_standins_common_under_test").STANDINS["watched_array"]([1.0, 2.0])
    assert type(watched) is np.ndarray and watched.dtype == np.float64 and watched.flags.writeable


def test_no_standin_performs_an_update_rule():
    """minimize's step function only replays: given inputs off its path, it does not move."""
    replayed = load("standins/optim.py", "_standins_optim_under_test").STANDINS["replayed_step"]
    step = replayed(path=[[1.0, 2.0], [0.5, 1.0]], gradients=[[1.0, 2.0]], states=[7])
    theta, state = step(np.array([3.0, -1.0]), np.array([3.0, -1.0]), None, 1)
    assert np.array_equal(theta, [3.0, -1.0]) and state is None
    assert step.report()["mismatches"] and "got theta" in step.report()["mismatches"][0][1]
