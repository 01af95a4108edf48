# day07.attention: the mask applied by adding a fixed -100 to the masked scores instead of -inf.
import numpy as np


def attention_forward(Q, K, V, mask=None):
    d_k = Q.shape[-1]
    scores = np.matmul(Q, np.swapaxes(K, -1, -2)) / np.sqrt(d_k)
    if mask is not None:
        scores = scores + mask * -100.0
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return np.matmul(weights, V), (Q, K, V, weights)


def attention_backward(dout, cache):
    Q, K, V, A = cache
    d_k = Q.shape[-1]
    dV = np.matmul(np.swapaxes(A, -1, -2), dout)
    dA = np.matmul(dout, np.swapaxes(V, -1, -2))
    dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
    return np.matmul(dS, K) / np.sqrt(d_k), np.matmul(np.swapaxes(dS, -1, -2), Q) / np.sqrt(d_k), dV
