"""Day 7: LSTM の 1 ステップ（模範解答。ゲートの順序は f, g, i, o）。"""

import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    A = x @ Wx + h_prev @ Wh + b
    f = _sigmoid(A[:, :H])
    g = np.tanh(A[:, H:2 * H])
    i = _sigmoid(A[:, 2 * H:3 * H])
    o = _sigmoid(A[:, 3 * H:])
    c_next = f * c_prev + g * i
    tc = np.tanh(c_next)
    h_next = o * tc
    return h_next, c_next, (x, h_prev, c_prev, Wx, Wh, f, g, i, o, tc)


def lstm_step_backward(dh_next, dc_next, cache):
    x, h_prev, c_prev, Wx, Wh, f, g, i, o, tc = cache
    ds = dc_next + dh_next * o * (1.0 - tc ** 2)
    dc_prev = ds * f
    df = ds * c_prev * f * (1.0 - f)
    dg = ds * i * (1.0 - g ** 2)
    di = ds * g * i * (1.0 - i)
    do = dh_next * tc * o * (1.0 - o)
    dA = np.hstack((df, dg, di, do))
    dWx = x.T @ dA
    dWh = h_prev.T @ dA
    db = np.sum(dA, axis=0)
    dx = dA @ Wx.T
    dh_prev = dA @ Wh.T
    return dx, dh_prev, dc_prev, dWx, dWh, db
