"""Hints and named mistakes for answers.py, the written answers: for each function a hint,
and the texts of the known mistakes. What each known-wrong formula gives is computed by
hints/answers_mistakes.py, which the hidden suite and the fixture generator use and the
handout does not ship (the public suite reads the values stored with the known answers)."""
from shared.answers import DROPOUT, LANGUAGE_MODEL, NEG_GRAD, NET, NGRAM, SGD_LIMIT, SIGMOID

FORMULA = ("the number this function gives for other arguments (worked out for one case, such as the handout's "
           "sizes): answer with a formula in the arguments, which the autograder calls with many")
HINTS = {
    NET: "count the entries of W1, b1, W2 and b2, with the shapes forward_backward_prop unpacks them in",
    LANGUAGE_MODEL: ("count the embedding table once (it is shared by the context positions), the hidden layer's "
                     "weights from the concatenated embeddings and its biases, and the output layer's weights and "
                     "biases"),
    NGRAM: "a dense table has one entry for every sequence of n words, each position any of the V words",
    DROPOUT: "E[gamma * d_i * h_i] = gamma * (1 - p_drop) * h_i must equal h_i",
    SGD_LIMIT: ("each step multiplies theta_i by (1 - a * c_i); the iterates stay bounded while every "
                "|1 - a * c_i| <= 1, and the stiffer coordinate (the larger c) sets the limit"),
    SIGMOID: "differentiate 1 / (1 + exp(-x)) and write exp(-x) as (1 - s) / s",
    NEG_GRAD: ("each draw of k contributes the gradient of -log sigma(-u_k . v_c) with respect to u_k (the chain "
               "rule through log and sigma); only the draws of k count"),
}


# Known mistakes, by function: the texts that name them (their values: hints/answers_mistakes.py).
NET_NO_BIASES = "the biases are not counted: b1 has H entries and b2 has Dy"
NET_BIAS_SIZE = "each bias is sized by its layer's input, not its output: b1 has H entries, b2 has Dy"
NET_OUTPUT_FROM_INPUT = "the output layer's size was taken from the input layer (Dx where H belongs)"
NET_FIRST_LAYER = "only the first layer is counted"
LM_NO_BIASES = "the biases are not counted: hid_bias has H entries and output_bias has V"
LM_ONE_EMBEDDING = ("the hidden layer's input was taken as one embedding (D) instead of the concatenation of "
                    "context_size embeddings")
LM_TABLE_PER_WORD = ("the embedding table is counted once per context word; the context positions share one "
                     "table")
LM_OUTPUT_FROM_EMBEDDING = ("the output layer was sized from the embedding (V * D) instead of the hidden layer "
                            "(V * H)")
LM_NO_EMBEDDING = "the embedding table is not counted"
NGRAM_SWAPPED = "base and exponent are swapped: n ** V instead of V ** n"
NGRAM_PAIRS = "that is V * n, the number of (position, word) pairs, not of word sequences"
NGRAM_SHORTER = "that counts the contexts of n - 1 words only"
DROPOUT_KEEP = "1 - p_drop is the keep probability itself; gamma divides by it"
DROPOUT_OVER_P = "the scale divides by the keep probability 1 - p_drop, not by p_drop"
DROPOUT_P = "the scale is not p_drop; it divides by the keep probability"
LIMIT_SMALLER = "the limit is set by the larger curvature (the stiffer coordinate), not the smaller"
LIMIT_ONE_STEP = "1 / c is where the stiff coordinate reaches 0 in one step; it still converges up to 2 / c"
LIMIT_C1 = "c1 is not always the larger curvature; take the larger of the two"
LIMIT_SUM = "the curvatures do not add: each coordinate has its own factor (1 - a * c_i)"
SIGMOID_FLIPPED = "the sign is flipped: the sigmoid increases, so its derivative is positive"
SIGMOID_OF_OUTPUT = "the argument is the sigmoid's OUTPUT s; applying the sigmoid to it again is wrong"
SIGMOID_ONE_FACTOR = "that is 1 - s, only one of the two factors"
SIGMOID_PLUS = "that is s * (1 + s): the second factor is not 1 + s"
NEG_FLIPPED = "the sign is flipped: the loss grows with u_k . v_c, so the gradient points along +v_c"
NEG_ONCE = "k counted once: a word drawn several times contributes once per draw"
NEG_ALL_SAMPLES = "that sums over all K samples: only the draws of k depend on u_k"
NEG_OUTSIDE_FORM = ("that is the outside word's form (sigma(z) - 1) v_c; a negative sample's term is "
                    "-log sigma(-u_k . v_c)")
NEG_COEFFICIENT = ("the coefficient is not sigma(-u_k . v_c): differentiate -log sigma(-z) in z once more, with "
                   "sigma'(z) = sigma(z) (1 - sigma(z))")
NEG_ALONG_U = "that is along u_k; the gradient with respect to u_k is along v_c"
