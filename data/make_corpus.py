#!/usr/bin/env python
"""Generate data/corpus.txt, the small training corpus of the word2vec demo.

The corpus stands in for the Stanford Sentiment Treebank of the original
run.py. It is produced by a tiny hand-written grammar and a seeded random
generator, so running this script again writes a byte-identical file:

    python data/make_corpus.py              # writes data/corpus.txt
    python data/make_corpus.py --check      # exit 1 if corpus.txt is stale

Format of corpus.txt: one sentence per line, lower-case tokens separated by
single spaces (punctuation is a token of its own).

The grammar puts each group of run.py's plot words into its own consistent
contexts, so that words of a group get similar vectors:

- positive review words (great, cool, brilliant, wonderful, amazing, sweet,
  enjoyable, and the phrases "well made", "worth watching");
- negative review words (boring, bad, dumb, annoying);
- gendered words in pairs (king/queen, man/woman, male/female) whose
  contexts differ by he/she, his/her, son/daughter, and which share royal,
  everyday or descriptive contexts within a pair;
- weather (rain, snow, hail) and drinks (coffee, tea).
"""

import argparse
import os
import random
import sys

SEED = 20240611
NUM_SENTENCES = 4000
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "corpus.txt")

POSITIVE = ["great", "cool", "brilliant", "wonderful", "amazing", "sweet",
            "enjoyable"]
NEGATIVE = ["boring", "bad", "dumb", "annoying"]
FILM = ["film", "movie", "story", "plot", "script", "ending", "cast",
        "soundtrack", "comedy", "drama"]
INTENSIFIER = ["very", "really", "so", "truly", "quite"]
POS_VERB = ["loved", "enjoyed", "liked", "adored"]
NEG_VERB = ["hated", "disliked", "regretted", "endured"]
FRIEND = ["my friend", "my sister", "my brother", "everyone", "the critic",
          "the audience"]

# (masculine, feminine) pairs and their pronouns.
ROYAL = ("king", "queen")
PERSON = ("man", "woman")
SEX = ("male", "female")
SUBJ = ("he", "she")
POSS = ("his", "her")
CHILD = ("son", "daughter")
REALM = ["kingdom", "land", "realm", "empire", "country"]
ROYAL_PLACE = ["castle", "palace", "throne room", "royal court"]
PLACE = ["market", "station", "shop", "park", "office", "library"]
ANIMAL = ["bird", "lion", "cat", "horse", "dog", "deer"]
ROLE = ["singer", "doctor", "student", "teacher", "pilot", "writer"]

PRECIP = ["rain", "snow", "hail"]
WEATHER_ADJ = ["heavy", "cold", "icy", "steady", "sudden"]
WEATHER_PLACE = ["the roof", "the town", "the hills", "the fields",
                 "the road", "the village"]
SEASON = ["winter", "autumn", "the storm", "the night", "the afternoon"]

DRINK = ["coffee", "tea"]
DRINK_ADJ = ["hot", "strong", "fresh", "warm", "black"]
DRINK_TIME = ["breakfast", "the morning", "work", "lunch", "the meeting"]
DRINK_ADD = ["milk", "sugar", "honey", "lemon"]


def _positive(rng):
    adj = rng.choice(POSITIVE)
    adj2 = rng.choice(POSITIVE)
    film = rng.choice(FILM)
    templates = [
        "the {f} was {a} .",
        "a {a} {f} .",
        "this {f} is {i} {a} and well made .",
        "the {f} is {a} and well worth watching .",
        "i {v} this {a} {f} .",
        "{p} {v} the {a} {f} .",
        "what a {a} and {b} {f} !",
        "{a} , {b} and well worth seeing .",
        "the {f} was {i} {a} , i {v} it .",
        "a {i} {a} {f} that is well worth the time .",
        "well acted and {a} , the {f} is worth it .",
        "i recommend this {a} {f} , it is {b} fun .",
    ]
    return rng.choice(templates).format(
        a=adj, b=adj2, f=film, i=rng.choice(INTENSIFIER),
        v=rng.choice(POS_VERB), p=rng.choice(FRIEND))


def _negative(rng):
    adj = rng.choice(NEGATIVE)
    adj2 = rng.choice(NEGATIVE)
    film = rng.choice(FILM)
    templates = [
        "the {f} was {a} .",
        "a {a} {f} .",
        "this {f} is {i} {a} and a waste of time .",
        "the {f} is {a} , avoid it .",
        "i {v} this {a} {f} .",
        "{p} {v} the {a} {f} .",
        "what a {a} and {b} {f} !",
        "{a} , {b} and a waste of money .",
        "the {f} was {i} {a} , i {v} it .",
        "a {i} {a} {f} that nobody should see .",
        "poorly acted and {a} , the {f} is not worth it .",
        "i fell asleep during this {a} {f} , it is {b} .",
    ]
    return rng.choice(templates).format(
        a=adj, b=adj2, f=film, i=rng.choice(INTENSIFIER),
        v=rng.choice(NEG_VERB), p=rng.choice(FRIEND))


def _gendered(rng):
    g = rng.randrange(2)                       # 0 masculine, 1 feminine
    words = dict(
        r=ROYAL[g], m=PERSON[g], x=SEX[g], s=SUBJ[g], o=POSS[g],
        c=CHILD[g], R=rng.choice(REALM), P=rng.choice(ROYAL_PLACE),
        L=rng.choice(PLACE), A=rng.choice(ANIMAL), J=rng.choice(ROLE),
        rr=ROYAL[1 - g], mm=PERSON[1 - g], xx=SEX[1 - g])
    templates = [
        # royal contexts: king / queen
        "the {r} ruled the {R} and {s} lived in the {P} .",
        "the old {r} sat on the throne in the {P} .",
        "long live the {r} of the {R} !",
        "the {r} and {o} {c} rode to the {P} .",
        "the {r} wore {o} crown and ruled the {R} .",
        "the {r} married the {rr} of the {R} .",
        "the {r} said {s} would defend the {R} .",
        # everyday contexts: man / woman
        "the {m} walked to the {L} and {s} bought bread .",
        "a young {m} waited at the {L} with {o} {c} .",
        "the {m} said {s} was tired after work .",
        "an old {m} sat in the {L} reading {o} book .",
        "the {m} and the {mm} met at the {L} .",
        "the {m} called {o} {c} from the {L} .",
        # descriptive contexts: male / female
        "the {x} {A} guarded {o} young .",
        "a {x} {J} gave {o} first talk today .",
        "the {x} {A} is larger than the {xx} one .",
        "the {x} {J} said {s} loved the job .",
        "a {x} voice sang the song .",
        "{x} and {xx} {J}s work together .",
        # links across the pairs of one gender
        "the {r} is a {x} ruler and a {m} of the {R} .",
        "every {m} knows the {x} {J} .",
    ]
    return rng.choice(templates).format(**words)


def _weather(rng):
    templates = [
        "{w} fell on {p} all night .",
        "{a} {w} fell during {s} .",
        "the forecast says {w} tomorrow .",
        "we stayed inside because of the {a} {w} .",
        "the {w} stopped and the sky cleared .",
        "{a} {w} covered {p} .",
        "it was cold and the {w} kept falling .",
        "the storm brought {a} {w} to {p} .",
    ]
    return rng.choice(templates).format(
        w=rng.choice(PRECIP), a=rng.choice(WEATHER_ADJ),
        p=rng.choice(WEATHER_PLACE), s=rng.choice(SEASON))


def _drink(rng):
    templates = [
        "she drank a cup of {a} {d} at {t} .",
        "he made {a} {d} with {m} .",
        "i ordered {d} with {m} and {m2} .",
        "a pot of {a} {d} was on the table .",
        "we had {d} and cake after {t} .",
        "the cafe serves {a} {d} all day .",
        "he poured {d} into a mug .",
        "i like my {d} {a} with {m} .",
    ]
    return rng.choice(templates).format(
        d=rng.choice(DRINK), a=rng.choice(DRINK_ADJ), t=rng.choice(DRINK_TIME),
        m=rng.choice(DRINK_ADD), m2=rng.choice(DRINK_ADD))


# (generator, weight)
SENTENCE_KINDS = [
    (_positive, 0.27),
    (_negative, 0.20),
    (_gendered, 0.28),
    (_weather, 0.13),
    (_drink, 0.12),
]


def generate(num_sentences=NUM_SENTENCES, seed=SEED):
    """Return the corpus as a list of sentences (strings).

    Arguments:
    num_sentences -- int: number of sentences.
    seed -- int: seed of the private random generator.
    """
    rng = random.Random(seed)
    makers = [m for m, _ in SENTENCE_KINDS]
    weights = [w for _, w in SENTENCE_KINDS]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    sentences = []
    for _ in range(num_sentences):
        r = rng.random() * total
        k = 0
        while k < len(cumulative) - 1 and r >= cumulative[k]:
            k += 1
        sentences.append(" ".join(makers[k](rng).split()))
    return sentences


def corpus_text(num_sentences=NUM_SENTENCES, seed=SEED):
    """Return the full text of corpus.txt."""
    return "\n".join(generate(num_sentences, seed)) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT_PATH,
                        help="output file (default: data/corpus.txt)")
    parser.add_argument("--check", action="store_true",
                        help="only check that the file is up to date")
    args = parser.parse_args(argv)

    text = corpus_text()
    return write_or_check(args.out, text, args.check, "data/make_corpus.py",
                          f"{text.count(chr(10))} sentences, {len(text.split())} tokens, {len(text)} bytes")


def write_or_check(path, text, check, script, summary):
    """Write text to path and print what was written (summary), or with check=True report whether
    path already holds it; return the exit status. The data generators of this folder share it."""
    if check:
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != text:
            print(f"{path} is missing or stale; run python {script}")
            return 1
        print(f"{path} is up to date")
        return 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {path}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
