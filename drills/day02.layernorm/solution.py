"""Day 2: Layer Normalization（模範解答）。"""

import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def layernorm_backward(dout, cache):
    xhat, gamma, inv_std = cache
    D = dout.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    g = dout * gamma
    dx = (inv_std / D) * (D * g - np.sum(g, axis=1, keepdims=True) - xhat * np.sum(g * xhat, axis=1, keepdims=True))
    return dx, dgamma, dbeta
