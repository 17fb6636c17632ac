"""Submissions that do nothing earn nothing on the language model: each of the four graded
functions stubbed to return None, zeros or its input, to exit early, or (check_gradients)
to call every derivative OK, scores 0 on that function.

Each kind of stub is one submission: the reference with every graded function of
language_model.py and checking.py replaced by a stub of that kind (the functions are graded
apart, so one submission serves all four)."""
import collections

import pytest

from autograder.batch.grade_class import grade_all
from autograder.packaging.edits import build_edited
from tests.conftest import QUICK, grading_jobs
from tests.mutants import REFERENCE

# One xdist group: the module's fixture grades every stub once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("test_language_model_degenerate")]

BACKPROP_REGION = """        hid_to_output_weights_grad = np.dot(loss_derivative.T, activations.hidden_layer)
        output_bias_grad = loss_derivative.sum(0)
        embed_to_hid_weights_grad = np.dot(hid_deriv.T, activations.embedding_layer)
        hid_bias_grad = hid_deriv.sum(0)
"""
CHECK_BODY = """    np.random.seed(0)
    with np.errstate(all='ignore'):  # log(0) in a perturbed loss is harmless here
"""
CHECK_LOOP = """        for param_name in PARAM_NAMES:
            check_param_gradient(model, param_name, input_batch, target_batch)
"""
PRINT_REGION = """    activations = model.compute_activations(input_batch)
    expanded_target_batch = model.indicator_matrix(target_batch)
    loss_derivative = model.compute_loss_derivative(activations.output_layer, expanded_target_batch)
    param_gradient = model.back_propagate(input_batch, activations, loss_derivative)
    # END SOLUTION

    for i, j in [(2, 5),"""
PRINT_END = PRINT_REGION[PRINT_REGION.index("    # END"):]  # the stub keeps the printing that follows

# kind -> [(file, old, new)]: one stub of each graded function.
STUBS = {
    "none": [
        ("language_model.py", "return output_activations - expanded_target_batch", "return None"),
        ("language_model.py", BACKPROP_REGION, "        return None\n"),
        ("checking.py", CHECK_BODY, "    return\n" + CHECK_BODY),
        ("checking.py", PRINT_REGION, "    return\n" + PRINT_END),
    ],
    "zeros": [
        ("language_model.py", "return output_activations - expanded_target_batch",
         "return np.zeros_like(output_activations)"),
        ("language_model.py", BACKPROP_REGION,
         "".join(f"        {name}_grad = np.zeros_like(self.params.{name})\n"
                 for name in ("hid_to_output_weights", "output_bias", "embed_to_hid_weights", "hid_bias"))),
        # relative_error always 0: every derivative looks OK
        ("checking.py", "return np.abs(a - b) / (np.abs(a) + np.abs(b))", "return 0.0"),
        ("checking.py", PRINT_REGION,
         "    loss_derivative = np.zeros((input_batch.shape[0], model.vocab_size))\n"
         "    param_gradient = model.copy().params\n"
         "    for name in PARAM_NAMES:\n"
         "        getattr(param_gradient, name)[...] = 0.\n" + PRINT_END),
    ],
    "input": [
        ("language_model.py", "return output_activations - expanded_target_batch", "return output_activations"),
        ("language_model.py", BACKPROP_REGION, "        return self.params\n"),
        ("checking.py", CHECK_BODY, "    print('The loss derivative looks OK.')\n    for param_name in PARAM_NAMES:\n"
                                    "        print(f'The gradient for {param_name} looks OK.')\n    return\n"
         + CHECK_BODY),
        ("checking.py", PRINT_REGION,
         "    loss_derivative = model.indicator_matrix(target_batch)\n    param_gradient = model.params\n" + PRINT_END),
    ],
    "early_exit": [
        ("language_model.py", "return output_activations - expanded_target_batch", "return expanded_target_batch"),
        ("language_model.py", BACKPROP_REGION,
         "        return Params.zeros(self.vocab_size, self.context_len, self.embedding_dim, self.num_hid)\n"),
        ("checking.py", CHECK_LOOP, "        return\n"),
        ("checking.py", PRINT_REGION, "    print('loss_derivative[2, 5]', 0.0)\n    return\n" + PRINT_END),
    ],
}
FUNCTIONS = ("language_model.py:Model.compute_loss_derivative", "language_model.py:Model.back_propagate",
             "checking.py:check_gradients", "checking.py:print_gradients")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("degenerate_language_model")
    folders = {}
    for kind, stubs in STUBS.items():
        edits = [{"file": file, "old": old, "new": new, "why": f"{kind} stub"} for file, old, new in stubs]
        build_edited(REFERENCE, edits, root / kind)
        folders[kind] = str(root / kind)
    return grade_all(folders, str(root / "results"), jobs=grading_jobs(),
                     options={**QUICK, "only": ["language_model.py", "checking.py"]})


@pytest.mark.parametrize("kind", STUBS)
def test_stubs_earn_nothing(graded, kind):
    results = graded[kind]
    earned = collections.Counter()
    for test in results["tests"]:
        earned[test["tags"][0]] += test["score"]
    assert sorted(earned) == sorted(FUNCTIONS), results["output"]
    assert not +earned, f"{kind} stubs earned points: {dict(+earned)}"
