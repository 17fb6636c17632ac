"""The handout's public checks carry data, not solutions (issue 23).

student.zip ships the public suites and the hints and shared modules they import. No function
defined there may compute a graded function's answer: every one of them is tried as an
implementation of every graded function that takes numbers, on inputs whose answers the
reference gives (tests/handout_graded_cases.py), and none may reproduce an answer (or its negative, a sign-flipped
"mistake"). A candidate is called with the graded function's own arguments and with the
forms a suite's helper would take them in (the negatives drawn instead of the dataset,
the model's parameters instead of the model), in order, with up to two of them left out;
a part of its result (a tuple's items, a dict's values, an object's fields) that equals a
part of the answer is a leak. Answers that an unrelated helper could hit by chance (a
constant, an array equal to an input) are not compared.

The graded functions that take a function or print (gradcheck_naive, sgd, minimize,
skipgram, cbow, check_gradients, print_gradients) have no such answer to leak.

Hint texts and the texts of stored mistakes name the idea and the mistake, never the
formula of an update rule: no "theta_new = ...", no "theta - lr * ...".
"""
import ast
import contextlib
import importlib.util
import inspect
import io
import itertools
import json
import re
import signal
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from autograder.assignment import Assignment
from autograder.packaging import handout
from tests.handout_graded_cases import cases, reference

PROJECT = Path(__file__).resolve().parents[1]
ASSIGNMENT = PROJECT / "assignment"
CALL_SECONDS = 2
SHIPPED_PREFIX = f"{handout.GRADER}/assignment/"


# ---------------------------------------------------------------------------
# What the handout ships
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    """{path under assignment/: bytes} of what the full handout ships of the assignment folder."""
    files = handout.files(Assignment(str(ASSIGNMENT), "full"), "short")
    return {path[len(SHIPPED_PREFIX):]: data for path, data in files.items() if path.startswith(SHIPPED_PREFIX)}


def load(path, name):
    """Import an assignment module (a suite, a hints or a shared module) under a private name."""
    sys.path.insert(0, str(ASSIGNMENT))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ASSIGNMENT))


def module_functions(module, label):
    """[(label:name, function)] of the functions a module defines (graded tests left out: they take a student)."""
    return [(f"{label}:{name}", value) for name, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("test_")]


@pytest.fixture(scope="module")
def candidates(shipped):
    found = []
    for path in sorted(shipped):
        if path.endswith(".py") and path.split("/")[0] in ("public", "hints", "shared", "standins"):
            found += module_functions(load(ASSIGNMENT / path, "_shipped_" + path[:-3].replace("/", "_")),
                                      f"assignment/{path}")
    return found


# ---------------------------------------------------------------------------
# Comparing a result with a graded answer (the cases: tests/handout_graded_cases.py)
# ---------------------------------------------------------------------------

def parts(value, depth=1):
    """value and, one level down, its items (tuple, list), values (dict) or fields (an object's)."""
    found = [value]
    if depth:
        if isinstance(value, (tuple, list)):
            items = value
        elif isinstance(value, dict):
            items = list(value.values())
        elif hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value):
            items = list(vars(value).values())
        else:
            items = []
        for item in items:
            found += parts(item, depth - 1)
    return found


def numeric(value):
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None
    return array.squeeze() if array.dtype == float else None


def inputs_of(views):
    return [numeric(item) for view in views for item in view]


def telling(answer_part, inputs):
    """Whether an answer part tells something: not constant, not an input (or its negative)."""
    part = numeric(answer_part)
    if part is None or not np.all(np.isfinite(part)):
        return False
    if part.size > 1 and np.ptp(part) == 0 or part.size == 1 and float(part) in (0.0, 1.0, -1.0):
        return False
    return not any(same(part, given) or same(part, -given) for given in inputs if given is not None)


def same(got, wanted):
    return got is not None and got.shape == wanted.shape and bool(np.allclose(got, wanted, rtol=1e-6, atol=1e-9))


# ---------------------------------------------------------------------------
# Trying a function as an implementation
# ---------------------------------------------------------------------------

def arity(function):
    """(fewest, most) positional arguments function takes; most is None for *args."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.KEYWORD_ONLY and p.default is p.empty for p in parameters):
        return None
    fewest = sum(p.default is p.empty for p in positional)
    return fewest, None if any(p.kind == p.VAR_POSITIONAL for p in parameters) else len(positional)


def argument_lists(view, fewest, most):
    """The view in order with up to two arguments left out, of a length the function takes."""
    for left_out in range(3):
        length = len(view) - left_out
        if length >= fewest and (most is None or length <= most):
            for kept in itertools.combinations(range(len(view)), length):
                yield tuple(view[i] for i in kept)


def timed_out(signum, frame):
    raise TimeoutError


def results(function, case):
    """[(arguments, value)] of function on each argument list of the case, fresh objects each call
    (calls that fail or take longer than CALL_SECONDS are left out)."""
    bounds = arity(function)
    if bounds is None:
        return []
    found = []
    for index in range(len(case.views())):
        for position in range(sum(1 for _ in argument_lists(case.views()[index], *bounds))):
            arguments = list(argument_lists(case.views()[index], *bounds))[position]
            previous = signal.signal(signal.SIGALRM, timed_out)
            signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
            try:
                with np.errstate(all="ignore"), warnings.catch_warnings(), \
                        contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    warnings.simplefilter("ignore")
                    found.append((arguments, function(*arguments)))
            except (Exception, TimeoutError):  # noqa: B014 - a helper given foreign arguments may fail any way
                pass
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
    return found


def leaks(named_functions, all_cases):
    """[text] of every (function, case) where the function reproduces a part of the case's answer."""
    found = []
    for case in all_cases:
        inputs = inputs_of(case.views())
        wanted = [numeric(part) for part in parts(case.answer) if telling(part, inputs)]
        assert wanted, f"{case.function_id} on {case.label}: no answer part to compare with"
        for name, function in named_functions:
            for arguments, value in results(function, case):
                got = [numeric(part) for part in parts(value)]
                if any(same(g, w) or same(g, -w) if g is not None else False for g in got for w in wanted):
                    found.append(f"{name}{tuple(type(a).__name__ for a in arguments)} computes "
                                 f"{case.function_id}'s answer ({case.label})")
                    break
    return found


def test_no_shipped_function_computes_a_graded_answer(candidates):
    found = leaks(candidates, cases())
    assert not found, ("the handout would ship solutions; give the public suites stored expected values "
                       "(assignment/fixtures/make_*_known_answers.py), properties or self-consistency "
                       "instead, and keep such formulas in the hidden tier:\n  " + "\n  ".join(found))


def test_the_shipped_modules_are_suites_hints_and_shared_code(shipped):
    """What the test above covers is what ships of the assignment's code, stand-ins apart (their own test)."""
    code = {path.split("/")[0] for path in shipped if path.endswith(".py")}
    assert code <= {"public", "hints", "shared", "standins"}, code
    assert all(any(path.startswith(f"{folder}/") for path in shipped) for folder in ("public", "hints", "shared"))


# The formulas the public suites and hints once held, as a suite might grow them again.
FORMULAS = '''
import numpy as np


def logistic(x):
    return np.exp(-np.logaddexp(0, -x))


def adamw_formula(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad * grad
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return theta - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * theta), m_new, v_new


def naive_loss(v, o, U):
    scores = U @ v
    top = np.max(scores)
    return float(top + np.log(np.sum(np.exp(scores - top))) - scores[o])


def flipped_sigmoid_derivative(s):
    return s * (s - 1)
'''


def test_the_check_finds_formulas_and_every_graded_answer(tmp_path):
    """The check is not vacuous: each case's own reference function is found, and so are the formulas the
    suites once held (tried as a suite's helpers are)."""
    all_cases = cases()
    for case in all_cases:
        file, name = case.function_id.split(":")
        own = reference(file)
        for attribute in name.split("."):
            own = getattr(own, attribute)
        assert leaks([(case.function_id, own)], [case]), f"{case.function_id} on {case.label}: not found"
    (tmp_path / "formulas.py").write_text(FORMULAS)
    found = "\n".join(leaks(module_functions(load(tmp_path / "formulas.py", "_formulas"), "formulas"), all_cases))
    for name, function_id in (("logistic", "sigmoid.py:sigmoid"), ("adamw_formula", "optim.py:adamw_step"),
                              ("naive_loss", "word2vec.py:naiveSoftmaxLossAndGradient"),
                              ("flipped_sigmoid_derivative", "sigmoid.py:sigmoid_grad"),
                              ("flipped_sigmoid_derivative", "answers.py:sigmoid_derivative")):
        assert f"formulas:{name}(" in found and f"{function_id}'s answer" in found, (name, function_id, found)


# ---------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------

# An update written out: an assignment of a new value, or a step expression.
UPDATE_FORMULA = re.compile(r"\btheta(_new)?\s*(=|<-)\s*theta|\b[mv](_new)?\s*(=|<-)\s*beta|"
                            r"\b(theta|x)\s*[-+]\s*(lr|step)\s*\*|\bbeta[12]\s*\*\s*[mv]\b|"
                            r"1\s*-\s*beta[12]\s*\*\*\s*\(?t|sqrt\(v_hat\)\s*\+\s*eps")


def texts(shipped):
    """(where, text) of every string constant (docstrings included: a test's is its name) of the shipped
    suites and hints, and of the shipped fixtures."""
    found = []
    for path, data in sorted(shipped.items()):
        if path.endswith(".py") and path.split("/")[0] in ("public", "hints", "shared"):
            found += [(path, node.value) for node in ast.walk(ast.parse(data.decode("utf-8")))
                      if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        elif path.endswith(".json"):
            def strings(value):
                if isinstance(value, str):
                    yield value
                elif isinstance(value, dict):
                    for key, item in value.items():
                        yield key
                        yield from strings(item)
                elif isinstance(value, list):
                    for item in value:
                        yield from strings(item)
            found += [(path, text) for text in strings(json.loads(data))]
    return found


def test_hints_name_the_idea_not_the_update_formula(shipped):
    written = [f"{where}: {text!r}" for where, text in texts(shipped) if UPDATE_FORMULA.search(text)]
    assert not written, "hints and stored mistakes that spell out an update rule:\n  " + "\n  ".join(written)


@pytest.mark.parametrize("text", ["theta_new = theta - lr * grad", "m <- beta1 * m + (1 - beta1) * grad",
                                  "x = x - step * grad", "divide m by (1 - beta1**t)",
                                  "the denominator is sqrt(v_hat) + eps"])
def test_the_text_check_finds_update_formulas(text):
    assert UPDATE_FORMULA.search(text)
