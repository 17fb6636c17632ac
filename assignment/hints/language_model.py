"""Hints and named-mistake texts for language_model.py."""
LOSS_DERIVATIVE = "softmax and cross-entropy together give dC/dz = y - t, one row per case, output_activations - t"
MEAN_OVER_BATCH = ("the derivative was divided by the batch size: C is the total over the batch, and train() "
                   "divides by the batch size itself")
FLIPPED_SIGN = "the sign is flipped: it is y - t, not t - y"
RETURNS_PARAMS = ("return Params(word_embedding_weights_grad, embed_to_hid_weights_grad, hid_to_output_weights_grad, "
                  "hid_bias_grad, output_bias_grad), in the order of Params' arguments")
GRADIENTS = {
    "hid_to_output_weights": ("hid_to_output_weights_grad = loss_derivative.T @ activations.hidden_layer (V x N_H: "
                              "weights are stored (out, in)), summed over the batch"),
    "output_bias": "output_bias_grad = loss_derivative.sum(0): the sum over the batch of the output derivatives",
    "embed_to_hid_weights": ("embed_to_hid_weights_grad = hid_deriv.T @ activations.embedding_layer (N_H x 3D); "
                             "hid_deriv already includes the logistic's derivative h (1 - h)"),
    "hid_bias": "hid_bias_grad = hid_deriv.sum(0): the sum over the batch of the hidden derivatives",
    "word_embedding_weights": ("the provided embedding gradient adds each context word's block of embed_deriv to its "
                               "row: a word that occurs twice in a context gets both blocks (+=, never =)"),
}
SIZES = "take every size from the arrays (self.vocab_size, self.embedding_dim, self.num_hid), never a constant"
TRANSPOSED = ("the gradient is transposed: weights are stored (out, in), so hid_to_output_weights_grad is V x N_H and "
              "embed_to_hid_weights_grad is N_H x 3D: (derivative at the layer above).T @ (activations below)")
NOT_SUMMED = ("the gradient is not the sum over the batch: C is the total over the cases, so its gradient is the sum "
              "of theirs (sum over axis 0, not the mean, not one case)")
REPEATED_WORD = ("a word that occurs several times in the batch gets the sum of the gradients of its occurrences: "
                 "accumulate (+= of one block at a time, or np.add.at), never assign (=), and never rely on "
                 "grad[indices] += ..., which keeps only one of several equal indices")
