"""Hints and named-mistake texts for word2vec.py."""
RETURNS = ("loss", "gradCenterVec", "gradOutsideVecs")  # what the two losses return, named in messages
SHAPES = "gradCenterVec has the shape of centerWordVec, (d,), not (1, d) or (d, 1); gradOutsideVecs is (V, d)"
NORMALIZE = "divide each row by its own Euclidean length (keep the lengths as an (N, 1) column, so they broadcast)"
NORMALIZE_IN_PLACE = ("advice: build a new array (x / norms) so that the caller's matrix stays as it was; "
                      "dividing x in place (x /= ...), as the CS224d answer key does, costs no points")
LEAVE_INPUTS = "build new arrays instead of changing the arguments in place"

NAIVE = ("the loss is the cross-entropy of the softmax over the scores of every outside vector with v_c, at the "
         "outside word o; both gradients start from the predicted distribution minus the one-hot vector of o")
NAIVE_LOSS = ("the loss is -log of the probability the softmax of the scores (outsideVectors with centerWordVec) gives "
              "the outside word o")
NAIVE_GRAD_CENTER = ("gradCenterVec: every outside vector contributes, weighted by its predicted probability minus "
                     "the one-hot target")
NAIVE_GRAD_OUTSIDE = ("gradOutsideVecs: row w is along centerWordVec, weighted by w's predicted probability minus "
                      "the one-hot target")
NAIVE_STABLE = "use the provided (max-subtracted) softmax, or subtract the largest score before exp()"
NAIVE_SOFTMAX_IN_PLACE = "build new arrays; the provided softmax changes its argument in place, so pass it a copy"
FLIPPED_SIGN = "the sign is flipped: it is y_hat - y, not y - y_hat"

NEG = ("draw the negatives with exactly one getNegativeSamples call; the loss has the outside word's term and one "
       "term per draw, repeats included")
NEG_GRAD_CENTER = ("gradCenterVec: differentiate each term of the loss with respect to v_c (the chain rule through "
                   "log and the sigmoid) and add them up, one per draw")
NEG_GRAD_OUTSIDE = ("gradOutsideVecs: row o holds the derivative of the outside word's term, row k that of each "
                    "draw of k (added once per draw); other rows are zero")
NEG_RANGE = ("near the ends of the sigmoid (scores of +-20) every term still counts: the outside word's "
             "and each draw's, each gradient coefficient taken from its own score")
NEG_DRAWS = ("negatives must be drawn through the dataset: keep the provided "
             "getNegativeSamples(outsideWordIdx, dataset, K) call")
NEG_DRAW_COUNT = ("call the provided getNegativeSamples exactly once and draw nothing else; extra draws change "
                  "the random sequence the autograder replays")
# Named mistakes of negative sampling (their values: make_word2vec_known_answers.py, stored in the fixture).
OVERWRITE = ("a word sampled twice must count twice: add its gradient (np.add.at or a loop with +=); "
             "fancy-index assignment keeps only one")
DEDUP = "do not remove repeated negatives: each draw is one term"
SIGMA_NEG = ("for a negative the coefficient is not s(-u_k.v_c): differentiate -log s(-z) with respect to z "
             "once more")

SKIPGRAM = ("loss and both gradients are SUMS of the loss function's results over the outside words, repeats "
            "included; the centre gradient goes to row word2Ind[currentCenterWord] only")
SKIPGRAM_AVERAGED = "the loss was averaged over the outside words; it must be their sum"
CBOW = ("one loss call on the SUM of the context rows, predicting the centre word; its centre gradient is added to "
        "the row of every context word, once per occurrence")
CBOW_AVERAGED = "the context vectors were averaged; the predicted vector is their sum"
LOSS_ARGUMENT = "call the word2vecLossAndGradient argument, not naiveSoftmaxLossAndGradient by name"

# Graded inputs stay where every form of the formulas that students write is finite and accurate
# (assignment/POLICY.md): scores within +-NEG_SCORE_LIMIT for negative sampling, where -log(1 - sigmoid(s)),
# exp(x) / (1 + exp(x)) and a sigmoid through tanh are within 2e-9 of the true loss (all are infinite or
# NaN past 37 or 709); for the naive softmax, scores within NAIVE_SCORE_SPREAD of each other, so that no
# probability of the provided softmax leaves the normal floats (-sum(y * log(y_hat)) is NaN once one underflows
# to 0, -log(y_hat[o]) infinite); the scores themselves may be large (the provided softmax subtracts the max).
NEG_SCORE_LIMIT = 20.0
NAIVE_SCORE_SPREAD = 700.0
# Beyond that range (advice, 0 points): where those forms give an infinite or NaN loss.
NAIVE_FINITE = ("advice: -log(softmax(scores)[o]) is infinite when softmax(scores)[o] underflows to 0; "
                "loss = logsumexp(scores) - scores[o] (max subtracted first) stays finite")
NEG_FINITE = ("advice: -log(sigmoid(z)) is infinite once sigmoid(z) underflows to 0 (z below about -709), "
              "-log(1 - sigmoid(s)) once sigmoid(s) rounds to 1 (s above about 37), and exp(x) / (1 + exp(x)) is "
              "NaN above 709; np.logaddexp(0, -z) and a sigmoid that never exponentiates a large positive number "
              "stay finite")
SAMPLES_WITH_TARGET = "the CS224d 2016 handout's own sampling: K draws, the target allowed"
