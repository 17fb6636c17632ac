#!/usr/bin/env python
"""Train the neural language model of CSC421 programming assignment 1 with the reference solution.

    python demos/train_language_model.py [--epochs N] [--batches N] [--out DIR]
                                         [--embedding-dim D] [--num-hid N_H] [--seed S]

The handout's train(16, 128): embeddings of D = 16, N_H = 128 logistic hidden units,
mini-batches of 100, learning rate 0.1, momentum 0.9, initial weights N(0, 0.01^2),
at most 50 epochs, on data/language_model_data.npz (four-word windows of the
project's corpus, made by data/make_language_model_data.py). It uses
reference/language_model.py's Model, so the gradients are the reference's.

After every epoch it prints the training and validation cross-entropy. Early
stopping is the original's: training stops the first time the validation
cross-entropy goes up (the original measures it every 1000 batches, this demo
after every epoch of 178 batches), and the model of that moment is kept.

Then it prints the final cross-entropies, the most probable next words after a few
contexts and the nearest words of a few words, and writes to the output folder
(default out/language_model/ in the repository):
    model.npz        the five parameters and the vocabulary (np.load(..., allow_pickle=False))
    curves.png       training and validation cross-entropy per epoch
    embeddings.png   the embeddings of run.py's word list and a few more, projected on their top
                     two singular directions and labelled

At the defaults it stops early after about 25 epochs, in about 12 s of CPU (24 s on a busy 2-core
machine); --epochs and --batches (per epoch) shorten it.
"""
import argparse
import os
import sys
import time

# One BLAS thread: the matrices are small (100 x 233 at most), and threads that wait for each other
# made a step 15 times slower in CPU time (45 ms instead of 3 ms) on a shared 2-core machine.
# Set before numpy is imported, which is when OpenBLAS reads it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402
from wordplot import plot_words, projection_2d  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "reference")
DATA = os.path.join(ROOT, "data", "language_model_data.npz")
DEFAULT_OUT = os.path.join(ROOT, "out", "language_model")

CONTEXTS = [("i", "recommend", "this"), ("a", "waste", "of"), ("the", "king", "ruled"), ("she", "poured", "coffee")]
NEAREST = ["king", "coffee", "boring", "snow", "doctor"]
# The words of the embeddings plot: the list CS224n's run.py plots, and the nearest-word examples.
LABELLED = ["great", "cool", "brilliant", "wonderful", "well", "amazing", "worth", "sweet", "enjoyable", "boring",
            "bad", "dumb", "annoying", "female", "male", "queen", "king", "man", "woman", "rain", "snow", "hail",
            "coffee", "tea", "doctor", "pilot", "teacher"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=50, help="the most epochs to run (default %(default)s)")
    parser.add_argument("--batches", type=int, default=None,
                        help="mini-batches per epoch (default: the whole training set, 178)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: out/language_model)")
    parser.add_argument("--embedding-dim", type=int, default=16, help="D (default %(default)s)")
    parser.add_argument("--num-hid", type=int, default=128, help="N_H (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="numpy's seed: initial weights and shuffles")
    args = parser.parse_args(argv)
    for name in ("epochs", "batches", "embedding_dim", "num_hid"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def train(lm, data, args):
    """Train a Model of reference module lm on data (load_data's dict) as the handout's train() does.
    Returns (the Model, [(epoch, training CE, validation CE)])."""
    config = lm.DEFAULT_TRAINING_CONFIG
    batch_size, context_len = config["batch_size"], config["context_len"]
    model = lm.Model.random_init(config["init_wt"], data["vocab"], context_len, args.embedding_dim, args.num_hid)
    delta = lm.Params.zeros(len(data["vocab"]), context_len, args.embedding_dim, args.num_hid)
    per_epoch = data["train_inputs"].shape[0] // batch_size
    batches = min(args.batches or per_epoch, per_epoch)
    history, best_valid = [], np.inf
    for epoch in range(1, args.epochs + 1):
        total = 0.
        progress = tqdm(lm.get_batches(data["train_inputs"], data["train_targets"], batch_size), total=batches,
                        desc=f"epoch {epoch}", unit="batch", leave=False, file=sys.stderr)
        for count, (input_batch, target_batch) in enumerate(progress, 1):
            activations = model.compute_activations(input_batch)
            expanded_target_batch = model.indicator_matrix(target_batch)
            loss_derivative = model.compute_loss_derivative(activations.output_layer, expanded_target_batch)
            loss_derivative /= batch_size  # the loss is a total over the batch; a step uses its mean
            total += model.compute_loss(activations.output_layer, expanded_target_batch) / batch_size
            delta = config["momentum"] * delta + model.back_propagate(input_batch, activations, loss_derivative)
            model.params -= config["learning_rate"] * delta
            if count % 20 == 0:
                progress.set_postfix(train_CE=f"{total / count:.3f}")
            if count == batches:
                break
        progress.close()
        valid = model.evaluate(data["valid_inputs"], data["valid_targets"])
        history.append((epoch, total / batches, valid))
        tqdm.write(f"epoch {epoch}: training cross-entropy {total / batches:.3f}, validation cross-entropy {valid:.3f}")
        if valid > best_valid:
            tqdm.write("Validation error increasing!  Training stopped.")
            break
        best_valid = valid
    return model, history


def save_model(model, path):
    """The parameters and the vocabulary as an .npz that loads without pickle."""
    params = {name: getattr(model.params, name) for name in
              ("word_embedding_weights", "embed_to_hid_weights", "hid_to_output_weights", "hid_bias", "output_bias")}
    np.savez(path, vocab=np.array(model.vocab), **params)


def plot_curves(history, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs, training, validation = zip(*history)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(epochs, training, "o-", label="training (mean over the epoch's batches)")
    ax.plot(epochs, validation, "s-", label="validation (after the epoch)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy per word (nats)")
    ax.set_title("Neural language model: cross-entropy")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_embeddings(model, path):
    """The embeddings of LABELLED's words, projected on their own top two singular directions, labelled."""
    words = [w for w in LABELLED if w in model.vocab]
    vectors = model.params.word_embedding_weights[[model.vocab.index(w) for w in words]]
    plot_words(words, projection_2d(vectors), path,
               title=f"Word embeddings (D = {model.embedding_dim}) of {len(words)} words, projected in 2-D",
               xlabel="first singular direction of these words' embeddings",
               ylabel="second singular direction")


def print_nearest_words(model, word, k):
    """Print the k words nearest to word (Euclidean distance between embeddings), as the handout's
    display_nearest_words does, with three decimals."""
    embeddings = model.params.word_embedding_weights
    distance = np.linalg.norm(embeddings - embeddings[model.vocab.index(word)], axis=1)
    for i in np.argsort(distance, kind="stable")[1:1 + k]:  # the nearest word is the word itself
        print(f"{model.vocab[i]}: {distance[i]:.3f}")


def main(argv=None):
    args = parse_args(argv)
    out_dir = os.path.abspath(args.out)
    sys.path.insert(0, REFERENCE)
    import language_model as lm

    np.random.seed(args.seed)
    data = lm.load_data(DATA)
    print(f"{DATA}: {len(data['vocab'])} words, {data['train_inputs'].shape[0]} training, "
          f"{data['valid_inputs'].shape[0]} validation and {data['test_inputs'].shape[0]} test cases")
    print(f"training D = {args.embedding_dim}, N_H = {args.num_hid} for at most {args.epochs} epochs")
    started = time.perf_counter()
    model, history = train(lm, data, args)
    print(f"training took {time.perf_counter() - started:.1f} s ({len(history)} epochs)")
    for split in ("train", "valid", "test"):
        print(f"Final {split} cross-entropy: {model.evaluate(data[split + '_inputs'], data[split + '_targets']):.3f}")

    print("\nMost probable next words:")
    for context in CONTEXTS:
        model.predict_next_word(*context, k=3)
    for word in NEAREST:
        print(f"\nNearest words of {word!r}:")
        print_nearest_words(model, word, k=5)

    os.makedirs(out_dir, exist_ok=True)
    outputs = {"model.npz": lambda path: save_model(model, path),
               "curves.png": lambda path: plot_curves(history, path),
               "embeddings.png": lambda path: plot_embeddings(model, path)}
    print()
    for name, write in outputs.items():
        write(os.path.join(out_dir, name))
        print(f"saved {os.path.join(out_dir, name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
