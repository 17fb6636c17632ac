"""Stand-ins for checking.py: language models whose derivatives are right, or wrong in
known places, for the student's check_gradients and print_gradients.

Built in the worker, by name, when a test asks for one (autograder.checks.standin),
and in the grader for the reference (autograder.checks.StandIns). Every stand-in is
a CheckedModel holding data of the same kinds, whatever is wrong with it: its
derivatives are values the grader computed (shared/checking.py:model_data), right or
changed there, and the model computes none of them. Its loss weighs each case by its
target word's weight, so no graded function equals any of its methods.
"""
import numpy as np

# np.sum and ndarray.max are these reductions behind a Python wrapper that costs more than the sum itself on
# arrays this small; the checker evaluates the loss thousands of times a call.
ADD, MAX = np.add.reduce, np.maximum.reduce
PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


class Arrays:
    """A Params-like holder of the five parameters (or of their gradients)."""

    def __init__(self, **arrays):
        for name in PARAM_NAMES:
            setattr(self, name, arrays[name])

    def copy(self):
        # A checker copies the model twice per entry it checks, thousands of times a call: no keyword detour.
        twin = object.__new__(Arrays)
        twin.__dict__.update({name: np.array(getattr(self, name)) for name in PARAM_NAMES})
        return twin


class Activations:
    def __init__(self, embedding_layer, hidden_layer, output_layer):
        self.embedding_layer, self.hidden_layer, self.output_layer = embedding_layer, hidden_layer, output_layer


class CheckedModel:
    """The API of language_model.py's Model that checking.py uses, for one batch (inputs B x 3,
    targets (B,)) and a loss that weighs case b by class_weights[targets[b]].

    compute_loss_derivative(y, t) is loss_derivative + w * (y - output) (w the cases' weights,
    output this model's output layer on the batch): at the batch's own output it returns the
    grader's loss_derivative, and it moves with y as the weighted loss's derivative does, so it
    is right everywhere exactly when the grader's values are. back_propagate returns the
    grader's gradients for the batch and that derivative. Any other call is recorded as a
    mismatch (report()) and answered with zeros.
    """

    def __init__(self, params, vocab_size, class_weights, inputs, targets, loss_derivative, gradients):
        self.params = Arrays(**{name: np.array(params[name], dtype=float) for name in PARAM_NAMES})
        self.vocab_size = int(vocab_size)
        self.vocab = [f"word{i}" for i in range(self.vocab_size)]
        self.embedding_dim = self.params.word_embedding_weights.shape[1]
        self.context_len = self.params.embed_to_hid_weights.shape[1] // self.embedding_dim
        self.num_hid = self.params.embed_to_hid_weights.shape[0]
        self.class_weights = np.array(class_weights, dtype=float)
        self.inputs, self.targets = np.array(inputs), np.array(targets)
        self.loss_derivative = np.array(loss_derivative, dtype=float)
        self.gradients = {name: np.array(gradients[name], dtype=float) for name in PARAM_NAMES}
        self.output = self.compute_activations(self.inputs).output_layer
        self.mismatches = []

    def copy(self):
        twin = object.__new__(CheckedModel)  # shares the grader's values and the record of mismatches
        twin.__dict__.update(self.__dict__)
        twin.params = self.params.copy()
        return twin

    def _mismatch(self, text):
        if len(self.mismatches) < 5:
            self.mismatches.append(text[:400])

    def indicator_matrix(self, targets):
        return np.eye(self.vocab_size)[np.asarray(targets)]

    def compute_loss(self, output_activations, expanded_target_batch):
        expanded = np.asarray(expanded_target_batch, dtype=float)
        return -ADD((expanded @ self.class_weights) * ADD(expanded * np.log(output_activations + 1e-30), axis=1))

    def compute_loss_derivative(self, output_activations, expanded_target_batch):
        y = np.asarray(output_activations, dtype=float)
        expanded = np.asarray(expanded_target_batch, dtype=float)
        if y.shape != self.output.shape or not np.array_equal(expanded, self.indicator_matrix(self.targets)):
            self._mismatch(f"compute_loss_derivative got output activations of shape {y.shape} and target rows "
                           f"{np.argmax(expanded, axis=-1).tolist() if expanded.ndim == 2 else expanded.shape}; "
                           f"this model's batch is {self.output.shape} with targets {self.targets.tolist()}")
            return np.zeros_like(self.loss_derivative)
        return self.loss_derivative + (expanded @ self.class_weights)[:, None] * (y - self.output)

    def compute_activations(self, inputs):
        p = self.params
        # Row b holds the embeddings of the context words of case b, one after the other.
        embedding = p.word_embedding_weights[inputs].reshape(len(inputs), -1)
        hidden = 1.0 / (1.0 + np.exp(-(embedding @ p.embed_to_hid_weights.T + p.hid_bias)))
        scores = hidden @ p.hid_to_output_weights.T + p.output_bias
        output = np.exp(scores - MAX(scores, axis=1, keepdims=True))
        return Activations(embedding, hidden, output / ADD(output, axis=1, keepdims=True))

    def back_propagate(self, input_batch, activations, loss_derivative):
        given = np.asarray(loss_derivative, dtype=float)
        if not (np.array_equal(np.asarray(input_batch), self.inputs) and given.shape == self.loss_derivative.shape
                and np.allclose(given, self.loss_derivative, rtol=1e-9, atol=1e-12)):
            self._mismatch("back_propagate got another batch or loss derivative than this model's: "
                           f"input_batch {np.asarray(input_batch).tolist()[:10]}, loss_derivative of shape "
                           f"{given.shape}")
            return Arrays(**{name: np.zeros_like(value) for name, value in self.gradients.items()})
        return Arrays(**{name: value.copy() for name, value in self.gradients.items()})

    def report(self):
        return {"mismatches": self.mismatches}


STANDINS = {
    "language_model": CheckedModel,
}
# What each stand-in's report() holds (autograder/sandbox/replies.py:fits): the grader reads a record only in
# this shape, since the submission's code, in the same process, can change what a report shows.
RECORDS = {"language_model": {"mismatches": [str]}}
