# day07.lstm_step, CS231n-style cache tuple with the gates in the drill's order (f, g, i, o): the
# backward adds the tanh path into the caller's dc_next in place (dnext_c += ...).
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x.dot(Wx) + prev_h.dot(Wh) + b
    f = sigmoid(a[:, :H])
    g = np.tanh(a[:, H:2 * H])
    i = sigmoid(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, f, g, i, o, next_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, f, g, i, o, next_c = cache
    tc = np.tanh(next_c)
    dnext_c += dnext_h * o * (1 - tc ** 2)
    dprev_c = dnext_c * f
    df = dnext_c * prev_c * f * (1 - f)
    dg = dnext_c * i * (1 - g ** 2)
    di = dnext_c * g * i * (1 - i)
    do = dnext_h * tc * o * (1 - o)
    da = np.hstack((df, dg, di, do))
    return da.dot(Wx.T), da.dot(Wh.T), dprev_c, x.T.dot(da), prev_h.T.dot(da), da.sum(axis=0)
