"""Checks of the word2vec dataset (reference/utils/treebank.py) and of the generated corpus
(data/make_corpus.py)."""
import os
import random

import numpy as np
import pytest

from tests.reference_modules import REPO, load, treebank

make_corpus = load("_make_corpus_under_test", os.path.join(REPO, "data", "make_corpus.py"))


def test_corpus_is_up_to_date():
    with open(make_corpus.OUT_PATH, encoding="utf-8") as f:
        text = f.read()
    assert text == make_corpus.corpus_text(), \
        "stale corpus: run python data/make_corpus.py"
    assert len(text.encode("utf-8")) < 300 * 1024


@pytest.fixture(scope="module")
def corpus():
    return treebank.StanfordSentiment()


def test_dataset_tokens_and_sentences(corpus):
    tokens = corpus.tokens()
    sentences = corpus.sentences()
    assert corpus.numSentences() == len(sentences) > 1000
    assert sorted(tokens.values()) == list(range(len(tokens)))
    for word in ["great", "cool", "brilliant", "wonderful", "well", "amazing",
                 "worth", "sweet", "enjoyable", "boring", "bad", "dumb",
                 "annoying", "female", "male", "queen", "king", "man",
                 "woman", "rain", "snow", "hail", "coffee", "tea"]:
        assert word in tokens
        assert corpus.tokenfreq()[word] >= 50, word
    assert all(w in tokens for s in sentences for w in s)


def test_dataset_sampling_uses_python_random_only(corpus):
    np_state = np.random.get_state()[1].copy()
    random.seed(1)
    first = ([corpus.sampleTokenIdx() for _ in range(50)],
             [corpus.getRandomContext(3) for _ in range(20)])
    random.seed(1)
    second = ([corpus.sampleTokenIdx() for _ in range(50)],
              [corpus.getRandomContext(3) for _ in range(20)])
    assert first == second
    assert np.array_equal(np.random.get_state()[1], np_state)


def test_dataset_sample_table_follows_unigram_three_quarters(corpus):
    table = corpus.sampleTable()
    revtokens = corpus.revtokens()
    freq = corpus.tokenfreq()
    weights = np.array([freq[w] for w in revtokens], dtype=float) ** 0.75
    expected = weights / weights.sum() * len(table)
    counts = np.bincount(table, minlength=len(revtokens))
    assert np.all(np.abs(counts - expected) <= 1.0)
    assert counts[corpus.tokens()["UNK"]] == 0
    idx = corpus.sampleTokenIdx()
    assert isinstance(idx, int) and 0 <= idx < len(revtokens)


def test_dataset_random_context(corpus):
    random.seed(3)
    for C in (1, 2, 5):
        for _ in range(200):
            centre, context = corpus.getRandomContext(C)
            assert isinstance(centre, str)
            assert 1 <= len(context) <= 2 * C
            assert centre not in context


def test_dataset_custom_path(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("The cat sat\n\nthe dog sat .\n", encoding="utf-8")
    ds = treebank.StanfordSentiment(path=str(path), tablesize=1000)
    assert ds.sentences() == [["the", "cat", "sat"],
                              ["the", "dog", "sat", "."]]
    assert ds.tokens() == {"the": 0, "cat": 1, "sat": 2, "dog": 3, ".": 4,
                           "UNK": 5}
    random.seed(0)
    centre, context = ds.getRandomContext(1)
    assert centre in ds.tokens() and context
