# day06.rnn_step, the book's RNN class adapted to the functions; the gradients are allocated
# with dtype='f' as in the book's GPU-friendly code, so they come back as float32.
import numpy as np


class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx, dtype='f'), np.zeros_like(Wh, dtype='f'), np.zeros_like(b, dtype='f')]
        self.cache = None

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        h_next = np.tanh(np.dot(h_prev, Wh) + np.dot(x, Wx) + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        Wx, Wh, b = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next ** 2)
        self.grads[0][...] = np.dot(x.T, dt)
        self.grads[1][...] = np.dot(h_prev.T, dt)
        self.grads[2][...] = np.sum(dt, axis=0)
        return np.dot(dt, Wx.T), np.dot(dt, Wh.T)


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    layer = RNN(Wx, Wh, b)
    return layer.forward(x, h_prev), layer


def rnn_step_backward(dh_next, cache):
    dx, dh_prev = cache.backward(dh_next)
    dWx, dWh, db = cache.grads
    return dx, dh_prev, dWx, dWh, db
