import numpy as np
from q1_softmax import softmax
from q2_gradcheck import gradcheck_naive  # noqa: F401 (the handout's sanity checks use it)
from q2_sigmoid import sigmoid


def normalizeRows(x):
    """Row normalization function"""
    return x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))


def softmaxCostAndGradient(predicted, target, outputVectors, dataset):
    """Softmax cost function for word2vec models; the cost comes back as a 1-element array."""
    predicted = predicted.reshape(1, -1)
    probs = softmax(outputVectors.dot(predicted.T).T).flatten()
    cost = -np.log(probs[[target]])
    delta = probs.copy()
    delta[target] -= 1
    gradPred = delta.dot(outputVectors)
    grad = np.outer(delta, predicted)
    return cost, gradPred, grad


def negSamplingCostAndGradient(predicted, target, outputVectors, dataset, K=10):
    """Negative sampling cost function for word2vec models"""
    indices = [target]
    for _ in range(K):
        indices.append(dataset.sampleTokenIdx())

    grad = np.zeros(outputVectors.shape)
    s = sigmoid(outputVectors[target].dot(predicted))
    cost = -np.log(s)
    gradPred = -(1 - s) * outputVectors[target]
    grad[target] += -(1 - s) * predicted
    for k in indices[1:]:
        s = sigmoid(-outputVectors[k].dot(predicted))
        cost -= np.log(s)
        gradPred += (1 - s) * outputVectors[k]
        grad[k] += (1 - s) * predicted
    return cost, gradPred, grad


def skipgram(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
             dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    """Skip-gram model in word2vec"""
    cost = 0.0
    gradIn = np.zeros(inputVectors.shape)
    gradOut = np.zeros(outputVectors.shape)
    center = tokens[currentWord]
    for word in contextWords:
        cc, gp, gg = word2vecCostAndGradient(predicted=inputVectors[center], target=tokens[word],
                                             outputVectors=outputVectors, dataset=dataset)
        cost += cc
        gradIn[center] += gp
        gradOut += gg
    return cost, gradIn, gradOut


def cbow(currentWord, C, contextWords, tokens, inputVectors, outputVectors,
         dataset, word2vecCostAndGradient=softmaxCostAndGradient):
    """CBOW model in word2vec"""
    gradIn = np.zeros(inputVectors.shape)
    indices = [tokens[w] for w in contextWords]
    predicted = np.sum(inputVectors[indices], axis=0)
    cost, gp, gradOut = word2vecCostAndGradient(predicted=predicted, target=tokens[currentWord],
                                                outputVectors=outputVectors, dataset=dataset)
    for i in indices:
        gradIn[i] += gp
    return cost, gradIn, gradOut
