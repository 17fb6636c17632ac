"""Correct neural.py written for another handout: the CS224d 2016 / early-2017 q2_neural.py,
whose handout never says whether the cost sums or averages over the batch."""
from tests.variants import variant

VARIANTS = [
    # Handed in as q2_neural.py with the first argument named data: the batch mean, in the cost and the gradient
    # alike, keeps full marks (only advice 3.12 says that the later handouts sum).
    variant("neural_2016_mean_over_batch", "neural.py",
            ("    cost -- scalar: the cross-entropy summed over the N examples.\n",
             "    cost -- scalar: the cross-entropy cost.\n"),
            ("    cost = -np.sum(labels * log_y_hat)\n\n    delta2 = y_hat - labels ",
             "    cost = -np.sum(labels * log_y_hat) / data.shape[0]\n\n"
             "    delta2 = (y_hat - labels) / data.shape[0] "),
            saved_as="q2_neural.py"),
]
