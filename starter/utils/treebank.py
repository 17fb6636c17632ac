#!/usr/bin/env python
"""A small text corpus with the dataset interface word2vec training uses.

``StanfordSentiment`` keeps the name and the methods of the class the original
run.py uses (tokens, sampleTokenIdx, getRandomContext, sentences,
numSentences), but reads the small generated corpus shipped with this project
(``data/corpus.txt``, written by ``data/make_corpus.py``) instead of the
Stanford Sentiment Treebank. Any text file with one sentence per line and
tokens separated by whitespace can be used instead (``path=``).

All sampling draws from Python's ``random`` module (never ``np.random``), so
seeding ``random`` makes training reproducible and a gradient checker can
replay a batch with ``random.getstate()`` / ``random.setstate()``.
"""

import os
import random

import numpy as np

_HERE = os.path.dirname(os.path.abspath(__file__))
# The repository keeps the corpus in data/ next to reference/ (and starter/);
# a handout that puts utils/ and data/ side by side is supported too.
_CANDIDATES = [
    os.path.normpath(os.path.join(_HERE, "..", "..", "data", "corpus.txt")),
    os.path.normpath(os.path.join(_HERE, "..", "data", "corpus.txt")),
]
DEFAULT_PATH = next((p for p in _CANDIDATES if os.path.isfile(p)),
                    _CANDIDATES[0])


class StanfordSentiment:
    """A corpus of sentences with the word2vec dataset interface.

    Tokens are lower-cased and split on whitespace. Word indices follow the
    order of first appearance in the file; the extra token "UNK" (count 0,
    never sampled) comes last, as in the original class.
    """

    def __init__(self, path=None, tablesize=1000000):
        """Create the dataset. The file is read lazily, on first use.

        Arguments:
        path -- str or None: the corpus file; None means data/corpus.txt of
                this project (../../data/corpus.txt from this file, or else
                ../data/corpus.txt).
        tablesize -- int: length of the table sampleTokenIdx draws from.
        """
        self.path = DEFAULT_PATH if path is None else path
        self.tablesize = int(tablesize)
        self._sentences = None
        self._tokens = None
        self._tokenfreq = None
        self._revtokens = None
        self._wordcount = None
        self._sampleTable = None
        self._hasContext = None

    def sentences(self):
        """Return the corpus.

        Return:
        sentences -- list of lists of str: one list of tokens per non-empty
                     line of the file.
        """
        if self._sentences is None:
            sentences = []
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    words = line.lower().split()
                    if words:
                        sentences.append(words)
            if not sentences:
                raise ValueError(f"corpus {self.path} has no sentences")
            self._sentences = sentences
        return self._sentences

    def numSentences(self):
        """Return the number of sentences (int)."""
        return len(self.sentences())

    def tokens(self):
        """Return the vocabulary.

        Return:
        tokens -- dict: word (str) -> index (int), indices 0..V-1.
        """
        if self._tokens is None:
            tokens = {}
            tokenfreq = {}
            revtokens = []
            wordcount = 0
            for sentence in self.sentences():
                for w in sentence:
                    wordcount += 1
                    if w not in tokens:
                        tokens[w] = len(revtokens)
                        revtokens.append(w)
                        tokenfreq[w] = 0
                    tokenfreq[w] += 1
            if "UNK" not in tokens:
                tokens["UNK"] = len(revtokens)
                revtokens.append("UNK")
                tokenfreq["UNK"] = 0
            self._tokens = tokens
            self._tokenfreq = tokenfreq
            self._revtokens = revtokens
            self._wordcount = wordcount
        return self._tokens

    def tokenfreq(self):
        """Return dict: word (str) -> number of occurrences in the corpus."""
        self.tokens()
        return self._tokenfreq

    def revtokens(self):
        """Return list of str: the word of each index."""
        self.tokens()
        return self._revtokens

    def wordcount(self):
        """Return the total number of tokens in the corpus (int)."""
        self.tokens()
        return self._wordcount

    def sampleTable(self):
        """Return the negative-sampling table.

        Return:
        table -- numpy int array of shape (tablesize,): word indices, each
                 word w filling a share of the table proportional to
                 count(w) ** 0.75.
        """
        if self._sampleTable is None:
            revtokens = self.revtokens()
            freq = self.tokenfreq()
            weights = np.array([freq[w] for w in revtokens],
                               dtype=np.float64) ** 0.75
            cumulative = np.cumsum(weights / weights.sum())
            # slot j holds the word whose cumulative share first exceeds
            # (j + 0.5) / tablesize
            positions = (np.arange(self.tablesize) + 0.5) / self.tablesize
            table = np.searchsorted(cumulative, positions, side="right")
            self._sampleTable = np.minimum(table, len(revtokens) - 1)
        return self._sampleTable

    def sampleTokenIdx(self):
        """Draw one word index from the unigram ** 0.75 distribution.

        Uses one random.randint draw.

        Return:
        idx -- int: a word index.
        """
        table = self.sampleTable()
        return int(table[random.randint(0, self.tablesize - 1)])

    def getRandomContext(self, C=5):
        """Draw a random centre word and its context.

        A sentence and a position in it are drawn with random.randint; the
        context is up to C words on each side of that position, with the
        occurrences of the centre word itself removed. Draws that leave an
        empty context are repeated.

        Arguments:
        C -- int: the window size.

        Return:
        centerword -- str: the centre word.
        context -- list of at most 2C str: the context words, in order.
        """
        if C < 1:
            raise ValueError("the window size C must be at least 1")
        sentences = self.sentences()
        if self._hasContext is None:
            self._hasContext = any(len(set(s)) > 1 for s in sentences)
        if not self._hasContext:
            raise ValueError(f"no sentence of {self.path} has two different words")
        while True:
            sentence = sentences[random.randint(0, len(sentences) - 1)]
            wordID = random.randint(0, len(sentence) - 1)
            centerword = sentence[wordID]
            context = (sentence[max(0, wordID - C):wordID]
                       + sentence[wordID + 1:wordID + C + 1])
            context = [w for w in context if w != centerword]
            if context:
                return centerword, context
