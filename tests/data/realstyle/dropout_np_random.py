# day02.dropout, a class-based layer in the book's shape adapted to the functions: the mask is
# drawn from the global np.random (np.random.rand) instead of the rng argument.
import numpy as np


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            return x * self.mask / (1.0 - self.dropout_ratio)
        return x.copy()

    def backward(self, dout):
        return dout * self.mask / (1.0 - self.dropout_ratio)


def dropout_forward(x, ratio, train, rng):
    layer = Dropout(ratio)
    return layer.forward(x, train), layer


def dropout_backward(dout, cache):
    return cache.backward(dout)
