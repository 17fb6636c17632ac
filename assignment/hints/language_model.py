"""Hints and named-mistake texts for language_model.py."""
LOSS_DERIVATIVE = ("differentiate the cross-entropy through the softmax with respect to the softmax's inputs z: one "
                   "row per case, in terms of the outputs y and the targets t alone")
MEAN_OVER_BATCH = ("the derivative was divided by the batch size: C is the total over the batch, and train() "
                   "divides by the batch size itself")
FLIPPED_SIGN = "the sign is flipped: the derivative is the outputs minus the targets, not the reverse"
RETURNS_PARAMS = ("return Params(word_embedding_weights_grad, embed_to_hid_weights_grad, hid_to_output_weights_grad, "
                  "hid_bias_grad, output_bias_grad), in the order of Params' arguments")
GRADIENTS = {
    "hid_to_output_weights": ("entry (j, k) pairs output unit j's derivative with hidden unit k's activation, summed "
                              "over the batch: V x N_H, as weights are stored (out, in)"),
    "output_bias": "each output unit's bias gets its derivative, summed over the batch",
    "embed_to_hid_weights": ("entry (k, i) pairs hidden unit k's derivative (hid_deriv, already through the "
                             "logistic) with embedding unit i, summed over the batch: N_H x 3D"),
    "hid_bias": "each hidden unit's bias gets its derivative (hid_deriv), summed over the batch",
    "word_embedding_weights": ("the provided embedding gradient adds each context word's block of embed_deriv to its "
                               "row: a word that occurs twice in a context gets both blocks (+=, never =)"),
}
SIZES = "take every size from the arrays (self.vocab_size, self.embedding_dim, self.num_hid), never a constant"
TRANSPOSED = ("the gradient is transposed: weights are stored (out, in), so hid_to_output_weights_grad is V x N_H and "
              "embed_to_hid_weights_grad is N_H x 3D")
NOT_SUMMED = ("the gradient is not the sum over the batch: C is the total over the cases, so its gradient is the sum "
              "of theirs (sum over axis 0, not the mean, not one case)")
REPEATED_WORD = ("a word that occurs several times in the batch gets the sum of the gradients of its occurrences: "
                 "accumulate (+= of one block at a time, or np.add.at), never assign (=), and never rely on "
                 "grad[indices] += ..., which keeps only one of several equal indices")
