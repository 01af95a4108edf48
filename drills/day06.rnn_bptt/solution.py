"""Day 6: RNN の時間方向の逆伝播 BPTT（模範解答）。"""

import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    prev = h0
    for t in range(T):
        prev = np.tanh(x[:, t, :] @ Wx + prev @ Wh + b)
        h[:, t, :] = prev
    return h, (x, h0, Wx, Wh, h)


def rnn_backward(dh, cache):
    x, h0, Wx, Wh, h = cache
    N, T, D = x.shape
    dx = np.zeros_like(x)
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros(Wh.shape[0])
    dprev = np.zeros_like(h0)
    for t in reversed(range(T)):
        hp = h[:, t - 1, :] if t > 0 else h0
        da = (dh[:, t, :] + dprev) * (1.0 - h[:, t, :] ** 2)
        dx[:, t, :] = da @ Wx.T
        dprev = da @ Wh.T
        dWx += x[:, t, :].T @ da
        dWh += hp.T @ da
        db += np.sum(da, axis=0)
    return dx, dprev, dWx, dWh, db
