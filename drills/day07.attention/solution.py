"""Day 7: Scaled dot-product attention（模範解答）。"""

import numpy as np


def attention_forward(Q, K, V, mask=None):
    d = Q.shape[-1]
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(d)
    if mask is not None:
        S = np.where(mask, -np.inf, S)
    S = S - np.max(S, axis=-1, keepdims=True)
    E = np.exp(S)
    A = E / np.sum(E, axis=-1, keepdims=True)
    out = A @ V
    return out, (Q, K, V, A)


def attention_backward(dout, cache):
    Q, K, V, A = cache
    d = Q.shape[-1]
    dV = A.transpose(0, 2, 1) @ dout
    dA = dout @ V.transpose(0, 2, 1)
    dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
    dQ = dS @ K / np.sqrt(d)
    dK = dS.transpose(0, 2, 1) @ Q / np.sqrt(d)
    return dQ, dK, dV
