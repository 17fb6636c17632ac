"""Hints and named-mistake texts for word2vec.py."""
RETURNS = ("loss", "gradCenterVec", "gradOutsideVecs")  # what the two losses return, named in messages
SHAPES = "gradCenterVec has the shape of centerWordVec, (d,), not (1, d) or (d, 1); gradOutsideVecs is (V, d)"
NORMALIZE = "divide each row by its own L2 norm sqrt(sum(x**2)), kept as an (N, 1) column"
NORMALIZE_IN_PLACE = ("advice: build a new array (x / norms) so that the caller's matrix stays as it was; "
                      "dividing x in place (x /= ...), as the CS224d answer key does, costs no points")
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
NEG_RANGE = ("near the ends of the sigmoid (scores of +-20) every term still counts: loss = -log s(u_o.v_c) "
             "- sum_k log s(-u_k.v_c), and each gradient coefficient is 1 - s(.) of its own score")
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
