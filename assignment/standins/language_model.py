"""Stand-ins for language_model.py: the student's own Model, built in the worker from
plain arrays, with what its methods return sent back as plain arrays.

The graded methods belong to objects the wire cannot carry (a Model, the Params that
back_propagate returns, the student's own classes or copies of the handout's). A test
passes standin("student_model", params={name: array}, vocab_size=V) as the first
argument of its call; building it imports the student's language_model.py (the module
the resolver then finds) and adds to that module one function per method under the
name "Model.<method>", a name no def or assignment can bind, so it never hides the
student's own code. The test's target is "language_model.py:Model.<method>": that
function builds the student's Model (their Params and Model classes) from the arrays,
calls the method, and returns plain data. Nothing here computes a derivative.
"""
import importlib
import os

import numpy as np

MODULE = "language_model"
PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


class Activations:
    """What compute_activations returns: embedding_layer (B x 3D), hidden_layer (B x N_H),
    output_layer (B x V)."""

    def __init__(self, embedding_layer, hidden_layer, output_layer):
        self.embedding_layer = np.array(embedding_layer, dtype=float)
        self.hidden_layer = np.array(hidden_layer, dtype=float)
        self.output_layer = np.array(output_layer, dtype=float)


class ModelArrays:
    """The parameters of a model as arrays (Params' argument order), and a vocabulary of V words."""

    def __init__(self, params, vocab_size):
        self.params = {name: np.array(params[name], dtype=float) for name in PARAM_NAMES}
        self.vocab = [f"word{i}" for i in range(int(vocab_size))]

    def build(self, **replaced):
        """The student's Model(Params(...), vocab), with the parameters in `replaced` swapped in."""
        module = importlib.import_module(MODULE)
        arrays = dict(self.params, **{name: np.array(value, dtype=float) for name, value in replaced.items()})
        return module.Model(module.Params(*(arrays[name] for name in PARAM_NAMES)), list(self.vocab))


def compute_loss_derivative(model, output_activations, expanded_target_batch):
    """The student's model.compute_loss_derivative(output_activations, expanded_target_batch), as it returns it."""
    return model.build().compute_loss_derivative(output_activations, expanded_target_batch)


def back_propagate(model, input_batch, activations, loss_derivative):
    """The student's model.back_propagate(input_batch, Activations(**activations), loss_derivative)
    as {"type": the returned object's class name, "fields": {parameter name: its gradient}},
    with the fields the returned object has."""
    gradient = model.build().back_propagate(np.asarray(input_batch), Activations(**activations),
                                            np.array(loss_derivative, dtype=float))
    fields = {name: getattr(gradient, name) for name in PARAM_NAMES if hasattr(gradient, name)}
    return {"type": type(gradient).__name__, "fields": fields}


def compute_loss(model, name, value, input_batch, target_batch):
    """The student's total loss of the batch, compute_loss(compute_activations(input_batch).output_layer, t)
    with t the one-hot rows of target_batch, for the model with parameter `name` set to value."""
    student = model.build(**{name: value})
    one_hot = np.eye(len(model.vocab))[np.asarray(target_batch)]
    return float(student.compute_loss(student.compute_activations(np.asarray(input_batch)).output_layer, one_hot))


METHODS = {"compute_loss_derivative": compute_loss_derivative, "back_propagate": back_propagate,
           "compute_loss": compute_loss}


def student_model(params, vocab_size):
    """The model's arrays; first makes the methods above reachable as language_model.py:Model.<method>.
    A missing or broken language_model.py is left for the resolver to report."""
    if os.path.isfile(MODULE + ".py"):
        try:
            module = importlib.import_module(MODULE)
        except BaseException:  # the resolver imports it again and tells the student why it fails
            module = None
        for name, method in METHODS.items() if module is not None else ():
            setattr(module, "Model." + name, method)
    return ModelArrays(params, vocab_size)


STANDINS = {
    "student_model": student_model,
}
