"""Sanity-check data of the XCS224N edition of the word2vec assignment (provided module).

That edition's `word2vec.py` starts with `from utils.sanity_checks import *`, and its test
functions (run with `python word2vec.py`, never by the grader) read `dummy()`, `inputs` and
`outputs`: the dummy dataset and vectors, the arguments of each check and the values
the check prints as expected. Written for this project: the same names, the expected
values stored as numbers.
"""
import random

import numpy as np

from utils.utils import normalizeRows

WORDS = ("a", "b", "c", "d", "e")


class DummyDataset:
    """The official checks' dataset: five tokens, drawn with Python's random."""

    def sampleTokenIdx(self):
        return random.randint(0, 4)

    def getRandomContext(self, C):
        """(a centre word, 2C context words), all drawn from "a".."e"."""
        return WORDS[random.randint(0, 4)], [WORDS[random.randint(0, 4)] for _ in range(2 * C)]

    def tokens(self):
        return {word: index for index, word in enumerate(WORDS)}


def dummy_vectors():
    """(10, 3) unit rows, the official checks' vectors (numpy seed 9265), drawn without touching numpy's
    global generator: the first five are the centre vectors, the last five the outside ones."""
    return normalizeRows(np.random.RandomState(9265).randn(10, 3))


def dummy():
    """(dataset, dummy_vectors (10, 3), dummy_tokens), with the official seeds set (31415 for
    Python's random, 9265 for numpy's), as the checks that follow expect."""
    random.seed(31415)
    np.random.seed(9265)
    dataset = DummyDataset()
    return dataset, dummy_vectors(), dataset.tokens()


inputs = {
    "test_naivesoftmax": {
        "centerWordVec": np.array([-0.5, 0.25, 1.0]),
        "outsideWordIdx": 2,
        "outsideVectors": dummy_vectors()[5:],
    },
    "test_sigmoid": {"x": np.array([-2.0, -0.5, 0.0, 0.5, 2.0])},
    "test_word2vec": {"currentCenterWord": "c", "windowSize": 3, "outsideWords": ["a", "b", "e", "d", "b", "c"]},
}

outputs = {
    "test_naivesoftmax": {
        "loss": 2.0209111104531794,
        "dj_dvc": np.array([0.08949373239609913, -0.6526514659155422, 0.8212399020212701]),
        "dj_du": np.array([[-0.22468177831029937, 0.11234088915514968, 0.44936355662059874],
                           [-0.04610405385519008, 0.02305202692759504, 0.09220810771038015],
                           [0.4337326718286876, -0.2168663359143438, -0.8674653436573752],
                           [-0.04662601016216943, 0.02331300508108471, 0.09325202032433885],
                           [-0.11632082950102877, 0.05816041475051439, 0.23264165900205755]]),
    },
    "test_sigmoid": {
        "s": np.array([0.11920292202211755, 0.37754066879814546, 0.5, 0.6224593312018546, 0.8807970779778823]),
    },
    "test_word2vec": {
        "loss": 11.166109001533979,
        "dj_dv": np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0],
                           [-1.2694733941206733, -1.368731894660754, 2.451589567541487],
                           [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
        "dj_du": np.array([[-0.4104595643866803, 0.18834850557854588, 1.4327226365127261],
                           [0.3820283118271188, -0.17530219262608443, -1.3334824124790625],
                           [0.0700935533394334, -0.03216398682754337, -0.24466385792002565],
                           [0.09472153793261495, -0.04346508563484826, -0.330628649777323],
                           [-0.13638383871248677, 0.06258275950993017, 0.47605228366368485]]),
    },
}
