"""Stand-ins for checking.py: language models whose derivatives are right, or wrong in
known places, for the student's check_gradients and print_gradients.

Built in the worker, by name, when a test asks for one (autograder.checks.standin),
and in the grader for the reference (autograder.checks.StandIns). Every stand-in is
a CheckedModel with the same attributes: what is wrong lives in a closure, so a
checker can tell a right derivative from a wrong one only by checking it.
"""
import numpy as np

PARAM_NAMES = ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")


class Arrays:
    """A Params-like holder of the five parameters (or of their gradients)."""

    def __init__(self, **arrays):
        for name in PARAM_NAMES:
            setattr(self, name, arrays[name])

    def copy(self):
        return Arrays(**{name: np.array(getattr(self, name)) for name in PARAM_NAMES})


class Activations:
    def __init__(self, embedding_layer, hidden_layer, output_layer):
        self.embedding_layer, self.hidden_layer, self.output_layer = embedding_layer, hidden_layer, output_layer


class CheckedModel:
    """The language model of language_model.py (the API checking.py uses), with its
    derivatives passed through `spoil(what, array)` before they are returned."""

    def __init__(self, params, vocab_size, spoil):
        self.params, self._spoil = params, spoil
        self.vocab = [f"word{i}" for i in range(vocab_size)]
        self.vocab_size = vocab_size
        self.embedding_dim = params.word_embedding_weights.shape[1]
        self.context_len = params.embed_to_hid_weights.shape[1] // self.embedding_dim
        self.num_hid = params.embed_to_hid_weights.shape[0]

    def copy(self):
        return CheckedModel(self.params.copy(), self.vocab_size, self._spoil)

    def indicator_matrix(self, targets):
        return np.eye(self.vocab_size)[np.asarray(targets)]

    def compute_loss(self, output_activations, expanded_target_batch):
        return -np.sum(expanded_target_batch * np.log(output_activations + 1e-30))

    def compute_loss_derivative(self, output_activations, expanded_target_batch):
        return self._spoil("loss_derivative", output_activations - expanded_target_batch)

    def compute_activations(self, inputs):
        p = self.params
        # Row b holds the embeddings of the context words of case b, one after the other.
        embedding = p.word_embedding_weights[inputs].reshape(len(inputs), -1)
        hidden = 1.0 / (1.0 + np.exp(-(embedding @ p.embed_to_hid_weights.T + p.hid_bias)))
        scores = hidden @ p.hid_to_output_weights.T + p.output_bias
        output = np.exp(scores - scores.max(axis=1, keepdims=True))
        return Activations(embedding, hidden, output / output.sum(axis=1, keepdims=True))

    def back_propagate(self, input_batch, activations, loss_derivative):
        p, D = self.params, self.embedding_dim
        hidden = activations.hidden_layer
        hid_deriv = loss_derivative @ p.hid_to_output_weights * hidden * (1 - hidden)
        embed_deriv = hid_deriv @ p.embed_to_hid_weights
        embedding = np.zeros((self.vocab_size, D))
        for w in range(self.context_len):
            np.add.at(embedding, input_batch[:, w], embed_deriv[:, w * D:(w + 1) * D])
        exact = {"word_embedding_weights": embedding,
                 "embed_to_hid_weights": hid_deriv.T @ activations.embedding_layer,
                 "hid_to_output_weights": loss_derivative.T @ activations.hidden_layer,
                 "hid_bias": hid_deriv.sum(axis=0), "output_bias": loss_derivative.sum(axis=0)}
        return Arrays(**{name: self._spoil(name, value) for name, value in exact.items()})


def language_model(seed, vocab_size, embedding_dim, num_hid, scale=0.5, errors=()):
    """A model with parameters drawn from N(0, scale^2) by np.random.default_rng(seed).

    errors: [what, kind, argument] triples spoiling one derivative ("loss_derivative" or
    a parameter's name): kind "entry" adds argument[1] at index argument[0]; kind "scale"
    multiplies the whole derivative by argument; kind "transpose" returns its transpose
    (argument unused)."""
    rng = np.random.default_rng(seed)
    shapes = {"word_embedding_weights": (vocab_size, embedding_dim),
              "embed_to_hid_weights": (num_hid, 3 * embedding_dim),
              "hid_to_output_weights": (vocab_size, num_hid), "hid_bias": (num_hid,), "output_bias": (vocab_size,)}
    params = Arrays(**{name: scale * rng.standard_normal(shapes[name]) for name in PARAM_NAMES})
    plan = [(what, kind, argument) for what, kind, argument in errors]

    def spoil(what, value):
        value = np.array(value, dtype=float)
        for target, kind, argument in plan:
            if target != what:
                continue
            if kind == "entry":
                value[tuple(argument[0])] += argument[1]
            elif kind == "scale":
                value = value * argument
            else:
                value = value.T.copy()
        return value
    return CheckedModel(params, vocab_size, spoil)


STANDINS = {
    "language_model": language_model,
}
