"""Day 1: 2 層ネット（模範解答）。"""

import numpy as np


def two_layer_net(params, X, y):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    a1 = X @ W1 + b1
    h = np.maximum(0.0, a1)
    s = h @ W2 + b2
    z = s - np.max(s, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    loss = -np.mean(logp[np.arange(N), y])
    ds = np.exp(logp)
    ds[np.arange(N), y] -= 1.0
    ds /= N
    grads = {"W2": h.T @ ds, "b2": np.sum(ds, axis=0)}
    da1 = (ds @ W2.T) * (a1 > 0)
    grads["W1"] = X.T @ da1
    grads["b1"] = np.sum(da1, axis=0)
    return float(loss), grads
