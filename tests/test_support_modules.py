"""The support modules written for the original handouts' imports: CSC421's tsne.py maps clusters
apart, and XCS224N's utils/sanity_checks.py holds the values the reference computes for its inputs."""
import importlib.util
import random

import numpy as np

from tests.mutants import REFERENCE
from tests.toy_grading import forgetting_imports


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tsne_keeps_clusters_apart():
    tsne = load("_provided_tsne", REFERENCE / "tsne.py")
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(centre, 0.3, (15, 8)) for centre in (0.0, 3.0, 6.0)])
    Y = tsne.tsne(X, iterations=300)
    labels = np.repeat([0, 1, 2], 15)
    centres = np.array([Y[labels == k].mean(axis=0) for k in range(3)])
    spread = max(np.linalg.norm(Y[labels == k] - centres[k], axis=1).max() for k in range(3))
    gap = min(np.linalg.norm(centres[a] - centres[b]) for a in range(3) for b in range(a + 1, 3))
    assert Y.shape == (45, 2) and gap > 4 * spread, (gap, spread)
    assert np.array_equal(Y, tsne.tsne(X, iterations=300))  # the same X, the same map


def test_sanity_check_data_is_the_references(monkeypatch):
    with forgetting_imports(REFERENCE):
        monkeypatch.syspath_prepend(str(REFERENCE))
        state = random.getstate()
        checks = importlib.import_module("utils.sanity_checks")
        assert random.getstate() == state  # importing it sets no seed
        word2vec = importlib.import_module("word2vec")
        inputs, outputs = checks.inputs, checks.outputs
        dataset, vectors, tokens = checks.dummy()
        naive = inputs["test_naivesoftmax"]
        got = word2vec.naiveSoftmaxLossAndGradient(naive["centerWordVec"], naive["outsideWordIdx"],
                                                   naive["outsideVectors"], dataset)
        wanted = outputs["test_naivesoftmax"]
        assert all(np.allclose(g, w) for g, w in zip(got, (wanted["loss"], wanted["dj_dvc"], wanted["dj_du"])))
        assert np.allclose(word2vec.sigmoid(inputs["test_sigmoid"]["x"]), outputs["test_sigmoid"]["s"])
        case = inputs["test_word2vec"]
        got = word2vec.skipgram(case["currentCenterWord"], case["windowSize"], case["outsideWords"], tokens,
                                vectors[:5], vectors[5:], dataset, word2vec.naiveSoftmaxLossAndGradient)
        wanted = outputs["test_word2vec"]
        assert all(np.allclose(g, w) for g, w in zip(got, (wanted["loss"], wanted["dj_dv"], wanted["dj_du"])))
