"""Public checks of checking.py: check_gradients and print_gradients, run on stand-in
language models (standins/checking.py, their data from shared/checking.py:model_data)
whose derivatives are right or wrong in known places. What check_gradients prints is
its verdict, one per derivative."""
import numpy as np

from autograder.checks import counts_with, expect_close, expect_true, graded, standin

from hints import checking as HINTS
from shared import checking as SHARED

CHECK = "checking.py:check_gradients"
PRINT = "checking.py:print_gradients"
SMALL = {"vocab_size": 7, "embedding_dim": 2, "num_hid": 3}
INPUTS = np.array([[0, 1, 2], [3, 3, 4], [5, 0, 6], [2, 2, 2], [6, 5, 4]])
TARGETS = np.array([4, 0, 1, 6, 2])


def verdicts(printed):
    """{derivative: whether it was printed as OK} from check_gradients' output."""
    found = {"loss_derivative": "The loss derivative looks OK." in printed}
    found.update({name: f"The gradient for {name} looks OK." in printed for name in SHARED.PARAM_NAMES})
    return found


def expect_verdicts(student, seed, errors, wrong, hint, weight=1.0):
    """check_gradients on a stand-in model spoilt by `errors` must call OK exactly the derivatives not in `wrong`
    (after a wrong loss derivative, nothing else is checked); return what it printed. Each call checks
    1000 entries of each parameter, about a second of work: a test makes one."""
    check = student.function(CHECK)
    reply = check.run(standin("language_model", slot="model",
                              **SHARED.model_data(seed, **SMALL, inputs=INPUTS, targets=TARGETS, errors=errors,
                                                 weight=weight)),
                      INPUTS, TARGETS)
    printed = reply.stdout
    checked = "loss_derivative" not in wrong  # after a wrong loss derivative nothing else is checked
    expected = dict({"loss_derivative": checked},
                    **{name: checked and name not in wrong for name in SHARED.PARAM_NAMES})
    got = verdicts(printed)
    expect_true(got == expected, f"{check.last}\nwith a model whose derivatives are wrong in: {sorted(wrong) or 'none'}"
                f" ({errors})", "printed the wrong verdicts",
                expected=", ".join(f"{k}: {'OK' if v else 'not OK'}" for k, v in expected.items()),
                got=", ".join(f"{k}: {'OK' if v else 'not OK'}" for k, v in got.items()) + f"\n  printed: "
                f"{printed[:600]!r}", hint=hint)
    SHARED.expect_mismatches(check, reply)
    return printed



@graded(2, "8.1", CHECK)
def test_verdicts_with_wrong_entries(student):
    """rejects a gradient too large in one entry, one too small in another and one 0.05% too large throughout
    (a relative error that an absolute difference misses), and accepts the rest"""
    expect_verdicts(student, 82, [["hid_bias", "entry", [[1], 0.5]], ["embed_to_hid_weights", "entry", [[2, 4], -0.5]],
                                  ["word_embedding_weights", "scale", 1.0005]],
                    {"hid_bias", "embed_to_hid_weights", "word_embedding_weights"}, HINTS.ABSOLUTE)


@graded(2, "8.2", CHECK)
def test_verdicts_with_a_transposed_gradient(student):
    """rejects a transposed gradient, naming its shape, and wrong entries elsewhere, and accepts the rest"""
    printed = expect_verdicts(student, 83, [["word_embedding_weights", "entry", [[3, 1], 0.5]],
                                            ["hid_to_output_weights", "transpose", 0]],
                              {"word_embedding_weights", "hid_to_output_weights"}, HINTS.ABSOLUTE)
    expect_true("should be size" in printed, student.function(CHECK).last,
                "did not report the transposed gradient of hid_to_output_weights by its size",
                expected="a line 'The gradient for hid_to_output_weights should be size (7, 3) ...'",
                got=repr(printed[:600]), hint=HINTS.VERDICTS)


@graded(1, "8.3", CHECK)
@counts_with("public/test_checking.py::test_verdicts_with_wrong_entries")
def test_rejects_a_wrong_loss_derivative(student):
    """rejects a loss derivative averaged over the batch, and then checks nothing else"""
    expect_verdicts(student, 84, [["loss_derivative", "scale", 0.2]], {"loss_derivative"}, HINTS.VERDICTS)


@graded(1, "8.4", CHECK)
@counts_with("public/test_checking.py::test_verdicts_with_wrong_entries")
def test_accepts_right_derivatives_of_a_large_loss(student):
    """accepts every right derivative of a model whose loss is about 1e8 (cases weighed by about 1e7), where the
    centred difference's own error is above 1e-4 in absolute terms and about 1e-9 in relative ones"""
    expect_verdicts(student, 85, [], set(), HINTS.ABSOLUTE_ERROR, weight=1e7)


def printed_entries(printed):
    """[(label, value)] of print_gradients' non-empty lines."""
    entries = []
    for line in printed.splitlines():
        if line.strip():
            label, _, value = line.strip().rpartition(" ")
            entries.append((label, value))
    return entries


@graded(1, "8.5", PRINT)
def test_prints_the_models_gradients(student):
    """prints the hand-in's entries of the loss derivative and the gradients of the given model"""
    sizes = {"vocab_size": 125, "embedding_dim": 8, "num_hid": 40}
    inputs = np.random.default_rng(86).integers(125, size=(8, 3))
    targets = np.random.default_rng(87).integers(125, size=8)
    data = SHARED.model_data(86, **sizes, inputs=inputs, targets=targets, gradients="random")
    printer = student.function(PRINT)
    reply = printer.run(standin("language_model", slot="model", **data), inputs, targets)
    printed = reply.stdout
    derivative, gradient = data["loss_derivative"], data["gradients"]
    entries = printed_entries(printed)
    expect_true(len(entries) == 18 and all(label.startswith(("loss_derivative[", "param_gradient."))
                                           for label, _ in entries),
                printer.last, "did not print the 18 entries of the hand-in",
                expected="18 lines such as 'loss_derivative[2, 5] <value>'", got=repr(printed[:800]), hint=HINTS.PRINT)
    SHARED.expect_mismatches(printer, reply)
    for label, value in entries:
        name, _, index = label.partition("[")
        source = derivative if name == "loss_derivative" else gradient[name.split(".")[1]]
        entry = source[tuple(int(i) for i in index.rstrip("]").split(","))]
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        expect_close(number, entry, printer.last, what=label, hint=HINTS.PRINT)
