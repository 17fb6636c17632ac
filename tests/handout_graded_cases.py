"""The graded functions that map numbers to numbers, each on a few inputs with the reference's answer:
what tests/test_handout_tells_nothing.py tries every shipped function against.

A case's views() gives fresh argument tuples: the graded function's own first, then the forms a
suite's helper would take them in (the negatives drawn instead of the dataset, the model's parameters
instead of the model). The cases draw their inputs from one seeded generator, file after file in the
order of CASE_BUILDERS, so every run tries the same inputs.
"""
import os

import numpy as np

from tests.reference_modules import REFERENCE, load


def reference(filename):
    """A fresh import of reference/<filename> under a private name, reference/ on sys.path for its utils."""
    return load(f"_tells_nothing_reference_{filename[:-3]}", os.path.join(REFERENCE, filename))


class Dataset:
    """A dataset that serves scripted draws, as a suite's stand-in does."""

    def __init__(self, draws):
        self.draws, self.next = list(draws), 0

    def sampleTokenIdx(self):
        value = self.draws[self.next % len(self.draws)]
        self.next += 1
        return value


class Case:
    """One input of a graded function: views() gives fresh argument tuples (its own first), answer the
    reference's result."""

    def __init__(self, function_id, label, views, answer):
        self.function_id, self.label, self.views, self.answer = function_id, label, views, answer


def softmax_cases(rng):
    softmax = reference("softmax.py").softmax
    return [Case("softmax.py:softmax", f"x of shape {x.shape}", lambda x=x: [(x.copy(),)], softmax(x))
            for x in (rng.normal(0, 2, (3, 4)), rng.normal(0, 2, 5))]


def sigmoid_cases(rng):
    sigmoid = reference("sigmoid.py")
    x = rng.normal(0, 3, (3, 4))
    s = rng.uniform(0.05, 0.95, (2, 5))
    return [Case(f"sigmoid.py:{name}", f"x of shape {argument.shape}", lambda a=argument: [(a.copy(),)],
                 getattr(sigmoid, name)(argument))
            for name, argument in (("sigmoid", x), ("sigmoid_grad", s), ("relu", x), ("relu_grad", x))]


def neural_cases(rng):
    neural = reference("neural.py")
    found = []
    for N, dimensions in ((5, [4, 3, 6]), (1, [2, 5, 3])):
        Dx, H, Dy = dimensions
        data, params = rng.normal(0, 1, (N, Dx)), rng.normal(0, 1, Dx * H + H + H * Dy + Dy)
        labels = np.eye(Dy)[rng.integers(0, Dy, N)]
        found.append(Case(
            "neural.py:forward_backward_prop", f"dimensions {dimensions}, N = {N}",
            lambda a=(data, labels, params, dimensions): [tuple(np.copy(x) for x in a[:3]) + (list(a[3]),)],
            neural.forward_backward_prop(data, labels, params, dimensions)))
    return found


def word2vec_cases(rng):
    word2vec = reference("word2vec.py")
    x = rng.normal(0, 2, (4, 3))
    found = [Case("word2vec.py:normalizeRows", "x of shape (4, 3)", lambda: [(x.copy(),)], word2vec.normalizeRows(x))]
    for V, d in ((6, 3), (4, 5)):
        v, U, o = rng.normal(0, 1, d), rng.normal(0, 1, (V, d)), int(rng.integers(V))
        found.append(Case("word2vec.py:naiveSoftmaxLossAndGradient", f"V = {V}, d = {d}",
                          lambda v=v, o=o, U=U: [(v.copy(), o, U.copy(), None)],
                          word2vec.naiveSoftmaxLossAndGradient(v, o, U, None)))
        K = 5
        draws = [int(w) for w in rng.integers(0, V, 40) if w != o]
        negatives = draws[:K]
        found.append(Case(
            "word2vec.py:negSamplingLossAndGradient", f"V = {V}, d = {d}, K = {K}",
            lambda v=v, o=o, U=U, draws=draws, negatives=negatives, K=K: [
                (v.copy(), o, U.copy(), Dataset(draws), K), (v.copy(), o, U.copy(), list(negatives)),
                (v.copy(), o, U.copy(), list(negatives), K)],
            word2vec.negSamplingLossAndGradient(v, o, U, Dataset(draws), K)))
    return found


def answers_cases(rng):
    answers = reference("answers.py")
    v_c, u_k = rng.normal(0, 1, 4), rng.normal(0, 1, 4)
    return [Case(f"answers.py:{name}", f"arguments {arguments}", lambda a=arguments: [tuple(a)],
                 getattr(answers, name)(*arguments))
            for name, arguments in (
                ("neural_net_param_count", (13, 7, 5)), ("language_model_param_count", (37, 6, 11, 3)),
                ("ngram_table_entries", (17, 3)), ("dropout_scale", (0.35,)),
                ("sgd_step_limit", (37.0, 3.0)), ("sigmoid_derivative", (0.3,)),
                ("sigmoid_derivative", (np.array([0.2, 0.7, 0.9]),)),
                ("neg_sampling_outside_grad", (v_c, u_k, 2, [2, 5, 2, 1])))]


def softmaxreg_cases(rng):
    softmaxreg = reference("softmaxreg.py")
    tokens = {"the": 0, "film": 1, "was": 2, "great": 3, "bad": 4}
    vectors, sentence = rng.normal(0, 1, (5, 4)), ["the", "film", "was", "bad", "bad"]
    found = [Case("softmaxreg.py:getSentenceFeature", "a sentence of five words",
                  lambda: [(dict(tokens), vectors.copy(), list(sentence))],
                  softmaxreg.getSentenceFeature(tokens, vectors, sentence))]
    features, labels, weights = rng.normal(0, 1, (6, 3)), rng.integers(0, 4, 6), rng.normal(0, 1, (3, 4))
    found += [Case("softmaxreg.py:softmaxRegression", f"regularization {regularization}",
                   lambda r=regularization: [(features.copy(), labels.copy(), weights.copy(), r, False)],
                   softmaxreg.softmaxRegression(features, labels, weights, regularization, False))
              for regularization in (0.0, 0.3)]
    y, yhat = np.array([1, 2, 0, 3, 3, 1, 2]), np.array([1, 0, 0, 3, 2, 1, 1])
    found.append(Case("softmaxreg.py:accuracy", "7 predictions", lambda: [(y.copy(), yhat.copy())],
                      softmaxreg.accuracy(y, yhat)))
    return found


def optim_cases(rng):
    optim = reference("optim.py")
    theta, grad, m, v = (rng.normal(0, 1, (2, 3)) for _ in range(4))
    v = m ** 2 + np.abs(v)
    found = [Case(f"optim.py:{name}", f"arguments of shape {theta.shape}",
                  lambda a=arguments: [tuple(np.copy(x) if isinstance(x, np.ndarray) else x for x in a)],
                  getattr(optim, name)(*arguments))
             for name, arguments in (
                 ("sgd_step", (theta, grad, 0.1)), ("momentum_step", (theta, grad, m, 0.1, 0.8)),
                 ("adam_step", (theta, grad, m, v, 3, 0.1, 0.8, 0.99, 1e-3)),
                 ("adamw_step", (theta, grad, m, v, 3, 0.1, 0.8, 0.99, 1e-3, 0.2)))]
    h = rng.normal(0, 2, (4, 6))
    found.append(Case(
        "optim.py:dropout", "p_drop 0.4, a seeded rng",
        lambda: [(h.copy(), 0.4, True, np.random.default_rng(5)), (h.copy(), 0.4, np.random.default_rng(5))],
        optim.dropout(h, 0.4, True, np.random.default_rng(5))))
    return found


def language_model_cases(rng):
    language_model = reference("language_model.py")
    V, D, H = 7, 2, 3
    # Weights as Model.random_init(0.5, ...) draws them, but from the seeded generator (random_init uses np.random).
    params = language_model.Params(rng.normal(0, 0.5, (V, D)), rng.normal(0, 0.5, (H, 3 * D)),
                                   rng.normal(0, 0.5, (V, H)), np.zeros(H), np.zeros(V))
    model = language_model.Model(params, [f"w{i}" for i in range(V)])
    inputs, targets = rng.integers(0, V, (5, 3)), rng.integers(0, V, 5)
    activations = model.compute_activations(inputs)
    expanded = model.indicator_matrix(targets)
    derivative = model.compute_loss_derivative(activations.output_layer, expanded)
    params = dict(vars(model.params))
    layers = (activations.embedding_layer, activations.hidden_layer, activations.output_layer)
    return [
        Case("language_model.py:Model.compute_loss_derivative", "a batch of 5",
             lambda: [(model, activations.output_layer.copy(), expanded.copy())], derivative),
        Case("language_model.py:Model.back_propagate", "a batch of 5",
             lambda: [(model, inputs.copy(), activations, derivative.copy()),
                      (dict(params), inputs.copy(), tuple(np.copy(a) for a in layers), derivative.copy())],
             model.back_propagate(inputs, activations, derivative)),
    ]


# In the order they draw from the generator: a new builder goes last, so the others keep their inputs.
CASE_BUILDERS = (softmax_cases, sigmoid_cases, neural_cases, word2vec_cases, answers_cases, softmaxreg_cases,
                 optim_cases, language_model_cases)


def cases():
    """[Case] of every graded function that maps numbers to numbers."""
    rng = np.random.default_rng(23)
    return [case for build in CASE_BUILDERS for case in build(rng)]
