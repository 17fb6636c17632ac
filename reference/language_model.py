"""A neural language model: three context words in, a distribution over the next word out.

After the University of Toronto's CSC421 programming assignment 1 ("Learning
distributed word representations"). The three context words share one
embedding matrix; their embeddings are concatenated, pass through a logistic
hidden layer, and a softmax over the vocabulary predicts the fourth word.
Weights are stored (out, in). V is the vocabulary size, D the embedding
dimension, N_H the number of hidden units, B the batch size.

You fill in compute_loss_derivative and four gradients of back_propagate;
checking.py tells you whether they agree with finite differences.
"""
import numpy as np

TINY = 1e-30
DATA_LOCATION = "language_model_data.npz"

DEFAULT_TRAINING_CONFIG = {'batch_size': 100,                  # the size of a mini-batch
                           'learning_rate': 0.1,               # the learning rate
                           'momentum': 0.9,                    # the decay parameter of the momentum vector
                           'epochs': 50,                       # the maximum number of epochs to run
                           'init_wt': 0.01,                    # the standard deviation of the initial weights
                           'context_len': 3,                   # the number of context words used
                           'show_training_CE_after': 100,      # report the training error every this many batches
                           'show_validation_CE_after': 1000,   # measure the validation error every this many batches
                           }


def load_data(location=DATA_LOCATION):
    """The corpus as a dict: 'vocab' (a list of V words) and 'train_inputs',
    'valid_inputs', 'test_inputs' (N x 3 word indices) with 'train_targets',
    'valid_targets', 'test_targets' (N indices of the word that follows)."""
    with np.load(location, allow_pickle=False) as data:
        corpus = {name: data[name].astype(np.int64) for name in data.files if name != 'vocab'}
        corpus['vocab'] = [str(word) for word in data['vocab']]
    return corpus


def get_batches(inputs, targets, batch_size, shuffle=True):
    """Yield (input_batch (batch_size x 3), target_batch (batch_size,)) mini-batches of a dataset.

    inputs: N x 3 word indices; targets: (N,) word indices; N a multiple of batch_size."""
    if inputs.shape[0] % batch_size != 0:
        raise RuntimeError('The number of data points must be a multiple of the batch size.')
    num_batches = inputs.shape[0] // batch_size

    if shuffle:
        idxs = np.random.permutation(inputs.shape[0])
        inputs = inputs[idxs, :]
        targets = targets[idxs]

    for m in range(num_batches):
        yield inputs[m * batch_size:(m + 1) * batch_size, :], targets[m * batch_size:(m + 1) * batch_size]


class Params:
    """The trainable parameters of the model:

        word_embedding_weights, a V x D matrix: row i is the embedding of word i.
        embed_to_hid_weights, an N_H x 3D matrix. The first D columns connect the embedding
            of the first context word to the hidden units, the next D the second word, and so on.
        hid_to_output_weights, a V x N_H matrix.
        hid_bias, a vector of length N_H.
        output_bias, a vector of length V."""

    def __init__(self, word_embedding_weights, embed_to_hid_weights, hid_to_output_weights,
                 hid_bias, output_bias):
        self.word_embedding_weights = word_embedding_weights
        self.embed_to_hid_weights = embed_to_hid_weights
        self.hid_to_output_weights = hid_to_output_weights
        self.hid_bias = hid_bias
        self.output_bias = output_bias

    def copy(self):
        return self.__class__(self.word_embedding_weights.copy(), self.embed_to_hid_weights.copy(),
                              self.hid_to_output_weights.copy(), self.hid_bias.copy(), self.output_bias.copy())

    @classmethod
    def zeros(cls, vocab_size, context_len, embedding_dim, num_hid):
        """All weights and biases 0 (the initial momentum vector)."""
        return cls(np.zeros((vocab_size, embedding_dim)), np.zeros((num_hid, context_len * embedding_dim)),
                   np.zeros((vocab_size, num_hid)), np.zeros(num_hid), np.zeros(vocab_size))

    @classmethod
    def random_init(cls, init_wt, vocab_size, context_len, embedding_dim, num_hid):
        """Weights drawn from N(0, init_wt^2), biases 0."""
        return cls(np.random.normal(0., init_wt, size=(vocab_size, embedding_dim)),
                   np.random.normal(0., init_wt, size=(num_hid, context_len * embedding_dim)),
                   np.random.normal(0., init_wt, size=(vocab_size, num_hid)),
                   np.zeros(num_hid), np.zeros(vocab_size))

    # Arithmetic on Params, so that training can write delta = momentum * delta + gradient.
    def __mul__(self, a):
        return self.__class__(a * self.word_embedding_weights, a * self.embed_to_hid_weights,
                              a * self.hid_to_output_weights, a * self.hid_bias, a * self.output_bias)

    def __rmul__(self, a):
        return self * a

    def __add__(self, other):
        return self.__class__(self.word_embedding_weights + other.word_embedding_weights,
                              self.embed_to_hid_weights + other.embed_to_hid_weights,
                              self.hid_to_output_weights + other.hid_to_output_weights,
                              self.hid_bias + other.hid_bias,
                              self.output_bias + other.output_bias)

    def __sub__(self, other):
        return self + -1. * other


class Activations:
    """The activations of a batch:

        embedding_layer, B x 3D: the first D columns are the embeddings of the first context words.
        hidden_layer, B x N_H: the logistic hidden units.
        output_layer, B x V: the softmax probabilities of the next word."""

    def __init__(self, embedding_layer, hidden_layer, output_layer):
        self.embedding_layer = embedding_layer
        self.hidden_layer = hidden_layer
        self.output_layer = output_layer


class Model:
    """The language model: params (a Params) and vocab (a list of V words; vocab[i] is word i).
    Every size comes from the shapes of params, so models of any size work."""

    def __init__(self, params, vocab):
        self.params = params
        self.vocab = vocab

        self.vocab_size = len(vocab)
        self.embedding_dim = self.params.word_embedding_weights.shape[1]
        self.embedding_layer_dim = self.params.embed_to_hid_weights.shape[1]
        self.context_len = self.embedding_layer_dim // self.embedding_dim
        self.num_hid = self.params.embed_to_hid_weights.shape[0]

    def copy(self):
        return self.__class__(self.params.copy(), self.vocab[:])

    @classmethod
    def random_init(cls, init_wt, vocab, context_len, embedding_dim, num_hid):
        """A model with weights drawn from N(0, init_wt^2) and biases 0."""
        params = Params.random_init(init_wt, len(vocab), context_len, embedding_dim, num_hid)
        return cls(params, vocab)

    def indicator_matrix(self, targets):
        """The B x V matrix whose row i is the one-hot vector of targets[i] (targets: (B,) indices)."""
        batch_size = targets.size
        expanded_targets = np.zeros((batch_size, len(self.vocab)))
        expanded_targets[np.arange(batch_size), targets] = 1.
        return expanded_targets

    def compute_loss_derivative(self, output_activations, expanded_target_batch):
        """The derivative of the cross-entropy C = -sum t log y with respect to the inputs z of
        the softmax y_j = e^{z_j} / sum_k e^{z_k}, for every case of a batch.

        output_activations: B x V, the softmax outputs y.
        expanded_target_batch: B x V, row i the one-hot vector of case i's target word t.

        Returns the B x V matrix whose (i, j) entry is dC/dz_j for case i. C is the total
        over the batch, not the mean: train() divides by the batch size itself."""
        # BEGIN SOLUTION (hint: differentiate the cross-entropy through the softmax; the result has one row per case and needs only the outputs and the targets)
        return output_activations - expanded_target_batch
        # END SOLUTION

    def compute_loss(self, output_activations, expanded_target_batch):
        """The total cross-entropy of a batch (B x V softmax outputs, B x V one-hot targets)."""
        return -np.sum(expanded_target_batch * np.log(output_activations + TINY))

    def compute_activations(self, inputs):
        """The Activations of a batch of contexts (inputs: B x 3 word indices)."""
        batch_size = inputs.shape[0]
        if inputs.shape[1] != self.context_len:
            raise RuntimeError(f'Dimension of the input vectors should be {self.context_len}, '
                               f'but is instead {inputs.shape[1]}')

        embedding_layer_state = np.zeros((batch_size, self.embedding_layer_dim))
        for i in range(self.context_len):
            embedding_layer_state[:, i * self.embedding_dim:(i + 1) * self.embedding_dim] = \
                self.params.word_embedding_weights[inputs[:, i], :]

        inputs_to_hid = np.dot(embedding_layer_state, self.params.embed_to_hid_weights.T) + self.params.hid_bias
        hidden_layer_state = 1. / (1. + np.exp(-inputs_to_hid))

        inputs_to_softmax = np.dot(hidden_layer_state, self.params.hid_to_output_weights.T) + self.params.output_bias
        # Subtracting each row's maximum leaves the softmax unchanged and keeps exp() from overflowing.
        inputs_to_softmax -= inputs_to_softmax.max(1).reshape((-1, 1))
        output_layer_state = np.exp(inputs_to_softmax)
        output_layer_state /= output_layer_state.sum(1).reshape((-1, 1))

        return Activations(embedding_layer_state, hidden_layer_state, output_layer_state)

    def back_propagate(self, input_batch, activations, loss_derivative):
        """The gradient of the loss with respect to every trainable parameter.

        input_batch: B x 3 indices of the context words.
        activations: the Activations of compute_activations(input_batch).
        loss_derivative: B x V, the result of compute_loss_derivative.

        Returns a Params of gradients with the shapes of the parameters: you fill in
        hid_to_output_weights_grad (V x N_H), output_bias_grad (V,),
        embed_to_hid_weights_grad (N_H x 3D) and hid_bias_grad (N_H,)."""
        # dC/dz for the inputs z of the hidden units, already through the logistic: h = 1 / (1 + e^{-z}).
        hid_deriv = np.dot(loss_derivative, self.params.hid_to_output_weights) \
            * activations.hidden_layer * (1. - activations.hidden_layer)

        # BEGIN SOLUTION (hint: each weight gradient pairs the derivatives of the layer above with the activations of the layer below, summed over the batch; each bias gradient is its layer's derivative summed over the batch (axis 0))
        hid_to_output_weights_grad = np.dot(loss_derivative.T, activations.hidden_layer)
        output_bias_grad = loss_derivative.sum(0)
        embed_to_hid_weights_grad = np.dot(hid_deriv.T, activations.embedding_layer)
        hid_bias_grad = hid_deriv.sum(0)
        # END SOLUTION

        # The embedding layer: each context word's block of embed_deriv goes to that word's row;
        # a word that occurs several times gets the sum of its blocks.
        embed_deriv = np.dot(hid_deriv, self.params.embed_to_hid_weights)
        word_embedding_weights_grad = np.zeros((self.vocab_size, self.embedding_dim))
        for w in range(self.context_len):
            word_embedding_weights_grad += np.dot(self.indicator_matrix(input_batch[:, w]).T,
                                                  embed_deriv[:, w * self.embedding_dim:(w + 1) * self.embedding_dim])

        return Params(word_embedding_weights_grad, embed_to_hid_weights_grad, hid_to_output_weights_grad,
                      hid_bias_grad, output_bias_grad)

    def evaluate(self, inputs, targets, batch_size=100):
        """The mean cross-entropy over a dataset (inputs: N x 3 indices, targets: (N,) indices)."""
        total = 0.
        for input_batch, target_batch in get_batches(inputs, targets, batch_size):
            activations = self.compute_activations(input_batch)
            total += self.compute_loss(activations.output_layer, self.indicator_matrix(target_batch))
        return total / float(inputs.shape[0])

    def display_nearest_words(self, word, k=10):
        """Print the k words nearest to `word` in the embedding space, with their distances."""
        if word not in self.vocab:
            print(f'Word "{word}" not in vocabulary.')
            return

        idx = self.vocab.index(word)
        word_rep = self.params.word_embedding_weights[idx, :]
        diff = self.params.word_embedding_weights - word_rep.reshape((1, -1))
        distance = np.sqrt(np.sum(diff ** 2, axis=1))

        order = np.argsort(distance)
        order = order[1:1 + k]  # the nearest word is the word itself
        for i in order:
            print(f'{self.vocab[i]}: {distance[i]}')

    def predict_next_word(self, word1, word2, word3, k=10):
        """Print the k most probable next words after word1 word2 word3, with their probabilities."""
        for word in (word1, word2, word3):
            if word not in self.vocab:
                raise RuntimeError(f'Word "{word}" not in vocabulary.')

        idx1, idx2, idx3 = self.vocab.index(word1), self.vocab.index(word2), self.vocab.index(word3)
        inputs = np.array([idx1, idx2, idx3]).reshape((1, -1))
        prob = self.compute_activations(inputs).output_layer.ravel()
        idxs = np.argsort(prob)[::-1]
        for i in idxs[:k]:
            print(f'{word1} {word2} {word3} {self.vocab[i]} Prob: {prob[i]:1.5f}')

    def word_distance(self, word1, word2):
        """The Euclidean distance between the embeddings of two words."""
        for word in (word1, word2):
            if word not in self.vocab:
                raise RuntimeError(f'Word "{word}" not in vocabulary.')

        idx1, idx2 = self.vocab.index(word1), self.vocab.index(word2)
        diff = self.params.word_embedding_weights[idx1, :] - self.params.word_embedding_weights[idx2, :]
        return np.sqrt(np.sum(diff ** 2))


def train(embedding_dim, num_hid, config=DEFAULT_TRAINING_CONFIG, data_location=DATA_LOCATION):
    """Train a model with embedding dimension embedding_dim and num_hid hidden units by
    mini-batch gradient descent with momentum; stop early when the validation
    cross-entropy goes up. Returns the Model."""
    data = load_data(data_location)
    vocab = data['vocab']
    train_inputs, train_targets = data['train_inputs'], data['train_targets']
    valid_inputs, valid_targets = data['valid_inputs'], data['valid_targets']
    test_inputs, test_targets = data['test_inputs'], data['test_targets']
    model = Model.random_init(config['init_wt'], vocab, config['context_len'], embedding_dim, num_hid)
    best_valid_CE = np.inf
    end_training = False
    # The momentum vector starts at zero.
    delta = Params.zeros(len(vocab), config['context_len'], embedding_dim, num_hid)

    this_chunk_CE = 0.
    batch_count = 0
    for epoch in range(1, config['epochs'] + 1):
        if end_training:
            break
        print()
        print('Epoch', epoch)

        for input_batch, target_batch in get_batches(train_inputs, train_targets, config['batch_size']):
            batch_count += 1

            activations = model.compute_activations(input_batch)
            expanded_target_batch = model.indicator_matrix(target_batch)
            loss_derivative = model.compute_loss_derivative(activations.output_layer, expanded_target_batch)
            loss_derivative /= config['batch_size']

            cross_entropy = model.compute_loss(activations.output_layer, expanded_target_batch) / config['batch_size']
            this_chunk_CE += cross_entropy
            if batch_count % config['show_training_CE_after'] == 0:
                print('Batch {} Train CE {:1.3f}'.format(batch_count, this_chunk_CE / config['show_training_CE_after']))
                this_chunk_CE = 0.

            loss_gradient = model.back_propagate(input_batch, activations, loss_derivative)

            delta = config['momentum'] * delta + loss_gradient
            model.params -= config['learning_rate'] * delta

            if batch_count % config['show_validation_CE_after'] == 0:
                print('Running validation...')
                cross_entropy = model.evaluate(valid_inputs, valid_targets)
                print(f'Validation cross-entropy: {cross_entropy:1.3f}')

                if cross_entropy > best_valid_CE:
                    print('Validation error increasing!  Training stopped.')
                    end_training = True
                    break

                best_valid_CE = cross_entropy

    print()
    print(f'Final training cross-entropy: {model.evaluate(train_inputs, train_targets):1.3f}')
    print(f'Final validation cross-entropy: {model.evaluate(valid_inputs, valid_targets):1.3f}')
    print(f'Final test cross-entropy: {model.evaluate(test_inputs, test_targets):1.3f}')

    return model
