#!/usr/bin/env python
"""Generate data/sentiment.txt, the small sentiment data set of the softmax-regression demo.

It stands in for the Stanford Sentiment Treebank's five-class sentence labels
of the original q4_sentiment.py: short film reviews, and sentences about
anything else, over the vocabulary of data/corpus.txt (so that every word has
a vector from the word2vec demo), labelled 0 (very negative) to 4 (very
positive). A tiny grammar and a seeded generator make it, so running this
script again writes a byte-identical file:

    python data/make_sentiment.py              # writes data/sentiment.txt
    python data/make_sentiment.py --check      # exit 1 if sentiment.txt is stale

Format of sentiment.txt: one sentence per line, `split<TAB>label<TAB>sentence`,
split one of train, dev, test (70 %, 15 %, 15 % of the lines, in a shuffled
order), label an int in 0..4, the sentence lower-case tokens separated by single
spaces. The labels follow the words (an intensifier or a second adjective
makes a review very positive or very negative; other topics are neutral), and
one label in ten is moved by one class, as a human annotator's would be, so no
classifier reaches 100 %.
"""

import argparse
import os
import random
import sys

from make_corpus import (
    DRINK,
    FILM,
    FRIEND,
    INTENSIFIER,
    NEG_VERB,
    NEGATIVE,
    PERSON,
    POS_VERB,
    POSITIVE,
    PRECIP,
    ROYAL,
    WEATHER_ADJ,
    write_or_check,
)
from make_corpus import OUT_PATH as CORPUS_PATH

SEED = 20240612
NUM_SENTENCES = 3000
NOISE = 0.1
SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sentiment.txt")

# Per label, the templates of its sentences: {p}/{q} positive and {n}/{m} negative
# adjectives, {i} an intensifier, {f} a film word, {v} a positive and {w} a negative
# verb, {who} a person, {r} a royal, {d} a drink, {x} precipitation, {a} its adjective.
TEMPLATES = {
    4: ["the {f} was {i} {p} .", "what a {p} and {q} {f} !", "i {v} this {i} {p} {f} .",
        "{who} {v} the {f} , it is {i} {p} and well worth watching .", "a {p} , {q} {f} .",
        "this {f} is {i} {p} , i recommend it ."],
    3: ["the {f} was {p} .", "a {p} {f} .", "{who} liked the {f} .", "the {f} is well made .",
        "the {f} is worth seeing .", "a {p} {f} with a {n} ending ."],
    2: ["the {f} is a story of the {r} .", "{who} sat in the cafe with {d} after the {f} .",
        "the {f} had {x} in it .", "we stayed inside because of the {a} {x} and the {f} .",
        "the {r} and the {man} met after the {f} .", "{who} drank {d} during the {f} ."],
    1: ["the {f} was {n} .", "a {n} {f} .", "{who} disliked the {f} .", "the {f} is not worth it .",
        "the {f} is poorly acted .", "a {n} {f} with a {p} ending ."],
    0: ["the {f} was {i} {n} .", "what a {n} and {m} {f} !", "i {w} this {i} {n} {f} .",
        "{who} {w} the {f} , it is {i} {n} and a waste of time .", "a {n} , {m} {f} .",
        "this {f} is {i} {n} , avoid it ."],
}


def sentence(rng, label):
    """One sentence of the given label (0..4)."""
    words = dict(p=rng.choice(POSITIVE), q=rng.choice(POSITIVE), n=rng.choice(NEGATIVE), m=rng.choice(NEGATIVE),
                 i=rng.choice(INTENSIFIER), f=rng.choice(FILM), v=rng.choice(POS_VERB), w=rng.choice(NEG_VERB),
                 who=rng.choice(FRIEND), r=rng.choice(ROYAL), d=rng.choice(DRINK), x=rng.choice(PRECIP),
                 a=rng.choice(WEATHER_ADJ), man=rng.choice(PERSON))
    return " ".join(rng.choice(TEMPLATES[label]).format(**words).split())


def generate(num_sentences=NUM_SENTENCES, seed=SEED):
    """Return the data set as a list of (split, label, sentence).

    Arguments:
    num_sentences -- int: number of sentences.
    seed -- int: seed of the private random generator.
    """
    rng = random.Random(seed)
    rows = []
    for _ in range(num_sentences):
        label = rng.randrange(5)
        text = sentence(rng, label)
        if rng.random() < NOISE:
            label = min(4, max(0, label + rng.choice((-1, 1))))
        rows.append((label, text))
    rng.shuffle(rows)
    splits, start = [], 0
    for name, share in SPLITS:
        count = round(share * num_sentences) if name != SPLITS[-1][0] else num_sentences - start
        splits += [name] * count
        start += count
    return [(split, label, text) for split, (label, text) in zip(splits, rows)]


def data_text(num_sentences=NUM_SENTENCES, seed=SEED):
    """Return the full text of sentiment.txt."""
    return "".join(f"{split}\t{label}\t{text}\n" for split, label, text in generate(num_sentences, seed))


def unknown_words(text, corpus_path=CORPUS_PATH):
    """The words of text (sentiment.txt's) that data/corpus.txt does not have, sorted."""
    with open(corpus_path, encoding="utf-8") as f:
        vocabulary = set(f.read().split())
    used = {word for line in text.splitlines() for word in line.split("\t")[2].split()}
    return sorted(used - vocabulary)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT_PATH, help="output file (default: data/sentiment.txt)")
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args(argv)

    text = data_text()
    unknown = unknown_words(text)
    if unknown:
        print(f"words missing from {CORPUS_PATH}: {', '.join(unknown)}")
        return 1
    return write_or_check(args.out, text, args.check, "data/make_sentiment.py",
                          f"{text.count(chr(10))} sentences, {len(text)} bytes")


if __name__ == "__main__":
    sys.exit(main())
