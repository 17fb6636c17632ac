"""Hints and named-mistake texts for word2vec.py."""
import numpy as np

RETURNS = ("loss", "gradCenterVec", "gradOutsideVecs")  # what the two losses return, named in messages
SHAPES = "gradCenterVec has the shape of centerWordVec, (d,), not (1, d) or (d, 1); gradOutsideVecs is (V, d)"
NORMALIZE = "divide each row by its own L2 norm sqrt(sum(x**2)), kept as an (N, 1) column"
LEAVE_INPUTS = "build new arrays instead of changing the arguments in place"

NAIVE = ("loss = -log softmax(U v_c)[o]; gradCenterVec = U.T (y_hat - y); gradOutsideVecs = outer(y_hat - y, v_c), "
         "with U = outsideVectors, v_c = centerWordVec, y the one-hot vector of o")
NAIVE_LOSS = "loss = -log(y_hat[o]) with y_hat = softmax(outsideVectors @ centerWordVec)"
NAIVE_GRAD_CENTER = "gradCenterVec = outsideVectors.T @ (y_hat - y), y the one-hot vector of o"
NAIVE_GRAD_OUTSIDE = "gradOutsideVecs = outer(y_hat - y, centerWordVec): row w is (y_hat[w] - y[w]) v_c"
NAIVE_STABLE = "use the provided (max-subtracted) softmax, or subtract the largest score before exp()"
NAIVE_SOFTMAX_IN_PLACE = "build new arrays; the provided softmax changes its argument in place, so pass it a copy"
FLIPPED_SIGN = "the sign is flipped: it is y_hat - y, not y - y_hat"

NEG = ("draw the negatives with exactly one getNegativeSamples call; loss = -log s(u_o.v_c) - sum_k log s(-u_k.v_c) "
       "with one term per draw, repeats included")
NEG_GRAD_CENTER = "gradCenterVec = -(1 - s(u_o.v_c)) u_o + sum_k (1 - s(-u_k.v_c)) u_k"
NEG_GRAD_OUTSIDE = ("row o is -(1 - s(u_o.v_c)) v_c; row k gets (1 - s(-u_k.v_c)) v_c per draw of k; "
                    "other rows are zero")
NEG_STABLE = ("-log s(z) = log(1 + exp(-z)) overflows for z = -1000: use np.logaddexp(0, -z) "
              "or a sigmoid that never computes exp of a large positive number")
NEG_DRAWS = ("negatives must be drawn through the dataset: keep the provided "
             "getNegativeSamples(outsideWordIdx, dataset, K) call")
NEG_DRAW_COUNT = ("call the provided getNegativeSamples exactly once and draw nothing else; extra draws change "
                  "the random sequence the autograder replays")
# Named mistakes of negative sampling (see neg_expected in the public suite).
OVERWRITE = ("a word sampled twice must count twice: add its gradient (np.add.at or a loop with +=); "
             "fancy-index assignment keeps only one")
DEDUP = "do not remove repeated negatives: each draw is one term"
SIGMA_NEG = "for a negative the coefficient is 1 - s(-u_k.v_c) = s(u_k.v_c), not s(-u_k.v_c)"

SKIPGRAM = ("loss and both gradients are SUMS of the loss function's results over the outside words, repeats "
            "included; the centre gradient goes to row word2Ind[currentCenterWord] only")
SKIPGRAM_AVERAGED = "the loss was averaged over the outside words; it must be their sum"
CBOW = ("one loss call on the SUM of the context rows, predicting the centre word; its centre gradient is added to "
        "the row of every context word, once per occurrence")
CBOW_AVERAGED = "the context vectors were averaged; the predicted vector is their sum"
LOSS_ARGUMENT = "call the word2vecLossAndGradient argument, not naiveSoftmaxLossAndGradient by name"

# Beyond the handout (advice, 0 points): where the handout's own formulas give an infinite loss.
NAIVE_FINITE = ("advice: -log(softmax(scores)[o]) is infinite when softmax(scores)[o] underflows to 0; "
                "loss = logsumexp(scores) - scores[o] (max subtracted first) stays finite")
NEG_FINITE = ("advice: -log(sigmoid(z)) is infinite once sigmoid(z) underflows to 0 (z below about -709); "
              "np.logaddexp(0, -z) stays finite")
HANDOUT_INFINITE = ("an infinite loss is accepted only where the handout's own formula is infinite too; "
                    "the gradients must be finite")
SAMPLES_WITH_TARGET = "the CS224d 2016 handout's own sampling: K draws, the target allowed"


def _quiet(compute):
    with np.errstate(over="ignore", divide="ignore", under="ignore", invalid="ignore"):
        return float(compute())


def handout_naive_loss(v, o, U):
    """The naive-softmax loss as the CS224n handout computes it in float64: -log of entry o of
    the provided (max-subtracted) softmax of U v; inf where that entry underflows to 0."""
    def compute():
        scores = np.asarray(U, dtype=float) @ np.asarray(v, dtype=float)
        e = np.exp(scores - np.max(scores))
        return -np.log((e / np.sum(e))[o])
    return _quiet(compute)


def handout_neg_loss(v, o, U, negatives):
    """The negative-sampling loss as the answer keys compute it in float64: -log(sigmoid(u_o.v))
    - sum_k log(sigmoid(-u_k.v)) with sigmoid(x) = 1 / (1 + exp(-x)); inf where a sigmoid underflows."""
    def compute():
        U_, v_ = np.asarray(U, dtype=float), np.asarray(v, dtype=float)
        z = np.concatenate([[U_[o] @ v_], -(U_[list(negatives)] @ v_) if len(negatives) else []])
        return -np.sum(np.log(1.0 / (1.0 + np.exp(-z))))
    return _quiet(compute)


def loss_to_expect(got_loss, true_loss, handout_loss):
    """The loss a check expects: the true loss, or +inf where the student's loss is +inf and the
    handout's own formula is infinite there too (robustness beyond the handout is advice, not graded)."""
    try:
        infinite = np.size(got_loss) == 1 and bool(np.isposinf(np.asarray(got_loss, dtype=float)).all())
    except (TypeError, ValueError):
        infinite = False
    return np.inf if infinite and np.isinf(handout_loss) else true_loss
