"""Hidden checks of checking.py against the instructor's solution: on generated stand-in
models (standins/checking.py), built in the worker for the student and here for the
reference from the same arguments, check_gradients prints the reference's verdict for
every derivative, and print_gradients prints the reference's entries."""
import contextlib
import io

import numpy as np
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import DEFAULT, StandIns, expect_true, graded

from hints import checking as HINTS
from shared import checking as SHARED

CHECK = "checking.py:check_gradients"
PRINT = "checking.py:print_gradients"
STANDINS = StandIns(__file__)


def printed_by_reference(reference, function, model, inputs, targets):
    """What the reference's checking.<function>(model, inputs, targets) prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        getattr(reference("checking.py"), function)(model, inputs.copy(), targets.copy())
    return printed.getvalue()


def reference_verdicts(reference, model, inputs, targets, right_derivative):
    """{derivative: OK or not} as the reference's check_gradients decides, but at every entry of every
    parameter instead of 1000 sampled ones: on these small models the samples reach every entry anyway
    (see spoilt_models), and the grader does 40 times less work. The loss derivative is spoilt only by
    scaling, which the reference rejects wherever it looks: it is right when it is right_derivative."""
    checking = reference("checking.py")
    expanded = model.indicator_matrix(targets)
    activations = model.compute_activations(inputs)
    loss_derivative = model.compute_loss_derivative(activations.output_layer, expanded)
    right = np.allclose(loss_derivative, right_derivative)
    found = {"loss_derivative": right}
    gradient = model.back_propagate(inputs, activations, loss_derivative)

    def loss(moved):
        return moved.compute_loss(moved.compute_activations(inputs).output_layer, expanded)

    for name in SHARED.PARAM_NAMES:
        values, given = getattr(model.params, name), getattr(gradient, name)
        ok = right and np.shape(given) == values.shape
        for index in np.ndindex(values.shape) if ok else ():
            plus, minus = model.copy(), model.copy()
            getattr(plus.params, name)[index] += checking.EPS
            getattr(minus.params, name)[index] -= checking.EPS
            empirical = (loss(plus) - loss(minus)) / (2 * checking.EPS)
            if checking.relative_error(empirical, given[index]) > checking.THRESHOLD:
                ok = False
                break
        found[name] = bool(ok)
    return found


def verdicts(printed):
    """{derivative: whether it was printed as OK} from check_gradients' output."""
    found = {"loss_derivative": "The loss derivative looks OK." in printed}
    found.update({name: f"The gradient for {name} looks OK." in printed for name in SHARED.PARAM_NAMES})
    return found


@st.composite
def spoilt_models(draw):
    """(model_data's arguments, input_batch B x 3, target_batch (B,)): a model with V of 3 to 8,
    D of 1 to 3 and N_H of 1 to 5, whose gradients are wrong for one to three parameters (an entry
    moved, the whole gradient scaled, or transposed) and, sometimes, whose loss derivative is scaled.
    Small enough that 1000 sampled entries reach every entry of every parameter (a missed entry has
    probability below 1e-9), so any correct checker reaches the reference's verdicts."""
    V, D, H, B = draw(st.integers(3, 8)), draw(st.integers(1, 3)), draw(st.integers(1, 5)), draw(st.integers(1, 6))
    shape = {"word_embedding_weights": (V, D), "embed_to_hid_weights": (H, 3 * D), "hid_to_output_weights": (V, H),
             "hid_bias": (H,), "output_bias": (V,)}
    errors = []
    for name in draw(st.lists(st.sampled_from(SHARED.PARAM_NAMES), min_size=1, max_size=3, unique=True)):
        kind = draw(st.sampled_from(["entry", "scale", "transpose"] if len(shape[name]) == 2 else ["entry", "scale"]))
        if kind == "entry":
            index = [draw(st.integers(0, n - 1)) for n in shape[name]]
            errors.append([name, kind, [index, draw(st.sampled_from([-5.0, -0.5, -0.05, 0.05, 0.5, 5.0]))]])
        else:
            errors.append([name, kind, draw(st.sampled_from([-1.0, 0.5, 2.0])) if kind == "scale" else 0])
    if draw(st.sampled_from([False, False, False, True])):
        errors.append(["loss_derivative", "scale", 1.0 / (B + 1)])
    arguments = {"seed": draw(st.integers(0, 2 ** 16)), "vocab_size": V, "embedding_dim": D, "num_hid": H,
                 "errors": errors}
    words = st.integers(0, V - 1)
    return (arguments, draw(hnp.arrays(np.int64, (B, 3), elements=words)),
            draw(hnp.arrays(np.int64, (B,), elements=words)))


# A model whose derivatives are all right, where a one-sided difference is off by 5e-3 to 3e-2 (relative) at
# entries of two parameters and the centred one by less than 1e-7: a checker that is not centred rejects them,
# whatever examples are generated (found by searching seeds; the threshold is 1e-4).
ONE_SIDED_SHOWS = ({"seed": 321, "vocab_size": 5, "embedding_dim": 3, "num_hid": 4, "errors": []},
                   np.array([[2, 1, 1], [0, 1, 3], [1, 1, 1], [0, 3, 4], [1, 1, 1], [2, 4, 2]]),
                   np.array([4, 4, 0, 3, 0, 2]))


@graded(2, "8.20", CHECK)
# Each example runs the student's check_gradients (up to 12,000 loss evaluations, about a second):
# three generated examples and one given, and no shrinking, whose every step would run it again.
@settings(max_examples=3, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@example(case=ONE_SIDED_SHOWS)
@given(case=spoilt_models())
def test_verdicts_match_reference(student, reference, case):
    """prints the reference's verdict for every derivative of generated models, right or wrong in known places"""
    arguments, inputs, targets = case
    check = student.function(CHECK)
    remote, local = STANDINS.pair("language_model", "model",
                                  **SHARED.model_data(**arguments, inputs=inputs, targets=targets))
    reply = check.run(remote, inputs, targets)
    printed = reply.stdout
    right = SHARED.model_data(**dict(arguments, errors=[]), inputs=inputs, targets=targets, gradients="none")
    expected = reference_verdicts(reference, local, inputs, targets, right["loss_derivative"])
    got = verdicts(printed)
    wrong = [name for name in expected if got[name] != expected[name]]
    hint = HINTS.VERDICTS
    if any(expected[name] and not got[name] for name in wrong):
        hint = HINTS.CENTRED
    elif any(got[name] and not expected[name] for name in wrong):
        hint = HINTS.ABSOLUTE
    expect_true(not wrong, f"{check.last}\nwith a model whose derivatives are spoilt by {arguments['errors']} "
                f"([what, kind, argument]: an entry moved, the whole derivative scaled, or transposed)",
                f"printed the wrong verdict for {', '.join(wrong)}",
                expected=", ".join(f"{k}: {'OK' if v else 'not OK'}" for k, v in expected.items()),
                got=", ".join(f"{k}: {'OK' if v else 'not OK'}" for k, v in got.items())
                + f"\n  printed: {printed[:600]!r}", hint=hint)
    SHARED.expect_mismatches(check, reply)



def entries(printed):
    """[(label, value text)] of the lines of print_gradients' output that print an entry."""
    lines = [line.strip().rpartition(" ") for line in printed.splitlines()]
    return [(label, value) for label, _, value in lines if label.startswith(("loss_derivative[", "param_gradient."))]


@st.composite
def printable_models(draw):
    """(model_data's arguments, input_batch B x 3, target_batch (B,)) for a model as
    large as the hand-in's entries need: V of 122 to 130, D of 8 to 10, N_H of 36 to 40, B of 6 to 10."""
    V, B = draw(st.integers(122, 130)), draw(st.integers(6, 10))
    arguments = {"seed": draw(st.integers(0, 2 ** 16)), "vocab_size": V, "embedding_dim": draw(st.integers(8, 10)),
                 "num_hid": draw(st.integers(36, 40))}
    words = st.integers(0, V - 1)
    return (arguments, draw(hnp.arrays(np.int64, (B, 3), elements=words)),
            draw(hnp.arrays(np.int64, (B,), elements=words)))


@graded(1, "8.21", PRINT)
@given(case=printable_models())
def test_prints_match_reference(student, reference, case):
    """prints the reference's entries, labels and values, for generated models"""
    arguments, inputs, targets = case
    printer = student.function(PRINT)
    remote, local = STANDINS.pair("language_model", "model",
                                  **SHARED.model_data(**arguments, inputs=inputs, targets=targets, gradients="random"))
    reply = printer.run(remote, inputs, targets)
    printed = reply.stdout
    expected = entries(printed_by_reference(reference, "print_gradients", local, inputs, targets))
    got = entries(printed)
    SHARED.expect_mismatches(printer, reply)
    call = f"{printer.last}\nwith a model of V={arguments['vocab_size']}, D={arguments['embedding_dim']}, " \
           f"N_H={arguments['num_hid']} (seed {arguments['seed']})"
    expect_true([label for label, _ in got] == [label for label, _ in expected], call,
                "did not print the hand-in's entries, in its order",
                expected="\n    ".join(label for label, _ in expected), got=repr(printed[:800]),
                hint=HINTS.PRINT_ENTRIES)
    for (label, value), (_, reference_value) in zip(got, expected):
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        close = np.isclose(number, float(reference_value), rtol=DEFAULT.rtol, atol=DEFAULT.atol)
        expect_true(bool(close), call, f"printed a wrong value for {label} (tolerance rtol={DEFAULT.rtol:g}, "
                    f"atol={DEFAULT.atol:g})", expected=reference_value, got=value, hint=HINTS.PRINT)
