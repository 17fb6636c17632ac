"""Hints and named-mistake texts for neural.py."""
RETURNS = ("cost", "grad")

CALLEES = ("forward_backward_prop computes with a softmax and a sigmoid: if your neural.py imports them from your "
           "softmax.py or sigmoid.py (sigmoid, sigmoid_grad), a mistake there shows up here too, so make those "
           "files' tests pass first")
COST = ("the cost is the cross-entropy between labels and the softmax output of the network (a sigmoid hidden "
        "layer, then an affine output layer), summed over all N rows, not averaged")
GRADIENT = ("backpropagate: the output layer's delta is the derivative of softmax with cross-entropy; carry it back "
            "through W2 and through the sigmoid's derivative (taken at its output); each weight's gradient pairs "
            "its layer's input with the delta above it, and each bias's gradient is that delta summed over the rows")
LAYOUT = ("grad is np.concatenate((gradW1.flatten(), gradb1.flatten(), gradW2.flatten(), gradb2.flatten())): the "
          "order in which params is unpacked, each block row-major")
UNPACK = ("unpack params as the provided code does: W1 (Dx, H), b1 (1, H), W2 (H, Dy), b2 (1, Dy), in this "
          "order, with dimensions = [Dx, H, Dy]")
COST_EITHER = ("the cost is the cross-entropy between labels and the softmax output of the network (a sigmoid hidden "
               "layer, then an affine output layer), summed or (as your handout leaves open) averaged over all N rows")
OPEN = ("your q2_neural.py follows the 2016 / early-2017 handout (its first argument is not X), which does not say "
        "whether the cost sums or averages over the batch, so averaging costs you nothing (the gradient averaged "
        "alike); "
        "the late-2017 handout (first argument X) and this course's neural.py SUM the cross-entropy over the batch, "
        "dividing neither the cost nor the gradient by N")
# Named mistakes (see the hidden suite's mistakes()).
MEAN = ("the cost (and gradient) were divided by N: your handout (this course's neural.py, or the late-2017 "
        "q2_neural.py whose first argument is X) SUMS the cross-entropy over the batch")
MEAN_COST_ONLY = "the cost was divided by N but the gradient was not: average both over the batch, or neither"
SIGMOID_GRAD_OF_INPUT = ("the sigmoid's derivative was taken of the pre-activation z1 = data @ W1 + b1; written with "
                         "the sigmoid's OUTPUT h, it takes h (sigmoid_grad takes h, not z1)")
NO_B1_GRADIENT = "gradb1 is missing (zero): it is the hidden layer's delta summed over the rows (axis=0)"
NO_B2_GRADIENT = "gradb2 is missing (zero): it is the output layer's delta summed over the rows (axis=0)"
FLIPPED = "the sign is flipped: the output delta is the predicted probabilities minus the labels, not the reverse"
TRANSPOSED_W = "a weight gradient was flattened transposed: gradW1 is (Dx, H) and gradW2 is (H, Dy), row-major"
BLOCK_ORDER = "the blocks are in the wrong order: gradW1, gradb1, gradW2, gradb2, as params is unpacked"
